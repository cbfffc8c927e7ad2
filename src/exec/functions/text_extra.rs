//! Functions from the documentation-conformance gaps that work on text and numbers:
//! `strcmp`, `replace_strings`, `format_bytes`, `unicode_codepoints_to_string`,
//! `parse_version`, `around`, `dynamic_to_json`, each from its page.

use std::sync::Arc;

use super::args::{array, dynamic, int, real, string, text};
use super::{EvalContext, Registry, ret_bool, ret_long, ret_string};
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.row("strcmp", 2, 2, ret_long, strcmp);
    r.row("replace_strings", 3, 3, ret_string, replace_strings);
    r.row("format_bytes", 1, 3, ret_string, format_bytes);
    r.row(
        "unicode_codepoints_to_string",
        1,
        usize::MAX,
        ret_string,
        codepoints_to_string,
    );
    r.row("parse_version", 1, 1, ret_decimal, parse_version);
    r.row("around", 3, 3, ret_bool, around);
    r.row("dynamic_to_json", 1, 1, ret_string, dynamic_to_json);
}

fn ret_decimal(_: &[ScalarType]) -> ScalarType {
    ScalarType::Decimal
}

/// `strcmp(s1, s2)` (`strcmp-function.md`): -1, 0 or 1, comparing ordinally.
fn strcmp(a: &[Value], _: &EvalContext) -> Value {
    Value::Long(match text(&a[0]).as_ref().cmp(text(&a[1]).as_ref()) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    })
}

/// `replace_strings(text, lookups, rewrites)` (`replace-strings-function.md`): matches do not
/// overlap and an earlier lookup takes precedence over a later one wherever they overlap
/// (`['is', 'This']` turns "This" into "Thwas"). A non-string lookup is ignored; a match whose
/// rewrite is no string keeps its text and still blocks the other lookups there.
fn replace_strings(a: &[Value], _: &EvalContext) -> Value {
    let src = text(&a[0]);
    let (Some(lookups), Some(rewrites)) = (array(&a[1]), array(&a[2])) else {
        return string(src);
    };
    // (start, end, rewrite) of every claimed match.
    let mut claimed: Vec<(usize, usize, Option<Arc<str>>)> = Vec::new();
    for (i, lookup) in lookups.iter().enumerate() {
        let Dynamic::String(pat) = lookup else {
            continue;
        };
        if pat.is_empty() {
            continue;
        }
        let rewrite = match rewrites.get(i) {
            Some(Dynamic::String(s)) => Some(s.clone()),
            _ => None,
        };
        for (start, m) in src.match_indices(pat.as_ref()) {
            let end = start + m.len();
            if claimed.iter().all(|(s, e, _)| end <= *s || start >= *e) {
                claimed.push((start, end, rewrite.clone()));
            }
        }
    }
    claimed.sort_by_key(|c| c.0);
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (start, end, rewrite) in claimed {
        out.push_str(&src[at..start]);
        out.push_str(rewrite.as_deref().unwrap_or(&src[start..end]));
        at = end;
    }
    out.push_str(&src[at..]);
    string(out)
}

const BYTE_UNITS: [&str; 7] = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];

/// `format_bytes(size[, precision[, units]])` (`format-bytes-function.md`): 1024-based units,
/// the largest that keeps the value at least 1 unless `units` names one; `precision` digits
/// after the point (0 by default).
fn format_bytes(a: &[Value], _: &EvalContext) -> Value {
    let Some(size) = real(&a[0]) else {
        return string("");
    };
    let precision = a.get(1).and_then(int).unwrap_or(0).clamp(0, 15) as usize;
    let wanted = a.get(2).map(|u| text(u).to_string()).unwrap_or_default();
    let unit = match BYTE_UNITS
        .iter()
        .position(|u| u.eq_ignore_ascii_case(wanted.trim()))
    {
        Some(i) => i,
        None => {
            let mut i = 0;
            while i + 1 < BYTE_UNITS.len() && size.abs() >= 1024f64.powi(i as i32 + 1) {
                i += 1;
            }
            i
        }
    };
    let scaled = size / 1024f64.powi(unit as i32);
    string(format!("{scaled:.precision$} {}", BYTE_UNITS[unit]))
}

/// `unicode_codepoints_to_string(values, ...)`: code points given as integers or arrays of
/// integers; null when one is no valid code point.
fn codepoints_to_string(a: &[Value], _: &EvalContext) -> Value {
    let mut out = String::new();
    for v in a {
        let points: Vec<Option<i64>> = match dynamic(v) {
            Dynamic::Array(items) => items
                .iter()
                .map(|d| int(&Value::Dynamic(d.clone())))
                .collect(),
            _ => vec![int(v)],
        };
        for p in points {
            match p
                .and_then(|p| u32::try_from(p).ok())
                .and_then(char::from_u32)
            {
                Some(c) => out.push(c),
                None => return Value::Null,
            }
        }
    }
    string(out)
}

/// `parse_version(version)` (`parse-version-function.md`): one to four dot-separated parts of
/// up to eight digits each, missing parts trailing zeros; part k weighs 10^(8·(3−k)). The
/// engine's decimal is a double, so versions with more than about 15 significant digits are
/// rounded (they still compare in order for all but the last digits).
fn parse_version(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let parts: Vec<&str> = s.trim().split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return Value::Null;
    }
    let mut total = 0f64;
    for (k, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Value::Null;
        }
        let n: f64 = p.parse::<u32>().map_or(f64::NAN, f64::from);
        total += n * 1e8f64.powi(3 - k as i32);
    }
    if total.is_nan() {
        Value::Null
    } else {
        Value::Decimal(total)
    }
}

/// A value `around` can place on a line: ticks for datetimes and timespans, numbers as reals.
fn position(v: &Value) -> Option<f64> {
    match v {
        Value::DateTime(t) | Value::TimeSpan(t) => Some(*t as f64),
        Value::Dynamic(Dynamic::DateTime(t) | Dynamic::TimeSpan(t)) => Some(*t as f64),
        other => real(other),
    }
}

/// `around(value, center, delta)` (`around-function.md`): whether value lies in
/// [center − delta, center + delta]; null when any argument is null.
fn around(a: &[Value], _: &EvalContext) -> Value {
    match (position(&a[0]), position(&a[1]), position(&a[2])) {
        (Some(v), Some(c), Some(d)) => Value::Bool(c - d <= v && v <= c + d),
        _ => Value::Null,
    }
}

fn sort_keys(d: &Dynamic) -> Dynamic {
    match d {
        Dynamic::Array(items) => Dynamic::array(items.iter().map(sort_keys).collect()),
        Dynamic::Bag(items) => {
            let mut items: Vec<(Arc<str>, Dynamic)> = items
                .iter()
                .map(|(k, v)| (k.clone(), sort_keys(v)))
                .collect();
            items.sort_by(|x, y| x.0.cmp(&y.0));
            Dynamic::bag(items)
        }
        other => other.clone(),
    }
}

/// `dynamic_to_json(value)` (`dynamic-to-json-function.md`): compact JSON with the keys of
/// every property bag sorted, so that equal bags give equal strings.
fn dynamic_to_json(a: &[Value], _: &EvalContext) -> Value {
    if a[0].is_null() {
        return string("");
    }
    string(sort_keys(&a[0].to_dynamic()).to_json_string())
}
