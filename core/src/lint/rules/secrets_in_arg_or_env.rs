//! SecretsUsedInArgOrEnv: ARG or ENV names that look like secrets (BuildKit's check).

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "SecretsUsedInArgOrEnv",
        name: "secrets-used-in-arg-or-env",
        summary: "Do not use ARG or ENV instructions for sensitive data.",
        why: "ENV values are stored in the image config, and ARG values appear in clear text in `docker history` (`RUN |1 DB_PASSWORD=hunter2 …`). Anyone who can pull the image can read them. Use `RUN --mount=type=secret` instead.",
        bad: "FROM ubuntu:22.04\nARG DB_PASSWORD\nRUN echo connecting\n",
        good: "FROM ubuntu:22.04\nRUN --mount=type=secret,id=db_password echo connecting\n",
        lesson: "layers-and-history",
    },
    check,
};

const SECRET_WORDS: &[&str] =
    &["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];

/// Whether a variable name looks secret: one of its `_`-separated words is a secret word, and none is
/// `public`.
pub(super) fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').collect();
    words.iter().any(|w| SECRET_WORDS.contains(w)) && !words.contains(&"public")
}

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for ins in &dockerfile.instructions {
        let (kind, names): (&str, Vec<&crate::instruction::Spanned<crate::text::Text>>) = match &ins.command {
            Command::Arg(arg) => ("ARG", arg.args.iter().map(|a| &a.name).collect()),
            Command::Env(env) => ("ENV", env.pairs.iter().map(|kv| &kv.key).collect()),
            _ => continue,
        };
        for name in names {
            if looks_secret(&name.value) {
                out.push(hint(
                    &RULE.meta,
                    name.span,
                    format!("Do not use ARG or ENV instructions for sensitive data ({kind} \"{}\")", name.value),
                ));
            }
        }
    }
}
