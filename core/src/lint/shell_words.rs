//! A small splitter for shell-form RUN text, enough for lint rules: the simple commands between
//! `&&`, `||`, `;` and `|`, each as words with quotes removed, and whether a pipe was used.

/// One simple command of a shell script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The words, quotes removed; leading `VAR=value` assignments are kept separately.
    pub words: Vec<String>,
    /// `VAR=value` words before the command.
    pub assignments: Vec<String>,
    /// Whether this command's output is piped into another.
    pub piped: bool,
}

impl SimpleCommand {
    /// The program name (the first word).
    pub fn program(&self) -> &str {
        self.words.first().map(String::as_str).unwrap_or("")
    }

    /// Whether any word equals `flag`.
    pub fn has(&self, flag: &str) -> bool {
        self.words.iter().any(|w| w == flag)
    }
}

/// Splits `script` into simple commands.
pub fn simple_commands(script: &str) -> Vec<SimpleCommand> {
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    let finish = |words: &mut Vec<String>, commands: &mut Vec<SimpleCommand>, piped: bool| {
        let mut all = std::mem::take(words);
        let split = all.iter().position(|w| !is_assignment(w)).unwrap_or(all.len());
        let rest = all.split_off(split);
        if !rest.is_empty() || !all.is_empty() {
            commands.push(SimpleCommand { words: rest, assignments: all, piped });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '\\' if i + 1 < chars.len() => {
                    i += 1;
                    if chars[i] != '\n' {
                        word.push(chars[i]);
                        in_word = true;
                    }
                }
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                '&' | '|' | ';' => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                    let double = chars.get(i + 1) == Some(&c);
                    let piped = c == '|' && !double;
                    finish(&mut words, &mut commands, piped);
                    if double {
                        i += 1;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
        i += 1;
    }
    if in_word {
        words.push(word);
    }
    finish(&mut words, &mut commands, false);
    commands
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}
