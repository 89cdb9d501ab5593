//! BuildKit's build checks that need only the parsed file (S-PARSE-4, S-PARSE-5, S-INSTR-*):
//! warnings whose `code` is the rule name and whose message is the rule's text without the rule
//! name and without ` (line N)`.

use crate::diagnostic::Diagnostic;
use crate::instruction::{Command, CommandLine, Instruction};

use crate::text::{Span, Text};

/// The rules' fixed messages, written out so that a warning allocates nothing.
const JSON_ARGS_CMD: &str = "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals";
const JSON_ARGS_ENTRYPOINT: &str =
    "JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals";
const LEGACY_ENV: &str = "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format";
const LEGACY_LABEL: &str = "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format";

/// Per-stage state that later stages built `FROM` this one inherit.
#[derive(Debug, Clone, Default)]
struct Stage {
    /// The stage name as written (`AS Build`); stages are matched ignoring case.
    name: Option<Text>,
    shell_set: bool,
    workdir_set: bool,
    cmd: Vec<usize>,
    entrypoint: Vec<usize>,
    healthcheck: Vec<usize>,
}

/// Whether `s.to_lowercase() == s`, without allocating for ASCII text.
fn is_lower(s: &str) -> bool {
    if s.is_ascii() { !s.bytes().any(|b| b.is_ascii_uppercase()) } else { s.to_lowercase() == s }
}

/// Whether `s.to_uppercase() == s`, without allocating for ASCII text.
fn is_upper(s: &str) -> bool {
    if s.is_ascii() { !s.bytes().any(|b| b.is_ascii_lowercase()) } else { s.to_uppercase() == s }
}

/// `(is_lower(s), is_upper(s))`, in one pass over the bytes of ASCII text.
fn case_of(s: &str) -> (bool, bool) {
    let (mut lower, mut upper) = (true, true);
    for &b in s.as_bytes() {
        if !b.is_ascii() {
            return (is_lower(s), is_upper(s));
        }
        lower &= !b.is_ascii_uppercase();
        upper &= !b.is_ascii_lowercase();
    }
    (lower, upper)
}

/// Whether `a.to_lowercase() == b.to_lowercase()`, without allocating for ASCII text.
fn eq_lower(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() { a.eq_ignore_ascii_case(b) } else { a.to_lowercase() == b.to_lowercase() }
}

/// Appends the warnings for `instructions` to `out`; `empty_continuations` are the lines the lexer
/// found after an empty continuation line.
pub(crate) fn run(empty_continuations: &[Span], instructions: &[Instruction], out: &mut Vec<Diagnostic>) {
    for &span in empty_continuations {
        out.push(Diagnostic::warning("NoEmptyContinuation", span, "Empty continuation line"));
    }
    casing(instructions, out);
    let mut stages: Vec<Stage> = Vec::new();
    for (idx, instruction) in instructions.iter().enumerate() {
        let span = instruction.span;
        let keyword = &instruction.keyword.value;
        match &instruction.command {
            Command::From(from) => {
                finish(stages.last(), instructions, out);
                let base = &from.image.value;
                let mut stage = stages
                    .iter()
                    .rev()
                    .find(|s| s.name.as_ref().is_some_and(|name| eq_lower(name, base)))
                    .cloned()
                    .unwrap_or_default();
                stage.cmd.clear();
                stage.entrypoint.clear();
                stage.healthcheck.clear();
                stage.name = from.alias.as_ref().map(|a| a.value.clone());
                if let Some(alias) = &from.alias {
                    if let Some(as_word) = instruction.node.args.get(1).and_then(|a| match a {
                        crate::instruction::NodeArg::Str(s) => Some(s),
                        crate::instruction::NodeArg::Nested(_) => None,
                    }) {
                        let from_lower = is_lower(keyword);
                        let from_upper = is_upper(keyword);
                        let mismatch =
                            (from_lower && !is_lower(as_word)) || (from_upper && !from_lower && !is_upper(as_word));
                        if mismatch {
                            out.push(Diagnostic::warning(
                                "FromAsCasing",
                                span,
                                format!("'{as_word}' and '{keyword}' keywords' casing do not match"),
                            ));
                        }
                    }
                    if !is_lower(&alias.value) {
                        let message = format!("Stage name '{}' should be lowercase", alias.value);
                        out.push(Diagnostic::warning("StageNameCasing", alias.span, message));
                    }
                }
                stages.push(stage);
            }
            command => {
                let Some(stage) = stages.last_mut() else {
                    continue;
                };
                match command {
                    Command::Shell(_) => stage.shell_set = true,
                    Command::Cmd(cmd) => {
                        stage.cmd.push(idx);
                        json_args(&cmd.command, JSON_ARGS_CMD, stage.shell_set, span, out);
                    }
                    Command::Entrypoint(entrypoint) => {
                        stage.entrypoint.push(idx);
                        json_args(&entrypoint.command, JSON_ARGS_ENTRYPOINT, stage.shell_set, span, out);
                    }
                    Command::Healthcheck(_) => stage.healthcheck.push(idx),
                    Command::Maintainer(_) => out.push(Diagnostic::warning(
                        "MaintainerDeprecated",
                        span,
                        "Maintainer instruction is deprecated in favor of using label",
                    )),
                    Command::Env(env) if env.legacy => legacy(LEGACY_ENV, span, out),
                    Command::Label(label) if label.legacy => legacy(LEGACY_LABEL, span, out),
                    Command::Workdir(workdir) => {
                        let path = &workdir.path.value;
                        if !stage.workdir_set && !path.starts_with('/') && !path.starts_with('$') {
                            let message = format!(
                                "Relative workdir {} can have unexpected results if the base image changes",
                                super::quote::quote(path)
                            );
                            out.push(Diagnostic::warning("WorkdirRelativePath", workdir.path.span, message));
                        }
                        stage.workdir_set = true;
                    }
                    Command::Expose(expose) => {
                        for port in &expose.ports {
                            if let Some((_, proto)) = port.value.split_once('/')
                                && !is_lower(proto)
                            {
                                let message = format!(
                                    "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                                    port.value
                                );
                                out.push(Diagnostic::warning("ExposeProtoCasing", port.span, message));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    finish(stages.last(), instructions, out);
}

/// `JSONArgsRecommended`; `message` is the rule's text for the instruction (CMD or ENTRYPOINT).
fn json_args(command: &CommandLine, message: &'static str, shell_set: bool, span: Span, out: &mut Vec<Diagnostic>) {
    if matches!(command, CommandLine::Shell(_)) && !shell_set {
        out.push(Diagnostic::warning("JSONArgsRecommended", span, message));
    }
}

/// `LegacyKeyValueFormat`; `message` is the rule's text for the instruction (ENV or LABEL).
fn legacy(message: &'static str, span: Span, out: &mut Vec<Diagnostic>) {
    out.push(Diagnostic::warning("LegacyKeyValueFormat", span, message));
}

/// `MultipleInstructionsDisallowed`: every CMD, ENTRYPOINT or HEALTHCHECK of a stage but the last.
fn finish(stage: Option<&Stage>, instructions: &[Instruction], out: &mut Vec<Diagnostic>) {
    let Some(stage) = stage else { return };
    for (name, list) in [("CMD", &stage.cmd), ("ENTRYPOINT", &stage.entrypoint), ("HEALTHCHECK", &stage.healthcheck)] {
        for &idx in list.iter().rev().skip(1) {
            let message = format!(
                "Multiple {name} instructions should not be used in the same stage because only the last one will be used"
            );
            out.push(Diagnostic::warning("MultipleInstructionsDisallowed", instructions[idx].span, message));
        }
    }
}

/// `ConsistentInstructionCasing`: keywords should follow the case of the majority.
fn casing(instructions: &[Instruction], out: &mut Vec<Diagnostic>) {
    // `all_upper` counts every upper-case keyword, also those that are lower case too (no letters).
    let (mut lower, mut upper, mut all_upper) = (0, 0, 0);
    for instruction in instructions {
        let (is_lower, is_upper) = case_of(&instruction.keyword.value);
        lower += usize::from(is_lower);
        upper += usize::from(is_upper && !is_lower);
        all_upper += usize::from(is_upper);
    }
    let majority_lower = lower > upper;
    // When every keyword already has the majority's case there is nothing to report.
    if (majority_lower && lower == instructions.len()) || (!majority_lower && all_upper == instructions.len()) {
        return;
    }
    for instruction in instructions {
        let name = &instruction.keyword.value;
        let (is_lower, is_upper) = case_of(name);
        let correct = if majority_lower && !is_lower {
            "lowercase"
        } else if !majority_lower && !is_upper {
            "uppercase"
        } else {
            continue;
        };
        let message = format!("Command '{name}' should match the case of the command majority ({correct})");
        out.push(Diagnostic::warning("ConsistentInstructionCasing", instruction.keyword.span, message));
    }
}
