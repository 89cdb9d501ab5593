//! [`LessonCard`]: the open lesson or example: its story and goal, hints revealed one at a time, Show
//! solution, Check goal with one pass/fail line per check, and the way back to the learner's own work.

use std::rc::Rc;

use layerlab_core::lesson::{GoalReport, Lesson, localized};
use yew::prelude::*;

use crate::state::LOCALE;

/// Props of [`LessonCard`].
#[derive(Properties, PartialEq)]
pub struct LessonCardProps {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// How many hints are revealed.
    pub hints_shown: usize,
    /// The last goal check.
    pub report: Option<Rc<GoalReport>>,
    /// Whether it was solved (now or before).
    pub solved: bool,
    /// Reveal the next hint.
    pub on_hint: Callback<()>,
    /// Apply the solution.
    pub on_solution: Callback<()>,
    /// Check the goal.
    pub on_check: Callback<()>,
    /// Leave the lesson.
    pub on_leave: Callback<()>,
    /// Whether "Back to my work" is offered (not in an embedded widget, which has no own work).
    #[prop_or(true)]
    pub can_leave: bool,
}

/// What a checked command means: the lesson's words for it, else the command line.
fn check_label(lesson: &Lesson, index: usize, run: &str) -> String {
    let says = lesson
        .checks
        .iter()
        .filter(|c| c.expect.is_some())
        .nth(index)
        .map(|c| localized(&c.says, LOCALE))
        .unwrap_or("");
    if says.is_empty() { run.to_string() } else { format!("{says} ({run})") }
}

fn report_view(lesson: &Lesson, report: &GoalReport) -> Html {
    let passed = report.passed();
    html! {
        <div class={classes!("goal-result", if passed { "passed" } else { "failed" })} data-testid="goal-result" data-passed={passed.to_string()} aria-live="polite">
            <p>{ if passed { "Goal reached: every check passes." } else { "Not yet: some checks fail." } }</p>
            <ul>
                { for report.results.iter().enumerate().map(|(i, (run, failure))| html! {
                    <li class={if failure.is_none() { "pass" } else { "fail" }} data-testid="goal-check" data-passed={failure.is_none().to_string()}>
                        <span aria-hidden="true">{ if failure.is_none() { "✓ " } else { "✗ " } }</span>
                        { check_label(lesson, i, run) }
                        if let Some(why) = failure { <span class="why">{ format!(": {why}") }</span> }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// The open lesson.
#[component]
pub fn LessonCard(props: &LessonCardProps) -> Html {
    let lesson = &props.lesson;
    let example = lesson.kind == "example";
    let unit = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let more_hints = props.hints_shown < lesson.hints.len();
    html! {
        <section class="card lesson-card" data-testid="lesson-card" data-lesson-id={lesson.id.clone()} aria-labelledby="lesson-title">
            <div class="card-head">
                <h2 id="lesson-title">{ if example { "Example: " } else { "Lesson: " } }{ localized(&lesson.title, LOCALE) }</h2>
                if props.solved { <span class="badge solved" data-testid="lesson-solved">{ "Solved" }</span> }
                if props.can_leave {
                    <button data-testid="leave-lesson" onclick={unit(&props.on_leave)} title="Your own Dockerfile and files come back">{ "Back to my work" }</button>
                }
            </div>
            <p class="story" data-testid="lesson-story">{ localized(&lesson.story, LOCALE) }</p>
            <p class="goal" data-testid="lesson-goal"><strong>{ "Goal: " }</strong>{ localized(&lesson.goal, LOCALE) }</p>
            if props.hints_shown > 0 {
                <ol class="hints" data-testid="hints">
                    { for lesson.hints.iter().take(props.hints_shown).map(|h| html! { <li data-testid="hint">{ localized(h, LOCALE) }</li> }) }
                </ol>
            }
            <div class="lesson-actions">
                <button class="primary" data-testid="check-goal" onclick={unit(&props.on_check)}>{ "Check goal" }</button>
                if more_hints {
                    <button data-testid="reveal-hint" onclick={unit(&props.on_hint)}>
                        { format!("Hint {} of {}", props.hints_shown + 1, lesson.hints.len()) }
                    </button>
                }
                <button data-testid="show-solution" onclick={unit(&props.on_solution)}>{ "Show solution" }</button>
            </div>
            if let Some(report) = &props.report { { report_view(lesson, report) } }
        </section>
    }
}
