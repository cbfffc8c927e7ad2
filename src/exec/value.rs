//! One scalar of any KQL type, Kusto's string form of each type (what `tostring` gives) and
//! Kusto's JSON output form (what `--format json` writes).
//!
//! datetime and timespan are `i64` ticks of 100 ns (datetime: since the Unix epoch, which can be
//! negative). A string is never null: an absent string is empty. `decimal` is held as an `f64`
//! (28-digit decimals are out of reach of test data; say so when it matters).

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::kql::types::ScalarType;

pub const TICKS_PER_SECOND: i64 = 10_000_000;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// One scalar. `Null` carries no type: the type lives in the column.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i32),
    Long(i64),
    Real(f64),
    Decimal(f64),
    String(Arc<str>),
    DateTime(i64),
    TimeSpan(i64),
    Guid(u128),
    Dynamic(Dynamic),
}

/// A `dynamic` value: JSON plus the typed scalars Kusto keeps inside dynamics.
/// Property bags keep their keys in insertion order, as Kusto prints them.
#[derive(Clone, Debug, Default)]
pub enum Dynamic {
    #[default]
    Null,
    Bool(bool),
    Long(i64),
    Real(f64),
    String(Arc<str>),
    DateTime(i64),
    TimeSpan(i64),
    Guid(u128),
    Array(Arc<Vec<Dynamic>>),
    Bag(Arc<Vec<(Arc<str>, Dynamic)>>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null | Value::Dynamic(Dynamic::Null))
    }

    pub fn str(s: &str) -> Value {
        Value::String(Arc::from(s))
    }

    /// The natural type of the value (`None` for null).
    pub fn scalar_type(&self) -> Option<ScalarType> {
        Some(match self {
            Value::Null => return None,
            Value::Bool(_) => ScalarType::Bool,
            Value::Int(_) => ScalarType::Int,
            Value::Long(_) => ScalarType::Long,
            Value::Real(_) => ScalarType::Real,
            Value::Decimal(_) => ScalarType::Decimal,
            Value::String(_) => ScalarType::String,
            Value::DateTime(_) => ScalarType::DateTime,
            Value::TimeSpan(_) => ScalarType::TimeSpan,
            Value::Guid(_) => ScalarType::Guid,
            Value::Dynamic(_) => ScalarType::Dynamic,
        })
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Bool(b) => Some(*b as i64),
            Value::Int(v) => Some(*v as i64),
            Value::Long(v) | Value::DateTime(v) | Value::TimeSpan(v) => Some(*v),
            Value::Real(v) | Value::Decimal(v) if v.is_finite() => Some(*v as i64),
            Value::Dynamic(Dynamic::Array(_) | Dynamic::Bag(_)) => None,
            Value::Dynamic(d) => d.to_value().as_i64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(*b as i64 as f64),
            Value::Int(v) => Some(*v as f64),
            Value::Long(v) | Value::DateTime(v) | Value::TimeSpan(v) => Some(*v as f64),
            Value::Real(v) | Value::Decimal(v) => Some(*v),
            Value::Dynamic(Dynamic::Array(_) | Dynamic::Bag(_)) => None,
            Value::Dynamic(d) => d.to_value().as_f64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Dynamic(Dynamic::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The value as a dynamic (what `todynamic`/`pack` store).
    pub fn to_dynamic(&self) -> Dynamic {
        match self {
            Value::Null => Dynamic::Null,
            Value::Bool(b) => Dynamic::Bool(*b),
            Value::Int(v) => Dynamic::Long(*v as i64),
            Value::Long(v) => Dynamic::Long(*v),
            Value::Real(v) | Value::Decimal(v) => Dynamic::Real(*v),
            Value::String(s) => Dynamic::String(s.clone()),
            Value::DateTime(v) => Dynamic::DateTime(*v),
            Value::TimeSpan(v) => Dynamic::TimeSpan(*v),
            Value::Guid(g) => Dynamic::Guid(*g),
            Value::Dynamic(d) => d.clone(),
        }
    }

    /// Kusto's string form (`tostring`): null is the empty string.
    pub fn to_kusto_string(&self) -> String {
        let mut out = String::new();
        self.write_kusto_string(&mut out);
        out
    }

    pub fn write_kusto_string(&self, out: &mut String) {
        match self {
            Value::Null => {}
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(v) => {
                let _ = write!(out, "{v}");
            }
            Value::Long(v) => {
                let _ = write!(out, "{v}");
            }
            Value::Real(v) | Value::Decimal(v) => out.push_str(&format_real(*v)),
            Value::String(s) => out.push_str(s),
            Value::DateTime(t) => out.push_str(&format_datetime(*t)),
            Value::TimeSpan(t) => out.push_str(&format_timespan(*t)),
            Value::Guid(g) => out.push_str(&format_guid(*g)),
            Value::Dynamic(Dynamic::String(s)) => out.push_str(s),
            Value::Dynamic(Dynamic::Null) => {}
            Value::Dynamic(d) => d.write_json(out),
        }
    }

    /// Kusto's JSON output form of the value.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(v) => J::from(*v),
            Value::Long(v) => J::from(*v),
            Value::Real(v) | Value::Decimal(v) => real_json(*v),
            Value::String(s) => J::String(s.to_string()),
            Value::DateTime(t) => J::String(format_datetime(*t)),
            Value::TimeSpan(t) => J::String(format_timespan(*t)),
            Value::Guid(g) => J::String(format_guid(*g)),
            Value::Dynamic(d) => d.to_json(),
        }
    }

    /// Equality as `==` sees it for two non-null values of comparable types.
    pub fn kusto_eq(&self, other: &Value) -> bool {
        compare_values(self, other) == Some(Ordering::Equal)
    }
}

fn real_json(v: f64) -> serde_json::Value {
    if v.is_finite() {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            serde_json::Value::from(v as i64)
        } else {
            // The 15-significant-digit form Kusto prints, as a JSON number.
            format_real(v)
                .parse::<f64>()
                .map_or(serde_json::Value::from(v), serde_json::Value::from)
        }
    } else {
        serde_json::Value::String(format_real(v))
    }
}

/// Orders two values of comparable types (numbers with numbers, strings with strings…);
/// `None` when either is null or the types do not compare.
pub fn compare_values(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Null, _) | (_, Null) => None,
        (String(x), String(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Guid(x), Guid(y)) => Some(x.cmp(y)),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (DateTime(x), DateTime(y)) | (TimeSpan(x), TimeSpan(y)) => Some(x.cmp(y)),
        (Int(_) | Long(_) | Bool(_), Int(_) | Long(_) | Bool(_)) => {
            Some(a.as_i64()?.cmp(&b.as_i64()?))
        }
        (Int(_) | Long(_) | Real(_) | Decimal(_), Int(_) | Long(_) | Real(_) | Decimal(_)) => {
            a.as_f64()?.partial_cmp(&b.as_f64()?)
        }
        (Dynamic(x), Dynamic(y)) => x.compare(y),
        // An array or bag against a scalar compares its JSON text with the scalar's text.
        (Dynamic(x @ (self::Dynamic::Array(_) | self::Dynamic::Bag(_))), y) => Some(
            x.to_json_string()
                .as_str()
                .cmp(y.to_kusto_string().as_str()),
        ),
        (x, Dynamic(y @ (self::Dynamic::Array(_) | self::Dynamic::Bag(_)))) => Some(
            x.to_kusto_string()
                .as_str()
                .cmp(y.to_json_string().as_str()),
        ),
        (Dynamic(x), y) => compare_values(&x.to_value(), y),
        (x, Dynamic(y)) => compare_values(x, &y.to_value()),
        _ => None,
    }
}

impl Dynamic {
    pub fn string(s: &str) -> Dynamic {
        Dynamic::String(Arc::from(s))
    }

    pub fn array(items: Vec<Dynamic>) -> Dynamic {
        Dynamic::Array(Arc::new(items))
    }

    pub fn bag(items: Vec<(Arc<str>, Dynamic)>) -> Dynamic {
        Dynamic::Bag(Arc::new(items))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Dynamic::Null)
    }

    /// The scalar inside (arrays and bags stay dynamic).
    pub fn to_value(&self) -> Value {
        match self {
            Dynamic::Null => Value::Null,
            Dynamic::Bool(b) => Value::Bool(*b),
            Dynamic::Long(v) => Value::Long(*v),
            Dynamic::Real(v) => Value::Real(*v),
            Dynamic::String(s) => Value::String(s.clone()),
            Dynamic::DateTime(v) => Value::DateTime(*v),
            Dynamic::TimeSpan(v) => Value::TimeSpan(*v),
            Dynamic::Guid(g) => Value::Guid(*g),
            d => Value::Dynamic(d.clone()),
        }
    }

    /// `bag.key`; `None` when not a bag or no such key.
    pub fn get(&self, key: &str) -> Option<&Dynamic> {
        match self {
            Dynamic::Bag(items) => items.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// `array[i]` (negative counts from the end).
    pub fn index(&self, i: i64) -> Option<&Dynamic> {
        match self {
            Dynamic::Array(items) => {
                let n = items.len() as i64;
                let i = if i < 0 { n + i } else { i };
                if i < 0 || i >= n {
                    None
                } else {
                    items.get(i as usize)
                }
            }
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Dynamic]> {
        match self {
            Dynamic::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn compare(&self, other: &Dynamic) -> Option<Ordering> {
        match (self, other) {
            (Dynamic::Null, _) | (_, Dynamic::Null) => None,
            (Dynamic::Array(_) | Dynamic::Bag(_), _) | (_, Dynamic::Array(_) | Dynamic::Bag(_)) => {
                let a = self.to_json_string();
                let b = other.to_json_string();
                Some(a.cmp(&b))
            }
            _ => compare_values(&self.to_value(), &other.to_value()),
        }
    }

    pub fn to_json_string(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Compact JSON, as Kusto prints a dynamic.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Dynamic::Null => out.push_str("null"),
            Dynamic::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Dynamic::Long(v) => {
                let _ = write!(out, "{v}");
            }
            Dynamic::Real(v) => {
                if v.is_finite() {
                    // Inside a dynamic, an integral real keeps its `.0` (`[4.0,10.5]`), as
                    // Kusto's JSON writer prints it.
                    let text = format_real(*v);
                    out.push_str(&text);
                    if !text.contains(['.', 'E', 'e']) {
                        out.push_str(".0");
                    }
                } else {
                    write_json_string(out, &format_real(*v))
                }
            }
            Dynamic::String(s) => write_json_string(out, s),
            // Inside a dynamic, datetimes keep all 7 fractional digits, as Kusto prints them
            // (`make-series-operator.md`: "2017-01-01T00:00:00.0000000Z").
            Dynamic::DateTime(t) => write_json_string(out, &format_datetime_full(*t)),
            Dynamic::TimeSpan(t) => write_json_string(out, &format_timespan(*t)),
            Dynamic::Guid(g) => write_json_string(out, &format_guid(*g)),
            Dynamic::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Dynamic::Bag(items) => {
                out.push('{');
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, k);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Dynamic::Null => J::Null,
            Dynamic::Bool(b) => J::Bool(*b),
            Dynamic::Long(v) => J::from(*v),
            Dynamic::Real(v) => real_json(*v),
            Dynamic::String(s) => J::String(s.to_string()),
            Dynamic::DateTime(t) => J::String(format_datetime_full(*t)),
            Dynamic::TimeSpan(t) => J::String(format_timespan(*t)),
            Dynamic::Guid(g) => J::String(format_guid(*g)),
            Dynamic::Array(items) => J::Array(items.iter().map(Dynamic::to_json).collect()),
            Dynamic::Bag(items) => J::Object(
                items
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }

    pub fn from_json(v: &serde_json::Value) -> Dynamic {
        use serde_json::Value as J;
        match v {
            J::Null => Dynamic::Null,
            J::Bool(b) => Dynamic::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Dynamic::Long(i),
                None => Dynamic::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Dynamic::String(Arc::from(s.as_str())),
            J::Array(items) => Dynamic::array(items.iter().map(Dynamic::from_json).collect()),
            J::Object(map) => Dynamic::bag(
                map.iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), Dynamic::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// `parse_json` of a text: JSON, else the text itself as a dynamic string.
    pub fn parse_json(text: &str) -> Dynamic {
        match parse_json_ordered(text) {
            Some(d) => d,
            None => Dynamic::string(text),
        }
    }
}

/// Parses JSON keeping the order of object keys (serde_json's map sorts them).
pub fn parse_json_ordered(text: &str) -> Option<Dynamic> {
    let mut p = JsonParser {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
    depth: u32,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Option<Dynamic> {
        self.ws();
        let c = *self.s.get(self.i)?;
        match c {
            b'{' => {
                self.depth += 1;
                if self.depth > 200 {
                    return None;
                }
                self.i += 1;
                let mut items: Vec<(Arc<str>, Dynamic)> = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    self.depth -= 1;
                    return Some(Dynamic::bag(items));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value()?;
                    if let Some(pos) = items.iter().position(|(key, _)| **key == *k) {
                        items[pos].1 = v;
                    } else {
                        items.push((Arc::from(k.as_str()), v));
                    }
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
                self.depth -= 1;
                Some(Dynamic::bag(items))
            }
            b'[' => {
                self.depth += 1;
                if self.depth > 200 {
                    return None;
                }
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    self.depth -= 1;
                    return Some(Dynamic::array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
                self.depth -= 1;
                Some(Dynamic::array(items))
            }
            b'"' => Some(Dynamic::String(Arc::from(self.string()?.as_str()))),
            b't' if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Some(Dynamic::Bool(true))
            }
            b'f' if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Some(Dynamic::Bool(false))
            }
            b'n' if self.s[self.i..].starts_with(b"null") => {
                self.i += 4;
                Some(Dynamic::Null)
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                if text.is_empty() {
                    return None;
                }
                if let Ok(v) = text.parse::<i64>() {
                    Some(Dynamic::Long(v))
                } else {
                    text.parse::<f64>().ok().map(Dynamic::Real)
                }
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
                            self.i += 4;
                            let mut cp = u32::from_str_radix(hex, 16).ok()?;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.s.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let hex2 = std::str::from_utf8(self.s.get(self.i + 2..self.i + 6)?)
                                    .ok()?;
                                let lo = u32::from_str_radix(hex2, 16).ok()?;
                                self.i += 6;
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00));
                            }
                            let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        String::from_utf8(out).ok()
    }
}

pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Kusto prints reals with at most 15 significant digits (`0.333333333333333`), integral ones
/// without a fraction, and `NaN`, `Infinity`, `-Infinity`.
pub fn format_real(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let shortest = format!("{v}");
    let digits = shortest.bytes().filter(|b| b.is_ascii_digit()).count();
    let abs = v.abs();
    if (1e-5..1e15).contains(&abs) && digits <= 15 {
        return shortest;
    }
    // Round to 15 significant digits, the way .NET's default formatting does.
    let exp = abs.log10().floor() as i32;
    if (-5..15).contains(&exp) {
        let decimals = (14 - exp).max(0) as usize;
        let s = format!("{v:.decimals$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        return s;
    }
    let s = format!("{v:.14e}");
    // 1.23400000000000e20 -> 1.234E+20
    let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mantissa}E{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The parts of a datetime: (year, month, day, hour, minute, second, ticks within the second).
pub fn datetime_parts(ticks: i64) -> (i64, u32, u32, u32, u32, u32, i64) {
    let days = ticks.div_euclid(TICKS_PER_DAY);
    let rem = ticks.rem_euclid(TICKS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let secs = rem / TICKS_PER_SECOND;
    let frac = rem % TICKS_PER_SECOND;
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        ((secs / 60) % 60) as u32,
        (secs % 60) as u32,
        frac,
    )
}

/// `2024-01-02T03:04:05Z`, with the fraction of a second when there is one
/// (`2024-01-02T03:04:05.5Z`), trailing zeros trimmed.
pub fn format_datetime(ticks: i64) -> String {
    let (y, m, d, hh, mm, ss, frac) = datetime_parts(ticks);
    let mut s = format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}");
    if frac != 0 {
        let f = format!("{frac:07}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

/// `2024-01-02T03:04:05.0000000Z`: the form with all 7 fractional digits.
pub fn format_datetime_full(ticks: i64) -> String {
    let (y, m, d, hh, mm, ss, frac) = datetime_parts(ticks);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{frac:07}Z")
}

/// `[-][d.]hh:mm:ss[.fffffff]`, as Kusto prints a timespan.
pub fn format_timespan(ticks: i64) -> String {
    let neg = ticks < 0;
    let t = ticks.unsigned_abs();
    let day = TICKS_PER_DAY as u64;
    let days = t / day;
    let rem = t % day;
    let secs = rem / TICKS_PER_SECOND as u64;
    let frac = rem % TICKS_PER_SECOND as u64;
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if days > 0 {
        let _ = write!(s, "{days}.");
    }
    let _ = write!(
        s,
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if frac != 0 {
        let _ = write!(s, ".{frac:07}");
    }
    s
}

pub fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub fn parse_guid(s: &str) -> Option<u128> {
    let s = s.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    if s.contains('-') {
        let parts: Vec<&str> = s.split('-').collect();
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        if lens != [8, 4, 4, 4, 12] {
            return None;
        }
    }
    u128::from_str_radix(&hex, 16).ok()
}

fn month_from_name(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|p| p as u32 + 1)
}

/// Parses the datetime forms Kusto accepts: ISO 8601 (`2021-01-01`, `2021-01-01 10:00`,
/// `2021-01-01T10:00:00.123Z`, with an offset), `2021/01/01`, and RFC 822/1123
/// (`Sat, 8 Nov 2014 15:05:02 GMT`). Returns ticks since the epoch in UTC.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = parse_iso(s) {
        return Some(t);
    }
    if let Some(t) = parse_us(s) {
        return Some(t);
    }
    parse_rfc(s)
}

/// `MM/dd/yyyy[ HH:mm[:ss[.f]]]`, which Kusto also accepts (`parse-operator.md` examples).
fn parse_us(s: &str) -> Option<i64> {
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let mut it = date.split('/');
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    let y: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || y < 100
    {
        return None;
    }
    let iso = match time {
        Some(t) => format!("{y:04}-{m:02}-{d:02} {t}"),
        None => format!("{y:04}-{m:02}-{d:02}"),
    };
    parse_iso(&iso)
}

/// The common canonical form `YYYY-MM-DDTHH:MM:SS[.f…]Z`, parsed without allocation.
fn parse_canonical(b: &[u8]) -> Option<i64> {
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let d2 = |i: usize| -> Option<i64> {
        let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (x < 10 && y < 10).then_some((x * 10 + y) as i64)
    };
    let y = d2(0)? * 100 + d2(2)?;
    let (m, d) = (d2(5)? as u32, d2(8)? as u32);
    let (hh, mm, ss) = (d2(11)?, d2(14)?, d2(17)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || hh > 23 || mm > 59 || ss > 59
    {
        return None;
    }
    let mut i = 19;
    let mut frac = 0i64;
    if b[i] == b'.' {
        i += 1;
        let mut k = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if k < 7 {
                frac += (b[i] - b'0') as i64 * 10i64.pow(6 - k);
            }
            k += 1;
            i += 1;
        }
    }
    if i + 1 != b.len() || b[i] != b'Z' {
        return None;
    }
    Some(
        days_from_civil(y, m, d) * TICKS_PER_DAY
            + hh * TICKS_PER_HOUR
            + mm * TICKS_PER_MINUTE
            + ss * TICKS_PER_SECOND
            + frac,
    )
}

fn parse_iso(s: &str) -> Option<i64> {
    if let Some(t) = parse_canonical(s.as_bytes()) {
        return Some(t);
    }
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, min: usize, max: usize| -> Option<i64> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        s[start..*i].parse().ok()
    };
    let y = num(&mut i, 4, 4)?;
    let sep = *b.get(i)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    i += 1;
    let m = num(&mut i, 1, 2)? as u32;
    if b.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let d = num(&mut i, 1, 2)? as u32;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut ticks = days_from_civil(y, m, d) * TICKS_PER_DAY;
    if i < b.len() && (b[i] == b'T' || b[i] == b' ') {
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let hh = num(&mut i, 1, 2)?;
        let mut mm = 0;
        let mut ss = 0;
        if b.get(i) == Some(&b':') {
            i += 1;
            mm = num(&mut i, 1, 2)?;
            if b.get(i) == Some(&b':') {
                i += 1;
                ss = num(&mut i, 1, 2)?;
                if b.get(i) == Some(&b'.') {
                    i += 1;
                    let start = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    let digits = &s[start..i];
                    let mut frac = 0i64;
                    for (k, c) in digits.bytes().take(7).enumerate() {
                        frac += (c - b'0') as i64 * 10i64.pow(6 - k as u32);
                    }
                    ticks += frac;
                }
            }
        }
        if hh > 23 || mm > 59 || ss > 59 {
            return None;
        }
        ticks += hh * TICKS_PER_HOUR + mm * TICKS_PER_MINUTE + ss * TICKS_PER_SECOND;
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i == b.len() {
        return Some(ticks);
    }
    let rest = &s[i..];
    if rest.eq_ignore_ascii_case("z") || rest.eq_ignore_ascii_case("utc") || rest == "GMT" {
        return Some(ticks);
    }
    let sign = match rest.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let off = &rest[1..];
    let (oh, om) = match off.split_once(':') {
        Some((h, m)) => (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?),
        None if off.len() == 4 => (off[..2].parse().ok()?, off[2..].parse().ok()?),
        None => (off.parse().ok()?, 0),
    };
    Some(ticks - sign * (oh * TICKS_PER_HOUR + om * TICKS_PER_MINUTE))
}

fn parse_rfc(s: &str) -> Option<i64> {
    // [Day,] D Mon YYYY HH:MM[:SS] [GMT|Z|+hhmm]
    let s = match s.split_once(',') {
        Some((_, rest)) => rest.trim(),
        None => s,
    };
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() < 3 {
        return None;
    }
    let d: u32 = parts[0].parse().ok()?;
    let m = month_from_name(parts[1])?;
    let mut y: i64 = parts[2].parse().ok()?;
    if y < 100 {
        y += 2000;
    }
    if d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut ticks = days_from_civil(y, m, d) * TICKS_PER_DAY;
    if let Some(time) = parts.get(3) {
        let mut it = time.split(':');
        let hh: i64 = it.next()?.parse().ok()?;
        let mm: i64 = it.next().unwrap_or("0").parse().ok()?;
        let ss: i64 = it.next().unwrap_or("0").parse().ok()?;
        ticks += hh * TICKS_PER_HOUR + mm * TICKS_PER_MINUTE + ss * TICKS_PER_SECOND;
    }
    if let Some(zone) = parts.get(4)
        && let Some(sign) = match zone.as_bytes().first() {
            Some(b'+') => Some(1),
            Some(b'-') => Some(-1),
            _ => None,
        }
        && zone.len() == 5
    {
        let oh: i64 = zone[1..3].parse().ok()?;
        let om: i64 = zone[3..5].parse().ok()?;
        ticks -= sign * (oh * TICKS_PER_HOUR + om * TICKS_PER_MINUTE);
    }
    Some(ticks)
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses a timespan: `[-][d.]hh:mm[:ss[.fffffff]]` or a KQL literal form (`1d`, `2h`, `30m`,
/// `10s`, `100ms`, `5microseconds`, `3tick`, `1.5h`).
pub fn parse_timespan(text: &str) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let ticks = if body.contains(':') {
        let (days, time) = match body.split_once(':') {
            Some((head, _)) if head.contains('.') => {
                let (d, _) = head.split_once('.')?;
                (d.parse::<i64>().ok()?, &body[d.len() + 1..])
            }
            _ => (0, body),
        };
        let mut it = time.split(':');
        let hh: i64 = it.next()?.parse().ok()?;
        let mm: i64 = it.next()?.parse().ok()?;
        let (ss, frac) = match it.next() {
            Some(sec) => match sec.split_once('.') {
                Some((s, f)) => {
                    let mut frac = 0i64;
                    for (k, c) in f.bytes().take(7).enumerate() {
                        if !c.is_ascii_digit() {
                            return None;
                        }
                        frac += (c - b'0') as i64 * 10i64.pow(6 - k as u32);
                    }
                    (s.parse::<i64>().ok()?, frac)
                }
                None => (sec.parse::<i64>().ok()?, 0),
            },
            None => (0, 0),
        };
        if it.next().is_some() || mm > 59 || ss > 59 {
            return None;
        }
        days * TICKS_PER_DAY
            + hh * TICKS_PER_HOUR
            + mm * TICKS_PER_MINUTE
            + ss * TICKS_PER_SECOND
            + frac
    } else {
        let split = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (num, unit) = body.split_at(split);
        let n: f64 = num.parse().ok()?;
        let per: f64 = match unit.to_ascii_lowercase().as_str() {
            "d" | "day" | "days" => TICKS_PER_DAY as f64,
            "h" | "hr" | "hrs" | "hour" | "hours" => TICKS_PER_HOUR as f64,
            "m" | "min" | "minute" | "minutes" => TICKS_PER_MINUTE as f64,
            "s" | "sec" | "second" | "seconds" => TICKS_PER_SECOND as f64,
            "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 10_000.0,
            "microsecond" | "microseconds" => 10.0,
            "nanosecond" | "nanoseconds" => 0.01,
            "tick" | "ticks" => 1.0,
            "" => TICKS_PER_DAY as f64,
            _ => return None,
        };
        (n * per).round() as i64
    };
    Some(if neg { -ticks } else { ticks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_round_trip() {
        let t = parse_datetime("2024-01-02T03:04:05Z").unwrap();
        assert_eq!(format_datetime(t), "2024-01-02T03:04:05Z");
        let t = parse_datetime("2021-01-01 10:00").unwrap();
        assert_eq!(format_datetime(t), "2021-01-01T10:00:00Z");
        let t = parse_datetime("1969-12-31T23:59:59.5Z").unwrap();
        assert_eq!(format_datetime(t), "1969-12-31T23:59:59.5Z");
        assert_eq!(
            format_datetime(parse_datetime("Sat, 8 Nov 2014 15:05:02 GMT").unwrap()),
            "2014-11-08T15:05:02Z"
        );
        assert!(parse_datetime("2021-02-30").is_none());
    }

    #[test]
    fn timespan_forms() {
        assert_eq!(format_timespan(TICKS_PER_HOUR), "01:00:00");
        assert_eq!(
            format_timespan(TICKS_PER_DAY + 2 * TICKS_PER_HOUR),
            "1.02:00:00"
        );
        assert_eq!(format_timespan(-TICKS_PER_SECOND / 2), "-00:00:00.5000000");
        assert_eq!(
            parse_timespan("1.02:03:04.5"),
            Some(
                TICKS_PER_DAY
                    + 2 * TICKS_PER_HOUR
                    + 3 * TICKS_PER_MINUTE
                    + 4 * TICKS_PER_SECOND
                    + 5_000_000
            )
        );
        assert_eq!(parse_timespan("30m"), Some(30 * TICKS_PER_MINUTE));
    }

    #[test]
    fn reals_print_like_kusto() {
        assert_eq!(format_real(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_real(1.5), "1.5");
        assert_eq!(format_real(2.0), "2");
        assert_eq!(format_real(f64::NAN), "NaN");
    }

    #[test]
    fn json_keeps_key_order() {
        let d = parse_json_ordered(r#"{"b":1,"a":[true,null,"x"]}"#).unwrap();
        assert_eq!(d.to_json_string(), r#"{"b":1,"a":[true,null,"x"]}"#);
    }
}
