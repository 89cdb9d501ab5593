//! Property tests of the parser: no panic on arbitrary input, spans in bounds and ordered, and the
//! render → parse → render round trip of the typed model. The fuzz checks (`layerlab_tests::fuzz`) of
//! variable expansion, the simulated shell and the host command line also run here on generated
//! input, so the normal test run covers what the cargo-fuzz targets in `fuzz/` check.

use layerlab_core::dockerfile::render;
use layerlab_core::instruction::Command;
use layerlab_core::parse;
use proptest::prelude::*;

/// Text made of the characters that matter to the lexer, plus anything printable.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("<<".to_string()),
        Just("<<-EOF".to_string()),
        Just("EOF".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("`".to_string()),
        Just("# escape=`\n".to_string()),
        Just("--".to_string()),
        Just("--from=x ".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\u{a0}".to_string()),
        Just("RUN ".to_string()),
        Just("COPY ".to_string()),
        Just("ONBUILD ".to_string()),
        Just("ENV ".to_string()),
        Just("HEALTHCHECK ".to_string()),
        Just("FROM a\n".to_string()),
        Just("=".to_string()),
        Just("${".to_string()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Text for the expansion, shell and host checks: the characters their lexers care about, words they
/// know, and anything printable.
fn shell_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("$".to_string()),
        Just("${".to_string()),
        Just("}".to_string()),
        Just(":-".to_string()),
        Just("//".to_string()),
        Just("%%".to_string()),
        Just("##".to_string()),
        Just("$((".to_string()),
        Just("))".to_string()),
        Just("\\".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\0".to_string()),
        Just("=".to_string()),
        Just("|".to_string()),
        Just("&&".to_string()),
        Just(";".to_string()),
        Just(">".to_string()),
        Just("<<EOF\n".to_string()),
        Just("EOF\n".to_string()),
        Just("while true; do ".to_string()),
        Just("done".to_string()),
        Just("echo ".to_string()),
        Just("cat ".to_string()),
        Just("docker ".to_string()),
        Just("build -t x . ".to_string()),
        Just("run --rm x ".to_string()),
        Just("images ".to_string()),
        Just("-f ".to_string()),
        Just("--format '{{.ID}}' ".to_string()),
        Just("\n---\n".to_string()),
        Just("FROM alpine:3.20\n".to_string()),
        Just("RUN ".to_string()),
        "[a-zA-Z0-9_]{1,4}",
        "\\PC{0,4}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// One instruction line built from safe words, for the round trip.
fn instruction_line() -> impl Strategy<Value = String> {
    let word = "[a-z][a-z0-9._/-]{0,8}";
    let words = proptest::collection::vec(word, 1..4).prop_map(|w| w.join(" "));
    prop_oneof![
        (word, proptest::option::of("[a-z][a-z0-9_.-]{0,8}")).prop_map(|(image, alias)| match alias {
            Some(alias) => format!("FROM {image} AS {alias}"),
            None => format!("FROM {image}"),
        }),
        words.clone().prop_map(|w| format!("RUN {w}")),
        words.clone().prop_map(|w| format!("RUN --mount=type=cache,target=/x {w}")),
        proptest::collection::vec(word, 1..3).prop_map(|w| format!("CMD {}", serde_json_array(&w))),
        words.clone().prop_map(|w| format!("ENTRYPOINT {w}")),
        (word, word).prop_map(|(k, v)| format!("ENV {k}={v}")),
        (word, words.clone()).prop_map(|(k, v)| format!("ENV {k} {v}")),
        (word, word).prop_map(|(k, v)| format!("LABEL {k}={v}")),
        (word, proptest::option::of(word)).prop_map(|(k, v)| match v {
            Some(v) => format!("ARG {k}={v}"),
            None => format!("ARG {k}"),
        }),
        (words.clone(), word).prop_map(|(s, d)| format!("COPY --from=x --chown=1:1 {s} {d}")),
        (words.clone(), word).prop_map(|(s, d)| format!("ADD --link {s} {d}")),
        words.clone().prop_map(|w| format!("EXPOSE {w}")),
        words.clone().prop_map(|w| format!("VOLUME {w}")),
        word.prop_map(|w| format!("USER {w}")),
        word.prop_map(|w| format!("WORKDIR /{w}")),
        word.prop_map(|w| format!("STOPSIGNAL {w}")),
        words.clone().prop_map(|w| format!("HEALTHCHECK --interval=5s CMD {w}")),
        Just("HEALTHCHECK NONE".to_string()),
        proptest::collection::vec(word, 1..3).prop_map(|w| format!("SHELL {}", serde_json_array(&w))),
        words.prop_map(|w| format!("ONBUILD RUN {w}")),
    ]
}

fn serde_json_array(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_and_spans_are_sane(text in tricky_text()) {
        let parsed = parse(&text);
        let mut previous = 0;
        for instruction in &parsed.dockerfile.instructions {
            prop_assert!(instruction.span.end <= text.len());
            prop_assert!(instruction.span.start >= previous, "instructions out of order");
            prop_assert!(instruction.start_line <= instruction.end_line);
            prop_assert!(instruction.keyword.span.end <= text.len());
            for flag in &instruction.flags {
                prop_assert!(flag.span.start <= flag.span.end && flag.span.end <= text.len());
            }
            previous = instruction.span.start;
        }
        for diagnostic in &parsed.diagnostics {
            prop_assert!(diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= text.len());
        }
        prop_assert!(parsed.diagnostics.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    }

    #[test]
    fn expansion_entry_points_agree(escape in 0u8..2, text in shell_text()) {
        let mut data = vec![escape];
        data.extend_from_slice(text.as_bytes());
        layerlab_tests::fuzz::check_expand(&data);
    }

    #[test]
    fn render_round_trips(lines in proptest::collection::vec(instruction_line(), 1..6)) {
        let text = format!("FROM base\n{}\n", lines.join("\n"));
        let first = parse(&text);
        for instruction in &first.dockerfile.instructions {
            prop_assert!(!matches!(instruction.command, Command::Error), "{}", instruction.original);
            let rendered = render(instruction);
            let again = parse(&format!("FROM base\n{rendered}\n"));
            let reparsed = again.dockerfile.instructions.last().expect("the rendered line parses to an instruction");
            prop_assert_eq!(&reparsed.command_shape(), &instruction.command_shape());
            prop_assert_eq!(render(reparsed), rendered);
        }
    }
}

proptest! {
    // The shell and the host are much slower per case than the parser (a host case can run a build).
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn shell_scripts_end_within_their_budget(selector in any::<u8>(), text in shell_text()) {
        let mut data = vec![selector];
        data.extend_from_slice(text.as_bytes());
        layerlab_tests::fuzz::check_shell(&data);
    }

    #[test]
    fn host_command_lines_never_panic(text in shell_text()) {
        layerlab_tests::fuzz::check_host(text.as_bytes());
    }
}

/// The typed command without spans, for comparing two parses of different text.
trait Shape {
    fn command_shape(&self) -> String;
}

impl Shape for layerlab_core::instruction::Instruction {
    fn command_shape(&self) -> String {
        layerlab_core::dockerfile::dump_node_string(&self.node)
    }
}
