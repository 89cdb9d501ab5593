//! Lint: advice about a Dockerfile whose consequence the learner can watch in the simulator.
//!
//! Each rule lives in its own file under `lint/rules/` and exports a [`Rule`]: its [`RuleMeta`] (code,
//! name, what it checks, why it matters, a bad and a good example, and the lesson that shows the
//! consequence) is data the UI shows, and its `check` function adds [`Diagnostic`]s. Codes are
//! hadolint's (`DL3008`) or BuildKit's check names (`JSONArgsRecommended`); rules of our own use `LL`.

mod rules;
mod shell_words;

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::{Dockerfile, Parse};
use crate::text::Span;

pub use shell_words::{SimpleCommand, simple_commands};

/// The documentation of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// The code (`DL3008`, `JSONArgsRecommended`, `LL001`).
    pub code: &'static str,
    /// A kebab-case name.
    pub name: &'static str,
    /// What the rule checks, one sentence.
    pub summary: &'static str,
    /// Why it matters, as the learner would see it in the simulator.
    pub why: &'static str,
    /// A Dockerfile the rule flags.
    pub bad: &'static str,
    /// The same Dockerfile fixed.
    pub good: &'static str,
    /// The lesson or demo that shows the consequence.
    pub lesson: &'static str,
}

/// A lint rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Its documentation.
    pub meta: RuleMeta,
    /// Adds findings for `dockerfile` (its text is `source`).
    pub check: fn(&Dockerfile, &str, &mut Vec<Diagnostic>),
}

/// Every rule, in code order.
pub fn rules() -> &'static [Rule] {
    rules::ALL
}

/// Finds a rule by code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::ALL.iter().find(|r| r.meta.code == code)
}

/// Lints a parsed Dockerfile. Findings are hints (severity [`Severity::Hint`]), sorted by position.
/// BuildKit's own checks already come from the parser as warnings; a rule with the same code and span
/// is not reported twice.
pub fn lint(parse: &Parse, source: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules::ALL {
        (rule.check)(&parse.dockerfile, source, &mut out);
    }
    out.retain(|d| !parse.diagnostics.iter().any(|p| p.code == d.code && p.span == d.span));
    out.sort_by_key(|d| (d.span.start, d.code.clone()));
    out.dedup();
    out
}

/// A hint diagnostic of a rule.
pub(crate) fn hint(meta: &RuleMeta, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
    Diagnostic { code: Cow::Borrowed(meta.code), severity: Severity::Hint, span, message: message.into() }
}

#[cfg(test)]
mod tests;
