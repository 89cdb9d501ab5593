//! Redirections on a `docker` command line (`2>&1`, `2>/dev/null`, `> out.txt`, `&>/dev/null`, and the
//! input `< script.sh` that `docker run -i` passes to the container),
//! which the host applies itself, as bash would, because docker lines do not run in the simulated
//! shell. Redirections are read left to right: `>/dev/null 2>&1` silences both streams, while
//! `2>&1 >/dev/null` sends errors to the terminal's standard output and drops the rest.

/// Where one of the command's streams ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Sink {
    /// The terminal's standard output (or the next command of a pipeline).
    Stdout,
    /// The terminal's standard error.
    Stderr,
    /// `/dev/null`.
    Null,
    /// A file on the host, appended to when `append` is set.
    File { path: String, append: bool },
}

/// The command without its redirections, and where its two streams go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Redirected {
    /// The command text, redirections removed.
    pub command: String,
    /// Where the command's standard output goes.
    pub stdout: Sink,
    /// Where the command's standard error goes.
    pub stderr: Sink,
    /// The host file the command's standard input comes from (`< file`).
    pub stdin: Option<String>,
}

/// Splits the redirections off `text`, or returns `None` when it has none outside quotes.
pub(super) fn split(text: &str) -> Option<Redirected> {
    let chars: Vec<char> = text.chars().collect();
    let mut command = String::new();
    let mut stdout = Sink::Stdout;
    let mut stderr = Sink::Stderr;
    let mut stdin = None;
    let mut found = false;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' && i + 1 < chars.len() {
                    command.push(c);
                    i += 1;
                    command.push(chars[i]);
                    i += 1;
                    continue;
                }
                command.push(c);
                i += 1;
                continue;
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                command.push(c);
                i += 1;
                continue;
            }
            None if c == '\\' && i + 1 < chars.len() => {
                command.push(c);
                command.push(chars[i + 1]);
                i += 2;
                continue;
            }
            None => {}
        }
        // A redirection starts a word: `>`, `N>`, `&>`, optionally doubled for appending.
        let at_word_start = i == 0 || chars[i - 1].is_whitespace();
        let (fd, skip) = match (c, chars.get(i + 1)) {
            ('<', next) if next != Some(&'<') => ('<', 0),
            ('>', _) => ('1', 0),
            ('1' | '2', Some('>')) => (c, 1),
            ('&', Some('>')) => ('&', 1),
            _ => ('-', 0),
        };
        if fd == '-' || !at_word_start {
            command.push(c);
            i += 1;
            continue;
        }
        let mut j = i + skip + 1;
        let append = chars.get(j) == Some(&'>');
        if append {
            j += 1;
        }
        // `N>&M` duplicates a stream.
        if chars.get(j) == Some(&'&') && matches!(chars.get(j + 1), Some('1' | '2')) {
            let target = if chars[j + 1] == '1' { stdout.clone() } else { stderr.clone() };
            match fd {
                '2' => stderr = target,
                _ => stdout = target,
            }
            found = true;
            i = j + 2;
            continue;
        }
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let start = j;
        while chars.get(j).is_some_and(|c| !c.is_whitespace()) {
            j += 1;
        }
        let target: String = chars[start..j].iter().collect();
        if target.is_empty() {
            // `docker images >` is bash's syntax error; leave it to the command as written.
            command.push(c);
            i += 1;
            continue;
        }
        let target = target.trim_matches(|c| c == '"' || c == '\'').to_string();
        if fd == '<' {
            stdin = Some(target);
            found = true;
            i = j;
            continue;
        }
        let sink = if target == "/dev/null" { Sink::Null } else { Sink::File { path: target, append } };
        match fd {
            '2' => stderr = sink,
            '&' => {
                stdout = sink.clone();
                stderr = sink;
            }
            _ => stdout = sink,
        }
        found = true;
        i = j;
    }
    found.then(|| Redirected { command: command.trim().to_string(), stdout, stderr, stdin })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, append: bool) -> Sink {
        Sink::File { path: path.to_string(), append }
    }

    #[test]
    fn input_comes_from_a_file() {
        let r = split("docker run -i alpine sh < setup.sh").unwrap();
        assert_eq!(r.command, "docker run -i alpine sh");
        assert_eq!(r.stdin.as_deref(), Some("setup.sh"));
        assert_eq!((r.stdout, r.stderr), (Sink::Stdout, Sink::Stderr));
        assert_eq!(split("docker run alpine sh -c 'a < b'"), None);
    }

    #[test]
    fn plain_lines_have_no_redirection() {
        assert_eq!(split("docker build -t app ."), None);
        assert_eq!(split("docker run app echo 'a > b'"), None);
        assert_eq!(split("docker run app sh -c \"echo 1>&2\""), None);
    }

    #[test]
    fn redirections_apply_left_to_right() {
        let r = split("docker build . 2>/dev/null").unwrap();
        assert_eq!((r.command.as_str(), r.stdout, r.stderr), ("docker build .", Sink::Stdout, Sink::Null));
        let r = split("docker build . >/dev/null 2>&1").unwrap();
        assert_eq!((r.stdout, r.stderr), (Sink::Null, Sink::Null));
        let r = split("docker build . 2>&1 >/dev/null").unwrap();
        assert_eq!((r.stdout, r.stderr), (Sink::Null, Sink::Stdout));
        let r = split("docker images > out.txt").unwrap();
        assert_eq!((r.command.as_str(), r.stdout), ("docker images", file("out.txt", false)));
        let r = split("docker images >>log 2> err.txt").unwrap();
        assert_eq!((r.stdout, r.stderr), (file("log", true), file("err.txt", false)));
        let r = split("docker build . &>/dev/null").unwrap();
        assert_eq!((r.stdout, r.stderr), (Sink::Null, Sink::Null));
    }
}
