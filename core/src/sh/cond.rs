//! bash's conditional command `[[ … ]]`: its words are neither split nor globbed; `==`, `=` and `!=`
//! match the right side as a pattern (quoted parts literally), `=~` as an extended regular
//! expression; `<` and `>` compare strings; `&&`, `||`, `!` and parentheses combine tests; the file
//! and numeric tests are `test`'s. The parser turns the operator tokens inside `[[ … ]]` into
//! unquoted literal words (`parser.rs`); busybox ash (Alpine's, built with its bash compatibility)
//! runs it the same way, and dash, which has no `[[`, runs it as a command and does not find it.

use super::ast::Word;
use super::cmds::re::Regex;
use super::glob;
use super::interp::{Dialect, Shell};
use super::machine::{Ctrl, Io, Machine};
use super::test_cmd;

/// Why a conditional expression cannot be evaluated (bash's words).
#[derive(Debug, Clone, PartialEq, Eq)]
enum CondError {
    /// A token where none fits.
    Unexpected(String),
    /// The expression ended early.
    Missing,
}

/// One token: an operator (an unquoted literal) or an operand.
fn op(word: &Word) -> Option<&str> {
    word.as_literal()
}

struct Cond<'a, 'm, 'f> {
    words: &'a [Word],
    pos: usize,
    m: &'m mut Machine<'f>,
    io: &'a Io,
}

impl Shell {
    /// Runs `[[ words… ]]` (the words between the brackets); the status is 0 when it holds, 1 when
    /// it does not and 2 for a malformed expression.
    pub(crate) fn conditional(&mut self, m: &mut Machine, words: &[Word], io: &Io) -> Result<i32, Ctrl> {
        let mut cond = Cond { words, pos: 0, m, io };
        let result = match self.cond_or(&mut cond) {
            Ok(_) if cond.pos < words.len() => Err(CondError::Unexpected(self.cond_text(&cond, cond.pos)).into()),
            other => other,
        };
        match result {
            Ok(holds) => Ok(i32::from(!holds)),
            Err(Ctrl2::Ctrl(ctrl)) => Err(ctrl),
            Err(Ctrl2::Error(error)) => {
                let message = match error {
                    CondError::Unexpected(token) => {
                        format!("syntax error in conditional expression: unexpected token `{token}'")
                    }
                    CondError::Missing => "unexpected argument to conditional binary operator".to_string(),
                };
                self.error(m, io, &message);
                Ok(2)
            }
        }
    }

    fn cond_text(&self, cond: &Cond, at: usize) -> String {
        cond.words.get(at).map(Word::unquoted_text).unwrap_or_default()
    }

    fn cond_or(&mut self, c: &mut Cond) -> Result<bool, Ctrl2> {
        let mut holds = self.cond_and(c)?;
        while c.words.get(c.pos).and_then(op) == Some("||") {
            c.pos += 1;
            // Both sides are parsed; bash evaluates the right one only when needed.
            let right = self.cond_and(c)?;
            holds = holds || right;
        }
        Ok(holds)
    }

    fn cond_and(&mut self, c: &mut Cond) -> Result<bool, Ctrl2> {
        let mut holds = self.cond_not(c)?;
        while c.words.get(c.pos).and_then(op) == Some("&&") {
            c.pos += 1;
            let right = self.cond_not(c)?;
            holds = holds && right;
        }
        Ok(holds)
    }

    fn cond_not(&mut self, c: &mut Cond) -> Result<bool, Ctrl2> {
        if c.words.get(c.pos).and_then(op) == Some("!") {
            c.pos += 1;
            return Ok(!self.cond_not(c)?);
        }
        self.cond_primary(c)
    }

    fn cond_primary(&mut self, c: &mut Cond) -> Result<bool, Ctrl2> {
        c.m.tick().map_err(Ctrl2::Ctrl)?;
        let Some(first) = c.words.get(c.pos) else { return Err(CondError::Missing.into()) };
        if op(first) == Some("(") {
            c.pos += 1;
            let holds = self.cond_or(c)?;
            if c.words.get(c.pos).and_then(op) != Some(")") {
                return Err(CondError::Unexpected(self.cond_text(c, c.pos)).into());
            }
            c.pos += 1;
            return Ok(holds);
        }
        let binary = c.words.get(c.pos + 1).and_then(op).filter(|o| is_binary(o)).map(str::to_string);
        if let Some(operator) = binary {
            let Some(right) = c.words.get(c.pos + 2) else { return Err(CondError::Missing.into()) };
            let left = self.expand_single(c.m, first, c.io).map_err(Ctrl2::Ctrl)?;
            c.pos += 3;
            return match operator.as_str() {
                "==" | "=" | "!=" => {
                    let pattern = self.expand_pattern(c.m, right, c.io).map_err(Ctrl2::Ctrl)?;
                    Ok(glob::fnmatch(&pattern, &left) == (operator != "!="))
                }
                "=~" => {
                    let pattern = self.expand_single(c.m, right, c.io).map_err(Ctrl2::Ctrl)?;
                    // An invalid regular expression makes the test fail with status 2 in bash.
                    Ok(Regex::new(&pattern, true, false).is_ok_and(|re| re.is_match(&left)))
                }
                "<" | ">" => {
                    let right = self.expand_single(c.m, right, c.io).map_err(Ctrl2::Ctrl)?;
                    Ok(if operator == "<" { left < right } else { left > right })
                }
                _ => {
                    let right = self.expand_single(c.m, right, c.io).map_err(Ctrl2::Ctrl)?;
                    Ok(self.cond_test(c, &[left, operator, right]))
                }
            };
        }
        let text = op(first).map(str::to_string);
        if let Some(unary) = text.filter(|t| t.len() == 2 && t.starts_with('-') && c.pos + 1 < c.words.len()) {
            let next = &c.words[c.pos + 1];
            if !op(next).is_some_and(|o| matches!(o, "&&" | "||" | ")")) {
                let operand = self.expand_single(c.m, next, c.io).map_err(Ctrl2::Ctrl)?;
                c.pos += 2;
                if unary == "-v" {
                    return Ok(self.get(&operand).is_some());
                }
                return Ok(self.cond_test(c, &[unary, operand]));
            }
        }
        // A lone word holds when it is not empty.
        let value = self.expand_single(c.m, first, c.io).map_err(Ctrl2::Ctrl)?;
        c.pos += 1;
        Ok(!value.is_empty())
    }

    /// A `test` primary (`-f FILE`, `A -lt B`), evaluated by `test` itself.
    fn cond_test(&mut self, c: &mut Cond, args: &[String]) -> bool {
        let cwd = self.cwd.clone();
        test_cmd::run(c.m, c.io, "test", args, &cwd, Dialect::Bash) == 0
    }
}

/// The binary operators of `[[ … ]]`.
fn is_binary(op: &str) -> bool {
    matches!(
        op,
        "==" | "=" | "!=" | "=~" | "<" | ">" | "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" | "-nt" | "-ot" | "-ef"
    )
}

/// A failure while evaluating: the shell's control flow (the budget ran out) or a malformed
/// expression.
enum Ctrl2 {
    Ctrl(Ctrl),
    Error(CondError),
}

impl From<CondError> for Ctrl2 {
    fn from(error: CondError) -> Ctrl2 {
        Ctrl2::Error(error)
    }
}
