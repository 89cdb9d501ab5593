//! Every lesson's solution reaches its goal and its starting state does not; every gallery example
//! builds and runs (issue 7). One test per lesson file.

use datatest_stable::Utf8Path;

fn lesson(path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let name = path.file_name().unwrap_or_default();
    let lesson = layerlab_core::lesson::parse_lesson(name, &text)?;
    layerlab_core::lesson::verify(&lesson).map_err(|e| format!("{}: {e}", lesson.id).into())
}

datatest_stable::harness! {
    { test = lesson, root = "../core/lessons", pattern = r"\.json$" },
}
