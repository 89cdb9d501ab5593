//! Instruction flags, after BuildKit's `BFlags`: each instruction declares the flags it accepts, and
//! [`parse_flags`] checks the scanned `--name=value` words against them (S-PARSE-9).

use crate::instruction::Flag;
use crate::text::{Span, Text};

use super::suggest;

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `--link`, `--link=true`, `--link=false`.
    Bool,
    /// `--from=x`, once.
    Str,
    /// `--mount=x`, repeatable.
    Strs,
}

/// The checked values, by flag name.
#[derive(Debug, Default)]
pub(crate) struct Values<'a> {
    values: Vec<(&'static str, &'a str)>,
}

impl<'a> Values<'a> {
    /// The last value of a flag.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }

    /// Every value of a repeatable flag.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.to_string()).collect()
    }

    /// Whether a boolean flag is true.
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name) == Some("true")
    }
}

/// Splits the scanned flag words into [`Flag`]s (no checking); the parts share the words' text.
pub(crate) fn to_flags(words: &[Text], spans: impl Iterator<Item = Span>) -> Vec<Flag> {
    words
        .iter()
        .zip(spans)
        .map(|(word, span)| {
            let body = if word.starts_with("--") { word.sub(2..word.len()) } else { word.clone() };
            match body.find('=') {
                Some(eq) => Flag { name: body.sub(0..eq), value: Some(body.sub(eq + 1..body.len())), span },
                None => Flag { name: body, value: None, span },
            }
        })
        .collect()
}

/// Checks flags against the accepted set; the error is BuildKit's message (without line prefix) and
/// the span of the offending flag.
pub(crate) fn parse_flags<'a>(
    flags: &'a [Flag],
    accepted: &[(&'static str, Kind)],
) -> Result<Values<'a>, (String, Span)> {
    let mut values = Values::default();
    for flag in flags {
        let Some(&(name, kind)) = accepted.iter().find(|(n, _)| *n == flag.name) else {
            let names: Vec<&str> = accepted.iter().map(|(n, _)| *n).collect();
            let message = suggest::wrap(format!("unknown flag: --{}", flag.name), &flag.name, &names, true);
            return Err((message, flag.span));
        };
        if kind != Kind::Strs && values.get(name).is_some() {
            return Err((format!("duplicate flag specified: {name}"), flag.span));
        }
        let value = match (kind, flag.value.as_deref()) {
            (Kind::Bool, None) => "true",
            (Kind::Bool, Some("")) | (Kind::Str | Kind::Strs, None) => {
                return Err((format!("missing a value on flag: {name}"), flag.span));
            }
            (Kind::Bool, Some(v)) => match v.to_lowercase().as_str() {
                "true" => "true",
                "false" => "false",
                _ => {
                    return Err((format!("expecting boolean value for flag {name}, not: {v}"), flag.span));
                }
            },
            (_, Some(v)) => v,
        };
        values.values.push((name, value));
    }
    Ok(values)
}

/// Parses a Go duration (`1h30m`, `1.5s`, `300ms`); the result is in nanoseconds. Errors are Go's.
pub(crate) fn parse_duration(s: &str) -> Result<f64, String> {
    let invalid = || format!("time: invalid duration {}", super::quote::quote(s));
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0.0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        rest = &rest[number_len..];
        let unit_len = rest.bytes().take_while(|b| !b.is_ascii_digit() && *b != b'.').count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "" => {
                return Err(format!("time: missing unit in duration {}", super::quote::quote(s)));
            }
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    super::quote::quote(unit),
                    super::quote::quote(s)
                ));
            }
        };
        total += number.parse::<f64>().map_err(|_| invalid())? * scale;
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(words: &[&str]) -> Vec<Flag> {
        let words: Vec<Text> = words.iter().map(|&w| Text::from(w)).collect();
        let spans = vec![Span::default(); words.len()];
        to_flags(&words, spans.into_iter())
    }

    #[test]
    fn checks_flags() {
        let accepted = [("chown", Kind::Str), ("link", Kind::Bool), ("from", Kind::Str)];
        assert!(parse_flags(&flags(&["--link", "--chown=a"]), &accepted).is_ok());
        let err = parse_flags(&flags(&["--chwon=1"]), &accepted).unwrap_err().0;
        assert_eq!(err, "unknown flag: --chwon (did you mean chown?)");
        let err = parse_flags(&flags(&["--from"]), &accepted).unwrap_err().0;
        assert_eq!(err, "missing a value on flag: from");
        assert_eq!(parse_duration("1m30s"), Ok(90e9));
        assert_eq!(parse_duration("5"), Err("time: missing unit in duration \"5\"".to_string()));
    }
}
