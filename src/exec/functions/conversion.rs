//! Conversions: `tostring`, `toint`, `tolong`, `toreal`, `todecimal`, `tobool`,
//! `todatetime`, `totimespan`, `toguid`, `todynamic`/`parse_json`, `tohex`; [`convert`] is
//! the one conversion used by every function with a type argument (`extract`,
//! `extract_json`).

use std::sync::Arc;

use super::args::{dyn_value, int, string};
use super::{
    EvalContext, Registry, ret_bool, ret_datetime, ret_dynamic, ret_guid, ret_int, ret_long,
    ret_real, ret_string, ret_timespan,
};
use crate::exec::column::{Column, StrBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value, parse_guid, parse_timespan};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("tostring", 1, 1, ret_string, tostring);

    r.row("toint", 1, 1, ret_int, |a, _| {
        convert(&a[0], ScalarType::Int)
    });
    r.row("tolong", 1, 1, ret_long, |a, _| {
        convert(&a[0], ScalarType::Long)
    });
    r.row("toreal", 1, 1, ret_real, |a, _| {
        convert(&a[0], ScalarType::Real)
    });
    r.row("todouble", 1, 1, ret_real, |a, _| {
        convert(&a[0], ScalarType::Real)
    });
    r.row("todecimal", 1, 1, ret_decimal, |a, _| {
        convert(&a[0], ScalarType::Decimal)
    });
    r.row("tobool", 1, 1, ret_bool, |a, _| {
        convert(&a[0], ScalarType::Bool)
    });
    r.row("toboolean", 1, 1, ret_bool, |a, _| {
        convert(&a[0], ScalarType::Bool)
    });
    r.row("todatetime", 1, 1, ret_datetime, |a, _| {
        convert(&a[0], ScalarType::DateTime)
    });
    r.row("totimespan", 1, 1, ret_timespan, |a, _| {
        convert(&a[0], ScalarType::TimeSpan)
    });
    r.row("totime", 1, 1, ret_timespan, |a, _| {
        convert(&a[0], ScalarType::TimeSpan)
    });
    r.row("toguid", 1, 1, ret_guid, |a, _| {
        convert(&a[0], ScalarType::Guid)
    });
    for name in ["todynamic", "parse_json", "parsejson", "toobject"] {
        r.row(name, 1, 1, ret_dynamic, |a, _| {
            convert(&a[0], ScalarType::Dynamic)
        });
    }
    r.row("tohex", 1, 2, ret_string, tohex);
}

/// `tostring`: Kusto's string form of each type; null gives the empty string.
fn tostring(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    let a = &args[0];
    if let Some(s) = a.as_strs() {
        return Ok(Column::from_strs(s.clone()));
    }
    if a.is_scalar() {
        let v = a.get(0).to_kusto_string();
        return Ok(Column::constant(
            ScalarType::String,
            &crate::exec::value::Value::str(&v),
            rows,
        ));
    }
    let mut b = StrBuilder::with_capacity(rows);
    let mut buf = String::new();
    for i in 0..rows {
        buf.clear();
        a.get(i).write_kusto_string(&mut buf);
        b.push(&buf);
    }
    Ok(Column::from_strs(b.finish()))
}

fn ret_decimal(_: &[ScalarType]) -> ScalarType {
    ScalarType::Decimal
}

/// A number in a string: an integer, else a real (`tolong("12.5")` truncates to 12).
fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(i as f64);
    }
    match t.to_ascii_lowercase().as_str() {
        "nan" => return Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust's float parser accepts "inf"/"nan" spellings handled above and nothing else odd.
    t.parse::<f64>().ok()
}

fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Int(x) => Some(*x as i64),
        Value::Long(x) | Value::DateTime(x) | Value::TimeSpan(x) => Some(*x),
        Value::Real(x) | Value::Decimal(x) => {
            (x.is_finite() && x.abs() < 9.2e18).then(|| x.trunc() as i64)
        }
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(i) => Some(i),
            Err(_) => parse_number(s).and_then(|x| to_i64(&Value::Real(x))),
        },
        Value::Dynamic(d) => match d {
            Dynamic::Array(_) | Dynamic::Bag(_) | Dynamic::Null => None,
            other => to_i64(&other.to_value()),
        },
        Value::Null | Value::Guid(_) => None,
    }
}

fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Int(x) => Some(*x as f64),
        Value::Long(x) | Value::DateTime(x) | Value::TimeSpan(x) => Some(*x as f64),
        Value::Real(x) | Value::Decimal(x) => Some(*x),
        Value::String(s) => parse_number(s),
        Value::Dynamic(d) => match d {
            Dynamic::Array(_) | Dynamic::Bag(_) | Dynamic::Null => None,
            other => to_f64(&other.to_value()),
        },
        Value::Null | Value::Guid(_) => None,
    }
}

fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Int(x) => Some(*x != 0),
        Value::Long(x) => Some(*x != 0),
        Value::Real(x) | Value::Decimal(x) => (!x.is_nan()).then_some(*x != 0.0),
        Value::String(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("true") {
                Some(true)
            } else if t.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                t.parse::<i64>().ok().map(|i| i != 0)
            }
        }
        Value::Dynamic(d) => match d {
            Dynamic::Array(_) | Dynamic::Bag(_) | Dynamic::Null => None,
            other => to_bool(&other.to_value()),
        },
        _ => None,
    }
}

/// Converts a value to a type as the `to*` functions do; null when it does not convert
/// (`toint-function.md`, `todatetime-function.md`, `tobool-function.md`, …). Strings never
/// become null: the string form of null is "".
pub fn convert(v: &Value, ty: ScalarType) -> Value {
    match ty {
        ScalarType::Int => match to_i64(v) {
            Some(x) => i32::try_from(x).map_or(Value::Null, Value::Int),
            None => Value::Null,
        },
        ScalarType::Long => to_i64(v).map_or(Value::Null, Value::Long),
        ScalarType::Real => to_f64(v).map_or(Value::Null, Value::Real),
        ScalarType::Decimal => match v {
            Value::DateTime(_) | Value::TimeSpan(_) => Value::Null,
            _ => to_f64(v)
                .filter(|x| x.is_finite())
                .map_or(Value::Null, Value::Decimal),
        },
        ScalarType::Bool => to_bool(v).map_or(Value::Null, Value::Bool),
        ScalarType::String => string(v.to_kusto_string()),
        ScalarType::DateTime => match v {
            Value::DateTime(t) => Value::DateTime(*t),
            Value::String(s) | Value::Dynamic(Dynamic::String(s)) => {
                super::datetime::parse_datetime_any(s).map_or(Value::Null, Value::DateTime)
            }
            Value::Dynamic(Dynamic::DateTime(t)) => Value::DateTime(*t),
            _ => Value::Null,
        },
        ScalarType::TimeSpan => match v {
            Value::TimeSpan(t) | Value::Dynamic(Dynamic::TimeSpan(t)) => Value::TimeSpan(*t),
            Value::String(s) | Value::Dynamic(Dynamic::String(s)) => {
                parse_timespan(s).map_or(Value::Null, Value::TimeSpan)
            }
            // A number is a count of ticks.
            Value::Int(_) | Value::Long(_) | Value::Dynamic(Dynamic::Long(_)) => {
                to_i64(v).map_or(Value::Null, Value::TimeSpan)
            }
            _ => Value::Null,
        },
        ScalarType::Guid => match v {
            Value::Guid(g) | Value::Dynamic(Dynamic::Guid(g)) => Value::Guid(*g),
            Value::String(s) | Value::Dynamic(Dynamic::String(s)) => {
                parse_guid(s.trim()).map_or(Value::Null, Value::Guid)
            }
            _ => Value::Null,
        },
        ScalarType::Dynamic => match v {
            // `parse_json-function.md`: a dynamic is used as-is; a string holding JSON is
            // parsed, other text is kept as a dynamic string.
            Value::Dynamic(d) => Value::Dynamic(d.clone()),
            Value::String(s) if s.trim().is_empty() => Value::Dynamic(Dynamic::Null),
            Value::String(s) => dyn_value(Dynamic::parse_json(s)),
            Value::Null => Value::Dynamic(Dynamic::Null),
            other => dyn_value(other.to_dynamic()),
        },
        ScalarType::Unknown => v.clone(),
    }
}

/// `tohex(value[, minLength])` (`tohex-function.md`): lower-case hex, two's complement for
/// negatives over the value's own width (8 digits for int, 16 for long), zero-padded to
/// `minLength` (at most 16).
fn tohex(a: &[Value], _: &EvalContext) -> Value {
    let (bits, width) = match &a[0] {
        Value::Int(x) => (*x as u32 as u64, 8),
        other => match int(other) {
            Some(x) => (x as u64, 16),
            None => return Value::Null,
        },
    };
    let mut s = format!("{bits:x}");
    if let Some(min) = a.get(1).and_then(int) {
        let min = min.clamp(0, 16) as usize;
        let min = min.min(width);
        if s.len() < min {
            s = format!("{}{s}", "0".repeat(min - s.len()));
        }
    }
    Value::String(Arc::from(s.as_str()))
}
