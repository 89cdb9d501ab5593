//! The conformance suite: BuildKit's parser fixtures (dump byte for byte, negatives fail) and our
//! own golden parse cases (`fixtures/parse/*.Dockerfile`, refreshed with `UPDATE_EXPECT=1`).

use datatest_stable::Utf8Path;
use layerlab_core::{dockerfile::dump, parse};

/// A positive BuildKit fixture: the dump equals `result` byte for byte.
fn positive(path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let expected = std::fs::read_to_string(path.with_file_name("result"))?;
    let parsed = parse(&text);
    if let Some(error) = parsed.first_parser_error() {
        return Err(format!("unexpected parser error: {}", error.message).into());
    }
    let actual = dump(&parsed.dockerfile);
    if actual != expected {
        return Err(format!("dump differs\n--- expected\n{expected}--- actual\n{actual}").into());
    }
    Ok(())
}

/// A negative BuildKit fixture: the parser rejects it.
fn negative(_path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    match parse(&text).first_parser_error() {
        Some(_) => Ok(()),
        None => Err("expected a parser error".into()),
    }
}

/// One of our own cases: the golden dump plus diagnostics.
fn golden(path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let golden = path.with_extension("txt");
    expect_test::expect_file![golden.as_std_path().canonicalize().unwrap_or_else(|_| golden.clone().into_std_path_buf())]
        .assert_eq(&layerlab_tests::golden(&text));
    Ok(())
}

datatest_stable::harness! {
    { test = positive, root = "fixtures/buildkit-parser/positive", pattern = r"Dockerfile$" },
    { test = negative, root = "fixtures/buildkit-parser/negative", pattern = r"Dockerfile$" },
    { test = golden, root = "fixtures/parse", pattern = r"\.Dockerfile$" },
}
