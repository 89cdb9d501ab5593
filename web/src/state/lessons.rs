//! Lesson mode in the reducer: opening a lesson or gallery example (the learner's own work is put aside
//! in [`AppState::sandbox`] and comes back on leaving), revealing hints, applying the solution,
//! checking the goal with `lesson::run_goal`, and the set of solved lessons ([`Progress`]).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use layerlab_core::lesson::{self, GoalReport, Lesson};

use super::{AppState, ContextFile, Work};
use crate::embed::HostEvent;

/// The locale lesson texts are shown in. Lessons hold text per locale; adding a locale means
/// choosing it here (or from a setting) and writing the texts.
pub const LOCALE: &str = "en";

/// The ids of the solved lessons, saved in `localStorage` under its own key.
pub type Progress = BTreeSet<String>;

/// The lesson or example open in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLesson {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// How many hints are revealed.
    pub hints_shown: usize,
    /// The last goal check since opening, if any.
    pub report: Option<Rc<GoalReport>>,
}

impl OpenLesson {
    /// A lesson just opened: no hints shown, not checked yet.
    pub fn new(lesson: Rc<Lesson>) -> OpenLesson {
        OpenLesson { lesson, hints_shown: 0, report: None }
    }
}

/// Reads saved progress (a JSON array of lesson ids); anything unreadable is no progress.
pub fn progress_from_json(text: &str) -> Progress {
    serde_json::from_str(text).unwrap_or_default()
}

/// The JSON stored for the progress.
pub fn progress_to_json(progress: &Progress) -> String {
    serde_json::to_string(progress).unwrap_or_default()
}

impl AppState {
    /// Restores saved progress (from `platform::load_progress`).
    pub fn restore_progress(&mut self, stored: Option<&str>) {
        self.progress = Rc::new(stored.map(progress_from_json).unwrap_or_default());
    }

    /// The workspace as lesson files: `Dockerfile` and the context files by path.
    pub fn file_map(&self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = self.files.iter().map(|f| (f.name.clone(), f.text.clone())).collect();
        map.insert("Dockerfile".to_string(), self.source.to_string());
        map
    }

    /// Whether the lesson with this id is solved.
    pub fn is_solved(&self, id: &str) -> bool {
        self.progress.contains(id)
    }

    pub(super) fn find_lesson(&self, id: &str) -> Option<Rc<Lesson>> {
        self.lessons.iter().find(|l| l.id == id).cloned()
    }

    pub(super) fn open_lesson(&mut self, id: &str) -> bool {
        let Some(lesson) = self.find_lesson(id) else {
            self.set_notice("There is no lesson with that name.");
            return true;
        };
        if self.lesson.is_none() {
            self.sandbox = Some(Rc::new(Work { dockerfile: self.source.to_string(), files: self.files.to_vec() }));
        }
        self.load_files(&lesson.files);
        self.lesson = Some(Rc::new(OpenLesson::new(lesson)));
        true
    }

    pub(super) fn leave_lesson(&mut self) -> bool {
        if self.lesson.take().is_none() {
            return false;
        }
        let work = self
            .sandbox
            .take()
            .map(|w| (*w).clone())
            .unwrap_or_else(|| Work { dockerfile: String::new(), files: Vec::new() });
        self.load_work(work);
        true
    }

    pub(super) fn reveal_hint(&mut self) -> bool {
        let Some(open) = self.lesson.as_mut() else { return false };
        if open.hints_shown >= open.lesson.hints.len() {
            return false;
        }
        Rc::make_mut(open).hints_shown += 1;
        true
    }

    pub(super) fn show_solution(&mut self) -> bool {
        let Some(open) = self.lesson.clone() else { return false };
        self.load_files(&lesson::solution_files(&open.lesson));
        true
    }

    pub(super) fn check_goal(&mut self) -> bool {
        let files = self.file_map();
        let Some(open) = self.lesson.as_mut() else { return false };
        let report = lesson::run_goal(&open.lesson, &files);
        let solved = report.passed().then(|| open.lesson.id.clone());
        Rc::make_mut(open).report = Some(Rc::new(report));
        if let Some(id) = solved {
            if !self.progress.contains(&id) {
                Rc::make_mut(&mut self.progress).insert(id.clone());
            }
            self.post(HostEvent::LessonSolved { lesson: id });
        }
        true
    }

    /// Replaces the workspace with a Dockerfile and its context files (see [`AppState::load_files`]).
    pub(super) fn load_work(&mut self, work: Work) {
        let mut map: BTreeMap<String, String> = work.files.into_iter().map(|f| (f.name, f.text)).collect();
        map.insert("Dockerfile".to_string(), work.dockerfile);
        self.load_files(&map);
    }

    /// Replaces the workspace with `files` (the `Dockerfile` entry goes to the editor) and clears the
    /// build view, which showed the previous files.
    pub(super) fn load_files(&mut self, files: &BTreeMap<String, String>) {
        self.finish_now();
        let source = files.get("Dockerfile").cloned().unwrap_or_default();
        self.files = files
            .iter()
            .filter(|(name, _)| *name != "Dockerfile")
            .map(|(name, text)| ContextFile::new(name, text))
            .collect::<Vec<_>>()
            .into();
        self.set_source(source);
        self.open_file = None;
        self.timeline = None;
        self.cursor = 0;
        self.selected = None;
        self.classic_log = None;
        self.doc_line = None;
    }
}

#[cfg(test)]
mod tests;
