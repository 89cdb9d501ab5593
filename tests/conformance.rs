//! The conformance suite: BuildKit's parser fixtures (dump byte for byte, negatives fail, line
//! numbers), BuildKit's shell-word tables, our own golden parse cases (`fixtures/parse/*.Dockerfile`,
//! refreshed with `UPDATE_EXPECT=1`) and the corpus of real Dockerfiles.

use std::collections::HashMap;

use datatest_stable::Utf8Path;
use layerlab_core::dockerfile::expand::{expand_word, expand_words};
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
    expect_test::expect_file![
        golden.as_std_path().canonicalize().unwrap_or_else(|_| golden.clone().into_std_path_buf())
    ]
    .assert_eq(&layerlab_tests::golden(&text));
    Ok(())
}

/// The line-number fixture: FROM 5–5, ENV 11–12, RUN 17–31 (README 2.3).
fn line_numbers(_path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let parsed = parse(&text);
    let lines: Vec<(String, usize, usize)> = parsed
        .dockerfile
        .instructions
        .iter()
        .map(|i| (i.keyword.value.to_uppercase(), i.start_line, i.end_line))
        .collect();
    let expected = vec![("FROM".to_string(), 5, 5), ("ENV".to_string(), 11, 12), ("RUN".to_string(), 17, 31)];
    if lines != expected {
        return Err(format!("lines {lines:?}, expected {expected:?}").into());
    }
    Ok(())
}

/// `envVarTest`: every `A` and `U` row (the shell README's line format).
fn env_var_table(_path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let env: HashMap<&str, &str> = [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")].into();
    let lookup = |name: &str| env.get(name).map(|v| v.to_string());
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').map(str::trim).collect();
        let [tag, input, expected] = fields[..] else {
            return Err(format!("bad row {line:?}").into());
        };
        if tag == "W" {
            continue;
        }
        rows += 1;
        let actual = match expand_word(input, '\\', &lookup) {
            Ok(value) => value,
            Err(_) => "error".to_string(),
        };
        if actual != expected {
            failures.push(format!("{input:?}: got {actual:?}, expected {expected:?}"));
        }
    }
    println!("envVarTest: {rows} rows");
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

/// `wordsTest`: every row, with the `ENV` lines building up the environment.
fn words_table(_path: &Utf8Path, text: String) -> datatest_stable::Result<()> {
    let mut env: Vec<(String, String)> = Vec::new();
    let mut failures = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let (name, value) = assignment.trim_start_matches(' ').split_once('=').ok_or("bad ENV line")?;
            env.retain(|(n, _)| n != name);
            env.push((name.to_string(), value.to_string()));
            continue;
        }
        let (input, expected) = line.split_once('|').ok_or("row without |")?;
        let input = input.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        let lookup = |name: &str| env.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let actual = expand_words(input, '\\', &lookup).unwrap_or_else(|_| vec!["error".to_string()]);
        if actual != expected {
            failures.push(format!("{input:?}: got {actual:?}, expected {expected:?}"));
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

/// Every file of the corpus parses without an error diagnostic and without a panic.
fn corpus(_path: &Utf8Path) -> datatest_stable::Result<()> {
    let Some(dir) = layerlab_tests::corpus_dir() else {
        println!("corpus: skipped (set LAYERLAB_CORPUS or provide ../shared/corpus)");
        return Ok(());
    };
    let files = layerlab_tests::corpus_files(&dir);
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)?;
        let text = String::from_utf8_lossy(&bytes);
        let parsed = std::panic::catch_unwind(|| parse(&text));
        match parsed {
            Err(_) => failures.push(format!("{}: panic", file.display())),
            Ok(parsed) => {
                if let Some(error) = parsed.first_error() {
                    failures.push(format!("{}: {}", file.display(), error.message));
                }
            }
        }
    }
    println!("corpus: {} files from {}", files.len(), dir.display());
    if files.is_empty() {
        return Err(format!("no *.Dockerfile under {}", dir.display()).into());
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

datatest_stable::harness! {
    { test = line_numbers, root = "fixtures/buildkit-parser/line-numbers", pattern = r"Dockerfile$" },
    { test = env_var_table, root = "fixtures/buildkit-shell", pattern = r"envVarTest$" },
    { test = words_table, root = "fixtures/buildkit-shell", pattern = r"wordsTest$" },
    { test = corpus, root = "fixtures/corpus", pattern = r"README$" },
    { test = positive, root = "fixtures/buildkit-parser/positive", pattern = r"Dockerfile$" },
    { test = negative, root = "fixtures/buildkit-parser/negative", pattern = r"Dockerfile$" },
    { test = golden, root = "fixtures/parse", pattern = r"\.Dockerfile$" },
}
