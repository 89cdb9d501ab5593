//! `docker build`: the command line (S-CLI-1 to S-CLI-3), then the engine, rendered as BuildKit's plain
//! progress (S-OUT) or the classic builder's output.

use std::sync::Arc;

use super::args::{parse_flags, switch, value};
use super::images::usage_error;
use super::{CommandResult, Host};
use crate::engine::{Build, BuildInput, BuildOptions, BuildOutcome, Builder};
use crate::image_ref::{ImageRef, RefError};

const FLAGS: &[super::args::FlagSpec] = &[
    value("tag", Some('t')),
    value("file", Some('f')),
    value("build-arg", None),
    value("target", None),
    switch("no-cache", None),
    value("progress", None),
    switch("quiet", Some('q')),
    switch("pull", None),
    value("platform", None),
    value("network", None),
    switch("rm", None),
    switch("force-rm", None),
    value("label", None),
    value("iidfile", None),
    switch("load", None),
    value("no-cache-filter", None),
];

impl Host {
    /// Starts a build against this host's cache and images; drive it with [`Build::step`], then hand it
    /// back with [`Host::complete_build`]. The host's cache is lent to the build meanwhile.
    pub fn start_build(&mut self, input: BuildInput) -> Build {
        let world = std::mem::take(&mut self.world);
        Build::new(input, world)
    }

    /// Takes a finished (or abandoned) build back: the cache returns, the clock moves on, and a
    /// successful image is stored and tagged.
    pub fn complete_build(&mut self, build: Build) {
        self.now = self.now.plus_ms(build.elapsed_ms());
        let image = build.image().cloned();
        let tags: Vec<String> = build.input().options.tags.iter().map(ImageRef::familiar_tagged).collect();
        // The classic builder keeps every step's image, also when a later step failed (S-LAYER-5); its
        // last step's image is the built one, stored below with its tags.
        let last_step = image.as_ref().and_then(|i| i.history_ids.last().copied().flatten());
        for step in build.intermediates().iter().filter(|i| Some(i.id) != last_step) {
            self.store_image(step.clone(), &[]);
        }
        self.last_build = Some(Arc::new(build.clone()));
        self.world = build.into_world();
        if let Some(image) = image {
            self.store_image(image, &tags);
        }
    }

    /// The classic builder pulls base images like `docker pull`, so they end up tagged locally
    /// (S-INSTR-FROM).
    fn tag_classic_bases(&mut self, build: &Build) {
        let Some(plan_bases) = build.base_references() else { return };
        for reference in plan_bases {
            let tagged = reference.with_default_tag();
            if self.store.tags.contains_key(&tagged.familiar_tagged()) {
                continue;
            }
            if let Some(entry) = crate::catalog::find(&tagged) {
                let image = crate::catalog::resolve(entry).image;
                self.store_image(image, &[tagged.familiar_tagged()]);
            }
        }
    }

    pub(super) fn build(&mut self, words: &[String], builder: Builder) -> CommandResult {
        let mut r = CommandResult::default();
        let classic = builder == Builder::Classic;
        if classic {
            r.err("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.");
            r.err("            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0");
            r.err("            environment-variable.");
            r.err("");
        }
        let command = if classic { "docker build" } else { "docker buildx build" };
        let usage = format!("{command} [OPTIONS] PATH | URL | -");
        let parsed = match parse_flags(words, FLAGS, true) {
            Ok(p) => p,
            Err(e) => {
                let message = if classic { e.clone() } else { format!("ERROR: {e}") };
                usage_error(&mut r, &message, command, &usage, "Run");
                r.exit = if classic { 125 } else { 1 };
                return r;
            }
        };
        if parsed.args.len() != 1 {
            let message = format!("{}docker: '{command}' requires 1 argument", if classic { "" } else { "ERROR: " });
            usage_error(&mut r, &message, command, &usage, "Run");
            r.exit = 1;
            return r;
        }
        let context_arg = parsed.args[0].clone();
        let context_dir = crate::fs::normalize(&self.cwd, &context_arg);
        match self.fs.stat(&context_dir) {
            Some(e) if e.is_dir() => {}
            found => {
                if classic {
                    if found.is_some() {
                        r.err(format!("unable to prepare context: context must be a directory: {context_dir}"));
                    } else {
                        r.err(format!("unable to prepare context: unable to evaluate symlinks in context path: lstat {context_dir}: no such file or directory"));
                    }
                } else {
                    r.err(format!("ERROR: failed to build: unable to prepare context: path {context_arg:?} not found"));
                }
                r.exit = 1;
                return r;
            }
        }
        let mut tags = Vec::new();
        for tag in parsed.all("tag") {
            match ImageRef::parse(&tag) {
                Ok(t) => tags.push(t),
                Err(e) => {
                    if classic {
                        let message = format!("invalid argument {tag:?} for \"-t, --tag\" flag: {e}");
                        usage_error(&mut r, &message, command, &usage, "Run");
                        r.exit = 125;
                    } else {
                        let reason = match e {
                            RefError::Uppercase(_) => "repository name must be lowercase".to_string(),
                            other => other.to_string(),
                        };
                        r.err(format!("ERROR: failed to build: invalid tag {tag:?}: {reason}"));
                        r.exit = 1;
                    }
                    return r;
                }
            }
        }
        let (dockerfile_name, dockerfile_path) = match parsed.get("file") {
            Some(f) => (f.to_string(), crate::fs::normalize(&self.cwd, f)),
            None => {
                let upper = crate::fs::join(&context_dir, "Dockerfile");
                let lower = crate::fs::join(&context_dir, "dockerfile");
                if !self.fs.exists(&upper) && self.fs.exists(&lower) {
                    ("dockerfile".to_string(), lower)
                } else {
                    ("Dockerfile".to_string(), upper)
                }
            }
        };
        let dockerfile = match self.fs.read_file(&dockerfile_path) {
            Ok(content) => content.as_text().map(|t| t.into_owned()),
            Err(_) => None,
        };
        let Some(dockerfile) = dockerfile else {
            if classic {
                r.err(format!("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {dockerfile_path}: no such file or directory"));
            } else {
                let base = dockerfile_name.rsplit('/').next().unwrap_or(&dockerfile_name).to_string();
                r.err("#0 building with \"default\" instance using docker driver");
                r.err("");
                r.err(format!("#1 [internal] load build definition from {base}"));
                r.err("#1 transferring dockerfile: 2B done");
                r.err("#1 DONE 0.0s");
                r.err(format!("ERROR: failed to build: failed to solve: failed to read dockerfile: open {base}: no such file or directory"));
            }
            r.exit = 1;
            return r;
        };
        let mut build_args = Vec::new();
        for arg in parsed.all("build-arg") {
            match arg.split_once('=') {
                Some((k, v)) => build_args.push((k.to_string(), v.to_string())),
                None => {
                    if let Some(v) = self.env.get(&arg) {
                        build_args.push((arg.clone(), v.clone()));
                    }
                }
            }
        }
        let options = BuildOptions {
            dockerfile_name: dockerfile_name.clone(),
            tags: tags.clone(),
            build_args: build_args.clone(),
            target: parsed.get("target").map(str::to_string),
            no_cache: parsed.on("no-cache"),
            builder,
            network: self.sim.network && parsed.get("network") != Some("none"),
            crash_at: self.sim.crash_at.take(),
        };
        let context = self.read_context(&context_dir);
        let input = BuildInput { dockerfile: dockerfile.clone(), context, options, now: self.now };
        let mut build = self.start_build(input);
        build.drain();
        // buildx treats `--progress=quiet` as `-q`: no progress, and the image ID on stdout (S-CLI-2).
        let quiet = parsed.on("quiet") || (!classic && parsed.get("progress") == Some("quiet"));
        let mut failed_container = None;
        if classic {
            let mut classic_out = CommandResult::default();
            failed_container = super::images::render_classic_into(&build, &mut classic_out);
            let succeeded = matches!(build.outcome(), Some(BuildOutcome::Succeeded { .. }));
            if quiet && succeeded {
                // `-q` keeps the build's own output back (it is shown only if the build fails); the
                // CLI's deprecation notice still comes first.
                let notice = classic_out.lines.iter().take_while(|l| !l.text.starts_with("Sending build context"));
                r.lines.extend(notice.cloned());
            } else {
                r.lines.extend(classic_out.lines);
            }
        } else if !quiet {
            let mut printer = crate::output::PlainPrinter::new(&dockerfile, &dockerfile_name);
            for event in build.events() {
                for line in printer.push(event) {
                    r.err(line);
                }
            }
        }
        let outcome = build.outcome().cloned();
        let names: Vec<String> = tags.iter().map(ImageRef::familiar_tagged).collect();
        let unused =
            if classic { unused_build_args(&build_args, build.parse(), parsed.get("target")) } else { Vec::new() };
        if classic {
            self.tag_classic_bases(&build);
        }
        self.complete_build(build);
        if let Some(failed) = failed_container {
            self.leave_failed_container(failed);
        }
        match outcome {
            Some(BuildOutcome::Succeeded { image_id }) => {
                if quiet {
                    r.out(image_id.prefixed());
                }
                if classic && !quiet {
                    if !unused.is_empty() {
                        r.out(format!("[Warning] One or more build-args [{}] were not consumed", unused.join(" ")));
                    }
                    r.out(format!("Successfully built {}", image_id.short()));
                    for name in &names {
                        r.out(format!("Successfully tagged {name}"));
                    }
                }
                r.exit = 0;
            }
            Some(BuildOutcome::Failed { error }) if quiet && !classic => {
                // The quiet display drops the progress and the log block, but buildx's main still prints
                // the error's Dockerfile snippet before the ERROR line (S-OUT-4).
                let lines = match &error {
                    crate::engine::BuildError::Definition { lines, .. } => *lines,
                    crate::engine::BuildError::Step { lines, .. } => Some(*lines),
                    crate::engine::BuildError::Canceled => None,
                };
                if let Some((start, end)) = lines.filter(|(s, _)| *s > 0) {
                    for line in crate::output::snippet(&dockerfile, &dockerfile_name, start, end) {
                        r.err(line);
                    }
                }
                r.err(format!("ERROR: failed to build: failed to solve: {error}"));
                r.exit = 1;
            }
            Some(BuildOutcome::Failed { error: crate::engine::BuildError::Step { exit_code: Some(code), .. } })
                if classic =>
            {
                r.exit = code;
            }
            _ => r.exit = 1,
        }
        r
    }
}

/// The proxy variables every build accepts without an `ARG` (S-VAR-6).
const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The `--build-arg` names no `ARG` of the stages the classic builder ran declares, sorted (moby's
/// `WarnOnUnusedBuildArgs`, S-VAR-4, S-OUT-7): stages after `--target` do not run.
fn unused_build_args(
    build_args: &[(String, String)],
    parse: &crate::dockerfile::Parse,
    target: Option<&str>,
) -> Vec<String> {
    use crate::instruction::Command;
    let instructions = &parse.dockerfile.instructions;
    let end = crate::output::classic_end(&parse.dockerfile, target);
    let declared: Vec<&str> = instructions[..end]
        .iter()
        .flat_map(|ins| match &ins.command {
            Command::Arg(arg) => arg.args.iter().map(|d| d.name.value.as_str()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut unused: Vec<String> = build_args
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !declared.contains(&k.as_str()) && !PROXY_ARGS.contains(&k.as_str()))
        .collect();
    unused.sort();
    unused.dedup();
    unused
}
