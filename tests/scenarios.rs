//! The scenario suite: terminal sessions in `scenarios/<name>/` (a `context/` folder, a `script` typed
//! into `layerlab shell`, and `expect` rules), run in-process against one simulated host. The eight
//! sessions from `shared/scenarios` are copied here so the suite runs without `../shared`; every other
//! folder is ours and cites the spec section it checks. When `../shared/scenarios` exists, its
//! sessions run too.

use datatest_stable::Utf8Path;

fn scenario(path: &Utf8Path) -> datatest_stable::Result<()> {
    let dir = path.parent().ok_or("a script lives in a folder")?;
    let run = layerlab_tests::run_scenario(dir.as_std_path());
    match run.problem {
        None => Ok(()),
        Some(problem) => {
            let tail: Vec<String> = run.lines.iter().rev().take(80).rev().map(|l| format!("     | {l}")).collect();
            Err(format!("{problem}\n{}", tail.join("\n")).into())
        }
    }
}

/// Runs every session of `../shared/scenarios` when it is present.
fn shared(_path: &Utf8Path) -> datatest_stable::Result<()> {
    let Some(dir) = layerlab_tests::shared_scenarios_dir() else {
        println!("shared scenarios: skipped (no ../shared/scenarios)");
        return Ok(());
    };
    let mut failures = Vec::new();
    let mut entries: Vec<_> =
        std::fs::read_dir(&dir)?.flatten().map(|e| e.path()).filter(|p| p.join("script").is_file()).collect();
    entries.sort();
    for case in &entries {
        let run = layerlab_tests::run_scenario(case);
        if let Some(problem) = run.problem {
            failures.push(format!("{}: {problem}", case.display()));
        }
    }
    println!("shared scenarios: {} run, {} failed", entries.len(), failures.len());
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

datatest_stable::harness! {
    { test = scenario, root = "scenarios", pattern = r"script$" },
    { test = shared, root = "scenarios", pattern = r"^README\.md$" },
}
