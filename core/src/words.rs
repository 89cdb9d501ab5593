//! Dockerfile word expansion with a fast path: the functions of [`crate::dockerfile::expand`], which
//! return a word unchanged when nothing in it can expand. Most words of a Dockerfile (paths, ports,
//! commands) have no `$`, no quote and no escape character, and the build expands each of them several
//! times (the step name, the cache inputs, the history text), so they skip the lexer here.

use crate::dockerfile::expand::{self, ExpandError};

/// Whether the lexer may change `word`: a `$`, a quote or the escape character occurs in it. Without
/// them it copies every character as it is.
fn may_change(word: &str, escape: char) -> bool {
    word.contains(['$', '\'', '"']) || word.contains(escape)
}

/// [`expand::expand_word`].
pub fn expand_word(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    if may_change(word, escape) { expand::expand_word(word, escape, lookup) } else { Ok(word.to_string()) }
}

/// [`expand::expand_word_tracking`].
pub fn expand_word_tracking(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Vec<String>), ExpandError> {
    if may_change(word, escape) {
        expand::expand_word_tracking(word, escape, lookup)
    } else {
        Ok((word.to_string(), Vec::new()))
    }
}

/// [`expand::expand_display`]: quotes are kept there, so only `$` and the escape character matter.
pub fn expand_display(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    if word.contains('$') || word.contains(escape) {
        expand::expand_display(word, escape, lookup)
    } else {
        word.to_string()
    }
}

/// [`expand::expand_words`]: without quotes or expansions, the words are the white-space-separated parts.
pub fn expand_words(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, ExpandError> {
    if may_change(word, escape) {
        expand::expand_words(word, escape, lookup)
    } else {
        Ok(word.split_whitespace().map(str::to_string).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path gives what the lexer gives, for words with and without expandable characters.
    #[test]
    fn fast_path_matches_the_lexer() {
        let lookup = |name: &str| (name == "SET").then(|| "v a l".to_string());
        let words = [
            "",
            " ",
            "/app",
            "requirements.txt .",
            "a  b\tc\u{a0}d",
            "5000/tcp",
            "x$SET",
            "'q'",
            "\"q\"",
            "a\\b",
            "`tick`",
            "${SET:-x} y",
            "it's",
            "\"open",
            "é → ü",
            "$",
            "a`b",
        ];
        for word in words {
            for escape in ['\\', '`'] {
                assert_eq!(expand_word(word, escape, &lookup), expand::expand_word(word, escape, &lookup), "{word:?}");
                assert_eq!(
                    expand_word_tracking(word, escape, &lookup),
                    expand::expand_word_tracking(word, escape, &lookup),
                    "{word:?}"
                );
                assert_eq!(
                    expand_display(word, escape, &lookup),
                    expand::expand_display(word, escape, &lookup),
                    "{word:?}"
                );
                assert_eq!(
                    expand_words(word, escape, &lookup),
                    expand::expand_words(word, escape, &lookup),
                    "{word:?}"
                );
            }
        }
    }
}
