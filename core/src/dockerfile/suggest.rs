//! "Did you mean" suggestions, after BuildKit's `util/suggest`: the closest option at Levenshtein
//! distance 2 or less.

/// The Levenshtein distance between `a` and `b`, counted in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The first option closest to `value` (distance below 3), if any. An exact match gives `None`,
/// because then the error was not about the spelling. Case-insensitive searches report the option
/// in the user's case style: all upper case stays upper, anything else is lower.
pub fn search(value: &str, options: &[&str], case_sensitive: bool) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    let folded = if case_sensitive { value.to_string() } else { value.to_lowercase() };
    let mut best: Option<&str> = None;
    let mut min = 3;
    for option in options {
        let option_folded = if case_sensitive { option.to_string() } else { option.to_lowercase() };
        if option_folded == folded {
            return None;
        }
        let distance = levenshtein(&folded, &option_folded);
        if distance < min {
            min = distance;
            best = Some(option);
        }
    }
    let best = best?;
    if case_sensitive {
        Some(best.to_string())
    } else if value == value.to_uppercase() {
        Some(best.to_uppercase())
    } else {
        Some(best.to_lowercase())
    }
}

/// Appends ` (did you mean X?)` to `message` when a close option exists.
pub fn wrap(message: String, value: &str, options: &[&str], case_sensitive: bool) -> String {
    match search(value, options, case_sensitive) {
        Some(hit) => format!("{message} (did you mean {hit}?)"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(search("RUNN", &["run", "cmd"], false).as_deref(), Some("RUN"));
        assert_eq!(search("runn", &["run", "cmd"], false).as_deref(), Some("run"));
        assert_eq!(search("SET", &["run", "cmd", "copy"], false), None);
        assert_eq!(search("chwon", &["chown", "from"], true).as_deref(), Some("chown"));
    }
}
