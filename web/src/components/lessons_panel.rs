//! [`LessonsPanel`]: the course (the lessons in order, solved ones ticked) and the example gallery.
//! Choosing one emits its id; the reducer puts the learner's own work aside and loads it.

use std::rc::Rc;

use layerlab_core::lesson::{Lesson, localized};
use yew::prelude::*;

use crate::state::{LOCALE, Progress};

/// Props of [`LessonsPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonsPanelProps {
    /// The lessons and examples, in course order.
    pub lessons: Rc<[Rc<Lesson>]>,
    /// The solved lessons.
    pub progress: Rc<Progress>,
    /// The id of the lesson open, if any.
    pub open: Option<AttrValue>,
    /// Open a lesson or example by id.
    pub on_open: Callback<String>,
}

/// The lessons and the gallery.
#[component]
pub fn LessonsPanel(props: &LessonsPanelProps) -> Html {
    let entry = |lesson: &Rc<Lesson>| {
        let id = lesson.id.clone();
        let onclick = props.on_open.reform(move |_: MouseEvent| id.clone());
        let current = props.open.as_deref() == Some(lesson.id.as_str());
        let title = localized(&lesson.title, LOCALE).to_string();
        if lesson.kind == "example" {
            return html! {
                <li key={lesson.id.clone()}>
                    <button class={classes!("example", current.then_some("current"))} data-testid="example" data-example-id={lesson.id.clone()}
                        aria-current={current.then_some("true")} {onclick}>{ title }</button>
                </li>
            };
        }
        let solved = props.progress.contains(&lesson.id);
        html! {
            <li key={lesson.id.clone()}>
                <button class={classes!("lesson", current.then_some("current"), solved.then_some("solved"))} data-testid="lesson"
                    data-lesson-id={lesson.id.clone()} data-solved={solved.to_string()} aria-current={current.then_some("true")} {onclick}>
                    <span class="n">{ lesson.order }</span>
                    <span class="title">{ title }</span>
                    if solved { <span class="tick" aria-label="solved">{ "✓" }</span> }
                </button>
            </li>
        }
    };
    let solved = props.lessons.iter().filter(|l| l.kind == "lesson" && props.progress.contains(&l.id)).count();
    let total = props.lessons.iter().filter(|l| l.kind == "lesson").count();
    html! {
        <details class="card lessons-card" data-testid="lessons-panel" open={props.open.is_none()}>
            <summary><h2>{ "Lessons" }</h2><span class="muted">{ format!("{solved} of {total} solved") }</span></summary>
            <ol class="lesson-list">{ for props.lessons.iter().filter(|l| l.kind == "lesson").map(entry) }</ol>
            <h3>{ "Example gallery" }</h3>
            <ul class="example-list">{ for props.lessons.iter().filter(|l| l.kind == "example").map(entry) }</ul>
        </details>
    }
}
