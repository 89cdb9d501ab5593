//! `layerlab dump FILE`: prints BuildKit's parse-tree dump of a Dockerfile, or the parser's error,
//! exactly like BuildKit's `dumper` tool.

/// Runs `layerlab dump FILE`: the dump on stdout and exit 0, or the error on stderr and exit 1.
pub fn run(args: &[String]) -> i32 {
    let [path] = args else {
        eprintln!("usage: layerlab dump FILE");
        return 2;
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("failed to read dockerfile: {err}");
            return 1;
        }
    };
    // BuildKit reads bytes; invalid UTF-8 is replaced so the parse still runs.
    let text = String::from_utf8_lossy(&bytes);
    let parse = layerlab_core::parse(&text);
    // Like BuildKit's `dumper`, only errors of the low-level parser stop the dump.
    if let Some(error) = parse.first_parser_error() {
        eprintln!("{}", error.message);
        return 1;
    }
    print!("{}", layerlab_core::dockerfile::dump(&parse.dockerfile));
    0
}
