//! The Dockerfile front end: [`parse`] turns text into a [`Dockerfile`] plus diagnostics, and never
//! fails.
//!
//! It follows BuildKit's parser byte for byte (see `shared/conformance/buildkit-parser/README.md` and
//! spec S-PARSE): physical lines, directives, continuations, comments, heredocs, flags, JSON versus
//! shell form, then the typed [`crate::instruction`] model. [`dump`] prints BuildKit's parse-tree dump,
//! [`render`] prints an instruction back as canonical text, and [`expand`] is BuildKit's word expansion.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::instruction::{Command, Instruction};
use crate::text::Span;

mod checks;
mod directive;
mod dump;
pub mod expand;
pub(crate) mod flags;
mod heredoc;
mod instructions;
mod json;
mod lexer;
mod node;
pub mod quote;
mod render;
pub mod suggest;

pub use dump::{dump, dump_node, dump_node_string};
pub use render::render;

/// The result of [`parse`]: the tree and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parse {
    /// The Dockerfile model; instructions that failed are `Command::Error`.
    pub dockerfile: Dockerfile,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The codes of errors raised by BuildKit's low-level parser (`parser.Parse`), as opposed to the
/// later instruction checks. The upstream `dumper` fails only on these.
pub const PARSER_ERROR_CODES: &[&str] = &[
    "line-too-long",
    "duplicate-directive",
    "invalid-escape-token",
    "unterminated-heredoc",
    "json-array-not-strings",
    "missing-value",
    "missing-equals",
    "no-instructions",
];

impl Parse {
    /// The first error, which is what BuildKit would report (it stops at the first one).
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }

    /// The first error of the low-level parser (see [`PARSER_ERROR_CODES`]).
    pub fn first_parser_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error() && PARSER_ERROR_CODES.contains(&d.code.as_ref()))
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dockerfile {
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// The `# syntax=` directive, if any.
    pub syntax: Option<String>,
    /// The `# check=` directive, if any.
    pub check: Option<String>,
    /// The instructions, in order.
    pub instructions: Vec<Instruction>,
}

/// Parses a Dockerfile. Never fails and never panics.
///
/// The text is copied once into a shared buffer, and the model's values are ranges of it (see
/// [`crate::text::Text`]). Each logical line is turned into its instruction as soon as the lexer has
/// read it, so the offsets of a line live only while that line is built, in one buffer reused for
/// every line.
pub fn parse(text: &str) -> Parse {
    let mut diagnostics = Vec::new();
    // The lexer reads the shared copy, not `text`: the copy was just written, so it is in the cache.
    let source: Arc<str> = Arc::from(text);
    let mut lexer = lexer::Lexer::new(&source, Arc::clone(&source));
    // The scratch buffers reused for every line start with room for a long instruction, so they
    // rarely grow (each growth is a reallocation, several per file when they started empty).
    let mut ranges = Vec::with_capacity(32);
    // Most instructions are longer than 64 bytes, so this usually spares moving the list to larger
    // buffers as it grows; the cap bounds what a huge input reserves up front.
    let mut instructions = Vec::with_capacity((text.len() / 64 + 1).min(256));
    let mut empty_continuations = Vec::new();
    let mut seen_from = false;
    let mut stage_error = false;
    let mut line = lexer::Line::with_capacity(16);
    while lexer.next_line(&mut diagnostics, &mut ranges, &mut line) {
        if let Some(span) = line.empty_continuation {
            empty_continuations.push(span);
        }
        let error = instructions::build(&mut line, &ranges, &mut instructions);
        ranges.clear();
        let Some(instruction) = instructions.last() else { continue };
        // The keyword lookup folds ASCII case, and no other character lower-cases into `from`, so
        // this is `keyword.eq_ignore_ascii_case("from")` without comparing again.
        let is_from = line.raw.keyword == Some(node::Keyword::From);
        match error {
            Some(error) => diagnostics.push(error),
            // S-PARSE-8: only ARG may come before the first FROM.
            None if !seen_from && !is_from && !matches!(instruction.command, Command::Arg(_)) && !stage_error => {
                stage_error = true;
                diagnostics.push(Diagnostic::error(
                    "no-build-stage",
                    instruction.span,
                    "no build stage in current context",
                ));
            }
            None => {}
        }
        seen_from |= is_from;
    }
    let has_error = diagnostics.iter().any(Diagnostic::is_error);
    if instructions.is_empty() {
        // S-PARSE-8: a 0-byte file gets its own message.
        let message = if text.is_empty() { "the Dockerfile cannot be empty" } else { "file with no instructions" };
        diagnostics.push(Diagnostic::error("no-instructions", Span::new(0, text.len()), message));
    } else if !seen_from && !has_error {
        diagnostics.push(Diagnostic::error(
            "no-stages",
            Span::new(0, text.len()),
            "dockerfile contains no stages to build",
        ));
    }
    checks::run(&empty_continuations, &instructions, &mut diagnostics);
    // The sort is stable, so skipping it when the order is already right changes nothing.
    if !diagnostics.is_sorted_by_key(|d| d.span.start) {
        diagnostics.sort_by_key(|d| d.span.start);
    }
    let dockerfile = Dockerfile { escape: lexer.escape, syntax: lexer.syntax, check: lexer.check, instructions };
    Parse { dockerfile, diagnostics }
}
