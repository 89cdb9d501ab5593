//! System commands: `env`, `printenv`, `sleep`, `id`, `whoami`, `uname`, `hostname`, `date`,
//! `which`, `useradd`, `groupadd`, `adduser`, `addgroup`, `usermod`, `nproc`, `ps`, `kill`, `yes`.
//!
//! `sleep` advances the simulated clock (GNU messages, S-EP-8); `date` prints a fixed date, since
//! the core has no clock. User tools edit `/etc/passwd`, `/etc/group` and create home directories.

use super::files::{group_name, user_name};
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// The date every container believes it is (the core reads no clock).
pub(crate) const FIXED_DATE: &str = "Mon Jan  1 00:00:00 UTC 2024";

/// `env` and `printenv`.
pub(crate) fn env(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    if p.argv[0].ends_with("printenv") {
        if args.is_empty() {
            let lines: Vec<String> = p.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
            for line in lines {
                p.out(m, &line);
            }
            return Ok(0);
        }
        let mut status = 0;
        for name in &args {
            match p.env.get(name).cloned() {
                Some(value) => p.out(m, &value),
                None => status = 1,
            }
        }
        return Ok(status);
    }
    let mut env = p.env.clone();
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        if arg == "-i" {
            env.clear();
        } else if let Some((key, value)) = arg.split_once('=') {
            env.insert(key.to_string(), value.to_string());
        } else if arg == "-u" {
            if let Some(name) = args.get(idx + 1) {
                env.shift_remove(name);
            }
            idx += 1;
        } else {
            break;
        }
        idx += 1;
    }
    if idx >= args.len() {
        let lines: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for line in lines {
            p.out(m, &line);
        }
        return Ok(0);
    }
    let argv = args[idx..].to_vec();
    let path_var = env.get("PATH").cloned().unwrap_or_else(|| crate::sh::DEFAULT_PATH.to_string());
    match crate::sh::exec::lookup(m.fs, &path_var, &p.cwd, &argv[0]) {
        crate::sh::exec::Lookup::Found(path) => {
            crate::sh::exec::exec_file(m, &path, &argv, env, &p.cwd.clone(), &p.io.clone())
        }
        _ => {
            p.err(m, &format!("env: '{}': No such file or directory", argv[0]));
            Ok(127)
        }
    }
}

/// Parses a GNU sleep interval (`5`, `0.5`, `2m`, `1h`, `infinity`) into milliseconds.
pub(crate) fn interval_ms(text: &str) -> Option<u64> {
    if text == "infinity" || text == "inf" {
        return Some(u64::MAX);
    }
    let (number, factor) = match text.chars().last()? {
        's' => (&text[..text.len() - 1], 1000.0),
        'm' => (&text[..text.len() - 1], 60_000.0),
        'h' => (&text[..text.len() - 1], 3_600_000.0),
        'd' => (&text[..text.len() - 1], 86_400_000.0),
        _ => (text, 1000.0),
    };
    let value: f64 = number.parse().ok()?;
    (value >= 0.0 && value.is_finite()).then_some((value * factor) as u64)
}

/// GNU `sleep`'s command line (coreutils' `parse_gnu_standard_options_only`, `getopt_long` with no
/// short options): GNU permutes arguments, so an option anywhere before `--` counts, which is why
/// `ENTRYPOINT ["sleep"]` with a shell-form `CMD 5` (argv `sleep /bin/sh -c 5`) fails on `-c` rather
/// than on `/bin/sh` (S-EP-8). `--help` and `--version` may be abbreviated. Returns the operands, or the
/// exit status when an option ended the program.
fn gnu_operands(m: &mut Machine, p: &Proc, args: &[String]) -> Result<Vec<String>, i32> {
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            operands.extend(rest.by_ref().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            if !name.is_empty() && "help".starts_with(name) {
                p.out(m, SLEEP_HELP.trim_end_matches('\n'));
                return Err(0);
            }
            if !name.is_empty() && "version".starts_with(name) {
                let (version, year) = match m.distro.codename.as_str() {
                    "focal" => ("8.30", "2018"),
                    "jammy" => ("8.32", "2020"),
                    "bookworm" => ("9.1", "2022"),
                    _ => ("9.4", "2023"),
                };
                p.out(m, &format!("sleep (GNU coreutils) {version}\nCopyright (C) {year} Free Software Foundation, Inc.\n{GNU_LICENSE}\n\nWritten by Jim Meyering and Paul Eggert."));
                return Err(0);
            }
            p.err(m, &format!("sleep: unrecognized option '{arg}'"));
            p.err(m, "Try 'sleep --help' for more information.");
            return Err(1);
        }
        if arg.len() > 1 && arg.starts_with('-') {
            let option = arg.chars().nth(1).unwrap_or('-');
            p.err(m, &format!("sleep: invalid option -- '{option}'"));
            p.err(m, "Try 'sleep --help' for more information.");
            return Err(1);
        }
        operands.push(arg.clone());
    }
    Ok(operands)
}

/// The licence lines of a GNU program's `--version`.
const GNU_LICENSE: &str = "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n\
This is free software: you are free to change and redistribute it.\n\
There is NO WARRANTY, to the extent permitted by law.";

/// GNU coreutils' `sleep --help`.
const SLEEP_HELP: &str = "Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Full documentation <https://www.gnu.org/software/coreutils/sleep>
or available locally via: info '(coreutils) sleep invocation'
";

/// Runs one of the system commands.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let status = match name {
        "sleep" => {
            let operands = if p.busybox {
                if let Some(arg) = args
                    .iter()
                    .find(|a| a.starts_with('-') && a.len() > 1 && !a[1..].starts_with(|c: char| c.is_ascii_digit()))
                {
                    let option = arg.chars().nth(1).unwrap_or('-');
                    p.err(m, &format!("sleep: invalid option -- '{option}'"));
                    return Ok(1);
                }
                args.clone()
            } else {
                match gnu_operands(m, p, &args) {
                    Ok(operands) => operands,
                    Err(status) => return Ok(status),
                }
            };
            if operands.is_empty() {
                p.err(m, "sleep: missing operand");
                if !p.busybox {
                    p.err(m, "Try 'sleep --help' for more information.");
                }
                return Ok(1);
            }
            let mut total: u64 = 0;
            for arg in &operands {
                match interval_ms(arg) {
                    Some(ms) => total = total.saturating_add(ms),
                    None => {
                        if p.busybox {
                            p.err(m, &format!("sleep: invalid number '{arg}'"));
                        } else {
                            p.err(m, &format!("sleep: invalid time interval '{arg}'"));
                            p.err(m, "Try 'sleep --help' for more information.");
                        }
                        return Ok(1);
                    }
                }
            }
            if total == u64::MAX {
                return Err(Ctrl::Serving(crate::sh::Listener::idle("sleep")));
            }
            m.advance(total);
            // Long sleeps cost budget too, so `while true; do sleep 1; done` ends as Hung.
            m.spend(total / 1000)?;
            0
        }
        "id" => {
            let user = args.iter().find(|a| !a.starts_with('-')).cloned();
            let (uid, gid) = match &user {
                Some(name) => match user_entry(m, name) {
                    Some((uid, gid)) => (uid, gid),
                    None => {
                        p.err(m, &format!("id: '{name}': no such user"));
                        return Ok(1);
                    }
                },
                None => (m.uid, m.gid),
            };
            let (uname, gname) = (user_name(m, uid), group_name(m, gid));
            if args.iter().any(|a| a == "-u") {
                p.out(m, &uid.to_string());
            } else if args.iter().any(|a| a == "-un" || a == "-nu") {
                p.out(m, &uname);
            } else if args.iter().any(|a| a == "-g") {
                p.out(m, &gid.to_string());
            } else {
                // An ID without a name (`-u 1234`) prints bare, as coreutils and busybox do.
                let named = |id: u32, name: &str| {
                    if name == id.to_string() { name.to_string() } else { format!("{id}({name})") }
                };
                let (user, group) = (named(uid, &uname), named(gid, &gname));
                // The supplementary groups are the /etc/group lines that list the user (runc sets them
                // at start), in the kernel's numeric order after the primary group.
                let mut extra: Vec<(u32, String)> = m
                    .read_text("/etc/group")
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|line| {
                        let fields: Vec<&str> = line.split(':').collect();
                        let id = fields.get(2)?.parse::<u32>().ok()?;
                        let listed = fields.get(3)?.split(',').any(|member| member == uname);
                        (listed && id != gid && uname != uid.to_string()).then(|| (id, fields[0].to_string()))
                    })
                    .collect();
                extra.sort();
                let groups: Vec<String> =
                    std::iter::once(group.clone()).chain(extra.iter().map(|(id, name)| named(*id, name))).collect();
                p.out(m, &format!("uid={user} gid={group} groups={}", groups.join(",")));
            }
            0
        }
        "whoami" => {
            let uid = m.uid;
            let name = user_name(m, uid);
            if name == uid.to_string() {
                p.err(m, &format!("whoami: cannot find name for user ID {uid}"));
                return Ok(1);
            }
            p.out(m, &name);
            0
        }
        "uname" => {
            let all = args.iter().any(|a| a == "-a");
            let hostname = m.hostname.clone();
            if all {
                let os = if p.busybox { "Linux" } else { "GNU/Linux" };
                p.out(m, &format!("Linux {hostname} 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 {os}"));
            } else if args.iter().any(|a| a == "-m") {
                p.out(m, "x86_64");
            } else if args.iter().any(|a| a == "-r") {
                p.out(m, "6.8.0-45-generic");
            } else {
                p.out(m, "Linux");
            }
            0
        }
        "hostname" => {
            let hostname = m.hostname.clone();
            p.out(m, &hostname);
            0
        }
        "nproc" => {
            p.out(m, "2");
            0
        }
        "date" => {
            if let Some(format) = args.iter().find(|a| a.starts_with('+')) {
                let out = format[1..]
                    .replace("%Y", "2024")
                    .replace("%m", "01")
                    .replace("%d", "01")
                    .replace("%H", "00")
                    .replace("%M", "00")
                    .replace("%S", "00")
                    .replace("%s", "1704067200");
                p.out(m, &out);
            } else {
                p.out(m, FIXED_DATE);
            }
            0
        }
        "getent" => getent(m, p, &args),
        "which" => {
            let path_var = p.var("PATH").unwrap_or(crate::sh::DEFAULT_PATH).to_string();
            let mut status = 0;
            for name in args.iter().filter(|a| !a.starts_with('-')) {
                match crate::sh::exec::lookup(m.fs, &path_var, &p.cwd, name) {
                    crate::sh::exec::Lookup::Found(path) => p.out(m, &path),
                    _ => status = 1,
                }
            }
            status
        }
        "ps" => {
            p.out(m, "    PID TTY          TIME CMD");
            p.out(m, "      1 ?        00:00:00 sh");
            p.out(m, "      7 ?        00:00:00 ps");
            0
        }
        "kill" => 0,
        "yes" => {
            // `yes` never ends on its own. Into a pipe it fills the pipe's 64 KiB buffer, and the
            // reader's exit stops it with SIGPIPE (status 141), so `yes | head -3` prints three lines.
            let text = args.join(" ");
            let text = if args.is_empty() { "y".to_string() } else { text };
            if m.is_pipe(p.io.out) {
                for _ in 0..(PIPE_CAPACITY / (text.len() + 1)).max(1) {
                    p.out(m, &text);
                }
                return Ok(141);
            }
            for _ in 0..1000 {
                p.out(m, &text);
            }
            return Err(Ctrl::Hung);
        }
        "useradd" | "adduser" | "groupadd" | "addgroup" | "usermod" => users(m, name, p, &args),
        _ => 0,
    };
    Ok(status)
}

/// The bytes a Linux pipe holds before its writer blocks.
const PIPE_CAPACITY: usize = 64 * 1024;

/// `getent passwd|group|hosts [KEY…]`: the matching lines of the database, by name or number; exit 2
/// when a key is not found, as glibc's and musl's `getent` do.
fn getent(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let Some((database, keys)) = args.split_first() else {
        p.err(m, "Usage: getent [OPTION...] database [key ...]");
        return 1;
    };
    let (file, hosts) = match database.as_str() {
        "passwd" => ("/etc/passwd", false),
        "group" => ("/etc/group", false),
        "hosts" | "ahosts" => ("/etc/hosts", true),
        _ => {
            p.err(m, &format!("Unknown database: {database}"));
            p.err(m, "Try `getent --help' or `getent --usage' for more information.");
            return 1;
        }
    };
    let text = m.read_text(file).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).collect();
    if keys.is_empty() {
        for line in &lines {
            p.out(m, line);
        }
        return 0;
    }
    let mut status = 0;
    for key in keys {
        let found = if hosts {
            // An IPv6 line first, as glibc asks for AF_INET6 before AF_INET.
            let entries: Vec<Vec<&str>> = lines.iter().map(|l| l.split_whitespace().collect()).collect();
            let matching = |v6: bool| {
                entries.iter().find(|fields| {
                    fields.len() > 1
                        && fields[0].contains(':') == v6
                        && (fields[0] == key || fields[1..].contains(&key.as_str()))
                })
            };
            // Then Docker's DNS, for the containers on a shared user-defined network.
            let peer = || {
                let peer = m.peers.iter().find(|peer| m.network && peer.names.iter().any(|n| n == key))?;
                Some(format!("{:<15} {key}", peer.address))
            };
            matching(true)
                .or_else(|| matching(false))
                .map(|fields| format!("{:<15} {}", fields[0], fields[1..].join(" ")))
                .or_else(peer)
        } else {
            lines
                .iter()
                .find(|line| {
                    let mut fields = line.split(':');
                    let name = fields.next();
                    name == Some(key.as_str()) || fields.nth(1) == Some(key.as_str())
                })
                .map(|line| line.to_string())
        };
        match found {
            Some(line) => p.out(m, &line),
            None => status = 2,
        }
    }
    status
}

fn user_entry(m: &Machine, name: &str) -> Option<(u32, u32)> {
    let text = m.read_text("/etc/passwd")?;
    text.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        (f.len() >= 4 && (f[0] == name || f[2] == name))
            .then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
            .flatten()
    })
}

fn next_id(text: &str, from: u32) -> u32 {
    let used: Vec<u32> = text.lines().filter_map(|l| l.split(':').nth(2)?.parse().ok()).collect();
    (from..60_000).find(|id| !used.contains(id)).unwrap_or(from)
}

fn users(m: &mut Machine, name: &str, p: &Proc, args: &[String]) -> i32 {
    let mut system = false;
    let mut create_home = name == "adduser";
    let mut uid = None;
    let mut group = None;
    let mut shell = None;
    let mut home = None;
    let mut positional = Vec::new();
    let mut idx = 0;
    while idx < args.len() {
        let arg = args[idx].as_str();
        let value = args.get(idx + 1).cloned();
        match arg {
            "-r" | "--system" | "-S" => system = true,
            "-m" | "--create-home" => create_home = true,
            "-M" | "--no-create-home" | "-H" => create_home = false,
            "--gecos" | "-G" => idx += 1,
            "-D" | "--disabled-password" => {}
            "-u" | "--uid" | "-g" | "--gid" | "-s" | "--shell" | "-d" | "--home" | "--home-dir" | "--ingroup" => {
                match arg {
                    "-u" | "--uid" => uid = value.and_then(|v| v.parse::<u32>().ok()),
                    "-g" | "--gid" | "--ingroup" => group = value,
                    "-s" | "--shell" => shell = value,
                    _ => home = value,
                }
                idx += 1;
            }
            other if other.starts_with('-') => {}
            other => positional.push(other.to_string()),
        }
        idx += 1;
    }
    let Some(new_name) = positional.first().cloned() else {
        p.err(m, &format!("Usage: {name} [options] LOGIN"));
        return 2;
    };
    let passwd = m.read_text("/etc/passwd").unwrap_or_default();
    let groups = m.read_text("/etc/group").unwrap_or_default();
    let is_group_cmd = name == "groupadd" || name == "addgroup";
    if is_group_cmd {
        if groups.lines().any(|l| l.split(':').next() == Some(new_name.as_str())) {
            p.err(m, &format!("{name}: group '{new_name}' already exists"));
            return 9;
        }
        let gid = uid
            .or_else(|| group.as_ref().and_then(|g| g.parse().ok()))
            .unwrap_or_else(|| next_id(&groups, if system { 100 } else { 1000 }));
        let _ = m.write_text("/etc/group", &format!("{groups}{new_name}:x:{gid}:\n"));
        return 0;
    }
    if name == "usermod" {
        return 0;
    }
    if passwd.lines().any(|l| l.split(':').next() == Some(new_name.as_str())) {
        p.err(m, &format!("{name}: user '{new_name}' already exists"));
        return 9;
    }
    let uid = uid.unwrap_or_else(|| next_id(&passwd, if system { 100 } else { 1000 }));
    let mut groups_text = groups.clone();
    let gid = match &group {
        Some(g) => match g.parse::<u32>().ok().or_else(|| {
            groups.lines().find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() >= 3 && f[0] == g).then(|| f[2].parse().ok()).flatten()
            })
        }) {
            Some(gid) => gid,
            None => {
                p.err(m, &format!("{name}: group '{g}' does not exist"));
                return 6;
            }
        },
        None => {
            let gid = if groups.lines().any(|l| l.split(':').nth(2) == Some(uid.to_string().as_str())) {
                next_id(&groups, uid)
            } else {
                uid
            };
            groups_text.push_str(&format!("{new_name}:x:{gid}:\n"));
            gid
        }
    };
    let home = home.unwrap_or_else(|| format!("/home/{new_name}"));
    let shell = shell.unwrap_or_else(|| {
        if p.busybox {
            "/bin/sh".to_string()
        } else if name == "adduser" {
            "/bin/bash".to_string()
        } else {
            "/bin/sh".to_string()
        }
    });
    let _ = m.write_text("/etc/passwd", &format!("{passwd}{new_name}:x:{uid}:{gid}::{home}:{shell}\n"));
    let _ = m.write_text("/etc/group", &groups_text);
    if create_home || p.busybox && !args.iter().any(|a| a == "-H") {
        let _ = m.fs.mkdir_all(&home, 0o750, uid, gid);
        let _ = m.fs.chown(&home, uid, gid);
    }
    if name == "adduser" && !p.busybox {
        p.out(m, &format!("Adding user `{new_name}' ..."));
        p.out(m, &format!("Adding new group `{new_name}' ({gid}) ..."));
        p.out(m, &format!("Adding new user `{new_name}' ({uid}) with group `{new_name}' ..."));
        p.out(m, &format!("Creating home directory `{home}' ..."));
    }
    0
}
