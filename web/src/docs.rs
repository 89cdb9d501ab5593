//! Hover docs: one or two sentences about each Dockerfile instruction and each instruction flag, as
//! data. [`line_docs`] picks the entries for one line of the editor (the keyword of the instruction
//! covering it, then its flags), so the editor only renders what it gets.

use layerlab_core::Parse;

/// Explanations of the instructions, keyed by the upper-case keyword.
pub const INSTRUCTIONS: &[(&str, &str)] = &[
    (
        "FROM",
        "Starts a build stage from a base image: its layers and config are where this image begins. `AS name` names the stage so later stages can copy from it.",
    ),
    (
        "RUN",
        "Runs a command in a container of the image so far and saves the files it changed as a new layer. The cache reuses that layer while the instruction and everything before it stay the same.",
    ),
    (
        "CMD",
        "The default command (or the default arguments of ENTRYPOINT) a container runs. Anything typed after the image name in docker run replaces it; only the last CMD counts.",
    ),
    ("LABEL", "Adds key=value metadata to the image config. It changes no files, so it adds no layer."),
    ("EXPOSE", "Documents the port the application listens on. It publishes nothing: docker run -p does that."),
    (
        "ENV",
        "Sets an environment variable for the later instructions and for containers run from the image. It is kept in the image config.",
    ),
    (
        "ADD",
        "Copies files into the image like COPY, but also fetches URLs and unpacks local tar archives. Prefer COPY unless you need those.",
    ),
    (
        "COPY",
        "Copies files from the build context (or another stage with --from) into the image as a new layer. The cache checks the copied files' contents.",
    ),
    (
        "ENTRYPOINT",
        "The executable a container always runs; CMD and the docker run arguments are passed to it. Use the exec (JSON) form so signals reach your process.",
    ),
    (
        "VOLUME",
        "Marks a directory as a mount point for data that lives outside the container's writable layer. Changes to it after this instruction are discarded by the build.",
    ),
    (
        "USER",
        "Sets the user (and group) the later RUN instructions and the container run as. Running as a non-root user limits the damage a compromised process can do.",
    ),
    (
        "WORKDIR",
        "Sets the working directory for the later instructions and the container, creating it if needed. Relative paths in COPY and RUN start here.",
    ),
    (
        "ARG",
        "Declares a build-time variable, set with docker build --build-arg. It is not kept in the image's environment, but its value does change the cache key of later RUNs.",
    ),
    (
        "ONBUILD",
        "Registers an instruction that runs later, when another Dockerfile uses this image in its FROM. Nothing happens in this build.",
    ),
    ("STOPSIGNAL", "The signal docker stop sends to the container's main process (SIGTERM by default)."),
    (
        "HEALTHCHECK",
        "A command Docker runs periodically inside the container to decide whether it is healthy. HEALTHCHECK NONE turns off an inherited check.",
    ),
    ("SHELL", "Changes the shell that shell-form RUN, CMD and ENTRYPOINT use (default [\"/bin/sh\", \"-c\"])."),
    ("MAINTAINER", "Deprecated: the image author. Use LABEL org.opencontainers.image.authors=… instead."),
];

/// Explanations of the flags, keyed by the flag with its dashes.
pub const FLAGS: &[(&str, &str)] = &[
    (
        "--from",
        "COPY --from takes files from another build stage or image instead of the build context; FROM --platform… is a different flag.",
    ),
    ("--chown", "Sets the owner (user:group) of the copied files, instead of root."),
    ("--chmod", "Sets the permission bits of the copied files."),
    (
        "--link",
        "Copies into an independent layer that does not depend on the layers below, so it stays cached when the base image changes.",
    ),
    (
        "--mount",
        "RUN --mount attaches a cache, a secret, an SSH agent or a bind mount for this command only; nothing mounted ends up in the layer.",
    ),
    ("--network", "RUN --network=none runs the command without network access (default: the build's network)."),
    ("--platform", "Picks the platform (such as linux/arm64) of the base image in FROM."),
    ("--parents", "COPY --parents keeps the source files' parent directories under the destination."),
    ("--exclude", "Leaves out the files matching this pattern from the COPY or ADD."),
    ("--checksum", "ADD --checksum=sha256:… verifies a downloaded file; the build fails if it does not match."),
    ("--keep-git-dir", "ADD of a Git repository keeps its .git directory."),
    ("--interval", "HEALTHCHECK: the time between two checks (default 30s)."),
    ("--timeout", "HEALTHCHECK: a check that takes longer than this fails (default 30s)."),
    ("--start-period", "HEALTHCHECK: failures during this start-up time do not count (default 0s)."),
    ("--retries", "HEALTHCHECK: how many failures in a row make the container unhealthy (default 3)."),
];

/// The explanation of an instruction keyword (any case).
pub fn instruction(keyword: &str) -> Option<&'static str> {
    INSTRUCTIONS.iter().find(|(k, _)| k.eq_ignore_ascii_case(keyword)).map(|(_, text)| *text)
}

/// The explanation of a flag, given with or without its dashes.
pub fn flag(name: &str) -> Option<&'static str> {
    let name = name.trim_start_matches('-');
    FLAGS.iter().find(|(f, _)| f[2..].eq_ignore_ascii_case(name)).map(|(_, text)| *text)
}

/// The docs for a 1-based editor line: the keyword of the instruction covering it (and the wrapped
/// keyword of ONBUILD), then each documented flag of that instruction, as `(term, explanation)`.
pub fn line_docs(parse: &Parse, source: &str, line: usize) -> Vec<(String, &'static str)> {
    let Some(it) = parse.dockerfile.instructions.iter().find(|i| (i.start_line..=i.end_line).contains(&line)) else {
        return Vec::new();
    };
    let keyword = it.keyword.value.to_ascii_uppercase();
    let mut out: Vec<(String, &'static str)> =
        instruction(&keyword).map(|text| (keyword.clone(), text)).into_iter().collect();
    if keyword == "ONBUILD" {
        let rest = source.get(it.keyword.span.end..it.span.end.min(source.len())).unwrap_or("");
        if let Some(inner) =
            rest.split_whitespace().next().and_then(|w| instruction(w).map(|t| (w.to_ascii_uppercase(), t)))
        {
            out.push(inner);
        }
    }
    for f in &it.flags {
        let term = format!("--{}", f.name.to_ascii_lowercase());
        if let Some(text) = flag(&term).filter(|_| !out.iter().any(|(t, _)| *t == term)) {
            out.push((term, text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_and_flag_is_documented() {
        for keyword in [
            "FROM",
            "RUN",
            "CMD",
            "LABEL",
            "EXPOSE",
            "ENV",
            "ADD",
            "COPY",
            "ENTRYPOINT",
            "VOLUME",
            "USER",
            "WORKDIR",
            "ARG",
            "ONBUILD",
            "STOPSIGNAL",
            "HEALTHCHECK",
            "SHELL",
            "MAINTAINER",
        ] {
            assert!(instruction(keyword).is_some(), "{keyword}");
        }
        for name in [
            "from",
            "chown",
            "chmod",
            "link",
            "mount",
            "network",
            "platform",
            "parents",
            "exclude",
            "checksum",
            "keep-git-dir",
            "interval",
            "timeout",
            "start-period",
            "retries",
        ] {
            assert!(flag(name).is_some(), "{name}");
        }
    }

    #[test]
    fn a_line_gets_its_keyword_and_flags() {
        let source = "FROM alpine:3.20 AS build\nCOPY --from=build --chown=app:app \\\n  /out /app\n";
        let parse = layerlab_core::parse(source);
        let terms = |line| line_docs(&parse, source, line).into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" ");
        assert_eq!(terms(1), "FROM");
        assert_eq!(terms(3), "COPY --from --chown");
        assert_eq!(terms(4), "");
    }
}
