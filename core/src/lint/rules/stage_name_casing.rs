//! StageNameCasing: BuildKit's check that stage names are lowercase; the parser emits it, this rule
//! carries its documentation.

use crate::lint::{Rule, RuleMeta};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "StageNameCasing",
        name: "stage-name-casing",
        summary: "Stage names should be lowercase.",
        why: "Stage names are matched case-insensitively, but image references must be lowercase, so `FROM Builder` looks like an image name and `--target Builder` reads like something else. Lowercase names avoid both surprises.",
        bad: "FROM golang:1.23 AS Builder\nRUN echo build\n",
        good: "FROM golang:1.23 AS builder\nRUN echo build\n",
        lesson: "multi-stage",
    },
    check,
};

fn check(_dockerfile: &crate::Dockerfile, _source: &str, _out: &mut Vec<crate::Diagnostic>) {}
