//! Datetimes and timespans as fixtures write them, in Kusto's unit: 100-nanosecond ticks
//! (datetimes count from the Unix epoch, as the engine's `Value` does).

pub const TICK_PER_SECOND: i64 = 10_000_000;
pub const TICK_PER_MINUTE: i64 = 60 * TICK_PER_SECOND;
pub const TICK_PER_HOUR: i64 = 60 * TICK_PER_MINUTE;
pub const TICK_PER_DAY: i64 = 24 * TICK_PER_HOUR;

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
    let month: i64 = digits(&text[5..7])?;
    let day: i64 = digits(&text[8..10])?;
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

/// A datetime as Kusto's `tostring()` writes it: `2024-05-01T12:00:00Z`, with the fraction's
/// trailing zeros trimmed (`…:00.5Z`).
pub fn format_datetime(ticks: i64) -> String {
    let days = ticks.div_euclid(TICK_PER_DAY);
    let within = ticks.rem_euclid(TICK_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let hours = within / TICK_PER_HOUR;
    let minutes = within % TICK_PER_HOUR / TICK_PER_MINUTE;
    let seconds = within % TICK_PER_MINUTE / TICK_PER_SECOND;
    let fraction = within % TICK_PER_SECOND;
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}");
    if fraction != 0 {
        let digits = format!("{fraction:07}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// A timespan as Kusto's `tostring()` writes it: `01:00:00`, `1.02:03:04.5000000`.
pub fn format_timespan(ticks: i64) -> String {
    let sign = if ticks < 0 { "-" } else { "" };
    let ticks = ticks.unsigned_abs() as i64;
    let days = ticks / TICK_PER_DAY;
    let hours = ticks % TICK_PER_DAY / TICK_PER_HOUR;
    let minutes = ticks % TICK_PER_HOUR / TICK_PER_MINUTE;
    let seconds = ticks % TICK_PER_MINUTE / TICK_PER_SECOND;
    let fraction = ticks % TICK_PER_SECOND;
    let mut out = String::from(sign);
    if days > 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!("{hours:02}:{minutes:02}:{seconds:02}"));
    if fraction != 0 {
        out.push_str(&format!(".{fraction:07}"));
    }
    out
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
