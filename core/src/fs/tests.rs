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
    Fs::new(vec![Arc::new(layer)])
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
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..12, any::<u8>()).prop_map(|(p, b)| Op::Write(p, b)),
        (0u8..12).prop_map(Op::Mkdir),
        (0u8..12).prop_map(Op::Remove),
        (0u8..12).prop_map(Op::RemoveAll),
        Just(Op::Take),
    ]
}

fn path_of(idx: u8) -> &'static str {
    const PATHS: [&str; 12] =
        ["/a", "/a/b", "/a/b/c", "/a/d", "/e", "/e/f", "/a/b/g", "/h", "/e/i", "/a/d/j", "/k", "/k/l"];
    PATHS[usize::from(idx) % PATHS.len()]
}

fn apply(fs: &mut Fs, op: &Op) {
    match op {
        Op::Write(p, b) => drop(fs.write_file(path_of(*p), Content::bytes(&[*b]), 0o644, 0, 0)),
        Op::Mkdir(p) => drop(fs.mkdir(path_of(*p), 0o755, 0, 0)),
        Op::Remove(p) => drop(fs.remove(path_of(*p))),
        Op::RemoveAll(p) => drop(fs.remove_all(path_of(*p))),
        Op::Take => drop(fs.take_upper()),
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
        layers.push(Arc::new(upper));
        let rebuilt = Fs::new(layers);
        prop_assert_eq!(rebuilt.walk("/"), before.clone());
        let mut taken = fs.clone();
        taken.take_upper();
        prop_assert_eq!(taken.walk("/"), before);
    }

    #[test]
    fn remove_all_empties_subtree(ops in proptest::collection::vec(op(), 0..40), target in 0u8..12) {
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
    fn whiteouts_hide_lower_files(ops in proptest::collection::vec(op(), 0..30), target in 0u8..12) {
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
