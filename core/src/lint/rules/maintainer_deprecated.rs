//! MaintainerDeprecated: BuildKit's check for the MAINTAINER instruction; the parser emits it, this
//! rule carries its documentation.

use crate::lint::{Rule, RuleMeta};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "MaintainerDeprecated",
        name: "maintainer-deprecated",
        summary: "The MAINTAINER instruction is deprecated.",
        why: "MAINTAINER only sets the image's `author` field. A label is searchable and standard: `LABEL org.opencontainers.image.authors=\"you@example.com\"`.",
        bad: "FROM ubuntu:22.04\nMAINTAINER me@example.com\n",
        good: "FROM ubuntu:22.04\nLABEL org.opencontainers.image.authors=\"me@example.com\"\n",
        lesson: "layers-and-history",
    },
    check,
};

fn check(_dockerfile: &crate::Dockerfile, _source: &str, _out: &mut Vec<crate::Diagnostic>) {}
