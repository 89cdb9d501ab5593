//! The `layerlab` command line: `layerlab --version`, `layerlab shell`, `layerlab dump FILE`.

mod dump;
mod lesson;
mod lint;
mod shell;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V" | "version") => println!("layerlab {}", env!("CARGO_PKG_VERSION")),
        Some("lesson") => {
            std::process::exit(if lesson::run(&args[1..]) == std::process::ExitCode::SUCCESS { 0 } else { 1 })
        }
        Some("lint") => {
            std::process::exit(if lint::run(&args[1..]) == std::process::ExitCode::SUCCESS { 0 } else { 1 })
        }
        Some("shell") => std::process::exit(shell::run()),
        Some("dump") => std::process::exit(dump::run(&args[1..])),
        _ => {
            eprintln!("usage: layerlab [--version | shell | dump FILE | lint FILE | lesson list|verify]");
            std::process::exit(2);
        }
    }
}
