//! The rule registry and the helpers rules share: stages, RUN scripts, base images.

mod add_instead_of_copy;
mod apt_get_without_yes;
mod apt_lists_not_deleted;
mod apt_no_install_recommends;
mod apt_pin_versions;
mod consecutive_run;
mod env_assignment_space;
mod json_args_recommended;
mod last_user_root;
mod latest_tag;
mod maintainer_deprecated;
mod pip_no_cache_dir;
mod pip_pin_versions;
mod pip_without_pip;
mod pipefail;
mod secrets_in_arg_or_env;
mod stage_name_casing;
mod undefined_var;
mod untagged_base_image;

use super::{Rule, SimpleCommand, simple_commands};
use crate::dockerfile::Dockerfile;
use crate::instruction::{Command, CommandLine, Instruction};

/// Every rule.
pub(super) const ALL: &[Rule] = &[
    last_user_root::RULE,
    untagged_base_image::RULE,
    latest_tag::RULE,
    apt_pin_versions::RULE,
    apt_lists_not_deleted::RULE,
    pip_pin_versions::RULE,
    apt_no_install_recommends::RULE,
    add_instead_of_copy::RULE,
    json_args_recommended::RULE,
    pip_no_cache_dir::RULE,
    consecutive_run::RULE,
    pipefail::RULE,
    maintainer_deprecated::RULE,
    stage_name_casing::RULE,
    undefined_var::RULE,
    secrets_in_arg_or_env::RULE,
    apt_get_without_yes::RULE,
    pip_without_pip::RULE,
    env_assignment_space::RULE,
];

/// The instructions of each stage, FROM first.
fn stages(dockerfile: &Dockerfile) -> Vec<&[Instruction]> {
    let instructions = &dockerfile.instructions;
    let starts: Vec<usize> = instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.command, Command::From(_)))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(instructions.len());
            &instructions[start..end]
        })
        .collect()
}

/// The shell text of a shell-form RUN.
fn run_script(ins: &Instruction) -> Option<&str> {
    match &ins.command {
        Command::Run(run) => match &run.command {
            CommandLine::Shell(text) => Some(text.value.as_str()),
            CommandLine::Exec(_) => None,
        },
        _ => None,
    }
}

/// The simple commands of every shell-form RUN, with their instruction.
fn run_commands(dockerfile: &Dockerfile) -> Vec<(&Instruction, Vec<SimpleCommand>)> {
    dockerfile.instructions.iter().filter_map(|ins| run_script(ins).map(|s| (ins, simple_commands(s)))).collect()
}

/// Whether a command is `apt-get install` / `apt install`, and its package words.
fn apt_install(cmd: &SimpleCommand) -> Option<Vec<&str>> {
    let program = cmd.program().rsplit('/').next().unwrap_or("");
    if !matches!(program, "apt-get" | "apt") {
        return None;
    }
    let mut words = cmd.words[1..].iter().map(String::as_str).filter(|w| !w.starts_with('-'));
    if words.next() != Some("install") {
        return None;
    }
    Some(words.collect())
}

/// Whether a command is `pip install` (pip, pip3, python -m pip), and its arguments after `install`.
fn pip_install(cmd: &SimpleCommand) -> Option<Vec<&str>> {
    let words: Vec<&str> = cmd.words.iter().map(String::as_str).collect();
    let program = words.first().map(|p| p.rsplit('/').next().unwrap_or(p)).unwrap_or("");
    let rest: &[&str] = if matches!(program, "pip" | "pip3") {
        &words[1..]
    } else if program.starts_with("python") && words.get(1) == Some(&"-m") && matches!(words.get(2), Some(&"pip")) {
        &words[3..]
    } else {
        return None;
    };
    let position = rest.iter().position(|w| *w == "install")?;
    Some(rest[position + 1..].to_vec())
}
