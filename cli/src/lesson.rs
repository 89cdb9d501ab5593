//! `layerlab lesson list` prints one line per lesson (id and title); `layerlab lesson verify` checks
//! that every lesson's solution reaches its goal and its starting state does not, and that every
//! gallery example builds and runs. It exits non-zero on any failure.

use std::process::ExitCode;

use layerlab_core::lesson::{builtin, localized, verify};

/// Runs the command.
pub fn run(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("list") => {
            for lesson in builtin().iter().filter(|l| l.kind == "lesson") {
                println!("{}\t{}", lesson.id, localized(&lesson.title, "en"));
            }
            ExitCode::SUCCESS
        }
        Some("verify") => {
            let (mut passed, mut failed) = (0, 0);
            for lesson in builtin() {
                match verify(&lesson) {
                    Ok(()) => {
                        passed += 1;
                        println!("ok   {} {}", lesson.kind, lesson.id);
                    }
                    Err(why) => {
                        failed += 1;
                        println!("FAIL {} {}: {why}", lesson.kind, lesson.id);
                    }
                }
            }
            println!("{passed} passed, {failed} failed");
            if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        _ => {
            eprintln!("usage: layerlab lesson list | layerlab lesson verify");
            ExitCode::from(2)
        }
    }
}
