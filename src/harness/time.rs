//! Datetimes and timespans as fixtures write them, in Kusto's unit: 100-nanosecond ticks
//! (datetimes count from the Unix epoch, as the engine's `Value` does).

pub const TICK_PER_SECOND: i64 = 10_000_000;
pub const TICK_PER_MINUTE: i64 = 60 * TICK_PER_SECOND;
pub const TICK_PER_HOUR: i64 = 60 * TICK_PER_MINUTE;
pub const TICK_PER_DAY: i64 = 24 * TICK_PER_HOUR;

use crate::exec::value::{days_from_civil, days_in_month};

/// Datetimes and timespans are written as the engine's `tostring()` writes them:
/// `2024-05-01T12:00:00Z` (fraction trimmed) and `1.02:03:04.5000000`.
pub use crate::exec::value::{format_datetime, format_timespan};

/// Parses an ISO 8601 datetime as Kusto's `datetime()` accepts it: `2024-05-01`,
/// `2024-05-01T12:00`, `2024-05-01T12:00:00Z`, `2024-05-01 12:00:00.1234567`, with an optional
/// `Z` or `±hh:mm` offset (a value without one is UTC, as in Kusto).
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = digits(&text[0..4])?;
    let month: u32 = digits(&text[5..7])?;
    let day: u32 = digits(&text[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ticks = days_from_civil(year, month, day) * TICK_PER_DAY;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(ticks);
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    let (clock, offset) = split_offset(rest)?;
    ticks += parse_clock(clock, false)?;
    Some(ticks - offset)
}

/// Splits `12:00:00+02:00` into the clock and the offset in ticks.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    if let Some(at) = text.rfind(['+', '-'])
        && at > 0
    {
        let sign = if text.as_bytes()[at] == b'-' { -1 } else { 1 };
        let (hours, minutes) = text[at + 1..].split_once(':')?;
        let offset =
            digits::<i64>(hours)? * TICK_PER_HOUR + digits::<i64>(minutes)? * TICK_PER_MINUTE;
        return Some((&text[..at], sign * offset));
    }
    Some((text, 0))
}

/// `hh:mm[:ss[.fffffff]]`; with `allow_long_hours` the hours may exceed 23 (timespans).
fn parse_clock(text: &str, allow_long_hours: bool) -> Option<i64> {
    let mut parts = text.split(':');
    let hours: i64 = digits(parts.next()?)?;
    let minutes: i64 = digits(parts.next()?)?;
    let seconds = match parts.next() {
        Some(seconds) => parse_seconds(seconds)?,
        None => 0,
    };
    if parts.next().is_some() || minutes > 59 || (!allow_long_hours && hours > 23) {
        return None;
    }
    Some(hours * TICK_PER_HOUR + minutes * TICK_PER_MINUTE + seconds)
}

/// `ss[.fffffff]` in ticks (fractions beyond 7 digits are cut, as Kusto does).
fn parse_seconds(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let seconds: i64 = digits(whole)?;
    if seconds > 59 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut padded: String = fraction.chars().take(7).collect();
    while padded.len() < 7 {
        padded.push('0');
    }
    Some(seconds * TICK_PER_SECOND + padded.parse::<i64>().ok()?)
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses a timespan as Kusto writes its literals: `5m`, `1h`, `2d`, `30s`, `100ms`, `1.5h`,
/// `10tick`, or the clock form `[-][d.]hh:mm[:ss[.fffffff]]`.
pub fn parse_timespan(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let ticks = if body.contains(':') {
        let (days, clock) = match body.split_once('.') {
            Some((days, clock))
                if days.bytes().all(|b| b.is_ascii_digit()) && clock.contains(':') =>
            {
                (digits::<i64>(days)?, clock)
            }
            _ => (0, body),
        };
        days * TICK_PER_DAY + parse_clock(clock, days == 0)?
    } else {
        let split = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (number, unit) = body.split_at(split);
        let number: f64 = number.parse().ok()?;
        let per = match unit {
            "d" | "day" | "days" => TICK_PER_DAY,
            "h" | "hr" | "hrs" | "hour" | "hours" => TICK_PER_HOUR,
            "m" | "min" | "minute" | "minutes" => TICK_PER_MINUTE,
            "s" | "sec" | "second" | "seconds" => TICK_PER_SECOND,
            "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => TICK_PER_SECOND / 1000,
            "microsecond" | "microseconds" => 10,
            "tick" | "ticks" => 1,
            _ => return None,
        };
        (number * per as f64).round() as i64
    };
    Some(if negative { -ticks } else { ticks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_round_trip() {
        for text in [
            "2024-05-01T12:00:00Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59.5Z",
            "1969-12-31T23:59:59.0000001Z",
        ] {
            let ticks = parse_datetime(text).unwrap();
            assert_eq!(format_datetime(ticks), text);
        }
        assert_eq!(parse_datetime("1970-01-01"), Some(0));
        assert_eq!(
            parse_datetime("2024-05-01T14:00:00+02:00"),
            parse_datetime("2024-05-01T12:00Z")
        );
        assert_eq!(
            parse_datetime("2024-05-01 12:00:00"),
            parse_datetime("2024-05-01T12:00:00Z")
        );
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "yesterday",
            "2024-05-01T25:00",
            "2024-05-01X",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn timespans() {
        assert_eq!(parse_timespan("1h"), Some(TICK_PER_HOUR));
        assert_eq!(parse_timespan("1.5h"), Some(90 * TICK_PER_MINUTE));
        assert_eq!(parse_timespan("100ms"), Some(TICK_PER_SECOND / 10));
        assert_eq!(parse_timespan("01:02:03"), Some(3723 * TICK_PER_SECOND));
        assert_eq!(parse_timespan("2.00:00:00"), Some(2 * TICK_PER_DAY));
        assert_eq!(parse_timespan("-5m"), Some(-5 * TICK_PER_MINUTE));
        assert_eq!(parse_timespan("5 apples"), None);
        assert_eq!(format_timespan(TICK_PER_HOUR), "01:00:00");
        assert_eq!(
            format_timespan(TICK_PER_DAY + 2 * TICK_PER_HOUR + TICK_PER_SECOND / 2),
            "1.02:00:00.5000000"
        );
    }
}
