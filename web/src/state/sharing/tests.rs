//! Tests of start-up from a page URL: share links restore exactly, broken links never touch the
//! learner's work, and embed mode keeps away from the saved work and posts its messages.

use std::rc::Rc;

use layerlab_core::format::Timestamp;
use yew::Reducible;

use super::*;
use crate::embed::{EmbedView, HostEvent, Incoming};
use crate::state::{Action, ContextFile, MAX_EVENTS_PER_TICK, Saved, Settings};

const PAGE: &str = "http://127.0.0.1:8080/";

fn own_work() -> String {
    let saved = Saved {
        version: Saved::VERSION,
        dockerfile: "FROM busybox\nCMD [\"echo\", \"mine\"]\n".to_string(),
        files: vec![ContextFile::new("notes.txt", "my notes\n")],
        settings: Settings::default(),
        sandbox: None,
        lesson: None,
    };
    saved.to_json()
}

fn shared() -> Shared {
    Shared {
        dockerfile: "FROM alpine:3.20\nRUN echo shared > /s\n".to_string(),
        files: vec![ContextFile::new("a.txt", "A\n")],
        settings: Settings { no_cache: true, build_args: "X=1".to_string(), ..Settings::default() },
        lesson: None,
    }
}

fn start(stored: Option<String>, fragment: &str, query: &[(&str, &str)]) -> (AppState, StartupEffects) {
    AppState::start(Startup {
        stored,
        fragment: fragment.to_string(),
        query: query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        page_url: PAGE.to_string(),
        now: Timestamp(1_732_000_000_000),
    })
}

#[test]
fn a_share_link_restores_the_workspace_exactly_and_puts_the_own_work_aside() {
    let original = shared();
    let fragment = format!("#{}", share::encode(&original));
    let (state, effects) = start(Some(own_work()), &fragment, &[]);
    assert_eq!(state.shared(), original);
    assert!(effects.clear_fragment);
    assert_eq!(state.put_aside.as_ref().map(|p| p.to_json()), Some(own_work()), "the saved work is put aside");
    assert_eq!(state.notice_action, Some(NoticeAction::RestoreWork));
    // The link the restored state shares is the link that was opened.
    assert_eq!(state.share_link(), format!("{PAGE}{fragment}"));

    let back = Rc::new(state).reduce(Action::NoticeAction(NoticeAction::RestoreWork));
    assert_eq!(back.saved().to_json(), own_work());
    assert!(back.put_aside.is_none());
}

#[test]
fn a_share_link_with_a_lesson_opens_it_and_leaving_brings_back_the_own_work() {
    let mut original = shared();
    original.lesson = Some("what-is-an-image".to_string());
    let (state, _) = start(Some(own_work()), &format!("#{}", share::encode(&original)), &[]);
    assert_eq!(state.shared(), original, "the shared files, not the lesson's starting files");
    let left = Rc::new(state).reduce(Action::LeaveLesson);
    assert_eq!(&*left.source, "FROM busybox\nCMD [\"echo\", \"mine\"]\n");
}

#[test]
fn a_broken_link_leaves_the_saved_work_untouched() {
    let good = share::encode(&shared());
    for broken in [&good[..good.len() - 7], "share=v1.%%%", "share=v7.abc"] {
        let (state, effects) = start(Some(own_work()), &format!("#{broken}"), &[]);
        assert_eq!(effects, StartupEffects::default(), "{broken}");
        assert_eq!(state.saved().to_json(), own_work(), "{broken}");
        let notice = state.notice.as_deref().unwrap();
        assert!(notice.starts_with("This share link could not be opened: "), "{notice}");
        assert!(notice.ends_with("Your saved work is shown instead."), "{notice}");
    }
}

#[test]
fn a_link_pasted_into_the_open_app_opens_the_same_way() {
    let (state, _) = start(Some(own_work()), "", &[]);
    let state = Rc::new(state).reduce(Action::OpenLink(format!("#{}", share::encode(&shared()))));
    assert_eq!(state.shared(), shared());
    assert_eq!(state.notice_action, Some(NoticeAction::RestoreWork));
    let broken = state.reduce(Action::OpenLink("#share=v1.AAAA".to_string()));
    assert_eq!(broken.shared(), shared(), "a broken link changes nothing but the notice");
    assert!(broken.notice.as_deref().unwrap().contains("could not be opened"));
}

#[test]
fn other_fragments_are_not_share_links() {
    let (state, effects) = start(Some(own_work()), "#layers", &[]);
    assert_eq!(effects, StartupEffects::default());
    assert!(state.notice.is_none());
    assert_eq!(state.saved().to_json(), own_work());
}

#[test]
fn embed_mode_ignores_the_saved_work_and_reads_its_options() {
    let (state, effects) = start(Some(own_work()), "", &[("embed", ""), ("view", "run"), ("readonly", "")]);
    assert_eq!(effects, StartupEffects::default());
    assert!(state.source.starts_with("FROM python:3.12-slim"), "the example, not the saved work");
    let options = state.embed.as_deref().unwrap();
    assert_eq!((options.view, options.read_only, options.autoplay), (EmbedView::Run, true, false));

    let fragment = format!("#{}", share::encode(&shared()));
    let (state, effects) = start(Some(own_work()), &fragment, &[("embed", ""), ("lesson", "build-cache")]);
    assert_eq!(state.shared().dockerfile, shared().dockerfile, "the link's files win over the lesson option");
    assert!(!effects.clear_fragment && state.put_aside.is_none(), "embed mode never touches storage or the URL");
}

#[test]
fn embed_mode_posts_build_finished_and_lesson_solved() {
    let (state, _) = start(None, "", &[("embed", ""), ("lesson", "what-is-an-image")]);
    let mut state = Rc::new(state);
    state = state.reduce(Action::ShowSolution);
    state = state.reduce(Action::FromHost(Incoming::Build));
    for _ in 0..10_000 {
        if !state.animating() {
            break;
        }
        state = state.reduce(Action::Tick(MAX_EVENTS_PER_TICK));
    }
    let first = state.outbox.first().expect("a message").clone();
    assert_eq!(first.seq, 1);
    match &first.event {
        HostEvent::BuildFinished { outcome, image, steps, .. } => {
            assert_eq!(*outcome, "succeeded");
            assert!(image.as_deref().is_some_and(|id| id.starts_with("sha256:")));
            assert!(*steps >= 1);
        }
        other => panic!("{other:?}"),
    }
    state = state.reduce(Action::CheckGoal);
    let last = state.outbox.last().unwrap();
    assert_eq!(last.event, HostEvent::LessonSolved { lesson: "what-is-an-image".to_string() });
    assert_eq!(last.seq, state.outbox.len() as u64);
}

#[test]
fn the_full_app_posts_nothing() {
    let (state, _) = start(None, "", &[]);
    let state = Rc::new(state).reduce(Action::Build);
    assert!(state.outbox.is_empty());
}

#[test]
fn the_share_action_makes_a_link_and_an_embed_code_that_reopen_the_workspace() {
    let (state, _) = start(Some(own_work()), "", &[]);
    let state = Rc::new(state).reduce(Action::Share);
    let links = state.share.clone().unwrap();
    let fragment = links.link.strip_prefix(PAGE).unwrap();
    let (reopened, _) = start(None, fragment, &[]);
    assert_eq!(reopened.shared(), state.shared());
    assert!(links.embed_code.contains("?embed&amp;view=build#share=v1."), "{}", links.embed_code);
    assert!(state.reduce(Action::CloseShare).share.is_none());
}
