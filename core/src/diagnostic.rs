//! [`Diagnostic`]: the one shape for parse errors, build-check warnings and lint findings.
//!
//! Diagnostics are data, never `Err` values: `parse` returns them beside the tree, and the UI
//! underlines their spans. `code` is stable (BuildKit's check name where one exists, such as
//! `JSONArgsRecommended`, or our own kebab-case name for parse errors), and `message` is the text
//! Docker prints.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::text::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// BuildKit rejects the Dockerfile.
    Error,
    /// BuildKit builds it but warns (a build check).
    Warning,
    /// Advice from our own lint rules.
    Hint,
}

/// One finding about a span of the source text.
///
/// The code, and the message where it is fixed text, are borrowed `'static` strings, so most
/// diagnostics allocate nothing; a message built from the source is owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable identifier, e.g. `unknown-instruction` or `JSONArgsRecommended`.
    pub code: Cow<'static, str>,
    /// Error, warning or hint.
    pub severity: Severity,
    /// Where in the text the problem is.
    pub span: Span,
    /// The message, in Docker's words where Docker has words for it.
    pub message: Cow<'static, str>,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(code: &'static str, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        Diagnostic { code: Cow::Borrowed(code), severity: Severity::Error, span, message: message.into() }
    }

    /// A warning diagnostic.
    pub fn warning(code: &'static str, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        Diagnostic { code: Cow::Borrowed(code), severity: Severity::Warning, span, message: message.into() }
    }

    /// Whether this diagnostic stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
