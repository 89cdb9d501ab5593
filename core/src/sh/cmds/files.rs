//! Filesystem commands: `touch`, `mkdir`, `rm`, `rmdir`, `cp`, `mv`, `ln`, `chmod`, `chown`, `ls`,
//! `pwd`, `find`, `du`, `df`, `dd`, `tar`, `stat`, `realpath` and `readlink`.
//!
//! Messages are GNU coreutils' (busybox wording on Alpine, where it differs in `can't`).

use super::split_flags;
use crate::fs::{Content, Entry, EntryKind, FsError, basename, join};
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// Runs one of the file commands.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> i32 {
    let args = p.args().to_vec();
    let (flags, operands) = split_flags(&args);
    let cant = if p.busybox { "can't" } else { "cannot" };
    let (uid, gid) = (m.uid, m.gid);
    match name {
        "pwd" => {
            p.out(m, &p.cwd.clone());
            0
        }
        "touch" => {
            let mut status = 0;
            for file in &operands {
                let path = p.path(file);
                if m.fs.exists(&path) {
                    continue;
                }
                if m.fs.write_file(&path, Content::text(""), 0o644, uid, gid).is_err() {
                    p.err(m, &format!("touch: {cant} touch '{file}': No such file or directory"));
                    status = 1;
                }
            }
            missing_operand(m, p, name, &operands).unwrap_or(status)
        }
        "mkdir" => {
            let mut status = 0;
            for dir in &operands {
                let path = p.path(dir);
                let res = if flags.contains('p') {
                    m.fs.mkdir_all(&path, 0o755, uid, gid)
                } else {
                    m.fs.mkdir(&path, 0o755, uid, gid)
                };
                if let Err(error) = res {
                    p.err(m, &format!("mkdir: {cant} create directory '{dir}': {error}"));
                    status = 1;
                }
            }
            missing_operand(m, p, name, &operands).unwrap_or(status)
        }
        "rm" | "rmdir" => {
            let mut status = 0;
            for file in &operands {
                let path = p.path(file);
                let Some(entry) = m.fs.lstat(&path) else {
                    if !flags.contains('f') {
                        p.err(m, &format!("{name}: {cant} remove '{file}': No such file or directory"));
                        status = 1;
                    }
                    continue;
                };
                let res = if name == "rmdir" {
                    if entry.is_dir() { m.fs.remove(&path) } else { Err(FsError::NotADirectory(path.clone())) }
                } else if entry.is_dir() && !flags.contains('r') && !flags.contains('R') {
                    Err(FsError::IsADirectory(path.clone()))
                } else {
                    m.fs.remove_all(&path)
                };
                if let Err(error) = res {
                    let verb = if name == "rmdir" { "failed to remove" } else { "cannot remove" };
                    p.err(m, &format!("{name}: {verb} '{file}': {error}"));
                    status = 1;
                }
            }
            if operands.is_empty() && flags.contains('f') {
                0
            } else {
                missing_operand(m, p, name, &operands).unwrap_or(status)
            }
        }
        "cp" | "mv" => copy_or_move(m, p, name, &flags, &operands),
        "ln" => {
            let [target, link] = operands.as_slice() else {
                return missing_operand(m, p, name, &operands).unwrap_or(1);
            };
            let mut path = p.path(link);
            if m.fs.stat(&path).is_some_and(|e| e.is_dir()) {
                path = join(&path, basename(target));
            }
            if flags.contains('f') {
                let _ = m.fs.remove(&path);
            }
            let res = if flags.contains('s') {
                m.fs.symlink(target, &path)
            } else {
                match m.fs.read_file(&p.path(target)) {
                    Ok(content) => m.fs.write_file(&path, content, 0o755, uid, gid),
                    Err(error) => Err(error),
                }
            };
            match res {
                Ok(()) => 0,
                Err(error) => {
                    let kind = if flags.contains('s') { "symbolic link" } else { "hard link" };
                    p.err(m, &format!("ln: failed to create {kind} '{link}': {error}"));
                    1
                }
            }
        }
        "chmod" => {
            let mut args_iter = args.iter().filter(|a| a.as_str() != "-R");
            let Some(mode_text) = args_iter.next().cloned() else {
                return missing_operand(m, p, name, &[]).unwrap_or(1);
            };
            let files: Vec<String> = args_iter.cloned().collect();
            let recursive = args.iter().any(|a| a == "-R");
            let mut status = 0;
            for file in &files {
                let path = p.path(file);
                let targets: Vec<String> =
                    if recursive { m.fs.walk(&path).into_iter().map(|(p, _)| p).collect() } else { vec![path.clone()] };
                m.note_work(targets.len() as u64);
                if m.fs.stat(&path).is_none() {
                    p.err(m, &format!("chmod: {cant} access '{file}': No such file or directory"));
                    status = 1;
                    continue;
                }
                for target in targets {
                    let Some(entry) = m.fs.stat(&target) else { continue };
                    match apply_mode(entry.mode, &mode_text, entry.is_dir()) {
                        Some(mode) => drop(m.fs.set_mode(&target, mode)),
                        None => {
                            p.err(m, &format!("chmod: invalid mode: '{mode_text}'"));
                            p.err(m, "Try 'chmod --help' for more information.");
                            return 1;
                        }
                    }
                }
            }
            status
        }
        "chown" => {
            let mut rest = args.iter().filter(|a| !a.starts_with('-'));
            let Some(owner) = rest.next().cloned() else { return missing_operand(m, p, name, &[]).unwrap_or(1) };
            let files: Vec<String> = rest.cloned().collect();
            let (user, group) = owner
                .split_once([':', '.'])
                .map(|(u, g)| (u.to_string(), Some(g.to_string())))
                .unwrap_or((owner.clone(), None));
            let Some(new_uid) = lookup_id(m, "/etc/passwd", &user) else {
                p.err(m, &format!("chown: invalid user: '{owner}'"));
                return 1;
            };
            let new_gid = match &group {
                Some(g) if g.is_empty() => lookup_gid_of_user(m, &user).unwrap_or(new_uid),
                Some(g) => match lookup_id(m, "/etc/group", g) {
                    Some(id) => id,
                    None => {
                        p.err(m, &format!("chown: invalid group: '{owner}'"));
                        return 1;
                    }
                },
                None => {
                    m.fs.stat(&p.path(files.first().map(String::as_str).unwrap_or("."))).map(|e| e.gid).unwrap_or(0)
                }
            };
            let recursive = flags.contains('R');
            let mut status = 0;
            for file in &files {
                let path = p.path(file);
                if m.fs.stat(&path).is_none() {
                    p.err(m, &format!("chown: {cant} access '{file}': No such file or directory"));
                    status = 1;
                    continue;
                }
                let targets: Vec<String> =
                    if recursive { m.fs.walk(&path).into_iter().map(|(p, _)| p).collect() } else { vec![path] };
                m.note_work(targets.len() as u64);
                for target in targets {
                    let _ = m.fs.chown(&target, new_uid, new_gid);
                }
            }
            status
        }
        "ls" => {
            // split_flags reads `--recursive` as `r`, which is `ls`'s reverse order.
            let flags = if args.iter().any(|a| a == "--recursive") { format!("{flags}R") } else { flags };
            ls(m, p, &flags, &operands)
        }
        "find" => super::find::run(m, p),
        "du" => {
            let targets = if operands.is_empty() { vec![".".to_string()] } else { operands.clone() };
            for target in targets {
                let walked = m.fs.walk(&p.path(&target));
                m.note_work(walked.len() as u64);
                let total: u64 = walked.iter().map(|(_, e)| if e.is_file() { e.size() } else { 4096 }).sum();
                let shown = if flags.contains('h') { human(total) } else { total.div_ceil(1024).to_string() };
                p.out(m, &format!("{shown}\t{target}"));
            }
            0
        }
        "df" if flags.contains('h') => {
            p.out(m, "Filesystem      Size  Used Avail Use% Mounted on");
            p.out(m, "overlay          59G   23G   33G  41% /");
            p.out(m, "tmpfs            64M     0   64M   0% /dev");
            p.out(m, "shm              64M     0   64M   0% /dev/shm");
            0
        }
        "df" => {
            p.out(m, "Filesystem     1K-blocks     Used Available Use% Mounted on");
            p.out(m, "overlay         61202244 23748212  34312408  41% /");
            p.out(m, "tmpfs              65536        0     65536   0% /dev");
            p.out(m, "shm                65536        0     65536   0% /dev/shm");
            0
        }
        "dd" => super::archive::dd(m, p, &args),
        "tar" => super::archive::tar(m, p, &args),
        "stat" => {
            let mut status = 0;
            for file in &operands {
                match m.fs.lstat(&p.path(file)) {
                    Some(entry) => {
                        p.out(m, &format!("  File: {file}"));
                        p.out(
                            m,
                            &format!(
                                "  Size: {:<15} Blocks: {:<10} IO Block: 4096   {}",
                                entry.size(),
                                entry.size().div_ceil(512),
                                kind_name(&entry)
                            ),
                        );
                        p.out(
                            m,
                            &format!(
                                "Access: ({:04o}/{})  Uid: ({:5}/{})   Gid: ({:5}/{})",
                                entry.mode,
                                mode_string(&entry),
                                entry.uid,
                                user_name(m, entry.uid),
                                entry.gid,
                                group_name(m, entry.gid)
                            ),
                        );
                    }
                    None => {
                        p.err(m, &format!("stat: cannot statx '{file}': No such file or directory"));
                        status = 1;
                    }
                }
            }
            status
        }
        "realpath" | "readlink" => {
            let mut status = 0;
            for file in &operands {
                let path = p.path(file);
                if name == "readlink" && !flags.contains('f') {
                    match m.fs.lstat(&path).map(|e| e.kind) {
                        Some(EntryKind::Symlink(target)) => p.out(m, &target),
                        _ => status = 1,
                    }
                    continue;
                }
                match m.fs.canonicalize(&path) {
                    Ok(real) => p.out(m, &real),
                    Err(_) => {
                        p.err(m, &format!("{name}: {file}: No such file or directory"));
                        status = 1;
                    }
                }
            }
            status
        }
        _ => 0,
    }
}

fn missing_operand(m: &mut Machine, p: &Proc, name: &str, operands: &[String]) -> Option<i32> {
    if !operands.is_empty() {
        return None;
    }
    p.err(m, &format!("{name}: missing operand"));
    if !p.busybox {
        p.err(m, &format!("Try '{name} --help' for more information."));
    }
    Some(1)
}

fn copy_or_move(m: &mut Machine, p: &Proc, name: &str, flags: &str, operands: &[String]) -> i32 {
    if operands.len() < 2 {
        if operands.len() == 1 {
            p.err(m, &format!("{name}: missing destination file operand after '{}'", operands[0]));
            p.err(m, &format!("Try '{name} --help' for more information."));
            return 1;
        }
        return missing_operand(m, p, name, operands).unwrap_or(1);
    }
    let (sources, dest) = operands.split_at(operands.len() - 1);
    let dest_path = p.path(&dest[0]);
    let dest_is_dir = m.fs.stat(&dest_path).is_some_and(|e| e.is_dir());
    if sources.len() > 1 && !dest_is_dir {
        p.err(m, &format!("{name}: target '{}' is not a directory", dest[0]));
        return 1;
    }
    let recursive = name == "mv" || flags.contains('r') || flags.contains('R') || flags.contains('a');
    let mut status = 0;
    for source in sources {
        let src_path = p.path(source);
        let Some(src_entry) = m.fs.stat(&src_path) else {
            p.err(m, &format!("{name}: cannot stat '{source}': No such file or directory"));
            status = 1;
            continue;
        };
        if src_entry.is_dir() && !recursive {
            p.err(m, &format!("cp: -r not specified; omitting directory '{source}'"));
            status = 1;
            continue;
        }
        let target = if dest_is_dir { join(&dest_path, basename(&src_path)) } else { dest_path.clone() };
        if target == src_path {
            continue;
        }
        // A directory cannot go inside itself (`cp -r / /copy`, `mv app app/old`).
        if src_entry.is_dir() && (src_path == "/" || target.starts_with(&format!("{src_path}/"))) {
            let shown =
                if dest_is_dir { join(dest[0].trim_end_matches('/'), basename(&src_path)) } else { dest[0].clone() };
            if name == "mv" {
                p.err(m, &format!("mv: cannot move '{source}' to a subdirectory of itself, '{shown}'"));
            } else {
                p.err(m, &format!("cp: cannot copy a directory, '{source}', into itself, '{shown}'"));
            }
            status = 1;
            continue;
        }
        let keep_owner = name == "mv" || flags.contains('a');
        let entries = m.fs.walk_relative(&src_path);
        // Copying is work for every entry (`cp -a / /copy` copies a whole root filesystem).
        m.note_work(entries.len() as u64);
        for (rel, entry) in entries {
            let to = if rel.is_empty() { target.clone() } else { format!("{}{rel}", target.trim_end_matches('/')) };
            let (uid, gid) = if keep_owner { (entry.uid, entry.gid) } else { (m.uid, m.gid) };
            let res = match entry.kind {
                EntryKind::Dir => match m.fs.stat(&to) {
                    Some(existing) if existing.is_dir() => Ok(()),
                    _ => m.fs.mkdir(&to, entry.mode, uid, gid),
                },
                EntryKind::File(content) => m.fs.write_file(&to, content, entry.mode, uid, gid),
                EntryKind::Symlink(link) => {
                    let _ = m.fs.remove(&to);
                    m.fs.symlink(&link, &to)
                }
            };
            if let Err(error) = res {
                p.err(m, &format!("{name}: cannot create regular file '{}': {error}", dest[0]));
                status = 1;
                break;
            }
        }
        if name == "mv" {
            let _ = m.fs.remove_all(&src_path);
        }
    }
    status
}

fn apply_mode(current: u32, text: &str, is_dir: bool) -> Option<u32> {
    if let Ok(mode) = u32::from_str_radix(text, 8) {
        return (text.chars().all(|c| c.is_digit(8))).then_some(mode);
    }
    let mut mode = current;
    for clause in text.split(',') {
        let op_idx = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(op_idx);
        let op = rest.chars().next()?;
        let perms = &rest[1..];
        let mut who_mask = 0;
        for c in who.chars() {
            who_mask |= match c {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                'a' => 0o7777,
                _ => return None,
            };
        }
        if who.is_empty() {
            who_mask = 0o7777;
        }
        let mut bits = 0;
        for c in perms.chars() {
            bits |= match c {
                'r' => 0o444,
                'w' => 0o222,
                'x' => 0o111,
                'X' if is_dir || current & 0o111 != 0 => 0o111,
                'X' => 0,
                's' => 0o6000,
                't' => 0o1000,
                _ => return None,
            };
        }
        let bits = bits & who_mask;
        mode = match op {
            '+' => mode | bits,
            '-' => mode & !bits,
            _ => (mode & !who_mask) | bits,
        };
    }
    Some(mode)
}

fn lookup_id(m: &Machine, file: &str, name: &str) -> Option<u32> {
    if let Ok(id) = name.parse() {
        return Some(id);
    }
    let text = m.read_text(file)?;
    text.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 3 && fields[0] == name).then(|| fields[2].parse().ok()).flatten()
    })
}

fn lookup_gid_of_user(m: &Machine, user: &str) -> Option<u32> {
    let text = m.read_text("/etc/passwd")?;
    text.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 4 && fields[0] == user).then(|| fields[3].parse().ok()).flatten()
    })
}

fn name_of(m: &Machine, file: &str, id: u32) -> String {
    m.read_text(file)
        .and_then(|text| {
            text.lines().find_map(|line| {
                let fields: Vec<&str> = line.split(':').collect();
                (fields.len() >= 3 && fields[2] == id.to_string()).then(|| fields[0].to_string())
            })
        })
        .unwrap_or_else(|| id.to_string())
}

/// The user name for a uid (or the number).
pub(crate) fn user_name(m: &Machine, uid: u32) -> String {
    name_of(m, "/etc/passwd", uid)
}

/// The group name for a gid (or the number).
pub(crate) fn group_name(m: &Machine, gid: u32) -> String {
    name_of(m, "/etc/group", gid)
}

fn kind_name(entry: &Entry) -> &'static str {
    match entry.kind {
        EntryKind::File(_) => "regular file",
        EntryKind::Dir => "directory",
        EntryKind::Symlink(_) => "symbolic link",
    }
}

/// `drwxr-xr-x` for an entry.
pub(crate) fn mode_string(entry: &Entry) -> String {
    let mut out = String::new();
    out.push(match entry.kind {
        EntryKind::File(_) => '-',
        EntryKind::Dir => 'd',
        EntryKind::Symlink(_) => 'l',
    });
    let mode = entry.mode;
    for (shift, special, special_char) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (mode >> shift) & 7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        let exec = bits & 1 != 0;
        out.push(match (mode & special != 0, exec) {
            (true, true) => special_char,
            (true, false) => special_char.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    out
}

/// GNU `ls` without a terminal: one name per line. Missing operands are reported first, then the
/// operands that are not directories (or all of them with `-d`), sorted, then each directory's
/// entries after a `dir:` header when there is more than one operand or `-R`, a blank line between
/// sections. `-R` lists every subdirectory after its parent, depth first, as `./sub:`.
fn ls(m: &mut Machine, p: &Proc, flags: &str, operands: &[String]) -> i32 {
    let long = flags.contains('l');
    let all = flags.contains('a');
    let almost = flags.contains('A');
    let dir_only = flags.contains('d');
    let recursive = flags.contains('R') && !dir_only;
    let targets = if operands.is_empty() { vec![".".to_string()] } else { operands.to_vec() };
    let mut status = 0;
    let format = |m: &Machine, name: &str, entry: &Entry| -> String {
        if !long {
            return name.to_string();
        }
        let link = match &entry.kind {
            EntryKind::Symlink(target) => format!(" -> {target}"),
            _ => String::new(),
        };
        let links = if entry.is_dir() { 2 } else { 1 };
        format!(
            "{} {links} {} {} {:>5} Jan  1 00:00 {name}{link}",
            mode_string(entry),
            user_name(m, entry.uid),
            group_name(m, entry.gid),
            entry.size()
        )
    };
    let mut files: Vec<(String, Entry)> = Vec::new();
    let mut dirs: Vec<(String, Entry)> = Vec::new();
    for target in &targets {
        let path = p.path(target);
        let followed = if long && !target.ends_with('/') {
            m.fs.lstat(&path)
        } else {
            m.fs.stat(&path).or_else(|| m.fs.lstat(&path))
        };
        let Some(entry) = followed else {
            let msg = if p.busybox {
                format!("ls: {target}: No such file or directory")
            } else {
                format!("ls: cannot access '{target}': No such file or directory")
            };
            p.err(m, &msg);
            status = 2;
            continue;
        };
        if !entry.is_dir() || dir_only {
            files.push((target.clone(), m.fs.lstat(&path).unwrap_or(entry)));
        } else {
            dirs.push((target.clone(), entry));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    dirs.sort_by(|a, b| a.0.cmp(&b.0));
    let headers = targets.len() > 1 || recursive;
    let mut printed = !files.is_empty();
    let lines: Vec<String> = files.iter().map(|(name, e)| format(m, name, e)).collect();
    emit(m, p, lines, long);
    // A stack of directories still to list, so `-R` goes depth first; bounded like every walk.
    let mut pending: Vec<(String, Entry)> = dirs.into_iter().rev().collect();
    let mut budget = 100_000usize;
    while let Some((shown, entry)) = pending.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        let path = p.path(&shown);
        let Ok(children) = m.fs.read_dir(&path) else { continue };
        m.note_work(children.len() as u64);
        let mut rows: Vec<(String, Entry)> = Vec::new();
        if all {
            rows.push((".".to_string(), entry.clone()));
            rows.push(("..".to_string(), Entry::dir(0o755)));
        }
        rows.extend(children.into_iter().filter(|(name, _)| all || almost || !name.starts_with('.')));
        if headers {
            if printed {
                p.out(m, "");
            }
            p.out(m, &format!("{shown}:"));
        }
        printed = true;
        if long {
            let blocks: u64 = rows.iter().map(|(_, e)| e.size().div_ceil(4096) * 4).sum();
            p.out(m, &format!("total {blocks}"));
        }
        let lines: Vec<String> = rows.iter().map(|(name, e)| format(m, name, e)).collect();
        emit(m, p, lines, long);
        if recursive {
            // coreutils' file_name_concat: `.` gives `./sub`, `dir/` gives `dir/sub`.
            let subdirs = rows.iter().filter(|(name, e)| e.is_dir() && name != "." && name != "..").rev();
            for (name, e) in subdirs {
                let sub = if shown.ends_with('/') { format!("{shown}{name}") } else { format!("{shown}/{name}") };
                pending.push((sub, e.clone()));
            }
        }
    }
    status
}

/// Prints `ls` rows: one per line, or side by side on a terminal unless `-l`.
fn emit(m: &mut Machine, p: &Proc, lines: Vec<String>, long: bool) {
    if lines.is_empty() {
        return;
    }
    if m.tty && !long {
        p.out(m, &lines.join("  "));
    } else {
        for line in lines {
            p.out(m, &line);
        }
    }
}

fn human(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1}G", bytes as f64 / (1u64 << 30) as f64)
    } else if bytes >= 1 << 20 {
        format!("{:.1}M", bytes as f64 / (1u64 << 20) as f64)
    } else if bytes >= 1 << 10 {
        format!("{}K", bytes.div_ceil(1024))
    } else {
        bytes.to_string()
    }
}
