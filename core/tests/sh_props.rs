//! Property tests for the shell and the Python subset: they never panic on arbitrary scripts, and
//! runs are deterministic.

use std::sync::Arc;

use layerlab_core::fs::Fs;
use layerlab_core::rootfs::base_layers;
use layerlab_core::sh::{ProcessSpec, start};
use proptest::prelude::*;

fn spec(script: &str) -> ProcessSpec {
    ProcessSpec {
        argv: vec!["/bin/sh".into(), "-c".into(), script.into()],
        step_budget: 2_000,
        ..ProcessSpec::default()
    }
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("echo hi".to_string()),
        Just("x=$((1+2))".to_string()),
        Just("for i in 1 2 3; do echo $i; done".to_string()),
        Just("while true; do :; done".to_string()),
        Just("if [ -f /etc/passwd ]; then cat /etc/os-release; fi".to_string()),
        Just("ls /etc | head -3".to_string()),
        Just("mkdir -p /a/b && touch /a/b/c && rm -rf /a".to_string()),
        Just("f() { echo $1; }; f x".to_string()),
        Just("case $x in 3) echo three;; esac".to_string()),
        Just("echo $(echo `echo nested`)".to_string()),
        Just("cat <<EOF\nhello $HOME\nEOF".to_string()),
        Just("apt-get install -y curl".to_string()),
        Just("pip install flask".to_string()),
        Just("set -e; false; echo no".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
        "[a-z$(){};|&<>'\"`\\\\ =*?\n-]{0,20}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn never_panics_and_is_deterministic(parts in proptest::collection::vec(fragment(), 0..6)) {
        let script = parts.join("\n");
        let layers: Vec<_> = base_layers("ubuntu:22.04").unwrap().into_iter().map(Arc::new).collect();
        let mut fs_a = Fs::new(layers.clone());
        let mut fs_b = Fs::new(layers);
        let a = start(&mut fs_a, &spec(&script));
        let b = start(&mut fs_b, &spec(&script));
        prop_assert_eq!(a, b);
        prop_assert_eq!(fs_a.upper(), fs_b.upper());
    }

    #[test]
    fn arbitrary_text_never_panics(script in "\\PC{0,60}") {
        let layers: Vec<_> = base_layers("alpine:3.20").unwrap().into_iter().map(Arc::new).collect();
        let mut fs = Fs::new(layers);
        let _ = start(&mut fs, &spec(&script));
    }
}

/// Lines of Python of the simulated subset (and some that are not), for the interpreter's property.
fn python_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("import os, sys".to_string()),
        Just("import nosuchmodule".to_string()),
        Just("def f(n, k=2):".to_string()),
        Just("    return n * k".to_string()),
        Just("    return f(n - 1)".to_string()),
        Just("if x > 1:".to_string()),
        Just("elif x == 1: print('one')".to_string()),
        Just("else:".to_string()),
        Just("for i in range(3):".to_string()),
        Just("while x < 5:".to_string()),
        Just("    x += 1".to_string()),
        Just("        break".to_string()),
        Just("try:".to_string()),
        Just("except ImportError as e:".to_string()),
        Just("finally:".to_string()),
        Just("    raise ValueError('bad')".to_string()),
        Just("x = f(3) + len(sys.argv)".to_string()),
        Just("print(x, f'{x}!', sep='-', end='')".to_string()),
        Just("print('%s=%d' % ('x', x), '{}'.format(x))".to_string()),
        Just("while True: pass".to_string()),
        "[ -~]{0,16}".prop_map(|s| s),
        "[a-z()=:+ \n'\"]{0,12}".prop_map(|s| format!("    {s}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The Python subset never panics, always ends within its budget, and runs the same way twice.
    #[test]
    fn python_never_panics_and_is_deterministic(lines in proptest::collection::vec(python_line(), 0..10)) {
        let source = lines.join("\n");
        let layers: Vec<_> = base_layers("python:3.12-slim").unwrap().into_iter().map(Arc::new).collect();
        let spec = ProcessSpec {
            argv: vec!["python3".into(), "-c".into(), source],
            step_budget: 2_000,
            ..ProcessSpec::default()
        };
        let mut fs_a = Fs::new(layers.clone());
        let mut fs_b = Fs::new(layers);
        let a = start(&mut fs_a, &spec);
        let b = start(&mut fs_b, &spec);
        prop_assert_eq!(a, b);
    }
}
