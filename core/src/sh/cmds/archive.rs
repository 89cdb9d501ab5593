//! `dd` and `tar`: `dd` turns `/dev/zero` into synthetic blobs of the requested size (with GNU's
//! transfer summary); `tar` stores a manifest so create, list and extract round-trip.

use crate::fs::Content;
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

fn parse_size(text: &str) -> Option<u64> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let number: u64 = number.parse().ok()?;
    let factor = match unit {
        "" | "c" => 1,
        "k" | "K" => 1024,
        "M" => 1024 * 1024,
        "G" => 1024 * 1024 * 1024,
        "kB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return None,
    };
    number.checked_mul(factor)
}

pub(crate) fn dd(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let mut options = std::collections::BTreeMap::new();
    for arg in args {
        if let Some((key, value)) = arg.split_once('=') {
            options.insert(key.to_string(), value.to_string());
        }
    }
    let bs = options.get("bs").and_then(|v| parse_size(v)).unwrap_or(512);
    let count = options.get("count").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let total = bs.saturating_mul(count);
    let input = options.get("if").cloned().unwrap_or_default();
    let content = if input == "/dev/zero" || input == "/dev/urandom" || input == "/dev/random" {
        Content::Synthetic { size: total, seed: crate::fs::seed_of(&format!("dd:{input}:{total}")) }
    } else {
        match m.fs.read_file(&p.path(&input)) {
            Ok(content) => content,
            Err(_) => {
                p.err(m, &format!("dd: failed to open '{input}': No such file or directory"));
                return 1;
            }
        }
    };
    let size = content.len();
    if let Some(out) = options.get("of") {
        let (uid, gid) = (m.uid, m.gid);
        if m.fs.write_file(&p.path(out), content, 0o644, uid, gid).is_err() {
            p.err(m, &format!("dd: failed to open '{out}': No such file or directory"));
            return 1;
        }
    }
    let records = size.checked_div(bs).unwrap_or(0);
    m.advance(size / 2_000_000);
    p.err(m, &format!("{records}+0 records in"));
    p.err(m, &format!("{records}+0 records out"));
    let secs = (size as f64 / 1.0e9).max(0.000_1);
    let binary = if size >= 1024 * 1024 {
        format!(", {:.1} MiB", size as f64 / 1_048_576.0)
    } else if size >= 1024 {
        format!(", {:.1} KiB", size as f64 / 1024.0)
    } else {
        String::new()
    };
    let copied = if size >= 1000 {
        format!("{size} bytes ({}{binary}) copied", human_si(size))
    } else {
        format!("{size} bytes copied")
    };
    p.err(m, &format!("{copied}, {secs:.5} s, {}/s", human_si((size as f64 / secs) as u64)));
    0
}

fn human_si(bytes: u64) -> String {
    let units = [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    for (unit, factor) in units {
        if bytes as f64 >= factor {
            return format!("{:.1} {unit}", bytes as f64 / factor);
        }
    }
    format!("{bytes} B")
}

/// `tar c/x/t`: archives are stored as a text manifest plus the referenced contents re-created
/// from the archive's recorded entries (enough for copy-through-tar round trips).
pub(crate) fn tar(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let Some(mode) = args.first() else {
        p.err(m, "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
        p.err(m, "Try 'tar --help' or 'tar --usage' for more information.");
        return 2;
    };
    let mode = mode.trim_start_matches('-').to_string();
    let mut file = None;
    let mut dir = p.cwd.clone();
    let mut members = Vec::new();
    let mut idx = 1;
    if mode.contains('f') {
        file = args.get(1).cloned();
        idx = 2;
    }
    while idx < args.len() {
        if args[idx] == "-C" {
            dir = p.path(args.get(idx + 1).map(String::as_str).unwrap_or("."));
            idx += 2;
            continue;
        }
        members.push(args[idx].clone());
        idx += 1;
    }
    let Some(file) = file else { return 0 };
    let archive = p.path(&file);
    if mode.contains('c') {
        let mut manifest = String::from("LAYERLAB-TAR\n");
        let mut total = 0;
        if members.iter().any(|member| member.starts_with('/')) {
            p.err(m, "tar: Removing leading `/' from member names");
        }
        for member in &members {
            let root = crate::fs::normalize(&dir, member);
            let walked = m.fs.walk_relative(&root);
            m.note_work(walked.len() as u64);
            for (below, entry) in walked {
                let rel = format!("{}{below}", member.trim_end_matches('/').trim_start_matches('/'));
                let rel = if entry.is_dir() { format!("{rel}/") } else { rel };
                total += entry.size();
                manifest.push_str(&format!("{}\t{:o}\t{}\n", rel, entry.mode, if entry.is_dir() { "d" } else { "f" }));
                if mode.contains('v') {
                    p.out(m, &rel);
                }
            }
        }
        let _ = total;
        let _ = m.write_text(&archive, &manifest);
        return 0;
    }
    let Some(text) = m.read_text(&archive) else {
        p.err(m, &format!("tar: {file}: Cannot open: No such file or directory"));
        p.err(m, "tar: Error is not recoverable: exiting now");
        return 2;
    };
    let entries: Vec<(String, u32, bool)> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let parts: Vec<&str> = line.split('\t').collect();
            (parts.len() == 3).then(|| {
                (
                    parts[0].trim_end_matches('/').to_string(),
                    u32::from_str_radix(parts[1], 8).unwrap_or(0o644),
                    parts[2] == "d",
                )
            })
        })
        .collect();
    for (rel, mode_bits, is_dir) in entries {
        if mode.contains('t') || mode.contains('v') {
            p.out(m, &if is_dir { format!("{rel}/") } else { rel.clone() });
        }
        if mode.contains('x') {
            let path = crate::fs::normalize(&dir, &rel);
            let (uid, gid) = (m.uid, m.gid);
            if is_dir {
                let _ = m.fs.mkdir_all(&path, mode_bits, uid, gid);
            } else {
                let _ = m.fs.write_file(&path, Content::synthetic(1024, &rel), mode_bits, uid, gid);
            }
        }
    }
    0
}
