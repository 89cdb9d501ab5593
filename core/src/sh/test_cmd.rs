//! `test` and `[`: file tests, string and integer comparisons, `!`, `-a` and `-o`.
//!
//! Errors follow dash: `[: missing ]`, `test: Illegal number: x`, `[: x: unexpected operator`
//! (status 2).

use super::interp::Dialect;
use super::machine::{Io, Machine};
use crate::fs::normalize;

/// Runs `test` (or `[`, which needs a closing `]`).
pub(crate) fn run(m: &mut Machine, io: &Io, name: &str, args: &[String], cwd: &str, dialect: Dialect) -> i32 {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if name == "[" {
        if args.last() != Some(&"]") {
            let msg = match dialect {
                Dialect::Bash => "[: missing `]'".to_string(),
                _ => "[: missing ]".to_string(),
            };
            m.err(io, &msg);
            return 2;
        }
        args.pop();
    }
    match eval_or(m, &args, cwd) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(msg) => {
            m.err(io, &format!("{name}: {msg}"));
            2
        }
    }
}

fn eval_or(m: &Machine, args: &[&str], cwd: &str) -> Result<bool, String> {
    if let Some(pos) = args.iter().position(|a| *a == "-o")
        && pos > 0
        && pos + 1 < args.len()
    {
        return Ok(eval_or(m, &args[..pos], cwd)? || eval_or(m, &args[pos + 1..], cwd)?);
    }
    if let Some(pos) = args.iter().position(|a| *a == "-a")
        && pos > 0
        && pos + 1 < args.len()
    {
        return Ok(eval_or(m, &args[..pos], cwd)? && eval_or(m, &args[pos + 1..], cwd)?);
    }
    eval(m, args, cwd)
}

fn eval(m: &Machine, args: &[&str], cwd: &str) -> Result<bool, String> {
    match args {
        [] => Ok(false),
        [one] => Ok(!one.is_empty()),
        ["!", rest @ ..] => Ok(!eval(m, rest, cwd)?),
        ["(", inner @ .., ")"] => eval_or(m, inner, cwd),
        [op, operand] => unary(m, op, operand, cwd),
        [lhs, op, rhs] => binary(m, lhs, op, rhs, cwd),
        _ => Err(format!("{}: unexpected operator", args[1])),
    }
}

fn unary(m: &Machine, op: &str, operand: &str, cwd: &str) -> Result<bool, String> {
    let path = normalize(cwd, operand);
    Ok(match op {
        "-n" => !operand.is_empty(),
        "-z" => operand.is_empty(),
        "-e" => m.fs.stat(&path).is_some(),
        "-f" => m.fs.stat(&path).is_some_and(|e| e.is_file()),
        "-d" => m.fs.stat(&path).is_some_and(|e| e.is_dir()),
        "-L" | "-h" => m.fs.lstat(&path).is_some_and(|e| e.is_symlink()),
        "-s" => m.fs.stat(&path).is_some_and(|e| e.size() > 0),
        "-x" => m.fs.stat(&path).is_some_and(|e| e.mode & 0o111 != 0),
        "-r" | "-w" => m.fs.stat(&path).is_some(),
        "-t" => false,
        _ => return Err(format!("{op}: unexpected operator")),
    })
}

fn number(text: &str) -> Result<i64, String> {
    text.trim().parse().map_err(|_| format!("Illegal number: {text}"))
}

fn binary(m: &Machine, lhs: &str, op: &str, rhs: &str, cwd: &str) -> Result<bool, String> {
    Ok(match op {
        "=" | "==" => lhs == rhs,
        "!=" => lhs != rhs,
        "<" => lhs < rhs,
        ">" => lhs > rhs,
        "-eq" => number(lhs)? == number(rhs)?,
        "-ne" => number(lhs)? != number(rhs)?,
        "-lt" => number(lhs)? < number(rhs)?,
        "-le" => number(lhs)? <= number(rhs)?,
        "-gt" => number(lhs)? > number(rhs)?,
        "-ge" => number(lhs)? >= number(rhs)?,
        "-nt" | "-ot" => {
            let _ = (m, cwd);
            false
        }
        _ => return Err(format!("{op}: unexpected operator")),
    })
}
