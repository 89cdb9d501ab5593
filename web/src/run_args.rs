//! The `docker run` panel's input: what the learner typed after `docker run`, split into the flags
//! before the image and the arguments after it ([`RunArgs`]). Words are split as a POSIX shell would
//! (quotes, backslashes); the raw flag and argument texts are kept so the command line handed to the
//! simulated host is exactly what was typed. Words starting with `-` before the first other word are
//! `docker run` flags; `--` ends the flags, so arguments that start with `-` can follow it.

/// Flags of `docker run` that take a value as the next word.
const VALUE_FLAGS: &[&str] = &[
    "--entrypoint",
    "-e",
    "--env",
    "--env-file",
    "-p",
    "--publish",
    "--name",
    "-w",
    "--workdir",
    "-u",
    "--user",
    "-v",
    "--volume",
    "--network",
    "-h",
    "--hostname",
    "--stop-signal",
    "--label",
    "-l",
    "--platform",
    "--mount",
];

/// The typed `docker run` words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunArgs {
    /// The text of the flags, as typed (goes before the image name).
    pub flags_text: String,
    /// The text of the arguments, as typed (goes after the image name).
    pub args_text: String,
    /// `--entrypoint`'s value, if given.
    pub entrypoint: Option<String>,
    /// The arguments after the image, split into words.
    pub args: Vec<String>,
    /// A problem with the text (an unclosed quote).
    pub error: Option<String>,
}

/// Splits `text` into words with their byte offsets.
pub fn split_words(text: &str) -> Result<Vec<(usize, String)>, String> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                '\'' => loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, ch)) => word.push(ch),
                        None => return Err("unterminated quoted string".to_string()),
                    }
                },
                '"' => loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, ch)) if matches!(ch, '"' | '\\' | '$' | '`') => word.push(ch),
                            Some((_, ch)) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err("unterminated quoted string".to_string()),
                        },
                        Some((_, ch)) => word.push(ch),
                        None => return Err("unterminated quoted string".to_string()),
                    }
                },
                '\\' => {
                    if let Some((_, ch)) = chars.next() {
                        word.push(ch);
                    }
                }
                other => word.push(other),
            }
        }
        words.push((start, word));
    }
    Ok(words)
}

/// Parses the typed text.
pub fn parse(text: &str) -> RunArgs {
    let words = match split_words(text) {
        Ok(words) => words,
        Err(error) => return RunArgs { error: Some(error), ..RunArgs::default() },
    };
    let mut entrypoint = None;
    let mut i = 0;
    while i < words.len() {
        let word = words[i].1.as_str();
        if !word.starts_with('-') || word == "-" {
            break;
        }
        if word == "--" {
            i += 1;
            break;
        }
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (word, None),
        };
        let value = if VALUE_FLAGS.contains(&name) && inline.is_none() {
            i += 1;
            words.get(i).map(|w| w.1.clone())
        } else {
            inline
        };
        if name == "--entrypoint" {
            entrypoint = value;
        }
        i += 1;
    }
    let split_at = words.get(i).map_or(text.len(), |w| w.0);
    let flags_text = text[..split_at].trim();
    let flags_text = flags_text.strip_suffix("--").unwrap_or(flags_text).trim_end();
    RunArgs {
        flags_text: flags_text.to_string(),
        args_text: text[split_at..].trim().to_string(),
        entrypoint,
        args: words[i.min(words.len())..].iter().map(|w| w.1.clone()).collect(),
        error: None,
    }
}

/// The command line the panel runs on the simulated host.
pub fn command_line(image: &str, run: &RunArgs) -> String {
    let mut line = String::from("docker run --rm");
    for part in [run.flags_text.as_str(), image, run.args_text.as_str()] {
        if !part.is_empty() {
            line.push(' ');
            line.push_str(part);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_then_arguments() {
        let run = parse("-e A=1 --entrypoint sh -- -c 'echo $A'");
        assert_eq!(run.flags_text, "-e A=1 --entrypoint sh");
        assert_eq!(run.args_text, "-c 'echo $A'");
        assert_eq!(run.entrypoint.as_deref(), Some("sh"));
        assert_eq!(run.args, vec!["-c".to_string(), "echo $A".to_string()]);
        assert_eq!(command_line("myapp", &run), "docker run --rm -e A=1 --entrypoint sh myapp -c 'echo $A'");
    }

    #[test]
    fn plain_arguments_and_empty_text() {
        assert_eq!(parse("python --version").args, vec!["python".to_string(), "--version".to_string()]);
        assert_eq!(command_line("myapp", &parse("")), "docker run --rm myapp");
        assert!(parse("echo 'oops").error.is_some());
    }
}
