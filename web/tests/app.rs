//! Component tests in headless Chromium: the real `App` mounted in a fresh element, driven through the
//! DOM the way a learner drives it (typing, Step, the terminal's Enter key), checking what the
//! reducer-driven components render.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app (with empty storage) and returns its root element.
async fn mount() -> Element {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<layerlab_web::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap_or_else(|| panic!("no {testid}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

async fn click(root: &Element, testid: &str) {
    find(root, testid).dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

async fn type_into_editor(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = find(root, "dockerfile-editor").dyn_into().unwrap();
    editor.set_value(text);
    let event = web_sys::InputEvent::new("input").unwrap();
    editor.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

async fn press(input: &HtmlInputElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn marks(root: &Element) -> Vec<String> {
    all(root, "[data-testid=layer]")
        .iter()
        .map(|e| format!("{}:{}", e.get_attribute("data-step").unwrap(), e.get_attribute("data-cache").unwrap()))
        .collect()
}

#[wasm_bindgen_test]
async fn app_mounts_with_the_flask_example() {
    let root = mount().await;
    let editor: HtmlTextAreaElement = find(&root, "dockerfile-editor").dyn_into().unwrap();
    assert!(editor.value().starts_with("FROM python:3.12-slim"), "editor holds {:?}", editor.value());
    let heading = root.query_selector("h1").unwrap().unwrap().text_content().unwrap();
    assert_eq!(heading, "Layerlab");
    assert!(root.text_content().unwrap().contains("requirements.txt"), "the context panel lists the files");
}

#[wasm_bindgen_test]
async fn diagnostics_show_on_the_line_and_in_the_list() {
    let root = mount().await;
    type_into_editor(&root, "FROM alpine:3.20\nFORM x\n").await;
    let marked = all(&root, ".gutter .has-error");
    assert_eq!(marked.len(), 1, "one gutter marker");
    assert!(marked[0].get_attribute("title").unwrap_or_default().contains("FORM"), "the marker explains on hover");
    let list = root.query_selector("#diagnostics").unwrap().unwrap().text_content().unwrap();
    assert!(list.contains("Line 2"), "the list names the line: {list}");
}

#[wasm_bindgen_test]
async fn step_fills_the_stack_one_step_at_a_time() {
    let root = mount().await;
    type_into_editor(&root, "FROM alpine:3.20\nRUN echo one\nRUN echo two\n").await;
    click(&root, "step").await;
    assert_eq!(marks(&root), ["1:miss", "2:pending", "3:pending"]);
    click(&root, "step").await;
    click(&root, "step").await;
    assert_eq!(marks(&root), ["1:miss", "2:miss", "3:miss"]);
    let log = find(&root, "build-log").text_content().unwrap();
    assert!(log.contains("[2/3] RUN echo one"), "{log}");
    assert_eq!(find(&root, "build-log").get_attribute("aria-live").as_deref(), Some("polite"));
    // The editor highlights the step being built: a band behind its line (the third).
    let bands = all(&root, ".code .band.current");
    assert_eq!(bands.len(), 1);
    let style = bands[0].get_attribute("style").unwrap_or_default();
    assert!(style.contains("+ 2 * var(--lh)"), "the band is on line 3: {style}");
}

#[wasm_bindgen_test]
async fn crash_then_resume_marks_the_stack() {
    let root = mount().await;
    type_into_editor(&root, "FROM alpine:3.20\nRUN echo one\nRUN echo two\nRUN echo three\n").await;
    let crash: web_sys::HtmlSelectElement = find(&root, "crash-at").dyn_into().unwrap();
    crash.set_value("3");
    crash.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    yew::scheduler::flush().await;
    for _ in 0..4 {
        click(&root, "step").await;
    }
    assert_eq!(marks(&root), ["1:miss", "2:miss", "3:failed", "4:pending"]);
    assert!(find(&root, "crash-banner").text_content().unwrap().contains("lost in flight"));
    for _ in 0..5 {
        click(&root, "step").await;
    }
    assert_eq!(marks(&root), ["1:hit", "2:hit", "3:miss", "4:miss"]);
    assert_eq!(all(&root, ".badge.resumed").len(), 1, "step 2 is marked as resumed");
}

#[wasm_bindgen_test]
async fn the_terminal_builds_runs_and_recalls() {
    let root = mount().await;
    type_into_editor(&root, "FROM alpine:3.20\nCMD [\"echo\", \"hello from x\"]\n").await;
    click(&root, "tab-terminal").await;
    let input: HtmlInputElement = find(&root, "terminal-input").dyn_into().unwrap();
    for line in ["docker build -t x .", "docker run --rm x"] {
        input.set_value(line);
        input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        yew::scheduler::flush().await;
        press(&input, "Enter").await;
    }
    let output = find(&root, "terminal-output").text_content().unwrap();
    assert!(output.contains("naming to docker.io/library/x done"), "{output}");
    assert!(output.contains("hello from x"), "{output}");
    press(&input, "ArrowUp").await;
    assert_eq!(input.value(), "docker run --rm x");
    assert_eq!(marks(&root), ["1:miss"], "the terminal's build is shown in the stack");
    click(&root, "tab-image").await;
    let history = find(&root, "history-table").text_content().unwrap();
    assert!(history.starts_with("IMAGE          CREATED"), "{history}");
}

#[wasm_bindgen_test]
async fn work_is_saved_to_local_storage() {
    let root = mount().await;
    type_into_editor(&root, "FROM busybox\n").await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = storage.get_item(layerlab_web::platform::STORAGE_KEY).unwrap().unwrap_or_default();
    assert!(saved.contains("FROM busybox"), "{saved}");
    storage.clear().unwrap();
    drop(root);
}

#[wasm_bindgen_test]
async fn the_lessons_panel_opens_checks_and_solves_a_lesson() {
    let root = mount().await;
    let lessons = all(&root, "[data-testid=lesson]");
    assert_eq!(lessons.len(), 15);
    assert_eq!(lessons[0].get_attribute("data-lesson-id").as_deref(), Some("what-is-an-image"));
    assert_eq!(all(&root, "[data-testid=example]").len(), 8);
    assert!(lessons.iter().all(|l| l.get_attribute("data-solved").as_deref() == Some("false")));

    let entry: HtmlElement =
        root.query_selector("[data-lesson-id=cmd-vs-entrypoint]").unwrap().unwrap().dyn_into().unwrap();
    entry.click();
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = find(&root, "dockerfile-editor").dyn_into().unwrap();
    assert_eq!(editor.value(), "FROM ubuntu:22.04\nCMD [\"sleep\", \"5\"]\n");
    assert!(find(&root, "lesson-story").text_content().unwrap().contains("ENTRYPOINT"));
    assert!(all(&root, "[data-testid=hint]").is_empty());
    click(&root, "reveal-hint").await;
    assert_eq!(all(&root, "[data-testid=hint]").len(), 1);

    click(&root, "check-goal").await;
    assert_eq!(find(&root, "goal-result").get_attribute("data-passed").as_deref(), Some("false"));
    click(&root, "show-solution").await;
    click(&root, "check-goal").await;
    assert_eq!(find(&root, "goal-result").get_attribute("data-passed").as_deref(), Some("true"));
    let entry = root.query_selector("[data-lesson-id=cmd-vs-entrypoint]").unwrap().unwrap();
    assert_eq!(entry.get_attribute("data-solved").as_deref(), Some("true"));
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let progress = storage.get_item(layerlab_web::platform::PROGRESS_KEY).unwrap().unwrap_or_default();
    assert_eq!(progress, r#"["cmd-vs-entrypoint"]"#);

    click(&root, "leave-lesson").await;
    let editor: HtmlTextAreaElement = find(&root, "dockerfile-editor").dyn_into().unwrap();
    assert!(editor.value().starts_with("FROM python:3.12-slim"), "the sandbox came back");
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn lint_findings_link_to_their_lesson_and_lines_have_docs() {
    let root = mount().await;
    type_into_editor(&root, "FROM ubuntu\nCOPY --chown=app:app . /app\n").await;
    let finding =
        root.query_selector("[data-testid=lint-finding][data-code=DL3006]").unwrap().expect("a DL3006 finding");
    assert!(finding.get_attribute("class").unwrap().split_whitespace().any(|c| c == "hint"));
    assert!(finding.text_content().unwrap().contains("Line 1"));
    let lesson: HtmlElement = finding.query_selector("[data-testid=lint-lesson]").unwrap().unwrap().dyn_into().unwrap();
    lesson.click();
    yew::scheduler::flush().await;
    assert_eq!(find(&root, "lesson-card").get_attribute("data-lesson-id").as_deref(), Some("what-is-an-image"));
    click(&root, "leave-lesson").await;

    let editor: HtmlTextAreaElement = find(&root, "dockerfile-editor").dyn_into().unwrap();
    editor.set_selection_range(20, 20).unwrap();
    editor.click();
    yew::scheduler::flush().await;
    let docs = find(&root, "line-docs");
    assert_eq!(docs.get_attribute("data-line").as_deref(), Some("2"));
    let terms: Vec<String> = all(&root, "[data-testid=line-docs] [data-term]")
        .iter()
        .map(|e| e.get_attribute("data-term").unwrap())
        .collect();
    assert_eq!(terms, ["COPY", "--chown"]);
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}
