//! UndefinedVar: a variable used by the builder that no ENV or ARG defines (BuildKit's check).

use crate::image_ref::ImageRef;
use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};
use crate::words::expand_word_tracking;

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "UndefinedVar",
        name: "undefined-var",
        summary: "Usage of an undefined variable.",
        why: "The builder expands `$NAME` in ENV, COPY, WORKDIR and friends from the ENV and ARG values in scope, and an unset name becomes an empty string without error: `WORKDIR /srv/$APP` silently becomes `/srv/`.",
        bad: "FROM ubuntu:22.04\nWORKDIR /srv/$APP_DIR\n",
        good: "FROM ubuntu:22.04\nARG APP_DIR=web\nWORKDIR /srv/$APP_DIR\n",
        lesson: "instructions-and-arguments",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    let mut stage_env: Vec<(String, Vec<String>)> = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for ins in &dockerfile.instructions {
        let words: Vec<&crate::instruction::Spanned<crate::text::Text>> = match &ins.command {
            Command::From(from) => {
                let base = from.image.value.to_ascii_lowercase();
                known = stage_env
                    .iter()
                    .find(|(n, _)| *n == base)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_else(|| base_env(&base));
                if let Some(alias) = &from.alias {
                    stage_env.push((alias.value.to_ascii_lowercase(), Vec::new()));
                }
                continue;
            }
            Command::Arg(arg) => {
                known.extend(arg.args.iter().map(|a| a.name.value.to_string()));
                continue;
            }
            Command::Env(env) => env.pairs.iter().map(|kv| &kv.value).collect(),
            Command::Label(label) => label.pairs.iter().map(|kv| &kv.value).collect(),
            Command::Copy(c) => c.sources.iter().chain(std::iter::once(&c.dest)).collect(),
            Command::Add(a) => a.sources.iter().chain(std::iter::once(&a.dest)).collect(),
            Command::Workdir(w) => vec![&w.path],
            Command::User(u) => vec![&u.user],
            Command::Expose(e) => e.ports.iter().collect(),
            Command::Volume(v) => v.paths.iter().collect(),
            _ => continue,
        };
        let lookup = |name: &str| known.iter().any(|k| k == name).then(String::new);
        for word in words {
            if let Ok((_, unset)) = expand_word_tracking(&word.value, dockerfile.escape, &lookup) {
                for name in unset {
                    out.push(hint(&RULE.meta, word.span, format!("Usage of undefined variable '${name}'")));
                }
            }
        }
        if let Command::Env(env) = &ins.command {
            known.extend(env.pairs.iter().map(|kv| kv.key.value.to_string()));
        }
        if let Some(last) = stage_env.last_mut() {
            last.1 = known.clone();
        }
    }
}

/// The ENV names a catalog base image defines.
fn base_env(image: &str) -> Vec<String> {
    let mut names = vec!["PATH".to_string()];
    if let Ok(r) = ImageRef::parse(image)
        && let Some(entry) = crate::catalog::find(&r.with_default_tag())
    {
        // The names only: each entry's text before its `=` (all of it without one).
        names.extend(entry.config.env.iter().map(|kv| kv.split_once('=').map_or(kv.as_str(), |(k, _)| k).to_string()));
    }
    names
}
