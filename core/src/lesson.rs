//! Lessons and gallery examples: short narratives with a starting Dockerfile and context, hints, a
//! solution, and a goal checked on simulator state.
//!
//! A lesson is one JSON file under `core/lessons/` (a teacher writes it; text is per locale). The goal
//! is a list of [`Check`]s: command lines run on a fresh [`Host`] holding the learner's files, each with
//! an expectation on its output or status. The commands read state, not prose: `docker inspect -f` for
//! the config, a second `docker build` for cache hits, `docker run` for the final process, `docker
//! history` for layers and sizes, `docker push` for what reached the registry. [`verify`] proves a
//! lesson sound: its goal holds for the solution and fails for the starting state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::format::Timestamp;
use crate::host::Host;

/// Text in several locales (`{"en": "…", "fr": "…"}`); English is the fallback.
pub type Localized = BTreeMap<String, String>;

/// Picks the text for `locale`, else English, else any.
pub fn localized<'a>(text: &'a Localized, locale: &str) -> &'a str {
    text.get(locale).or_else(|| text.get("en")).or_else(|| text.values().next()).map(String::as_str).unwrap_or("")
}

/// What a check expects of one command.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The exit status.
    #[serde(default)]
    pub exit: Option<i32>,
    /// Text that must appear in the output.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Text that must not appear.
    #[serde(default)]
    pub not_contains: Vec<String>,
    /// At least this many lines must contain `count_text`.
    #[serde(default)]
    pub at_least: Option<usize>,
    /// At most this many lines may contain `count_text`.
    #[serde(default)]
    pub at_most: Option<usize>,
    /// The text counted by `at_least` and `at_most`.
    #[serde(default)]
    pub count_text: Option<String>,
}

/// One step of a goal: run a command line, then (optionally) check what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The command line, as typed into the terminal.
    pub run: String,
    /// What must hold; `None` runs the command only (a set-up step).
    #[serde(default)]
    pub expect: Option<Expect>,
    /// What the check means, for the learner.
    #[serde(default)]
    pub says: Localized,
}

/// A lesson or a gallery example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// A stable identifier (`build-cache`).
    pub id: String,
    /// Its position in the course.
    pub order: u32,
    /// `lesson` or `example`.
    pub kind: String,
    /// The title.
    pub title: Localized,
    /// The narrative.
    pub story: Localized,
    /// What to achieve, in words.
    pub goal: Localized,
    /// The starting files (path → text).
    pub files: BTreeMap<String, String>,
    /// Hints, in the order they are revealed.
    #[serde(default)]
    pub hints: Vec<Localized>,
    /// The files of a solution (replacing or adding to the starting ones).
    pub solution: BTreeMap<String, String>,
    /// Files the solution deletes.
    #[serde(default)]
    pub solution_removes: Vec<String>,
    /// The goal, as checks.
    pub checks: Vec<Check>,
    /// Lint codes whose consequence this lesson shows.
    #[serde(default)]
    pub shows: Vec<String>,
}

/// Why a lesson file is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LessonError {
    /// The JSON does not fit the format.
    #[error("{file}: {message}")]
    Format {
        /// The file name.
        file: String,
        /// What serde said.
        message: String,
    },
}

/// The lessons and examples shipped with Layerlab, in course order.
pub fn builtin() -> Vec<Lesson> {
    let mut out: Vec<Lesson> = SOURCES.iter().filter_map(|(name, text)| parse_lesson(name, text).ok()).collect();
    out.sort_by_key(|l| (l.kind != "lesson", l.order));
    out
}

/// Parses one lesson file.
pub fn parse_lesson(name: &str, text: &str) -> Result<Lesson, LessonError> {
    serde_json::from_str(text).map_err(|e| LessonError::Format { file: name.to_string(), message: e.to_string() })
}

/// The result of running a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalReport {
    /// One entry per check with an expectation: `None` if it held, else why not.
    pub results: Vec<(String, Option<String>)>,
}

impl GoalReport {
    /// Whether every check held.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|(_, failure)| failure.is_none())
    }
}

/// Runs a lesson's checks against `files` on a fresh host.
pub fn run_goal(lesson: &Lesson, files: &BTreeMap<String, String>) -> GoalReport {
    let list: Vec<(String, Vec<u8>)> = files.iter().map(|(k, v)| (k.clone(), v.clone().into_bytes())).collect();
    let mut host = Host::new(&list, Timestamp::parse_rfc3339("2026-11-27T10:00:00Z").unwrap_or_default());
    let mut results = Vec::new();
    for check in &lesson.checks {
        // `@FILE` runs every line of a context file: the learner's own commands.
        let output = match check.run.strip_prefix('@') {
            Some(name) => {
                let mut all = crate::host::CommandResult::default();
                for line in files
                    .get(name)
                    .map(String::as_str)
                    .unwrap_or("")
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                {
                    let r = host.execute(line.trim());
                    all.lines.extend(r.lines);
                    all.exit = r.exit;
                }
                all
            }
            None => host.execute(&check.run),
        };
        let Some(expect) = &check.expect else { continue };
        let text = output.text();
        let mut failure = None;
        if let Some(exit) = expect.exit.filter(|&e| e != output.exit) {
            failure = Some(format!("exit status {} instead of {exit}", output.exit));
        }
        for needle in &expect.contains {
            if failure.is_none() && !text.contains(needle.as_str()) {
                failure = Some(format!("the output does not contain {needle:?}"));
            }
        }
        for needle in &expect.not_contains {
            if failure.is_none() && text.contains(needle.as_str()) {
                failure = Some(format!("the output contains {needle:?}"));
            }
        }
        if let Some(counted) = &expect.count_text {
            let n = text.lines().filter(|l| l.contains(counted.as_str())).count();
            if expect.at_least.is_some_and(|min| n < min) || expect.at_most.is_some_and(|max| n > max) {
                failure = failure.or(Some(format!("{n} lines contain {counted:?}")));
            }
        }
        results.push((check.run.clone(), failure));
    }
    GoalReport { results }
}

/// The files after applying the solution.
pub fn solution_files(lesson: &Lesson) -> BTreeMap<String, String> {
    let mut files = lesson.files.clone();
    for (k, v) in &lesson.solution {
        files.insert(k.clone(), v.clone());
    }
    for k in &lesson.solution_removes {
        files.remove(k);
    }
    files
}

/// Checks a lesson: its goal holds for the solution and fails for the starting files. Examples (which
/// start solved) only need their goal to hold.
pub fn verify(lesson: &Lesson) -> Result<(), String> {
    let solved = run_goal(lesson, &solution_files(lesson));
    if let Some((run, Some(why))) = solved.results.iter().find(|(_, f)| f.is_some()) {
        return Err(format!("the solution does not reach the goal: `{run}`: {why}"));
    }
    if lesson.kind == "lesson" && run_goal(lesson, &lesson.files).passed() {
        return Err("the goal already holds for the starting files".to_string());
    }
    Ok(())
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_lesson_parses() {
        for (name, text) in SOURCES {
            if let Err(e) = parse_lesson(name, text) {
                panic!("{e}");
            }
        }
        assert!(!builtin().is_empty());
    }

    #[test]
    fn localized_falls_back_to_english() {
        let mut text = Localized::new();
        text.insert("en".into(), "Hello".into());
        assert_eq!(localized(&text, "fr"), "Hello");
    }
}
