//! Durations of rule fields (`queryFrequency`, `queryPeriod`, `lookbackDuration`,
//! `suppressionDuration`), in the forms Sentinel content uses: the repository form (`5m`, `1h`,
//! `14d`), ISO 8601 as the API and ARM templates write it (`PT5M`, `P1D`, `PT1H30M`), and the
//! .NET `TimeSpan` form that the Azure-Sentinel validation also reads (`00:05:00`,
//! `1.00:00:00`).

use crate::checks::fields::invalid_schedule_duration::{MAX, MIN};
use crate::content::yaml::Node;
use crate::content::{ContentFile, RuleKind};

pub const MINUTE: u64 = 60;
pub const HOUR: u64 = 60 * MINUTE;
pub const DAY: u64 = 24 * HOUR;

/// Parses a duration into seconds. The repository form is a number and one lowercase unit
/// (`m`, `h`, `d`); ISO 8601 is `P[nW][nD][T[nH][nM][nS]]` in uppercase, with at least one
/// component; the `TimeSpan` form is `[d.]hh:mm[:ss]`. Anything else (`1H`, `90`, `PT`,
/// `1h30m`) is `None`.
pub fn parse(text: &str) -> Option<u64> {
    if let Some(iso) = text.strip_prefix('P') {
        return parse_iso(iso);
    }
    if text.contains(':') {
        return parse_timespan(text);
    }
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    let multiplier = match unit {
        'm' => MINUTE,
        'h' => HOUR,
        'd' => DAY,
        _ => return None,
    };
    number(digits)?.checked_mul(multiplier)
}

/// The .NET `TimeSpan` form `[d.]hh:mm[:ss]` (`00:05:00`, `1.00:00:00`), which the
/// Azure-Sentinel validation also accepts.
fn parse_timespan(text: &str) -> Option<u64> {
    let (days, clock) = match text.split_once('.') {
        Some((days, clock)) => (number(days)?, clock),
        None => (0, text),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let hours = number(parts[0]).filter(|h| *h < 24)?;
    let minutes = number(parts[1]).filter(|m| *m < 60)?;
    let seconds = match parts.get(2) {
        Some(s) => number(s).filter(|s| *s < 60)?,
        None => 0,
    };
    days.checked_mul(DAY)?
        .checked_add(hours * HOUR + minutes * MINUTE + seconds)
}

fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_iso(rest: &str) -> Option<u64> {
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0u64;
    let mut components = 0;
    for (part, units) in [(date, &[('W', 7 * DAY), ('D', DAY)][..])]
        .into_iter()
        .chain(time.map(|time| (time, &[('H', HOUR), ('M', MINUTE), ('S', 1)][..])))
    {
        let mut remaining = part;
        let mut next_unit = 0;
        while !remaining.is_empty() {
            let end = remaining.find(|c: char| !c.is_ascii_digit())?;
            let value = number(&remaining[..end])?;
            let unit = remaining[end..].chars().next()?;
            let position = units[next_unit..].iter().position(|(u, _)| *u == unit)?;
            let multiplier = units[next_unit + position].1;
            next_unit += position + 1;
            total = total.checked_add(value.checked_mul(multiplier)?)?;
            components += 1;
            remaining = &remaining[end + unit.len_utf8()..];
        }
    }
    (components > 0).then_some(total)
}

/// The spelling to suggest for a duration that fails to parse only because of its letter case
/// (`1H` → `1h`, `pt5m` → `PT5M`).
pub fn case_fix(text: &str) -> Option<String> {
    let trimmed = text.trim();
    [trimmed.to_ascii_lowercase(), trimmed.to_ascii_uppercase()]
        .into_iter()
        .find(|candidate| candidate != text && parse(candidate).is_some())
}

/// A duration in the repository form, in the largest unit that divides it (`90m`, `26h`), for
/// messages and suggestions; seconds only when it is not a whole number of minutes.
pub fn format(seconds: u64) -> String {
    match seconds {
        0 => "0m".to_string(),
        s if s % DAY == 0 => format!("{}d", s / DAY),
        s if s % HOUR == 0 => format!("{}h", s / HOUR),
        s if s % MINUTE == 0 => format!("{}m", s / MINUTE),
        s => format!("{s}s"),
    }
}

/// A Scheduled rule's `queryFrequency` and `queryPeriod` nodes with their values in seconds,
/// when both are present and valid (a bad value is `invalid-schedule-duration`'s to report).
pub struct Schedule<'f> {
    pub frequency_node: &'f Node,
    pub frequency: u64,
    pub period_node: &'f Node,
    pub period: u64,
}

pub fn valid_schedule(file: &ContentFile) -> Option<Schedule<'_>> {
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return None;
    }
    let valid = |node: &Node| {
        node.as_string()
            .and_then(parse)
            .filter(|s| (MIN..=MAX).contains(s))
    };
    let frequency_node = file.field("queryFrequency")?;
    let period_node = file.field("queryPeriod")?;
    Some(Schedule {
        frequency: valid(frequency_node)?,
        frequency_node,
        period: valid(period_node)?,
        period_node,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_form() {
        assert_eq!(parse("5m"), Some(5 * MINUTE));
        assert_eq!(parse("1h"), Some(HOUR));
        assert_eq!(parse("14d"), Some(14 * DAY));
        assert_eq!(parse("0m"), Some(0));
        for bad in [
            "", "m", "5", "1H", "5s", "1h30m", " 5m", "-5m", "1.5h", "5 m",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_8601() {
        assert_eq!(parse("PT5M"), Some(5 * MINUTE));
        assert_eq!(parse("P1D"), Some(DAY));
        assert_eq!(parse("PT1H30M"), Some(HOUR + 30 * MINUTE));
        assert_eq!(parse("P1DT12H"), Some(DAY + 12 * HOUR));
        assert_eq!(parse("P2W"), Some(14 * DAY));
        assert_eq!(parse("PT90S"), Some(90));
        for bad in [
            "P", "PT", "P1H", "PT1D", "PT30M1H", "pt5m", "P1DT", "PT5M5M", "PTM",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn timespan_form() {
        assert_eq!(parse("00:05:00"), Some(5 * MINUTE));
        assert_eq!(parse("01:30"), Some(HOUR + 30 * MINUTE));
        assert_eq!(parse("1.00:00:00"), Some(DAY));
        assert_eq!(parse("14.00:00:00"), Some(14 * DAY));
        for bad in [
            "1:00",
            "24:00:00",
            "00:60:00",
            "00:05:00:00",
            "x.01:00",
            ":",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn case_fixes() {
        assert_eq!(case_fix("1H").as_deref(), Some("1h"));
        assert_eq!(case_fix("pt5m").as_deref(), Some("PT5M"));
        assert_eq!(case_fix("1h"), None);
        assert_eq!(case_fix("soon"), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format(5 * MINUTE), "5m");
        assert_eq!(format(2 * HOUR), "2h");
        assert_eq!(format(14 * DAY), "14d");
        assert_eq!(format(HOUR + 30 * MINUTE), "90m");
        assert_eq!(format(DAY + 2 * HOUR), "26h");
        assert_eq!(format(90), "90s");
    }
}
