//! Tests for the layered filesystem: overlay semantics, whiteouts and the take-upper round trip.

use std::sync::Arc;

use expect_test::{Expect, expect};
use proptest::prelude::*;

use super::*;

fn base() -> Fs {
    let mut fs = Fs::new(Vec::new());
    fs.mkdir_all("/etc", 0o755, 0, 0).unwrap();
    fs.mkdir_all("/usr/bin", 0o755, 0, 0).unwrap();
    fs.symlink("usr/bin", "/bin").unwrap();
    fs.write_file("/etc/app.conf", Content::text("a=1\n"), 0o644, 0, 0).unwrap();
    fs.write_file("/usr/bin/sh", Content::synthetic(125_000, "dash"), 0o755, 0, 0).unwrap();
    fs.mkdir_all("/var/lib/apt/lists", 0o755, 0, 0).unwrap();
    fs.write_file("/var/lib/apt/lists/a", Content::synthetic(1000, "a"), 0o644, 0, 0).unwrap();
    let layer = fs.take_upper();
    Fs::new(vec![layer])
}

#[track_caller]
fn check(fs: &Fs, expect: Expect) {
    let mut out = String::new();
    for line in fs.upper().summary() {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!("whiteouts: {:?}\n", fs.upper().whiteout_paths()));
    out.push_str(&format!("view: {:?}\n", fs.walk("/").into_iter().map(|(path, _)| path).collect::<Vec<_>>()));
    expect.assert_eq(&out);
}

#[test]
fn normalize_cleans() {
    assert_eq!(normalize("/app", "x/../y//z/."), "/app/y/z");
    assert_eq!(normalize("/app", "/../.."), "/");
    assert_eq!(normalize("/", ""), "/");
    assert_eq!(normalize("/a/b", ".."), "/a");
    for path in ["/", "/a", "/a/b.c", "/a/..b", "/.a", "//", "/a/", "/a/.", "/a/./b", "/a/../b", "a", "", "/a//b"] {
        let slow: Vec<&str> = path.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
        let normal = path.starts_with('/') && !slow.contains(&"..") && path == format!("/{}", slow.join("/"));
        assert_eq!(normal, path::is_normal(path), "{path}");
        assert_eq!(normalize("/x", path), path::clean("/x", path), "{path}");
    }
}

#[test]
fn symlinked_bin_resolves() {
    let fs = base();
    assert!(fs.stat("/bin/sh").unwrap().is_file());
    assert!(fs.lstat("/bin").unwrap().is_symlink());
    assert_eq!(fs.read_file("/bin/nope"), Err(FsError::NotFound("/bin/nope".into())));
    assert_eq!(FsError::NotFound("/x".into()).to_string(), "No such file or directory");
}

#[test]
fn remove_lower_file_writes_whiteout() {
    let mut fs = base();
    fs.remove("/etc/app.conf").unwrap();
    check(
        &fs,
        expect![[r#"
            D /etc/app.conf
            whiteouts: ["/etc/.wh.app.conf"]
            view: ["/", "/bin", "/etc", "/usr", "/usr/bin", "/usr/bin/sh", "/var", "/var/lib", "/var/lib/apt", "/var/lib/apt/lists", "/var/lib/apt/lists/a"]
        "#]],
    );
}

#[test]
fn recreated_dir_is_opaque() {
    let mut fs = base();
    fs.remove_all("/var/lib/apt/lists").unwrap();
    fs.mkdir("/var/lib/apt/lists", 0o755, 0, 0).unwrap();
    fs.write_file("/var/lib/apt/lists/lock", Content::text(""), 0o640, 0, 0).unwrap();
    check(
        &fs,
        expect![[r#"
            O /var/lib/apt/lists/
            A /var/lib/apt/lists/lock 640 0
            whiteouts: ["/var/lib/apt/lists/.wh..wh..opq"]
            view: ["/", "/bin", "/etc", "/etc/app.conf", "/usr", "/usr/bin", "/usr/bin/sh", "/var", "/var/lib", "/var/lib/apt", "/var/lib/apt/lists", "/var/lib/apt/lists/lock"]
        "#]],
    );
}

#[test]
fn errors_are_errno_like() {
    let mut fs = base();
    assert_eq!(fs.mkdir("/etc", 0o755, 0, 0), Err(FsError::AlreadyExists("/etc".into())));
    assert_eq!(fs.remove("/var/lib"), Err(FsError::NotEmpty("/var/lib".into())));
    assert_eq!(fs.write_file("/nope/x", Content::text(""), 0o644, 0, 0), Err(FsError::NotFound("/nope/x".into())));
    assert_eq!(fs.write_file("/etc", Content::text(""), 0o644, 0, 0), Err(FsError::IsADirectory("/etc".into())));
    fs.symlink("/loop", "/loop").unwrap();
    assert_eq!(fs.stat("/loop"), None);
}

#[test]
fn layer_size_and_digest() {
    let fs = base();
    let layer = &fs.lower()[0];
    assert_eq!(layer.size(), 4 + 125_000 + 1000);
    assert_eq!(layer.diff_id(), layer.as_ref().clone().diff_id());
    assert!(!layer.is_empty());
}

#[derive(Debug, Clone)]
enum Op {
    Write(u8, u8),
    Mkdir(u8),
    Remove(u8),
    RemoveAll(u8),
    Take,
    /// A symlink at the first path to the second (absolute, or relative when the flag is set).
    Link(u8, u8, bool),
}

/// The operations of [`op`] plus symlinks.
fn op_or_link() -> impl Strategy<Value = Op> {
    prop_oneof![4 => op(), 1 => (0u8..PATH_COUNT, 0u8..PATH_COUNT, any::<bool>()).prop_map(|(p, t, rel)| Op::Link(p, t, rel))]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..PATH_COUNT, any::<u8>()).prop_map(|(p, b)| Op::Write(p, b)),
        (0u8..PATH_COUNT).prop_map(Op::Mkdir),
        (0u8..PATH_COUNT).prop_map(Op::Remove),
        (0u8..PATH_COUNT).prop_map(Op::RemoveAll),
        Just(Op::Take),
    ]
}

/// How many paths the generated operations use.
const PATH_COUNT: u8 = 16;

fn path_of(idx: u8) -> &'static str {
    // `/a-b`, `/a.c` and `/a0` sort next to `/a/…` (around the `/` byte), which listing a directory
    // must not confuse with `/a`'s subtree.
    const PATHS: [&str; PATH_COUNT as usize] = [
        "/a", "/a/b", "/a/b/c", "/a/d", "/e", "/e/f", "/a/b/g", "/h", "/e/i", "/a/d/j", "/k", "/k/l", "/a-b", "/a.c",
        "/a.c/m", "/a0",
    ];
    PATHS[usize::from(idx) % PATHS.len()]
}

fn apply(fs: &mut Fs, op: &Op) {
    match op {
        Op::Write(p, b) => drop(fs.write_file(path_of(*p), Content::bytes(&[*b]), 0o644, 0, 0)),
        Op::Mkdir(p) => drop(fs.mkdir(path_of(*p), 0o755, 0, 0)),
        Op::Remove(p) => drop(fs.remove(path_of(*p))),
        Op::RemoveAll(p) => drop(fs.remove_all(path_of(*p))),
        Op::Take => drop(fs.take_upper()),
        Op::Link(p, t, relative) => {
            let target = path_of(*t);
            let target = if *relative { format!("..{target}") } else { target.to_string() };
            drop(fs.symlink(&target, path_of(*p)))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn take_upper_and_reapply_keeps_view(ops in proptest::collection::vec(op(), 0..40)) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        let before = fs.walk("/");
        let lower: Vec<Arc<Layer>> = fs.lower().to_vec();
        let upper = fs.clone().take_upper();
        let mut layers = lower;
        layers.push(upper);
        let rebuilt = Fs::new(layers);
        prop_assert_eq!(rebuilt.walk("/"), before.clone());
        let mut taken = fs.clone();
        taken.take_upper();
        prop_assert_eq!(taken.walk("/"), before);
    }

    #[test]
    fn remove_all_empties_subtree(ops in proptest::collection::vec(op(), 0..40), target in 0u8..PATH_COUNT) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        let path = path_of(target);
        let _ = fs.remove_all(path);
        prop_assert!(fs.walk(path).is_empty());
        prop_assert!(!fs.exists(path));
    }

    #[test]
    fn whiteouts_hide_lower_files(ops in proptest::collection::vec(op(), 0..30), target in 0u8..PATH_COUNT) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        fs.take_upper();
        let path = path_of(target);
        if fs.remove_all(path).is_ok() {
            let layer = fs.take_upper();
            let fresh = Fs::new(fs.lower().to_vec());
            prop_assert!(!fresh.exists(path));
            prop_assert!(layer.changes.values().all(|c| matches!(c, Change::Whiteout)));
        }
    }
}

/// Everything a caller can observe of a filesystem at the test paths, following and not following links.
fn observe(fs: &Fs) -> Vec<String> {
    let mut out = vec![format!("{:?}", fs.walk("/"))];
    for idx in 0..PATH_COUNT {
        let path = path_of(idx);
        out.push(format!("{path} {:?} {:?} {:?}", fs.stat(path), fs.lstat(path), fs.read_dir(path)));
    }
    out
}
/// The lookup before floors: in each layer, top first, the path itself, then every ancestor.
fn reference_lookup<'a>(fs: &'a Fs, full: &str) -> Option<&'a Entry> {
    for layer in fs.layers() {
        match layer.changes.get(full) {
            Some(Change::Put(entry) | Change::Opaque(entry)) => return Some(entry),
            Some(Change::Whiteout) => return None,
            None => {}
        }
        if ancestors_of(full).any(|ancestor| layer.changes.get(ancestor).is_some_and(index::hides_below)) {
            return None;
        }
    }
    if let Some(entry) = fs.index().and_then(|index| index.get(full)) {
        return Some(entry);
    }
    (full == "/").then_some(&ROOT)
}

/// The resolver before it kept one path buffer and a trail: components as owned strings, joined one
/// by one, each looked up from scratch.
fn reference_resolve(fs: &Fs, path: &str, follow_last: bool) -> Result<String, FsError> {
    let mut pending: Vec<String> = components(&normalize("/", path)).into_iter().rev().map(String::from).collect();
    let mut current = String::from("/");
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            current = split_parent(&current).0.to_string();
            continue;
        }
        let candidate = join(&current, &part);
        let is_last = pending.is_empty();
        match reference_lookup(fs, &candidate) {
            Some(Entry { kind: EntryKind::Symlink(target), .. }) if !is_last || follow_last => {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(FsError::TooManyLinks(normalize("/", path)));
                }
                if target.starts_with('/') {
                    current = String::from("/");
                }
                pending.extend(target.split('/').rev().filter(|p| !p.is_empty() && *p != ".").map(String::from));
            }
            Some(entry) if !is_last && !entry.is_dir() => return Err(FsError::NotADirectory(normalize("/", path))),
            _ => current = candidate,
        }
    }
    Ok(current)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stack_index_changes_no_answer(
        layers in proptest::collection::vec(proptest::collection::vec(op_or_link(), 0..12), 1..5),
        after in proptest::collection::vec(op_or_link(), 0..20),
    ) {
        let mut fs = Fs::new(Vec::new());
        fs.symlink("/a/b", "/s").unwrap();
        for ops in &layers {
            for op in ops {
                apply(&mut fs, op);
            }
            fs.take_upper();
        }
        let stack = fs.lower().to_vec();
        let mut plain = Fs::new(stack.clone());
        index_stack(&stack);
        let mut indexed = Fs::new(stack.clone());
        prop_assert!(indexed.indexed.is_some());
        prop_assert_eq!(observe(&indexed), observe(&plain));
        // Writes on top of the index, including through the symlink and over hidden paths, agree too.
        for op in &after {
            apply(&mut plain, op);
            apply(&mut indexed, op);
            let _ = plain.mkdir_all("/s/x/y", 0o700, 1, 1);
            let _ = indexed.mkdir_all("/s/x/y", 0o700, 1, 1);
        }
        prop_assert_eq!(observe(&indexed), observe(&plain));
        prop_assert_eq!(indexed.upper(), plain.upper());
        // A copy of the top layer on the same stack is not indexed: the index belongs to the original.
        let mut copied = stack[..stack.len() - 1].to_vec();
        copied.push(Arc::new(stack[stack.len() - 1].as_ref().clone()));
        prop_assert!(Fs::new(copied).indexed.is_none());
    }

    #[test]
    fn mkdir_all_fast_path_matches_general(
        ops in proptest::collection::vec(op_or_link(), 0..30),
        target in 0u8..PATH_COUNT,
        tail in prop_oneof![Just(""), Just("/m"), Just("/m/n")],
    ) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        let path = format!("{}{tail}", path_of(target));
        let mut general = fs.clone();
        let fast_result = fs.mkdir_all(&path, 0o750, 2, 3);
        let general_result = general.mkdir_all_through_links(&normalize("/", &path), 0o750, 2, 3);
        prop_assert_eq!(fast_result, general_result);
        prop_assert_eq!(fs.upper(), general.upper());
    }

    #[test]
    fn resolve_matches_reference(
        ops in proptest::collection::vec(op_or_link(), 0..30),
        target in 0u8..PATH_COUNT,
        tail in prop_oneof![Just(""), Just("/m"), Just("/../e"), Just("/./k/.."), Just("//a/")],
        index_lower in any::<bool>(),
        more in proptest::collection::vec(op_or_link(), 0..10),
    ) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        let path = format!("{}{tail}", path_of(target));
        if index_lower {
            fs.take_upper();
            index_stack(fs.lower());
            fs = Fs::new(fs.lower().to_vec());
            for op in &more {
                apply(&mut fs, op);
            }
        }
        // Listing a directory looks every child up with the directory's floor.
        if let Ok(resolved) = fs.resolve(&path, true)
            && reference_lookup(&fs, &resolved.path).is_some_and(Entry::is_dir)
        {
            let names: std::collections::BTreeSet<String> = fs
                .layers()
                .flat_map(|layer| layer.changes.keys())
                .chain(fs.index().map(|index| index.keys_from("/")).into_iter().flatten())
                .filter_map(|key| key.strip_prefix(&format!("{}/", resolved.path.trim_end_matches('/'))))
                .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
                .filter(|name| !name.is_empty())
                .collect();
            let expected: Vec<(String, Entry)> = names
                .into_iter()
                .filter_map(|name| {
                    reference_lookup(&fs, &join(&resolved.path, &name)).map(|entry| (name, entry.clone()))
                })
                .collect();
            prop_assert_eq!(fs.read_dir(&path), Ok(expected));
        }
        for follow in [false, true] {
            let resolved = fs.resolve(&path, follow);
            prop_assert_eq!(resolved.as_ref().map(|r| r.path.clone()).map_err(Clone::clone), reference_resolve(&fs, &path, follow));
            // Each step of the trail is what a lookup that checks every ancestor finds.
            if let Ok(resolved) = resolved {
                let ends = resolved.path.match_indices('/').map(|(idx, _)| idx).skip(1).chain([resolved.path.len()]);
                for (end, step) in ends.zip(&resolved.trail) {
                    prop_assert_eq!(step.found.map(|(entry, _)| entry), reference_lookup(&fs, &resolved.path[..end]));
                }
            }
        }
    }

    #[test]
    fn dir_handles_match_paths(
        ops in proptest::collection::vec(op_or_link(), 0..30),
        target in 0u8..12,
        index_lower in any::<bool>(),
        names in proptest::collection::vec((prop_oneof![Just("m"), Just("n"), Just("a"), Just("s"), Just(".."), Just("x/y")], any::<bool>()), 0..8),
    ) {
        let mut fs = Fs::new(Vec::new());
        for op in &ops {
            apply(&mut fs, op);
        }
        if index_lower {
            fs.take_upper();
            index_stack(fs.lower());
            fs = Fs::new(fs.lower().to_vec());
        }
        // The handle way and the path way: the same results, the same upper layer, the same view.
        let dir = path_of(target);
        let mut paths = fs.clone();
        let opened = fs.open_dir(dir, 0o750, 2, 3);
        prop_assert_eq!(opened.as_ref().map(|_| ()).map_err(Clone::clone), paths.mkdir_all(dir, 0o750, 2, 3));
        if let Ok(handle) = opened {
            for (name, is_dir) in &names {
                let joined = join(&normalize("/", dir), name);
                if *is_dir {
                    let made = fs.mkdir_in(&handle, name, 0o700, 1, 1);
                    prop_assert_eq!(made.as_ref().map(|_| ()).map_err(Clone::clone), paths.mkdir_all(&joined, 0o700, 1, 1));
                    if let Ok(sub) = made {
                        prop_assert_eq!(
                            fs.write_in(&sub, "f", Content::text("y"), 0o640, 0, 0),
                            paths.write_file(&format!("{joined}/f"), Content::text("y"), 0o640, 0, 0)
                        );
                    }
                } else {
                    prop_assert_eq!(
                        fs.write_in(&handle, name, Content::text("x"), 0o600, 0, 0),
                        paths.write_file(&joined, Content::text("x"), 0o600, 0, 0)
                    );
                }
                prop_assert_eq!(fs.upper(), paths.upper());
            }
        }
        prop_assert_eq!(observe(&fs), observe(&paths));
    }

    #[test]
    fn recent_directory_changes_no_answer(
        ops in proptest::collection::vec(op_or_link(), 0..40),
        deep in proptest::collection::vec((0u8..PATH_COUNT, prop_oneof![Just("/m"), Just("/m/n"), Just("")]), 0..20),
    ) {
        let mut fs = Fs::new(Vec::new());
        let mut ops = ops.into_iter();
        for (target, tail) in deep {
            // Writes and deep directories fill the memo; the other operations change what it covers.
            let path = format!("{}{tail}", path_of(target));
            let mut fresh = fs.clone();
            fresh.recent = None;
            prop_assert_eq!(observe(&fs), observe(&fresh));
            let results = [
                (fs.mkdir_all(&path, 0o700, 1, 1), fresh.mkdir_all(&path, 0o700, 1, 1)),
                (
                    fs.write_file(&format!("{path}/f"), Content::text("x"), 0o600, 0, 0),
                    fresh.write_file(&format!("{path}/f"), Content::text("x"), 0o600, 0, 0),
                ),
            ];
            for (with_memo, without) in results {
                prop_assert_eq!(with_memo, without);
            }
            if let Some(op) = ops.next() {
                apply(&mut fs, &op);
                apply(&mut fresh, &op);
            }
            prop_assert_eq!(fs.upper(), fresh.upper());
            let read = format!("{path}/f");
            prop_assert_eq!(fs.stat(&read), fresh.stat(&read));
            prop_assert_eq!(fs.read_dir(&path), fresh.read_dir(&path));
        }
    }
}
