//! Date and time functions: `now`/`ago`, parts of a datetime, start and end of periods,
//! calendar arithmetic, formatting, construction and parsing. datetimes are ticks (100 ns)
//! since the Unix epoch, in UTC.

use super::args::{int, real, string, text};
use super::{EvalContext, Registry, ret_datetime, ret_int, ret_long, ret_string, ret_timespan};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, Value, civil_from_days,
    datetime_parts, days_from_civil, days_in_month,
};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("now", 0, 1, ret_datetime, now);
    r.column("ago", 1, 1, ret_datetime, ago);

    r.row("datetime_add", 3, 3, ret_datetime, datetime_add);
    r.row("datetime_diff", 3, 3, ret_long, datetime_diff);
    r.row("datetime_part", 2, 2, ret_int, datetime_part);
    r.row("datepart", 2, 2, ret_int, datetime_part);
    r.row("startofday", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Day, false)
    });
    r.row("startofweek", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Week, false)
    });
    r.row("startofmonth", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Month, false)
    });
    r.row("startofyear", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Year, false)
    });
    r.row("endofday", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Day, true)
    });
    r.row("endofweek", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Week, true)
    });
    r.row("endofmonth", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Month, true)
    });
    r.row("endofyear", 1, 2, ret_datetime, |a, _| {
        start_of(a, Period::Year, true)
    });
    r.row("dayofweek", 1, 1, ret_timespan, dayofweek);
    r.row("dayofmonth", 1, 1, ret_int, |a, _| {
        part(a, |p| p.day as i64)
    });
    r.row("dayofyear", 1, 1, ret_int, |a, _| {
        part(a, |p| p.day_of_year())
    });
    r.row("hourofday", 1, 1, ret_int, |a, _| {
        part(a, |p| p.hour as i64)
    });
    r.row("getmonth", 1, 1, ret_int, |a, _| {
        part(a, |p| p.month as i64)
    });
    r.row("monthofyear", 1, 1, ret_int, |a, _| {
        part(a, |p| p.month as i64)
    });
    r.row("getyear", 1, 1, ret_int, |a, _| part(a, |p| p.year));
    r.row("week_of_year", 1, 1, ret_int, |a, _| {
        part(a, |p| p.iso_week())
    });
    r.row("weekofyear", 1, 1, ret_int, |a, _| {
        part(a, |p| p.week_with(2))
    });
    r.row("format_datetime", 2, 2, ret_string, format_datetime);
    r.row("format_timespan", 2, 2, ret_string, format_timespan);
    r.row("make_datetime", 1, 7, ret_datetime, make_datetime);
    r.row("make_timespan", 1, 4, ret_timespan, make_timespan);
    r.row("unixtime_seconds_todatetime", 1, 1, ret_datetime, |a, _| {
        unix(a, 1e7)
    });
    r.row(
        "unixtime_milliseconds_todatetime",
        1,
        1,
        ret_datetime,
        |a, _| unix(a, 1e4),
    );
    r.row(
        "unixtime_microseconds_todatetime",
        1,
        1,
        ret_datetime,
        |a, _| unix(a, 10.0),
    );
    r.row(
        "unixtime_nanoseconds_todatetime",
        1,
        1,
        ret_datetime,
        |a, _| unix(a, 0.01),
    );
    r.row("bin_at", 3, 3, super::ret_first, bin_at);
}

/// `now([offset])`: the run's pinned time (`--now`), plus the offset.
fn now(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let at = |offset: Option<&Value>| match offset {
        None => Value::DateTime(ctx.now),
        Some(Value::TimeSpan(o)) => datetime(ctx.now.saturating_add(*o)),
        Some(_) => Value::Null,
    };
    match args.first() {
        Some(a) if !a.is_scalar() => {
            let vals: Vec<Value> = (0..rows).map(|i| at(Some(&a.get(i)))).collect();
            Ok(Column::from_values(ScalarType::DateTime, &vals))
        }
        a => Ok(Column::constant(
            ScalarType::DateTime,
            &at(a.map(|a| a.get(0)).as_ref()),
            rows,
        )),
    }
}

/// `ago(span)`: `now() - span`.
fn ago(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let a = &args[0];
    if a.is_scalar() {
        let v = match a.get(0).as_i64() {
            Some(o) => Value::DateTime(ctx.now - o),
            None => Value::Null,
        };
        return Ok(Column::constant(ScalarType::DateTime, &v, rows));
    }
    let vals: Vec<Value> = (0..rows)
        .map(|i| match a.get(i).as_i64() {
            Some(o) => Value::DateTime(ctx.now - o),
            None => Value::Null,
        })
        .collect();
    Ok(Column::from_values(ScalarType::DateTime, &vals))
}

/// The earliest and latest datetimes Kusto holds: 0001-01-01 and 9999-12-31 23:59:59.9999999.
const MIN_TICKS: i64 = -621_355_968_000_000_000;
const MAX_TICKS: i64 = 2_534_023_007_999_999_999;

fn datetime(t: i64) -> Value {
    if (MIN_TICKS..=MAX_TICKS).contains(&t) {
        Value::DateTime(t)
    } else {
        Value::Null
    }
}

fn ticks(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(t) => Some(*t),
        Value::Dynamic(d) => match d.to_value() {
            Value::DateTime(t) => Some(t),
            Value::String(s) => parse_datetime_any(&s),
            _ => None,
        },
        Value::String(s) => parse_datetime_any(s),
        _ => None,
    }
}

fn span(v: &Value) -> Option<i64> {
    match v {
        Value::TimeSpan(t) => Some(*t),
        Value::Dynamic(d) => match d.to_value() {
            Value::TimeSpan(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// A datetime split into calendar fields.
pub(super) struct Parts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Ticks within the second.
    pub frac: i64,
    pub days: i64,
}

impl Parts {
    pub fn of(t: i64) -> Parts {
        let (year, month, day, hour, minute, second, frac) = datetime_parts(t);
        Parts {
            year,
            month,
            day,
            hour,
            minute,
            second,
            frac,
            days: t.div_euclid(TICKS_PER_DAY),
        }
    }

    fn day_of_year(&self) -> i64 {
        self.days - days_from_civil(self.year, 1, 1) + 1
    }

    /// 0 for Sunday … 6 for Saturday (1970-01-01 was a Thursday).
    fn weekday(&self) -> i64 {
        (self.days + 4).rem_euclid(7)
    }

    /// The ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday
    /// (`datetime-part-function.md`, `week_of_year`).
    fn iso_week(&self) -> i64 {
        self.week_with(3)
    }

    /// The week number when weeks start on Monday and week 1 holds the year's first
    /// `anchor` day (0 Monday … 6 Sunday): Thursday for ISO 8601, Wednesday for the obsolete
    /// `weekofyear` (`datetime-part-function.md`).
    fn week_with(&self, anchor: i64) -> i64 {
        let monday_based = (self.weekday() + 6) % 7;
        let day = self.days - monday_based + anchor;
        let (y, _, _) = civil_from_days(day);
        (day - days_from_civil(y, 1, 1)) / 7 + 1
    }
}

fn part(a: &[Value], f: impl Fn(&Parts) -> i64) -> Value {
    match ticks(&a[0]) {
        Some(t) => Value::Int(f(&Parts::of(t)) as i32),
        None => Value::Null,
    }
}

/// Adds months to a datetime, clamping the day to the length of the target month.
fn add_months(t: i64, months: i64) -> Option<i64> {
    let p = Parts::of(t);
    let total = p.year.checked_mul(12)? + (p.month as i64 - 1) + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let d = p.day.min(days_in_month(y, m));
    let days = days_from_civil(y, m, d);
    Some(days * TICKS_PER_DAY + t.rem_euclid(TICKS_PER_DAY))
}

fn unit_ticks(part: &str) -> Option<f64> {
    Some(match part {
        "week" | "weeks" => 7.0 * TICKS_PER_DAY as f64,
        "day" | "days" => TICKS_PER_DAY as f64,
        "hour" | "hours" => TICKS_PER_HOUR as f64,
        "minute" | "minutes" => TICKS_PER_MINUTE as f64,
        "second" | "seconds" => TICKS_PER_SECOND as f64,
        "millisecond" | "milliseconds" => 1e4,
        "microsecond" | "microseconds" => 10.0,
        "nanosecond" | "nanoseconds" => 0.01,
        _ => return None,
    })
}

/// `datetime_add(period, amount, datetime)` (`datetime-add-function.md`): calendar periods
/// keep the day when they can and clamp it to the month's length otherwise.
fn datetime_add(a: &[Value], _: &EvalContext) -> Value {
    let period = text(&a[0]).to_ascii_lowercase();
    let (Some(n), Some(t)) = (int(&a[1]), ticks(&a[2])) else {
        return Value::Null;
    };
    let months = match period.as_str() {
        "year" | "years" => Some(n.saturating_mul(12)),
        "quarter" | "quarters" => Some(n.saturating_mul(3)),
        "month" | "months" => Some(n),
        _ => None,
    };
    if let Some(m) = months {
        return add_months(t, m).map_or(Value::Null, datetime);
    }
    match unit_ticks(&period) {
        Some(u) => {
            let delta = n as f64 * u;
            if delta.abs() > 4e18 {
                Value::Null
            } else {
                datetime(t.saturating_add(delta.trunc() as i64))
            }
        }
        None => Value::Null,
    }
}

/// `datetime_diff(period, datetime1, datetime2)` (`datetime-diff-function.md`): how many
/// period boundaries lie between the two (`datetime1 - datetime2`): calendar fields for
/// year/quarter/month, Sunday-based weeks, and whole units below (the page's example table
/// gives 17, 2, 13, 5, 29, 2, 5, 10, 100, 100, -700).
fn datetime_diff(a: &[Value], _: &EvalContext) -> Value {
    let period = text(&a[0]).to_ascii_lowercase();
    let (Some(t1), Some(t2)) = (ticks(&a[1]), ticks(&a[2])) else {
        return Value::Null;
    };
    let (p1, p2) = (Parts::of(t1), Parts::of(t2));
    let months = |p: &Parts| p.year * 12 + p.month as i64 - 1;
    let diff = match period.as_str() {
        "year" | "years" => p1.year - p2.year,
        "quarter" | "quarters" => months(&p1) / 3 - months(&p2) / 3,
        "month" | "months" => months(&p1) - months(&p2),
        "week" | "weeks" => ((p1.days - p1.weekday()) - (p2.days - p2.weekday())) / 7,
        "nanosecond" | "nanoseconds" => (t1 - t2) * 100,
        other => match unit_ticks(other) {
            Some(u) => {
                let u = u as i64;
                t1.div_euclid(u) - t2.div_euclid(u)
            }
            None => return Value::Null,
        },
    };
    Value::Long(diff)
}

/// `datetime_part(part, datetime)` (`datetime-part-function.md`).
fn datetime_part(a: &[Value], _: &EvalContext) -> Value {
    let Some(t) = ticks(&a[1]) else {
        return Value::Null;
    };
    let p = Parts::of(t);
    let v = match text(&a[0]).to_ascii_lowercase().as_str() {
        "year" => p.year,
        "quarter" => (p.month as i64 - 1) / 3 + 1,
        "month" => p.month as i64,
        "week_of_year" => p.iso_week(),
        "weekofyear" => p.week_with(2),
        "day" => p.day as i64,
        "dayofyear" => p.day_of_year(),
        "hour" => p.hour as i64,
        "minute" => p.minute as i64,
        "second" => p.second as i64,
        "millisecond" => p.frac / 10_000,
        "microsecond" => p.frac / 10,
        "nanosecond" => p.frac * 100,
        _ => return Value::Null,
    };
    Value::Int(v as i32)
}

#[derive(Clone, Copy)]
enum Period {
    Day,
    Week,
    Month,
    Year,
}

/// The start of the period holding `t`, shifted by `offset` periods.
fn period_start(t: i64, period: Period, offset: i64) -> Option<i64> {
    let p = Parts::of(t);
    Some(match period {
        Period::Day => (p.days + offset) * TICKS_PER_DAY,
        Period::Week => (p.days - p.weekday() + offset * 7) * TICKS_PER_DAY,
        Period::Month => {
            let first = days_from_civil(p.year, p.month, 1) * TICKS_PER_DAY;
            add_months(first, offset)?
        }
        Period::Year => days_from_civil(p.year.checked_add(offset)?, 1, 1) * TICKS_PER_DAY,
    })
}

/// `startofday(date[, offset])` and its kin (`startofday-function.md`); the `endof*`
/// functions give the last tick of the period.
fn start_of(a: &[Value], period: Period, end: bool) -> Value {
    let Some(t) = ticks(&a[0]) else {
        return Value::Null;
    };
    let offset = match a.get(1) {
        Some(v) => match int(v) {
            Some(o) => o,
            None => return Value::Null,
        },
        None => 0,
    };
    let r = if end {
        period_start(t, period, offset + 1).map(|s| s - 1)
    } else {
        period_start(t, period, offset)
    };
    r.map_or(Value::Null, datetime)
}

/// `dayofweek(date)`: days since the preceding Sunday, as a timespan.
fn dayofweek(a: &[Value], _: &EvalContext) -> Value {
    match ticks(&a[0]) {
        Some(t) => Value::TimeSpan(Parts::of(t).weekday() * TICKS_PER_DAY),
        None => Value::Null,
    }
}

/// Splits a format string into runs of one pattern letter (`yyyy`, `MM`, `FFF`) and literal
/// characters.
fn format_tokens(format: &str, letters: &str) -> Vec<(char, usize)> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i + 1;
        if letters.contains(c) {
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
        }
        out.push((c, j - i));
        i = j;
    }
    out
}

/// Fractional seconds: `f…` always `n` digits, `F…` the same digits without trailing zeros
/// (nothing when they are all zero).
fn push_fraction(out: &mut String, frac: i64, n: usize, trim: bool) {
    let n = n.min(7);
    let digits = format!("{frac:07}");
    let mut d = &digits[..n];
    if trim {
        d = d.trim_end_matches('0');
    }
    out.push_str(d);
}

fn pad(out: &mut String, v: i64, width: usize) {
    out.push_str(&format!("{v:0width$}"));
}

/// `format_datetime(date, format)` (`format-datetime-function.md`).
fn format_datetime(a: &[Value], _: &EvalContext) -> Value {
    let Some(t) = ticks(&a[0]) else {
        return string("");
    };
    let p = Parts::of(t);
    let mut out = String::new();
    for (c, n) in format_tokens(&text(&a[1]), "dfFhHmMsyt") {
        match c {
            'd' => pad(&mut out, p.day as i64, n.min(2)),
            'f' => push_fraction(&mut out, p.frac, n, false),
            'F' => push_fraction(&mut out, p.frac, n, true),
            'h' => {
                let h12 = match p.hour % 12 {
                    0 => 12,
                    h => h,
                };
                pad(&mut out, h12 as i64, n.min(2));
            }
            'H' => pad(&mut out, p.hour as i64, n.min(2)),
            'm' => pad(&mut out, p.minute as i64, n.min(2)),
            'M' => pad(&mut out, p.month as i64, n.min(2)),
            's' => pad(&mut out, p.second as i64, n.min(2)),
            'y' if n <= 2 => pad(&mut out, p.year % 100, n),
            'y' => pad(&mut out, p.year, n),
            't' => {
                let ampm = if p.hour < 12 { "AM" } else { "PM" };
                out.push_str(&ampm[..n.min(2)]);
            }
            other => {
                for _ in 0..n {
                    out.push(other);
                }
            }
        }
    }
    string(out)
}

/// `format_timespan(timespan, format)` (`format-timespan-function.md`): `d…` whole days
/// padded to the run's length, `h`/`H` hours of the day, `m`, `s`, `f…`, `F…`.
fn format_timespan(a: &[Value], _: &EvalContext) -> Value {
    let Some(t) = span(&a[0]) else {
        return string("");
    };
    let mut out = String::new();
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs() as i64;
    let days = t / TICKS_PER_DAY;
    let rem = t % TICKS_PER_DAY;
    let hours = rem / TICKS_PER_HOUR;
    let minutes = rem % TICKS_PER_HOUR / TICKS_PER_MINUTE;
    let seconds = rem % TICKS_PER_MINUTE / TICKS_PER_SECOND;
    let frac = rem % TICKS_PER_SECOND;
    for (c, n) in format_tokens(&text(&a[1]), "dfFhHms") {
        match c {
            'd' => pad(&mut out, days, n.min(8)),
            'f' => push_fraction(&mut out, frac, n, false),
            'F' => push_fraction(&mut out, frac, n, true),
            'h' | 'H' => pad(&mut out, hours, n.min(2)),
            'm' => pad(&mut out, minutes, n.min(2)),
            's' => pad(&mut out, seconds, n.min(2)),
            other => {
                for _ in 0..n {
                    out.push(other);
                }
            }
        }
    }
    string(out)
}

/// `make_datetime(year, month, day[, hour, minute, second])`; seconds may carry a fraction.
/// Out-of-range fields give null.
fn make_datetime(a: &[Value], _: &EvalContext) -> Value {
    if a.len() == 1 {
        return super::conversion::convert(&a[0], crate::kql::types::ScalarType::DateTime);
    }
    if a.len() < 3 {
        return Value::Null;
    }
    let field = |i: usize| a.get(i).map_or(Some(0), int);
    let (Some(y), Some(m), Some(d), Some(h), Some(mi)) =
        (field(0), field(1), field(2), field(3), field(4))
    else {
        return Value::Null;
    };
    let sec = match a.get(5) {
        Some(v) => match real(v) {
            Some(s) => s,
            None => return Value::Null,
        },
        None => 0.0,
    };
    if !(1..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > days_in_month(y, m as u32) as i64
        || !(0..24).contains(&h)
        || !(0..60).contains(&mi)
        || !(0.0..60.0).contains(&sec)
    {
        return Value::Null;
    }
    let days = days_from_civil(y, m as u32, d as u32);
    let t = days * TICKS_PER_DAY
        + h * TICKS_PER_HOUR
        + mi * TICKS_PER_MINUTE
        + (sec * TICKS_PER_SECOND as f64).round() as i64;
    datetime(t)
}

/// `make_timespan(hours, minutes[, seconds])` or `make_timespan(days, hours, minutes,
/// seconds)`; seconds may carry a fraction.
fn make_timespan(a: &[Value], _: &EvalContext) -> Value {
    if a.len() == 1 {
        return super::conversion::convert(&a[0], crate::kql::types::ScalarType::TimeSpan);
    }
    let nums: Option<Vec<f64>> = a.iter().map(real).collect();
    let Some(nums) = nums else {
        return Value::Null;
    };
    let (d, h, m, s) = match nums.as_slice() {
        [h, m] => (0.0, *h, *m, 0.0),
        [h, m, s] => (0.0, *h, *m, *s),
        [d, h, m, s] => (*d, *h, *m, *s),
        _ => return Value::Null,
    };
    let ticks = d.trunc() * TICKS_PER_DAY as f64
        + h.trunc() * TICKS_PER_HOUR as f64
        + m.trunc() * TICKS_PER_MINUTE as f64
        + s * TICKS_PER_SECOND as f64;
    if !ticks.is_finite() || ticks.abs() > 9e18 {
        return Value::Null;
    }
    Value::TimeSpan(ticks.round() as i64)
}

/// `unixtime_*_todatetime(n)` (`unixtime-milliseconds-todatetime-function.md`): `n` units
/// since 1970-01-01; `per` is ticks per unit.
fn unix(a: &[Value], per: f64) -> Value {
    match real(&a[0]) {
        Some(n) if n.is_finite() => {
            let t = (n * per).trunc();
            if t.abs() > 9e18 {
                Value::Null
            } else {
                datetime(t as i64)
            }
        }
        _ => Value::Null,
    }
}

/// `bin_at(value, bin_size, fixed_point)` (`bin-at-function.md`): bins aligned so that one
/// bin starts at the fixed point.
fn bin_at(a: &[Value], _: &EvalContext) -> Value {
    match (&a[0], &a[2]) {
        (Value::DateTime(x), Value::DateTime(p)) => match span(&a[1]) {
            Some(s) if s > 0 => datetime(p + (x - p).div_euclid(s) * s),
            _ => Value::Null,
        },
        (Value::TimeSpan(x), Value::TimeSpan(p)) => match span(&a[1]) {
            Some(s) if s > 0 => Value::TimeSpan(p + (x - p).div_euclid(s) * s),
            _ => Value::Null,
        },
        (Value::Int(_) | Value::Long(_), _) if matches!(a[1], Value::Int(_) | Value::Long(_)) => {
            match (int(&a[0]), int(&a[1]), int(&a[2])) {
                (Some(x), Some(s), Some(p)) if s > 0 => Value::Long(p + (x - p).div_euclid(s) * s),
                _ => Value::Null,
            }
        }
        _ => match (real(&a[0]), real(&a[1]), real(&a[2])) {
            (Some(x), Some(s), Some(p)) if s > 0.0 => Value::Real(p + ((x - p) / s).floor() * s),
            _ => Value::Null,
        },
    }
}

/// Parses every datetime text Kusto accepts (`scalar-data-types/datetime.md`): ISO 8601 (the
/// engine's [`crate::exec::value::parse_datetime`]), then RFC 822 (`Sat, 8 Nov 14 15:05:02
/// GMT`), RFC 850 (`Saturday, 08-Nov-14 15:05:02 GMT`), the sortable form with unpadded
/// fields (`2014-11-8 15:05 GMT`), and month-first dates (`12-02-2022`, `12/2/2022`, which
/// `todatetime-function.md` compares equal as text and literal).
pub fn parse_datetime_any(text: &str) -> Option<i64> {
    // Texts with words (month, weekday, zone names) are this parser's; ISO forms the engine's.
    let worded = text
        .bytes()
        .any(|b| b.is_ascii_alphabetic() && b != b'T' && b != b'Z');
    if !worded && let Some(t) = crate::exec::value::parse_datetime(text) {
        return Some(t);
    }
    parse_worded(text).or_else(|| crate::exec::value::parse_datetime(text))
}

fn parse_worded(text: &str) -> Option<i64> {
    let s = text.trim();
    let s = match s.split_once(',') {
        Some((w, rest)) if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) => {
            rest.trim()
        }
        _ => s,
    };
    let mut tokens: Vec<&str> = s.split_whitespace().collect();
    if tokens.is_empty() {
        return None;
    }
    // `2014-11-8T15:05` keeps date and time in one token.
    let first = tokens.remove(0);
    let (date_text, mut time_text) = match first.split_once('T') {
        Some((d, t)) if d.contains(['-', '/']) => (d.to_string(), Some(t.to_string())),
        _ => (first.to_string(), None),
    };
    let (y, m, d) = if date_text.contains(['-', '/']) {
        parse_date_token(&date_text)?
    } else {
        // RFC 822: `8 Nov 14`
        let day: u32 = date_text.parse().ok()?;
        if tokens.len() < 2 {
            return None;
        }
        let month = month_number(tokens.remove(0))?;
        let year = full_year(tokens.remove(0))?;
        (year, month, day)
    };
    if time_text.is_none() && !tokens.is_empty() && tokens[0].contains(':') {
        time_text = Some(tokens.remove(0).to_string());
    }
    let zone = match tokens.as_slice() {
        [] => 0,
        [z] => zone_offset(z)?,
        _ => return None,
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || !(1..=9999).contains(&y) {
        return None;
    }
    let mut t = days_from_civil(y, m, d) * TICKS_PER_DAY;
    if let Some(time) = time_text {
        let time = time.strip_suffix('Z').unwrap_or(&time);
        let mut parts = time.split(':');
        let h: i64 = parts.next()?.parse().ok()?;
        let mi: i64 = parts.next()?.parse().ok()?;
        let sec: f64 = match parts.next() {
            Some(x) => x.parse().ok()?,
            None => 0.0,
        };
        if parts.next().is_some()
            || !(0..24).contains(&h)
            || !(0..60).contains(&mi)
            || !(0.0..60.0).contains(&sec)
        {
            return None;
        }
        t += h * TICKS_PER_HOUR
            + mi * TICKS_PER_MINUTE
            + (sec * TICKS_PER_SECOND as f64).round() as i64;
    }
    Some(t - zone)
}

/// `yyyy-M-d`, `dd-Mon-yy`, `M-d-yyyy` or `M/d/yyyy`.
fn parse_date_token(s: &str) -> Option<(i64, u32, u32)> {
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if let Some(month) = month_number(b) {
        return Some((full_year(c)?, month, a.parse().ok()?));
    }
    if a.len() == 4 {
        return Some((a.parse().ok()?, b.parse().ok()?, c.parse().ok()?));
    }
    if c.len() == 4 {
        return Some((c.parse().ok()?, a.parse().ok()?, b.parse().ok()?));
    }
    None
}

fn month_number(s: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = s.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| lower.starts_with(m))?;
    Some(i as u32 + 1)
}

/// A year of two digits is in 1930–2029 (.NET's default window); four digits as written.
fn full_year(s: &str) -> Option<i64> {
    let y: i64 = s.parse().ok()?;
    Some(match s.len() {
        2 if y < 30 => 2000 + y,
        2 => 1900 + y,
        4 => y,
        _ => return None,
    })
}

/// An RFC 822 zone as ticks east of UTC.
fn zone_offset(z: &str) -> Option<i64> {
    let hours = match z.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        other => {
            let (sign, digits) = match other.as_bytes().first()? {
                b'+' => (1, &other[1..]),
                b'-' => (-1, &other[1..]),
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            return Some(sign * (h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE));
        }
    };
    Some(hours * TICKS_PER_HOUR)
}

#[cfg(test)]
mod tests {
    use super::parse_datetime_any;
    use crate::exec::value::parse_datetime;

    #[test]
    fn the_documented_formats_parse() {
        let want = parse_datetime("2014-11-08 15:05:02").unwrap();
        for text in [
            "Sat, 8 Nov 14 15:05:02 GMT",
            "Sat, 8 Nov 14 15:05:02",
            "8 Nov 14 15:05:02 GMT",
            "Saturday, 08-Nov-14 15:05:02 GMT",
            "08-Nov-14 15:05:02",
            "2014-11-8 15:05:02",
            "2014-11-8T15:05:02 GMT",
        ] {
            assert_eq!(parse_datetime_any(text), Some(want), "{text}");
        }
        let minute = parse_datetime("2014-11-08 15:05").unwrap();
        assert_eq!(parse_datetime_any("Sat, 8 Nov 14 15:05 GMT"), Some(minute));
        assert_eq!(parse_datetime_any("2014-11-8 15:05"), Some(minute));
        assert_eq!(
            parse_datetime_any("12-02-2022"),
            parse_datetime("2022-12-02")
        );
        assert_eq!(
            parse_datetime_any("8 Nov 14 10:05 EST"),
            parse_datetime("2014-11-08 15:05")
        );
        assert_eq!(parse_datetime_any("garbage"), None);
    }
}
