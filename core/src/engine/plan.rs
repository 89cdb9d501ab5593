//! Build planning: splits the Dockerfile into stages, resolves global ARGs in `FROM`, picks the target
//! stage and the stages it needs (BuildKit skips the others, S-CACHE-7), and numbers the steps
//! (`[i/N]`, S-OUT-2).

use crate::dockerfile::Dockerfile;
use crate::image_ref::ImageRef;
use crate::instruction::{Command, Instruction};
use crate::words;

use super::BuildError;

/// What a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseRef {
    /// `FROM scratch`.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// An image (local or from the registry).
    Image(ImageRef),
}

/// One stage of the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagePlan {
    /// 0-based stage index.
    pub index: usize,
    /// The lower-cased `AS` name.
    pub name: Option<String>,
    /// The index of its FROM instruction.
    pub from: usize,
    /// The indices of its other instructions.
    pub body: Vec<usize>,
    /// What it starts from.
    pub base: BaseRef,
    /// The expanded image text of the FROM line.
    pub base_text: String,
    /// Whether the target needs it.
    pub needed: bool,
}

/// The plan of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Global ARGs (before the first FROM) with their values.
    pub global_args: Vec<(String, Option<String>)>,
    /// The stages.
    pub stages: Vec<StagePlan>,
    /// The index of the target stage.
    pub target: usize,
}

impl Plan {
    /// The progress prefix of a stage: none in a one-stage Dockerfile, else its name or `stage-N`.
    pub fn prefix(&self, stage: usize) -> Option<String> {
        if self.stages.len() < 2 {
            return None;
        }
        Some(self.stages[stage].name.clone().unwrap_or_else(|| format!("stage-{stage}")))
    }

    /// Finds a stage by name (case-insensitive) or index text, as `COPY --from` and `FROM` refer to it.
    pub fn stage_by_ref(&self, text: &str, before: usize) -> Option<usize> {
        let lower = text.to_ascii_lowercase();
        if let Some(s) = self.stages[..before.min(self.stages.len())].iter().find(|s| s.name.as_deref() == Some(&lower))
        {
            return Some(s.index);
        }
        text.parse::<usize>().ok().filter(|&i| i < before)
    }
}

/// Whether an instruction is a numbered BuildKit step.
pub fn is_layer_step(command: &Command) -> bool {
    matches!(command, Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_))
}

/// Plans the build.
pub fn plan(
    dockerfile: &Dockerfile,
    build_args: &[(String, String)],
    target: Option<&str>,
) -> Result<Plan, BuildError> {
    let instructions = &dockerfile.instructions;
    let mut global_args: Vec<(String, Option<String>)> = Vec::new();
    let mut stages: Vec<StagePlan> = Vec::new();
    for (i, ins) in instructions.iter().enumerate() {
        match &ins.command {
            Command::From(from) => {
                let lookup = |name: &str| lookup_arg(&global_args, name);
                let image = words::expand_word(&from.image.value, dockerfile.escape, &lookup)
                    .map_err(|e| BuildError::dockerfile(e.to_string(), ins))?;
                if image.is_empty() {
                    return Err(BuildError::dockerfile(
                        format!("base name ({}) should not be blank", from.image.value),
                        ins,
                    ));
                }
                let name = from.alias.as_ref().map(|a| a.value.to_ascii_lowercase());
                let index = stages.len();
                let lower = image.to_ascii_lowercase();
                let base = if lower == "scratch" {
                    BaseRef::Scratch
                } else if let Some(s) = stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
                    BaseRef::Stage(s.index)
                } else {
                    let reference = ImageRef::parse(&image).map_err(|e| {
                        BuildError::dockerfile(format!("failed to parse stage name \"{image}\": {e}"), ins)
                    })?;
                    BaseRef::Image(reference)
                };
                stages.push(StagePlan {
                    index,
                    name,
                    from: i,
                    body: Vec::new(),
                    base,
                    base_text: image,
                    needed: false,
                });
            }
            Command::Arg(arg) if stages.is_empty() => {
                for decl in &arg.args {
                    let name = decl.name.value.to_string();
                    let value = match build_args.iter().rev().find(|(k, _)| *k == name) {
                        Some((_, v)) => Some(v.clone()),
                        None => match &decl.default {
                            Some(d) => {
                                let lookup = |n: &str| lookup_arg(&global_args, n);
                                Some(
                                    words::expand_word(&d.value, dockerfile.escape, &lookup)
                                        .map_err(|e| BuildError::dockerfile(e.to_string(), ins))?,
                                )
                            }
                            None => None,
                        },
                    };
                    global_args.retain(|(k, _)| *k != name);
                    global_args.push((name, value));
                }
            }
            _ => match stages.last_mut() {
                Some(stage) => stage.body.push(i),
                None => return Err(BuildError::dockerfile("no build stage in current context".to_string(), ins)),
            },
        }
    }
    if stages.is_empty() {
        return Err(BuildError::Definition {
            message: "dockerfile contains no stages to build".to_string(),
            lines: None,
        });
    }
    let target_index = match target {
        None => stages.len() - 1,
        Some(t) => {
            let lower = t.to_ascii_lowercase();
            match stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
                Some(s) => s.index,
                None => {
                    let names: Vec<&str> = stages.iter().filter_map(|s| s.name.as_deref()).collect();
                    let hint = crate::dockerfile::suggest::search(&lower, &names, false)
                        .map(|s| format!(" (did you mean {s}?)"))
                        .unwrap_or_default();
                    return Err(BuildError::Definition {
                        message: format!("target stage \"{t}\" could not be found{hint}"),
                        lines: None,
                    });
                }
            }
        }
    };
    let mut plan = Plan { global_args, stages, target: target_index };
    mark_needed(&mut plan, instructions, target_index)?;
    Ok(plan)
}

fn lookup_arg(args: &[(String, Option<String>)], name: &str) -> Option<String> {
    args.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.clone())
}

/// Marks the target and, transitively, the stages it builds on or copies from.
fn mark_needed(plan: &mut Plan, instructions: &[Instruction], target: usize) -> Result<(), BuildError> {
    let mut todo = vec![target];
    while let Some(i) = todo.pop() {
        if plan.stages[i].needed {
            continue;
        }
        plan.stages[i].needed = true;
        if let BaseRef::Stage(s) = plan.stages[i].base {
            todo.push(s);
        }
        for &ins_index in &plan.stages[i].body.clone() {
            let ins = &instructions[ins_index];
            // BuildKit converts every instruction before it runs any step, so a malformed port fails
            // the build before the first step (words with variables are checked when they are known).
            if let Command::Expose(expose) = &ins.command {
                for word in expose.ports.iter().flat_map(|p| p.value.split_whitespace()).filter(|w| !w.contains('$')) {
                    super::history_text::exposed_ports(word).map_err(|e| BuildError::dockerfile(e, ins))?;
                }
            }
            if let Command::Copy(copy) = &ins.command
                && let Some(from) = &copy.from
            {
                if let Some(s) = plan.stage_by_ref(&from.value, i) {
                    todo.push(s);
                } else if let Some(later) = plan.stage_by_ref(&from.value, plan.stages.len()) {
                    let _ = later;
                    let current = plan.prefix(i).unwrap_or_else(|| format!("stage-{i}"));
                    return Err(BuildError::dockerfile(
                        format!(
                            "cannot copy from stage \"{}\", it needs to be defined before current stage \"{current}\"",
                            from.value
                        ),
                        ins,
                    ));
                }
            }
        }
    }
    Ok(())
}
