//! Choosing among values: `coalesce`, `max_of`, `min_of`, and `gettype`, which names a
//! value's runtime type. `iff`/`iif`/`case`, `isnull`/`isempty` and their negations are
//! evaluated by the engine itself (they must not evaluate branches eagerly into errors).

use std::cmp::Ordering;

use super::{EvalContext, Registry, ret_bool, ret_string};
use crate::exec::value::{Dynamic, Value, compare_values};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.row("coalesce", 1, 64, ret_common, coalesce);
    r.row("max_of", 1, 64, ret_common, |a, _| {
        extreme(a, Ordering::Greater)
    });
    r.row("min_of", 1, 64, ret_common, |a, _| {
        extreme(a, Ordering::Less)
    });
    r.row("gettype", 1, 1, ret_string, gettype);
    // Deprecated spellings of `isnotempty`/`isnotnull`, which the engine
    // evaluates itself under their current names.
    r.row("notempty", 1, 1, ret_bool, |a, _| {
        Value::Bool(!is_missing(&a[0]))
    });
    r.row("empty", 1, 1, ret_bool, |a, _| {
        Value::Bool(is_missing(&a[0]))
    });
    r.row("notnull", 1, 1, ret_bool, |a, _| {
        Value::Bool(!a[0].is_null())
    });
}

/// The common type of the arguments: their type when they agree, else the widest number.
pub(super) fn ret_common(args: &[ScalarType]) -> ScalarType {
    let known: Vec<ScalarType> = args
        .iter()
        .copied()
        .filter(|t| *t != ScalarType::Unknown)
        .collect();
    let Some(first) = known.first().copied() else {
        return ScalarType::Unknown;
    };
    if known.iter().all(|t| *t == first) {
        return first;
    }
    let rank = |t: &ScalarType| match t {
        ScalarType::Int => Some(0),
        ScalarType::Long => Some(1),
        ScalarType::Decimal => Some(2),
        ScalarType::Real => Some(3),
        _ => None,
    };
    let ranks: Option<Vec<i32>> = known.iter().map(rank).collect();
    match ranks.and_then(|r| r.into_iter().max()) {
        Some(0) => ScalarType::Int,
        Some(1) => ScalarType::Long,
        Some(2) => ScalarType::Decimal,
        Some(3) => ScalarType::Real,
        _ => first,
    }
}

fn is_missing(v: &Value) -> bool {
    match v {
        Value::Null | Value::Dynamic(Dynamic::Null) => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// `coalesce(a, b, …)` (`coalesce-function.md`): the first value that is not null (nor an
/// empty string).
fn coalesce(a: &[Value], _: &EvalContext) -> Value {
    a.iter()
        .find(|v| !is_missing(v))
        .cloned()
        .unwrap_or_else(|| match a.first() {
            Some(Value::String(_)) => Value::str(""),
            _ => Value::Null,
        })
}

/// `max_of`/`min_of` (`max-of-function.md`): non-null values take precedence over null;
/// null only when every argument is null.
fn extreme(a: &[Value], want: Ordering) -> Value {
    let mut best: Option<&Value> = None;
    for v in a.iter().filter(|v| !v.is_null()) {
        best = match best {
            None => Some(v),
            Some(b) => match compare_values(v, b) {
                Some(o) if o == want => Some(v),
                _ => Some(b),
            },
        };
    }
    best.cloned().unwrap_or(Value::Null)
}

/// `gettype(value)` (`gettype-function.md`): the runtime type's name; inside a dynamic,
/// `array`, `dictionary`, `null`, and `int` for JSON numbers that fit 32 bits
/// (`gettype(parse_json('1'))` is `int`).
fn gettype(a: &[Value], _: &EvalContext) -> Value {
    let name = match &a[0] {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Long(_) => "long",
        Value::Real(_) => "real",
        Value::Decimal(_) => "decimal",
        Value::String(_) => "string",
        Value::DateTime(_) => "datetime",
        Value::TimeSpan(_) => "timespan",
        Value::Guid(_) => "guid",
        Value::Dynamic(d) => match d {
            Dynamic::Null => "null",
            Dynamic::Bool(_) => "bool",
            Dynamic::Long(x) if i32::try_from(*x).is_ok() => "int",
            Dynamic::Long(_) => "long",
            Dynamic::Real(_) => "real",
            Dynamic::String(_) => "string",
            Dynamic::DateTime(_) => "datetime",
            Dynamic::TimeSpan(_) => "timespan",
            Dynamic::Guid(_) => "guid",
            Dynamic::Array(_) => "array",
            Dynamic::Bag(_) => "dictionary",
        },
    };
    Value::str(name)
}
