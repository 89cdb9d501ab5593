//! Programs that run another program: `timeout`, `nohup` and `nice` (GNU coreutils, and BusyBox's
//! `timeout`). Each finds its command on `PATH` like `env` does and fails in its own words when it
//! cannot.
//!
//! `timeout` gives its command a deadline on the simulated clock: a command still running then is
//! stopped with SIGTERM (GNU's exit status 124, BusyBox's 143). A command that spins without
//! sleeping is stopped after as many steps as the deadline has milliseconds.

use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// Runs `timeout`, `nohup` or `nice`.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    match name {
        "timeout" => timeout(m, p),
        "nohup" => nohup(m, p),
        _ => nice(m, p),
    }
}

/// Runs `argv` found on `PATH` with the caller's environment and streams; `tool` names the wrapper in
/// the error when there is no such program (exit 127, or 126 when it cannot be run).
fn exec(m: &mut Machine, p: &Proc, tool: &str, argv: &[String]) -> Result<i32, Ctrl> {
    let path_var = p.var("PATH").unwrap_or(crate::sh::DEFAULT_PATH).to_string();
    match crate::sh::exec::lookup(m.fs, &path_var, &p.cwd, &argv[0]) {
        crate::sh::exec::Lookup::Found(path) => {
            crate::sh::exec::exec_file(m, &path, argv, p.env.clone(), &p.cwd.clone(), &p.io.clone())
        }
        lookup => {
            let (reason, status) = match lookup {
                crate::sh::exec::Lookup::Denied | crate::sh::exec::Lookup::IsDir => ("Permission denied", 126),
                _ => ("No such file or directory", 127),
            };
            if p.busybox {
                p.err(m, &format!("{tool}: can't execute '{}': {reason}", argv[0]));
            } else {
                p.err(m, &format!("{tool}: failed to run command '{}': {reason}", argv[0]));
            }
            Ok(status)
        }
    }
}

/// `timeout [-s SIGNAL] [-k DURATION] DURATION COMMAND [ARG]...`.
fn timeout(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let mut idx = 0;
    while idx < args.len() && args[idx].starts_with('-') && args[idx].len() > 1 {
        match args[idx].as_str() {
            "-s" | "-k" | "--signal" | "--kill-after" => idx += 2,
            "--" => {
                idx += 1;
                break;
            }
            _ => idx += 1,
        }
    }
    let Some(duration) = args.get(idx) else {
        usage(m, p, "timeout", "missing operand");
        return Ok(125);
    };
    let Some(ms) = super::sys::interval_ms(duration) else {
        if p.busybox {
            p.err(m, &format!("timeout: invalid number '{duration}'"));
            return Ok(1);
        }
        p.err(m, &format!("timeout: invalid time interval '{duration}'"));
        p.err(m, "Try 'timeout --help' for more information.");
        return Ok(125);
    };
    let argv = args[idx + 1..].to_vec();
    if argv.is_empty() {
        usage(m, p, "timeout", &format!("missing operand after '{duration}'"));
        return Ok(125);
    }
    // A zero duration means no limit.
    if ms == 0 || ms == u64::MAX {
        return exec(m, p, "timeout", &argv);
    }
    let start = m.clock_ms;
    let deadline = start.saturating_add(ms);
    let outer_deadline = m.deadline;
    let outer_budget = m.budget;
    let child_budget = outer_budget.min(ms);
    m.deadline = Some(outer_deadline.map_or(deadline, |outer| outer.min(deadline)));
    m.budget = child_budget;
    let result = exec(m, p, "timeout", &argv);
    let used = child_budget - m.budget;
    m.deadline = outer_deadline;
    m.budget = outer_budget - used;
    let killed = |m: &mut Machine| {
        m.clock_ms = deadline;
        Ok(if p.busybox { 143 } else { 124 })
    };
    match result {
        // The deadline (or the steps it allows) ran out first, and not the caller's own budget.
        Err(Ctrl::Hung)
            if (m.clock_ms >= deadline || child_budget < outer_budget)
                && outer_deadline.is_none_or(|d| d > deadline) =>
        {
            killed(m)
        }
        // A server or `sleep infinity` runs until the deadline.
        Err(Ctrl::Serving(_)) => killed(m),
        other => other,
    }
}

/// `nohup COMMAND [ARG]...`: the command ignores hangups. Output to a terminal goes to `nohup.out`.
fn nohup(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let argv: Vec<String> = p.args().iter().skip_while(|a| *a == "--").cloned().collect();
    if argv.is_empty() {
        usage(m, p, "nohup", "missing operand");
        return Ok(125);
    }
    if !(m.tty && matches!(p.io.out, crate::sh::machine::Sink::Term(_))) {
        return exec(m, p, "nohup", &argv);
    }
    p.err(m, "nohup: ignoring input and appending output to 'nohup.out'");
    let buf = m.new_buf();
    let mut child = p.clone();
    child.io.out = crate::sh::machine::Sink::Buf(buf);
    child.io.stdin = None;
    let result = exec(m, &child, "nohup", &argv);
    let text = m.take_buf(buf);
    let path = p.path("nohup.out");
    let old = m.read_text(&path).unwrap_or_default();
    let _ = m.write_text(&path, &format!("{old}{text}"));
    result
}

/// `nice [-n N] COMMAND [ARG]...`; alone it prints the current niceness.
fn nice(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let mut idx = 0;
    while let Some(arg) = args.get(idx) {
        match arg.as_str() {
            "-n" | "--adjustment" => idx += 2,
            "--" => {
                idx += 1;
                break;
            }
            other if other.starts_with('-') && other.len() > 1 => idx += 1,
            _ => break,
        }
    }
    let argv = args.get(idx..).unwrap_or_default().to_vec();
    if argv.is_empty() {
        p.out(m, "0");
        return Ok(0);
    }
    exec(m, p, "nice", &argv)
}

/// A GNU usage error: the problem and the pointer to `--help` (BusyBox prints its usage instead,
/// shortened here to the synopsis).
fn usage(m: &mut Machine, p: &Proc, tool: &str, problem: &str) {
    if p.busybox {
        p.err(m, "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.");
        p.err(m, "");
        let synopsis = match tool {
            "timeout" => "[-s SIG] [-k KILL_SECS] SECS PROG ARGS",
            "nice" => "[-n ADJUST] [PROG ARGS]",
            _ => "PROG ARGS",
        };
        p.err(m, &format!("Usage: {tool} {synopsis}"));
        return;
    }
    p.err(m, &format!("{tool}: {problem}"));
    p.err(m, &format!("Try '{tool} --help' for more information."));
}
