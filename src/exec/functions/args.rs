//! Reading arguments the way Kusto's functions read them: a string parameter takes the
//! `tostring` form of any scalar, an integer parameter truncates reals, a `dynamic` parameter
//! takes a JSON text as its parsed value.

use std::borrow::Cow;
use std::sync::Arc;

use crate::exec::column::{Column, ColumnBuilder, StrColumn};
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

/// The text of a string argument (other types in their `tostring` form; null is empty).
pub fn text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) | Value::Dynamic(Dynamic::String(s)) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_kusto_string()),
    }
}

/// An integer argument; reals are truncated, null and non-numbers are `None`.
pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(x) => Some(*x as i64),
        Value::Long(x) => Some(*x),
        Value::Real(x) | Value::Decimal(x) if x.is_finite() => Some(x.trunc() as i64),
        Value::Dynamic(Dynamic::Long(x)) => Some(*x),
        Value::Dynamic(Dynamic::Real(x)) if x.is_finite() => Some(x.trunc() as i64),
        _ => None,
    }
}

/// A numeric argument as a real.
pub fn real(v: &Value) -> Option<f64> {
    match v {
        Value::Int(x) => Some(*x as f64),
        Value::Long(x) => Some(*x as f64),
        Value::Real(x) | Value::Decimal(x) => Some(*x),
        Value::Dynamic(Dynamic::Long(x)) => Some(*x as f64),
        Value::Dynamic(Dynamic::Real(x)) => Some(*x),
        _ => None,
    }
}

/// A bool argument.
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) | Value::Dynamic(Dynamic::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// A `dynamic` argument: dynamics as they are, a string holding JSON as its parsed value (the
/// row files of tests often carry dynamic columns as JSON text), other scalars as dynamics.
pub fn dynamic(v: &Value) -> Dynamic {
    match v {
        Value::Dynamic(d) => d.clone(),
        Value::String(s) => match crate::exec::value::parse_json_ordered(s) {
            Some(d @ (Dynamic::Array(_) | Dynamic::Bag(_))) => d,
            _ => Dynamic::String(s.clone()),
        },
        other => other.to_dynamic(),
    }
}

/// The elements of an array argument; `None` when it is no array.
pub fn array(v: &Value) -> Option<Arc<Vec<Dynamic>>> {
    match dynamic(v) {
        Dynamic::Array(items) => Some(items),
        _ => None,
    }
}

/// A string value.
pub fn string(s: impl AsRef<str>) -> Value {
    Value::String(Arc::from(s.as_ref()))
}

/// A dynamic value.
pub fn dyn_value(d: Dynamic) -> Value {
    Value::Dynamic(d)
}

/// The text of a dynamic element as `tostring` gives it (strings without quotes).
pub fn dynamic_text(d: &Dynamic) -> String {
    match d {
        Dynamic::String(s) => s.to_string(),
        Dynamic::Null => String::new(),
        other => other.to_value().to_kusto_string(),
    }
}

/// A pure function of its arguments over a column whose only varying argument is a string
/// column with few distinct values: evaluated once per distinct string, the results mapped
/// back to the rows (string results keep the column's codes). `None` when that does not apply.
pub fn per_distinct<E>(
    args: &[ArgColumn],
    ty: ScalarType,
    f: impl Fn(&[Value]) -> Result<Value, E>,
) -> Option<Result<Column, E>> {
    let mut columns = args.iter().enumerate().filter(|(_, a)| !a.is_scalar());
    let (at, only) = columns.next()?;
    if columns.next().is_some() {
        return None;
    }
    let strs = only.as_strs()?;
    if !strs.dict_is_small() || only.as_column().is_some_and(|c| c.valid.is_some()) {
        return None;
    }
    let mut vals: Vec<Value> = args.iter().map(|a| a.get(0)).collect();
    let mut per = Vec::with_capacity(strs.dict.len());
    for s in strs.dict.iter() {
        vals[at] = Value::String(s.clone());
        match f(&vals) {
            Ok(v) => per.push(v),
            Err(e) => return Some(Err(e)),
        }
    }
    if ty == ScalarType::String {
        let dict: Vec<Arc<str>> = per
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => Arc::from(other.to_kusto_string().as_str()),
            })
            .collect();
        return Some(Ok(Column::from_strs(StrColumn {
            dict: Arc::new(dict),
            codes: strs.codes.clone(),
            unique: false,
        })));
    }
    let mut b = ColumnBuilder::new(ty, strs.codes.len());
    for &c in &strs.codes {
        b.push(&per[c as usize]);
    }
    Some(Ok(b.finish()))
}

/// Evaluates a fallible row function over `rows` rows into a column of type `ty` (once when
/// every argument is a constant, once per distinct string for a string column).
pub fn rows_try(
    args: &[ArgColumn],
    rows: usize,
    ty: ScalarType,
    f: impl Fn(&[Value]) -> Result<Value, String>,
) -> Result<Column, String> {
    if args.iter().all(ArgColumn::is_scalar) {
        let vals: Vec<Value> = args.iter().map(|a| a.get(0)).collect();
        return Ok(Column::constant(ty, &f(&vals)?, rows));
    }
    if let Some(out) = per_distinct(args, ty, &f) {
        return out;
    }
    let mut b = ColumnBuilder::new(ty, rows);
    let mut vals: Vec<Value> = Vec::with_capacity(args.len());
    for i in 0..rows {
        vals.clear();
        vals.extend(args.iter().map(|a| a.get(i)));
        b.push(&f(&vals)?);
    }
    Ok(b.finish())
}
