//! Docker's number, size, duration and text formats (S-FMT), and the simulated clock's [`Timestamp`].
//!
//! Three size formats exist: `docker history`/`docker images` (`%.3g` decimal units, `77.8MB`), the
//! classic builder's context size (`%.4g`, `3.072kB`), and BuildKit progress (`%.2f`, `29.54MB`).

use serde::{Deserialize, Serialize};

/// A point on the simulated clock: milliseconds since the Unix epoch. Time is always passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// From whole seconds since the epoch.
    pub fn from_secs(secs: i64) -> Timestamp {
        Timestamp(secs.saturating_mul(1000))
    }

    /// Whole seconds since the epoch.
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// This time plus `ms` milliseconds.
    pub fn plus_ms(self, ms: u64) -> Timestamp {
        Timestamp(self.0.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)))
    }

    /// Milliseconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: Timestamp) -> u64 {
        u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0)
    }

    /// RFC 3339 in UTC with second precision, as `docker history -H=false` prints it.
    pub fn rfc3339(self) -> String {
        let mut out = String::with_capacity(20);
        self.write_rfc3339(&mut out);
        out
    }

    /// Appends [`Timestamp::rfc3339`] to `out`.
    pub fn write_rfc3339(self, out: &mut String) {
        let secs = self.secs();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if !(0..=9999).contains(&y) {
            out.push_str(&format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60));
            return;
        }
        // Digit by digit into a buffer appended at once: an image config has a timestamp per history
        // row, and `format!` with six padded fields costs more than the rest of the row.
        let mut text = *b"0000-00-00T00:00:00Z";
        let mut put = |end: usize, mut value: i64, width: usize| {
            for slot in text[end - width..end].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(4, y, 4);
        put(7, m, 2);
        put(10, d, 2);
        put(13, rem / 3600, 2);
        put(16, rem % 3600 / 60, 2);
        put(19, rem % 60, 2);
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    }

    /// Go's `time.RFC3339Nano` in UTC, the form image configs and `docker inspect` store: the
    /// fraction of a second without trailing zeros, none for a whole second
    /// (`2026-11-27T10:00:00.52Z`). Two builds a few milliseconds apart get different image IDs.
    pub fn rfc3339_nano(self) -> String {
        let mut out = String::with_capacity(24);
        self.write_rfc3339_nano(&mut out);
        out
    }

    /// Appends [`Timestamp::rfc3339_nano`] to `out`.
    pub fn write_rfc3339_nano(self, out: &mut String) {
        self.write_rfc3339(out);
        let ms = self.0.rem_euclid(1000);
        if ms != 0 && out.ends_with('Z') {
            out.pop();
            out.push('.');
            let digits = [ms / 100, ms / 10 % 10, ms % 10];
            let len = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            for digit in &digits[..len] {
                out.push(char::from(b'0' + *digit as u8));
            }
            out.push('Z');
        }
    }

    /// Go's `time.Time.String()` in UTC (`2017-01-01 12:00:03 +0000 UTC`), as the `.CreatedAt`
    /// field of `docker images --format` and `docker ps --format` prints it.
    pub fn go_string(self) -> String {
        let text = self.rfc3339();
        format!("{} {} +0000 UTC", &text[..10], &text[11..19])
    }

    /// Go's `2006-01-02T15:04:05.000000000Z07:00` in UTC (moby's `RFC3339NanoFixed`), the prefix
    /// `docker logs -t` gives each line: always nine digits of fraction.
    pub fn rfc3339_nano_fixed(self) -> String {
        let mut out = self.rfc3339();
        out.pop();
        out.push_str(&format!(".{:03}000000Z", self.0.rem_euclid(1000)));
        out
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
        Some(Timestamp::from_secs(days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?))
    }
}

/// The time a `--since` or `--until` value names, as docker/cli's `GetTimestamp` reads it: a Go
/// duration before `now` (`42m`, `1h30m`, `1.5h`), a date or time (`2026-11-27`, `2026-11-27T10`,
/// `2026-11-27T10:04`, `2026-11-27T10:04:05.5Z`, `2026-11-27T11:04:05+01:00`; without a zone it is
/// local time, which is UTC here), or Unix seconds (`1798365600`, `1798365600.5`). `None` when it is
/// none of these, where docker says `failed to parse value as time or duration`.
pub fn parse_docker_time(value: &str, now: Timestamp) -> Option<Timestamp> {
    if value != "0"
        && let Some(ns) = parse_go_duration(value)
    {
        return Some(Timestamp(now.0.saturating_sub(ns / 1_000_000)));
    }
    if value.contains('-') {
        return parse_date_time(value);
    }
    let (secs, fraction) = value.split_once('.').unwrap_or((value, ""));
    if secs.is_empty() || !secs.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms = format!("{fraction:0<3}")[..3].parse::<i64>().ok()?;
    Some(Timestamp(secs.parse::<i64>().ok()?.checked_mul(1000)?.checked_add(ms)?))
}

/// Go's `time.ParseDuration` in whole nanoseconds (the parser HEALTHCHECK's flags use), `None` when
/// the value is not a duration or does not fit.
fn parse_go_duration(value: &str) -> Option<i64> {
    let ns = crate::dockerfile::flags::parse_duration(value).ok()?;
    (ns.abs() <= i64::MAX as f64).then_some(ns as i64)
}

/// `2006-01-02` with an optional `T15`, `:04`, `:05`, fraction and zone (`Z` or `±07:00`).
fn parse_date_time(value: &str) -> Option<Timestamp> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = value.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut rest = &value[10..];
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let mut ms = 0;
    if let Some(time) = rest.strip_prefix('T') {
        let end = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
        let (clock, zone) = time.split_at(end);
        let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
        let fields: Vec<&str> = clock.split(':').collect();
        if fields.len() > 3 || fields.iter().any(|f| f.len() != 2 || !f.bytes().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let limits = [24, 60, 60];
        for (field, (limit, unit)) in fields.iter().zip(limits.iter().zip([3600, 60, 1])) {
            let n: i64 = field.parse().ok()?;
            if n >= *limit {
                return None;
            }
            secs += n * unit;
        }
        if !fraction.is_empty() {
            if fields.len() != 3 || !fraction.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            ms = format!("{fraction:0<3}")[..3].parse::<i64>().ok()?;
        }
        rest = zone;
    }
    match rest {
        "" | "Z" | "z" => {}
        zone => {
            let sign = if zone.starts_with('-') { 1 } else { -1 };
            let offset = zone.get(1..)?;
            let (h, mm) = offset.split_once(':')?;
            if h.len() != 2 || mm.len() != 2 {
                return None;
            }
            secs += sign * (h.parse::<i64>().ok()? * 3600 + mm.parse::<i64>().ok()? * 60);
        }
    }
    Some(Timestamp(secs * 1000 + ms))
}

// Howard Hinnant's civil-date algorithms.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const DECIMAL_UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/// go-units `HumanSizeWithPrecision`: decimal units and Go's `%.*g`.
pub fn human_size_precision(bytes: f64, precision: usize) -> String {
    let mut size = bytes;
    let mut unit = 0;
    while size >= 1000.0 && unit < DECIMAL_UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    format!("{}{}", go_format_g(size, precision), DECIMAL_UNITS[unit])
}

/// `docker history` and `docker images` sizes (S-HIST-5): `0B`, `229B`, `77.8MB`, `1e+03kB`.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1000 {
        // Below 1000 the value is a whole number of at most three digits, which `%.3g` prints as is.
        let mut out = bytes.to_string();
        out.push('B');
        return out;
    }
    human_size_precision(bytes as f64, 3)
}

/// The classic builder's `Sending build context` size: `3.072kB`.
pub fn context_size(bytes: u64) -> String {
    human_size_precision(bytes as f64, 4)
}

/// BuildKit progress bytes (S-OUT-3): `2B`, `266B`, `1.05kB`, `29.54MB`.
pub fn progress_bytes(bytes: u64) -> String {
    if bytes < 1000 {
        return format!("{bytes}B");
    }
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < DECIMAL_UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    format!("{size:.2}{}", DECIMAL_UNITS[unit])
}

/// Go's `strconv.FormatFloat(v, 'g', precision, 64)`.
pub fn go_format_g(value: f64, precision: usize) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let precision = precision.max(1);
    let sci = format!("{:.*e}", precision - 1, value);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= precision as i32 {
        let mantissa = trim_fraction(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim_fraction(&format!("{value:.decimals$}")).to_string()
    }
}

fn trim_fraction(text: &str) -> &str {
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { text }
}

/// go-units `HumanDuration`, as in `12 seconds` (add ` ago` yourself).
pub fn human_duration(ms: u64) -> String {
    let seconds = ms / 1000;
    let minutes = seconds / 60;
    let hours_rounded = (ms as f64 / 3_600_000.0 + 0.5) as u64;
    if seconds < 1 {
        "Less than a second".to_string()
    } else if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours_rounded == 1 {
        "About an hour".to_string()
    } else if hours_rounded < 48 {
        format!("{hours_rounded} hours")
    } else if hours_rounded < 24 * 7 * 2 {
        format!("{} days", hours_rounded / 24)
    } else if hours_rounded < 24 * 30 * 2 {
        format!("{} weeks", hours_rounded / 24 / 7)
    } else if hours_rounded < 24 * 365 * 2 {
        format!("{} months", hours_rounded / 24 / 30)
    } else {
        format!("{} years", ms / 3_600_000 / 24 / 365)
    }
}

/// `N seconds ago`, or `N/A` for timestamps at or before 2000-01-01 (S-HIST-6).
pub fn time_ago(then: Timestamp, now: Timestamp) -> String {
    if then.secs() <= 946_684_800 {
        return "N/A".to_string();
    }
    let mut out = human_duration(now.since(then));
    out.push_str(" ago");
    out
}

/// Go's `time.Duration` `String()` for whole seconds (`0s`, `3s`, `5m0s`, `1h0m0s`), as HEALTHCHECK
/// history text and `docker inspect` templates print intervals.
pub fn go_duration(ns: u64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    let secs = ns / 1_000_000_000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&format!("{s}s"));
    out
}

/// Truncates to display width `width`: the first `width - 1` characters and `…` (S-FMT-4).
pub fn ellipsis(text: &str, width: usize) -> String {
    // Only the first `width + 1` characters are looked at, and the kept ones are copied at once.
    let mut offsets = text.char_indices().map(|(idx, _)| idx);
    let keep = width.saturating_sub(1);
    let cut = offsets.nth(keep);
    let longer = if width == 0 { cut.is_some() } else { offsets.next().is_some() };
    match cut {
        Some(cut) if longer => {
            let mut out = String::with_capacity(cut + '…'.len_utf8());
            out.push_str(&text[..cut]);
            out.push('…');
            out
        }
        _ => text.to_string(),
    }
}

/// BuildKit's vertex duration: `%.1fs`.
pub fn seconds_1(ms: u64) -> String {
    format!("{:.1}s", ms as f64 / 1000.0)
}

/// BuildKit's log-line offset: 3 decimals below 10 s, 2 below 100 s, else 1 (S-OUT-1).
pub fn log_offset(ms: u64) -> String {
    let secs = ms as f64 / 1000.0;
    if secs < 10.0 {
        format!("{secs:.3}")
    } else if secs < 100.0 {
        format!("{secs:.2}")
    } else {
        format!("{secs:.1}")
    }
}

/// Go's `%q` for a string slice, as `docker history` prints arrays: `["sleep" "5"]` (S-FMT-5).
pub fn go_quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
    format!("[{}]", quoted.join(" "))
}

/// Go's `%v` for a string slice: `[/bin/bash -c]`.
pub fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// Go's `strconv.Quote` for the characters a learner types (control characters escaped).
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Pads `cells` into columns the way Go's tabwriter does for the Docker CLI (minimum width 10,
/// padding 3; the last column is not padded).
pub fn table<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    // Each cell's width is counted once, for the column widths and again for its padding.
    let counts: Vec<usize> = rows.iter().flatten().map(|cell| cell.as_ref().chars().count()).collect();
    let mut counted = counts.iter();
    let mut bytes = 0;
    for row in rows {
        for (i, (cell, count)) in row.iter().zip(&mut counted).enumerate() {
            widths[i] = widths[i].max(*count);
            bytes += cell.as_ref().len();
        }
    }
    let mut out = String::with_capacity(bytes + rows.len() * (columns * 4 + 1));
    let mut counted = counts.iter();
    for row in rows {
        for (i, (cell, count)) in row.iter().zip(&mut counted).enumerate() {
            out.push_str(cell.as_ref());
            if i + 1 < row.len() {
                let width = (widths[i] + 3).max(10);
                pad(&mut out, width - count);
            }
        }
        out.push('\n');
    }
    out
}

/// Appends `count` spaces.
fn pad(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                ";
    while count > 0 {
        let chunk = count.min(SPACES.len());
        out.push_str(&SPACES[..chunk]);
        count -= chunk;
    }
}

#[cfg(test)]
mod tests {
    // `docker logs --since/--until` read values the way docker/cli's GetTimestamp does.
    #[test]
    fn docker_time_values() {
        use super::{Timestamp, parse_docker_time};
        let now = Timestamp::parse_rfc3339("2026-11-27T10:00:00Z").unwrap_or_default();
        let at = |text: &str| parse_docker_time(text, now).map(Timestamp::rfc3339_nano);
        assert_eq!(at("42m").as_deref(), Some("2026-11-27T09:18:00Z"));
        assert_eq!(at("1h30m").as_deref(), Some("2026-11-27T08:30:00Z"));
        assert_eq!(at("1.5s").as_deref(), Some("2026-11-27T09:59:58.5Z"));
        assert_eq!(at("2026-11-27").as_deref(), Some("2026-11-27T00:00:00Z"));
        assert_eq!(at("2026-11-27T09").as_deref(), Some("2026-11-27T09:00:00Z"));
        assert_eq!(at("2026-11-27T09:30").as_deref(), Some("2026-11-27T09:30:00Z"));
        assert_eq!(at("2026-11-27T09:30:05.25Z").as_deref(), Some("2026-11-27T09:30:05.25Z"));
        assert_eq!(at("2026-11-27T10:30:05+01:00").as_deref(), Some("2026-11-27T09:30:05Z"));
        assert_eq!(at("1798365600").as_deref(), Some("2026-12-27T10:00:00Z"));
        assert_eq!(at("1798365600.5").as_deref(), Some("2026-12-27T10:00:00.5Z"));
        for bad in ["7d", "13:50", "abc", "", "2026-13-01", "1h5"] {
            assert_eq!(at(bad), None, "{bad}");
        }
        assert_eq!(now.plus_ms(123).rfc3339_nano_fixed(), "2026-11-27T10:00:00.123000000Z");
    }

    use super::*;

    /// The digit-by-digit RFC 3339 text is what the `format!` spelling gives, across the whole
    /// four-digit range and the times of day.
    #[test]
    fn ellipsis_keeps_width_minus_one_characters() {
        for text in ["", "a", "abcdef", "héllo wörld", "→→→→→→"] {
            for width in 0..8 {
                let expected = if text.chars().count() <= width {
                    text.to_string()
                } else {
                    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
                    out.push('…');
                    out
                };
                assert_eq!(ellipsis(text, width), expected, "{text:?} {width}");
            }
        }
    }

    #[test]
    fn rfc3339_nano_trims_the_fraction() {
        let base = Timestamp::from_secs(1_800_000_000);
        assert_eq!(base.rfc3339_nano(), base.rfc3339());
        assert_eq!(base.plus_ms(520).rfc3339_nano(), "2027-01-15T08:00:00.52Z");
        assert_eq!(base.plus_ms(7).rfc3339_nano(), "2027-01-15T08:00:00.007Z");
        assert_eq!(Timestamp(-1).rfc3339_nano(), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn rfc3339_matches_format() {
        for secs in
            [0, 59, 3_599, 86_399, 951_782_400, 1_800_000_000, 4_102_444_800, 253_402_300_799, -1, -62_167_219_200]
        {
            let t = Timestamp::from_secs(secs);
            let days = secs.div_euclid(86_400);
            let rem = secs.rem_euclid(86_400);
            let (y, m, d) = civil_from_days(days);
            let expected = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60);
            assert_eq!(t.rfc3339(), expected);
        }
    }

    // S-HIST-5 and S-FMT-2.
    #[test]
    fn sizes() {
        let got: Vec<String> = [0, 229, 1000, 1500, 8192, 29_540_000, 77_800_000, 381_000_000, 1_230_000_000, 999_500]
            .iter()
            .map(|&b| human_size(b))
            .collect();
        assert_eq!(got, ["0B", "229B", "1kB", "1.5kB", "8.19kB", "29.5MB", "77.8MB", "381MB", "1.23GB", "1e+03kB"]);
        assert_eq!(context_size(3072), "3.072kB");
        assert_eq!(context_size(2048), "2.048kB");
        assert_eq!(progress_bytes(2), "2B");
        assert_eq!(progress_bytes(1050), "1.05kB");
        assert_eq!(progress_bytes(29_540_000), "29.54MB");
    }

    // S-HIST-6.
    #[test]
    fn durations() {
        let cases = [
            (500, "Less than a second"),
            (1_000, "1 second"),
            (12_000, "12 seconds"),
            (90_000, "About a minute"),
            (150_000, "2 minutes"),
            (3_600_000, "About an hour"),
            (7_200_000, "2 hours"),
            (3 * 86_400_000, "3 days"),
            (35 * 86_400_000, "5 weeks"),
            (100 * 86_400_000, "3 months"),
            (800 * 86_400_000, "2 years"),
        ];
        for (ms, text) in cases {
            assert_eq!(human_duration(ms), text, "{ms} ms");
        }
    }

    #[test]
    fn timestamps_and_text() {
        let t = Timestamp::parse_rfc3339("2017-01-01T12:00:03Z").unwrap();
        assert_eq!(t.rfc3339(), "2017-01-01T12:00:03Z");
        assert_eq!(log_offset(412), "0.412");
        assert_eq!(log_offset(38_920), "38.92");
        assert_eq!(log_offset(123_400), "123.4");
        assert_eq!(ellipsis("abcdef", 4), "abc…");
        assert_eq!(go_quote_list(&["sleep".into(), "5".into()]), r#"["sleep" "5"]"#);
    }
}
