//! [`AppState`], [`Action`] and the reducer: the app's single state and every change to it.
//!
//! Pure: it calls `layerlab-core` and nothing in the browser; time comes in as a `Timestamp`, saved
//! work as a string. Derived data (the parse, the build timeline, the image summary) is computed here
//! so components only read. The simulated machine ([`Machine`]) is mutated in place when a build
//! steps, because a `Build` is too large to copy per event; everything the view reads is immutable.

mod lessons;
mod model;
mod sharing;

use std::rc::Rc;
use std::sync::Arc;

use layerlab_core::engine::{Build, BuildInput, BuildOptions, BuildOutcome, Builder};
use layerlab_core::format::Timestamp;
use layerlab_core::host::{HOME_APP, Stream};
use layerlab_core::image_ref::ImageRef;
use layerlab_core::lesson::Lesson;
use layerlab_core::{Diagnostic, Parse};
use yew::Reducible;

pub use lessons::{LOCALE, OpenLesson, Progress, progress_from_json, progress_to_json};
pub use model::{
    ContextFile, ImageInfo, Machine, Saved, Settings, Sim, Speed, TermLine, TermStream, Terminal, Theme, Work,
};
pub use sharing::{NoticeAction, ShareLinks, Startup, StartupEffects};

use crate::embed::{EmbedOptions, HostMessage, Incoming};
use crate::run_args;
use crate::timeline::Timeline;

/// The tag the Build button gives its image.
pub const IMAGE_TAG: &str = "myapp";
/// The most events one animation frame may apply, so a large build never freezes the tab.
pub const MAX_EVENTS_PER_TICK: usize = 64;
/// The most events one press of Step may apply (a RUN with a very long log).
pub const MAX_EVENTS_PER_STEP: usize = 20_000;
/// The most lines the terminal keeps.
pub const TERMINAL_LIMIT: usize = 2_000;

/// The Dockerfile a first-time visitor sees.
pub const SEED_DOCKERFILE: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nENV FLASK_APP=app.py\nEXPOSE 5000\nCMD [\"flask\", \"run\", \"--host=0.0.0.0\"]\n";

/// The context files a first-time visitor sees.
pub fn seed_files() -> Vec<ContextFile> {
    vec![
        ContextFile::new(".dockerignore", "__pycache__\n*.pyc\n.git\n"),
        ContextFile::new(
            "app.py",
            "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route(\"/\")\ndef hello():\n    return \"Hello from Layerlab!\"\n",
        ),
        ContextFile::new("requirements.txt", "flask\n"),
    ]
}

/// The right-hand panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// History, config and size of the image.
    Image,
    /// The `docker run` panel.
    Run,
    /// The terminal.
    Terminal,
}

/// The three areas; on a phone only one shows at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Editor, context files and controls.
    Workspace,
    /// Layer stack, log and step details.
    Build,
    /// Image, run and terminal.
    Inspect,
}

/// Browsing the terminal history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recall {
    /// ↑: an older command.
    Older,
    /// ↓: a newer command (or back to an empty line).
    Newer,
}

/// Everything the learner can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The Dockerfile text changed.
    EditSource(String),
    /// Add an empty context file.
    AddFile(String),
    /// A context file's text changed.
    EditFile {
        /// The file.
        name: String,
        /// The new text.
        text: String,
    },
    /// Delete a context file.
    DeleteFile(String),
    /// Open a context file for editing (or close it).
    OpenFile(Option<String>),
    /// `--no-cache`.
    SetNoCache(bool),
    /// `--build-arg` text.
    SetBuildArgs(String),
    /// `--target`.
    SetTarget(String),
    /// Crash the next build at step N.
    SetCrashAt(Option<usize>),
    /// Network on or off.
    SetNetwork(bool),
    /// Play speed.
    SetSpeed(Speed),
    /// Build with the classic builder (`DOCKER_BUILDKIT=0`) from the next build on.
    SetClassic(bool),
    /// Colour theme.
    SetTheme(Theme),
    /// Start a build and play it.
    Build,
    /// Move to the end of the next step (starting a paused build if none is in progress).
    Step,
    /// Play or pause.
    TogglePlay,
    /// An animation frame: apply up to this many events.
    Tick(usize),
    /// Move the scrubber to show the first N events.
    Seek(usize),
    /// Select a row of the stack for the inspector.
    SelectRow(usize),
    /// The `docker run` arguments changed.
    SetRunArgs(String),
    /// Run the image with the typed arguments.
    Run,
    /// The terminal line changed.
    TerminalDraft(String),
    /// ↑/↓ in the terminal.
    TerminalRecall(Recall),
    /// Enter in the terminal.
    TerminalSubmit,
    /// Show a tab of the right-hand panel.
    SelectTab(Tab),
    /// Show an area (phones).
    SelectArea(Area),
    /// Close the notice.
    DismissNotice,
    /// Open a lesson or gallery example by id (the learner's own work is put aside).
    OpenLesson(String),
    /// Close the lesson and bring back the learner's own work.
    LeaveLesson,
    /// Reveal the next hint.
    RevealHint,
    /// Replace the files with the lesson's solution.
    ShowSolution,
    /// Run the lesson's goal on the current files.
    CheckGoal,
    /// Show the docs of this editor line (the pointer or caret is on it).
    PointLine(Option<usize>),
    /// Make the share link and embed code of the workspace.
    Share,
    /// Close the share panel.
    CloseShare,
    /// The notice's button was pressed.
    NoticeAction(NoticeAction),
    /// The address's fragment changed to this share link (pasted into the address bar of an open app).
    OpenLink(String),
    /// The embedding page sent a message (already checked against the origin rules).
    FromHost(Incoming),
}

/// The app state. Fields are cheap to clone; see the module docs for [`Machine`].
#[derive(Debug, Clone)]
pub struct AppState {
    /// The Dockerfile text.
    pub source: Rc<str>,
    /// Its parse (diagnostics for the editor, stage names for the target menu).
    pub parse: Rc<Parse>,
    /// The other context files, sorted by name.
    pub files: Rc<[ContextFile]>,
    /// The context file open for editing.
    pub open_file: Option<Rc<str>>,
    /// Build settings.
    pub settings: Rc<Settings>,
    /// The crash armed for the next build (one-shot, like `sim crash-at`).
    pub crash_at: Option<usize>,
    /// The build shown, if any.
    pub timeline: Option<Rc<Timeline>>,
    /// How many of its events are shown (the scrubber).
    pub cursor: usize,
    /// Whether Play is on.
    pub playing: bool,
    /// Whether a build is in flight in the machine.
    pub live: bool,
    /// The row the inspector shows.
    pub selected: Option<usize>,
    /// The classic builder's output, when the classic builder ran the build shown.
    pub classic_log: Option<Rc<[TermLine]>>,
    /// The last successfully built image.
    pub image: Option<Rc<ImageInfo>>,
    /// The `docker run` arguments.
    pub run_args: Rc<str>,
    /// The command line last run by the run panel, and what it printed.
    pub run_output: Rc<[TermLine]>,
    /// The terminal.
    pub terminal: Rc<Terminal>,
    /// The right-hand tab.
    pub tab: Tab,
    /// The area shown on phones.
    pub area: Area,
    /// A message for the learner.
    pub notice: Option<Rc<str>>,
    /// The simulated machine.
    pub machine: Machine,
    /// Lint findings for `source` (hints; the parser's own warnings stay in `parse`).
    pub lints: Rc<[Diagnostic]>,
    /// The built-in lessons and gallery examples, in course order.
    pub lessons: Rc<[Rc<Lesson>]>,
    /// The lesson open, if any.
    pub lesson: Option<Rc<OpenLesson>>,
    /// The learner's own work while a lesson is open.
    pub sandbox: Option<Rc<Work>>,
    /// The solved lessons.
    pub progress: Rc<Progress>,
    /// The editor line whose docs are shown.
    pub doc_line: Option<usize>,
    /// The button the notice offers, if any.
    pub notice_action: Option<NoticeAction>,
    /// The app's address without query or fragment (the base of share links).
    pub page_url: Rc<str>,
    /// Embed mode's options; `None` in the full app.
    pub embed: Option<Rc<EmbedOptions>>,
    /// The share panel's link and embed code, while it is open.
    pub share: Option<Rc<ShareLinks>>,
    /// The work a share link replaced, until it is restored.
    pub put_aside: Option<Rc<Saved>>,
    /// Messages for the embedding page, oldest first (posted by `use_host_bridge`).
    pub outbox: Rc<[HostMessage]>,
}

impl AppState {
    /// The state at start-up: the saved work if `stored` holds any (a notice if it is unreadable),
    /// else the seed example.
    pub fn new(stored: Option<&str>, now: Timestamp) -> AppState {
        let seed = || Saved {
            version: Saved::VERSION,
            dockerfile: SEED_DOCKERFILE.to_string(),
            files: seed_files(),
            settings: Settings::default(),
            sandbox: None,
            lesson: None,
        };
        let (saved, notice) = match stored.map(Saved::from_json) {
            None => (seed(), None),
            Some(Ok(saved)) => (saved, None),
            Some(Err(_)) => (
                seed(),
                Some(Rc::from(
                    "The saved work in this browser could not be read, so it was ignored. The example is loaded instead.",
                )),
            ),
        };
        let machine = Machine::new(now);
        machine.0.borrow_mut().host.sim.network = saved.settings.network;
        let mut files = saved.files;
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files.dedup_by(|a, b| a.name == b.name);
        let lessons: Rc<[Rc<Lesson>]> = layerlab_core::lesson::builtin().into_iter().map(Rc::new).collect();
        let lesson = saved
            .lesson
            .as_deref()
            .and_then(|id| lessons.iter().find(|l| l.id == id))
            .map(|lesson| Rc::new(OpenLesson::new(lesson.clone())));
        let parse = layerlab_core::parse(&saved.dockerfile);
        AppState {
            lints: layerlab_core::lint::lint(&parse, &saved.dockerfile).into(),
            parse: Rc::new(parse),
            source: Rc::from(saved.dockerfile),
            files: files.into(),
            open_file: None,
            settings: Rc::new(saved.settings),
            crash_at: None,
            timeline: None,
            cursor: 0,
            playing: false,
            live: false,
            selected: None,
            classic_log: None,
            image: None,
            run_args: Rc::from(""),
            run_output: Rc::from(Vec::new()),
            terminal: Rc::new(Terminal::default()),
            tab: Tab::Image,
            area: Area::Workspace,
            notice,
            machine,
            lessons,
            sandbox: saved.sandbox.filter(|_| lesson.is_some()).map(Rc::new),
            lesson,
            progress: Rc::new(Progress::new()),
            doc_line: None,
            notice_action: None,
            page_url: Rc::from(""),
            embed: None,
            share: None,
            put_aside: None,
            outbox: Rc::from(Vec::new()),
        }
    }

    /// What goes to `localStorage`.
    pub fn saved(&self) -> Saved {
        Saved {
            version: Saved::VERSION,
            dockerfile: self.source.to_string(),
            files: self.files.to_vec(),
            settings: (*self.settings).clone(),
            sandbox: self.sandbox.as_deref().cloned(),
            lesson: self.lesson.as_ref().map(|open| open.lesson.id.clone()),
        }
    }

    /// Replaces the Dockerfile text, re-parsing and re-linting it.
    fn set_source(&mut self, text: String) {
        let parse = layerlab_core::parse(&text);
        self.lints = layerlab_core::lint::lint(&parse, &text).into();
        self.parse = Rc::new(parse);
        self.source = Rc::from(text);
    }

    /// The working directory's files: the Dockerfile and the context files.
    pub fn working_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = vec![("Dockerfile".to_string(), self.source.as_bytes().to_vec())];
        out.extend(self.files.iter().map(|f| (f.name.clone(), f.text.as_bytes().to_vec())));
        out
    }

    /// Whether the animation loop should run.
    pub fn animating(&self) -> bool {
        self.playing && (self.live || self.timeline.as_ref().is_some_and(|t| self.cursor < t.events.len()))
    }

    /// Replaces the settings, keeping the simulated network in step with them.
    fn set_settings(&mut self, settings: Settings) {
        self.machine.0.borrow_mut().host.sim.network = settings.network;
        self.settings = Rc::new(settings);
    }

    fn settings_mut(&mut self) -> &mut Settings {
        Rc::make_mut(&mut self.settings)
    }

    fn set_notice(&mut self, text: &str) {
        self.notice = Some(Rc::from(text));
        self.notice_action = None;
    }

    /// Applies an action; returns whether anything changed.
    fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::EditSource(text) => {
                if *self.source == *text {
                    return false;
                }
                self.set_source(text);
            }
            Action::AddFile(name) => {
                let name = layerlab_core::context::clean(name.trim());
                if name.is_empty() || name == "." || name == "Dockerfile" || self.files.iter().any(|f| f.name == name) {
                    self.set_notice("Give the new file a name that is not taken (the Dockerfile is edited above).");
                    return true;
                }
                let mut files = self.files.to_vec();
                files.push(ContextFile::new(&name, ""));
                files.sort_by(|a, b| a.name.cmp(&b.name));
                self.files = files.into();
                self.open_file = Some(Rc::from(name));
            }
            Action::EditFile { name, text } => {
                let mut files = self.files.to_vec();
                match files.iter_mut().find(|f| f.name == name) {
                    Some(file) if file.text != text => file.text = text,
                    _ => return false,
                }
                self.files = files.into();
            }
            Action::DeleteFile(name) => {
                let files: Vec<ContextFile> = self.files.iter().filter(|f| f.name != name).cloned().collect();
                if files.len() == self.files.len() {
                    return false;
                }
                self.files = files.into();
                if self.open_file.as_deref() == Some(name.as_str()) {
                    self.open_file = None;
                }
            }
            Action::OpenFile(name) => self.open_file = name.map(Rc::from),
            Action::SetNoCache(on) => self.settings_mut().no_cache = on,
            Action::SetBuildArgs(text) => self.settings_mut().build_args = text,
            Action::SetTarget(text) => self.settings_mut().target = text,
            Action::SetCrashAt(step) => self.crash_at = step.filter(|&n| n > 0),
            Action::SetNetwork(on) => {
                self.settings_mut().network = on;
                self.machine.0.borrow_mut().host.sim.network = on;
            }
            Action::SetSpeed(speed) => self.settings_mut().speed = speed,
            Action::SetClassic(on) => self.settings_mut().classic = on,
            Action::SetTheme(theme) => self.settings_mut().theme = theme,
            Action::Build => self.start_build(true),
            Action::Step => self.step(),
            Action::TogglePlay => {
                let at_end = self.timeline.as_ref().is_none_or(|t| self.cursor >= t.events.len());
                if self.playing {
                    self.playing = false;
                } else if at_end && !self.live {
                    self.start_build(true);
                } else {
                    self.playing = true;
                }
            }
            Action::Tick(budget) => {
                if !self.animating() {
                    return false;
                }
                self.advance(budget.clamp(1, MAX_EVENTS_PER_TICK), false);
            }
            Action::Seek(position) => {
                let Some(timeline) = &self.timeline else { return false };
                self.cursor = position.min(timeline.events.len());
                self.playing = false;
            }
            Action::SelectRow(row) => self.selected = Some(row),
            Action::SetRunArgs(text) => self.run_args = Rc::from(text),
            Action::Run => self.run_image(),
            Action::TerminalDraft(text) => {
                let terminal = Rc::make_mut(&mut self.terminal);
                terminal.draft = text;
                terminal.recall = None;
            }
            Action::TerminalRecall(direction) => return self.recall(direction),
            Action::TerminalSubmit => self.submit_terminal(),
            Action::SelectTab(tab) => self.tab = tab,
            Action::SelectArea(area) => self.area = area,
            Action::DismissNotice => {
                self.notice = None;
                self.notice_action = None;
            }
            Action::OpenLesson(id) => return self.open_lesson(&id),
            Action::LeaveLesson => return self.leave_lesson(),
            Action::RevealHint => return self.reveal_hint(),
            Action::ShowSolution => return self.show_solution(),
            Action::CheckGoal => return self.check_goal(),
            Action::PointLine(line) => {
                if self.doc_line == line {
                    return false;
                }
                self.doc_line = line;
            }
            Action::Share => self.make_share_links(),
            Action::CloseShare => return self.share.take().is_some(),
            Action::NoticeAction(NoticeAction::RestoreWork) => return self.restore_put_aside(),
            Action::OpenLink(fragment) => {
                self.finish_now();
                let own_work_shown = self.embed.is_none();
                self.open_link(&fragment, own_work_shown);
            }
            Action::FromHost(Incoming::Build) => self.start_build(true),
        }
        true
    }

    /// Starts a build of the editor's Dockerfile and context with the current settings.
    fn start_build(&mut self, play: bool) {
        let machine = self.machine.clone();
        let mut sim = machine.0.borrow_mut();
        if let Some(abandoned) = sim.build.take() {
            sim.host.complete_build(abandoned);
            sim.seen = sim.host.last_build.clone();
        }
        sim.host.set_working_files(&self.working_files());
        let build_args = self.settings.build_arg_pairs();
        let target = self.settings.target_stage().map(str::to_string);
        let crash_at = self.crash_at.take().or_else(|| sim.host.sim.crash_at.take());
        let options = BuildOptions {
            dockerfile_name: "Dockerfile".to_string(),
            tags: ImageRef::parse(IMAGE_TAG).into_iter().collect(),
            build_args: build_args.clone(),
            target: target.clone(),
            no_cache: self.settings.no_cache,
            builder: if self.settings.classic { Builder::Classic } else { Builder::BuildKit },
            network: self.settings.network,
            crash_at,
        };
        let context = sim.host.read_context(HOME_APP);
        let input = BuildInput { dockerfile: self.source.to_string(), context, options, now: sim.host.now };
        sim.build = Some(sim.host.start_build(input));
        self.classic_log = None;
        let mut timeline = Timeline::new(&self.source, &build_args, target.as_deref(), self.settings.classic);
        timeline.resumed_from = self.timeline.as_ref().map(|t| t.resumable()).unwrap_or_default();
        timeline.crash_at = crash_at;
        self.timeline = Some(Rc::new(timeline));
        self.cursor = 0;
        self.selected = None;
        self.live = true;
        self.playing = play;
    }

    /// Moves the cursor forward by up to `budget` events: through recorded events first, then by
    /// stepping the live build. With `to_boundary`, stops after the end of the next step.
    fn advance(&mut self, budget: usize, to_boundary: bool) {
        let Some(mut timeline_rc) = self.timeline.take() else { return };
        let timeline = Rc::make_mut(&mut timeline_rc);
        let machine = self.machine.clone();
        let mut sim = machine.0.borrow_mut();
        let was_live = self.live;
        for _ in 0..budget {
            if self.cursor < timeline.events.len() {
                let boundary = timeline.is_step_boundary(&timeline.events.items()[self.cursor]);
                self.cursor += 1;
                if to_boundary && boundary {
                    break;
                }
                continue;
            }
            if !self.live {
                break;
            }
            let next = sim.build.as_mut().and_then(|build| build.step().map(|e| (e, build.current_config().cloned())));
            let Some((event, config)) = next else {
                self.finish_live(&mut sim);
                break;
            };
            let boundary = timeline.is_step_boundary(&event);
            timeline.push(event, config.as_ref());
            self.cursor = timeline.events.len();
            if timeline.finished() {
                self.finish_live(&mut sim);
            }
            if to_boundary && boundary {
                break;
            }
        }
        if !self.live && self.cursor >= timeline.events.len() {
            self.playing = false;
        }
        if was_live && !self.live {
            self.post_build_finished(timeline);
        }
        self.timeline = Some(timeline_rc);
        self.refresh_classic(&sim);
    }

    /// Renders the classic builder's output of the build in flight (or the last one) when the classic
    /// builder ran it; BuildKit builds use the timeline's plain log instead.
    fn refresh_classic(&mut self, sim: &Sim) {
        let build = sim.build.as_ref().or(sim.host.last_build.as_deref());
        self.classic_log = build.filter(|b| b.input().options.builder == Builder::Classic).map(|b| {
            let output = layerlab_core::output::render_classic(b);
            output
                .lines
                .into_iter()
                .map(|(stream, text)| term_line(layerlab_core::host::Line { stream, text }))
                .collect()
        });
    }

    /// Hands a finished (or abandoned) live build back to the host and shows its image.
    fn finish_live(&mut self, sim: &mut Sim) {
        self.live = false;
        let Some(build) = sim.build.take() else { return };
        let image = build.image().cloned();
        sim.host.complete_build(build);
        sim.seen = sim.host.last_build.clone();
        if let Some(image) = image {
            self.image = Some(Rc::new(ImageInfo::new(&image, format!("{IMAGE_TAG}:latest"), sim.host.now)));
        }
    }

    fn step(&mut self) {
        let at_end = self.timeline.as_ref().is_none_or(|t| self.cursor >= t.events.len());
        if at_end && !self.live {
            self.start_build(false);
        }
        self.playing = false;
        self.advance(MAX_EVENTS_PER_STEP, true);
    }

    /// Drains the live build at once (before the terminal or run panel touches the host).
    fn finish_now(&mut self) {
        if self.live {
            self.advance(usize::MAX, false);
            self.playing = false;
        }
    }

    fn run_image(&mut self) {
        let Some(image) = self.image.clone() else {
            self.set_notice("Build the image first: the run panel runs the last image the Build button made.");
            return;
        };
        self.finish_now();
        let run = run_args::parse(&self.run_args);
        if let Some(error) = run.error {
            self.run_output = Rc::from(vec![TermLine { stream: TermStream::Stderr, text: format!("bash: {error}") }]);
            return;
        }
        let line = run_args::command_line(&image.name, &run);
        let machine = self.machine.clone();
        let mut sim = machine.0.borrow_mut();
        sim.host.set_working_files(&self.working_files());
        let result = sim.host.execute(&line);
        let mut lines = vec![TermLine { stream: TermStream::Input, text: format!("$ {line}") }];
        lines.extend(result.lines.into_iter().map(term_line));
        self.run_output = lines.into();
    }

    fn recall(&mut self, direction: Recall) -> bool {
        let terminal = Rc::make_mut(&mut self.terminal);
        let n = terminal.history.len();
        let next = match (direction, terminal.recall) {
            (_, _) if n == 0 => return false,
            (Recall::Older, None) => Some(n - 1),
            (Recall::Older, Some(i)) => Some(i.saturating_sub(1)),
            (Recall::Newer, None) => return false,
            (Recall::Newer, Some(i)) if i + 1 < n => Some(i + 1),
            (Recall::Newer, Some(_)) => None,
        };
        terminal.recall = next;
        terminal.draft = next.map(|i| terminal.history[i].clone()).unwrap_or_default();
        true
    }

    fn submit_terminal(&mut self) {
        let line = self.terminal.draft.trim().to_string();
        {
            let terminal = Rc::make_mut(&mut self.terminal);
            terminal.draft.clear();
            terminal.recall = None;
            if line.is_empty() {
                terminal.lines.push(TermLine { stream: TermStream::Input, text: "$".to_string() });
                return;
            }
            if terminal.history.last() != Some(&line) {
                terminal.history.push(line.clone());
            }
            if line == "clear" {
                terminal.lines.clear();
                return;
            }
        }
        self.finish_now();
        let machine = self.machine.clone();
        let mut sim = machine.0.borrow_mut();
        sim.host.set_working_files(&self.working_files());
        let prompt = terminal_prompt(&sim.host);
        let result = sim.host.execute(&line);
        let terminal = Rc::make_mut(&mut self.terminal);
        terminal.lines.push(TermLine { stream: TermStream::Input, text: format!("{prompt} {line}") });
        terminal.prompt = terminal_prompt(&sim.host);
        terminal.lines.extend(result.lines.into_iter().map(term_line));
        let excess = terminal.lines.len().saturating_sub(TERMINAL_LIMIT);
        terminal.lines.drain(..excess);
        self.adopt_terminal_build(&mut sim);
        self.refresh_classic(&sim);
        self.pull_files(&sim);
        if self.settings.network != sim.host.sim.network {
            self.settings_mut().network = sim.host.sim.network;
        }
    }

    /// Shows a build the terminal ran in the build view.
    fn adopt_terminal_build(&mut self, sim: &mut Sim) {
        let Some(last) = sim.host.last_build.clone() else { return };
        if sim.seen.as_ref().is_some_and(|seen| Arc::ptr_eq(seen, &last)) {
            return;
        }
        sim.seen = Some(last.clone());
        let timeline = timeline_of(&last, self.timeline.as_deref());
        self.post_build_finished(&timeline);
        self.timeline = Some(Rc::new(timeline));
        self.cursor = last.events().len();
        self.selected = None;
        self.playing = false;
        if let (Some(image), Some(BuildOutcome::Succeeded { .. })) = (last.image(), last.outcome()) {
            let name =
                last.input().options.tags.first().map(ImageRef::familiar_tagged).unwrap_or_else(|| image.id.short());
            self.image = Some(Rc::new(ImageInfo::new(image, name, sim.host.now)));
        }
    }

    /// Takes the working directory back from the host after a terminal command (it may have written
    /// files).
    fn pull_files(&mut self, sim: &Sim) {
        let mut source = None;
        let mut files = Vec::new();
        for (name, data) in sim.host.working_files() {
            let text = String::from_utf8_lossy(&data).into_owned();
            if name == "Dockerfile" {
                source = Some(text);
            } else {
                files.push(ContextFile { name, text });
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        if *self.files != *files {
            self.files = files.into();
        }
        match source {
            Some(text) if *self.source != *text => self.set_source(text),
            _ => {}
        }
    }
}

/// The timeline of a build that already ran (from the terminal): all events, no config samples.
fn timeline_of(build: &Build, previous: Option<&Timeline>) -> Timeline {
    let input = build.input();
    let classic = input.options.builder == Builder::Classic;
    let mut timeline =
        Timeline::new(&input.dockerfile, &input.options.build_args, input.options.target.as_deref(), classic);
    timeline.resumed_from = previous.map(Timeline::resumable).unwrap_or_default();
    timeline.crash_at = input.options.crash_at;
    timeline.from_terminal = true;
    for event in build.events() {
        timeline.push(event.clone(), None);
    }
    timeline
}

/// What the terminal shows before a command: `$` on the host, the shell's prompt inside a container
/// (`root@3f2a…:/#`) while `docker run -it` or `docker exec -it` is attached.
fn terminal_prompt(host: &layerlab_core::host::Host) -> String {
    match host.session {
        Some(_) => host.prompt().trim_end().to_string(),
        None => "$".to_string(),
    }
}

fn term_line(line: layerlab_core::host::Line) -> TermLine {
    let stream = match line.stream {
        Stream::Stdout => TermStream::Stdout,
        Stream::Stderr => TermStream::Stderr,
    };
    TermLine { stream, text: line.text }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.apply(action) { Rc::new(next) } else { self }
    }
}

#[cfg(test)]
mod tests;
