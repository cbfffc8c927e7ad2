//! Counting: `count`, `countif`, `dcount`, `dcountif`, and the HyperLogLog family `hll`,
//! `hll_merge`, `dcount_hll`. Distinct counts are exact (Kusto estimates; on test-sized data
//! the estimate is the exact count). An `hll` "sketch" here is the dynamic array of the
//! distinct values' string forms, so `hll_merge` and `dcount_hll` stay exact too.

use std::collections::HashSet;

use super::{AggCall, AggFn, AggOutput, arg, one, predicate};
use crate::exec::column::Column;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "count" => count,
        "countif" => countif,
        "dcount" => dcount,
        "dcountif" => dcountif,
        "hll" | "hll_if" => hll,
        "hll_merge" => hll_merge,
        _ => return None,
    })
}

fn count(call: &AggCall) -> Result<AggOutput, String> {
    // `count(x)` counts rows, nulls of x included (`summarize-operator.md`: `count(y)` over
    // a null and a 5 is 2).
    let mut counts = vec![0i64; call.groups.n];
    for &g in call.groups.ids {
        counts[g as usize] += 1;
    }
    Ok(one(Column::from_i64(ScalarType::Long, counts, None)))
}

fn countif(call: &AggCall) -> Result<AggOutput, String> {
    let mask = predicate(call, 0)?;
    let mut counts = vec![0i64; call.groups.n];
    for (&g, m) in call.groups.ids.iter().zip(mask) {
        if m {
            counts[g as usize] += 1;
        }
    }
    Ok(one(Column::from_i64(ScalarType::Long, counts, None)))
}

/// A hashable identity of a value for distinct counting.
pub(crate) fn value_key(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Dynamic(Dynamic::Null) => None,
        Value::Int(x) => Some(format!("n{x}")),
        Value::Long(x) => Some(format!("n{x}")),
        Value::Real(x) | Value::Decimal(x) => Some(format!("r{}", x.to_bits())),
        Value::String(s) => Some(format!("s{s}")),
        Value::Dynamic(d) => Some(format!("d{}", d.to_json_string())),
        v => Some(format!("o{}", v.to_kusto_string())),
    }
}

fn distinct_counts(call: &AggCall, mask: Option<&[bool]>) -> Result<Vec<i64>, String> {
    let a = arg(call, 0)?;
    let mut sets: Vec<HashSet<String>> = vec![HashSet::new(); call.groups.n];
    // Strings: count distinct dictionary codes when the dictionary is unique.
    if let Some(s) = a.as_strs()
        && s.unique
    {
        let mut seen: Vec<HashSet<u32>> = vec![HashSet::new(); call.groups.n];
        for (i, &g) in call.groups.ids.iter().enumerate() {
            if mask.is_none_or(|m| m[i]) {
                seen[g as usize].insert(s.codes[i]);
            }
        }
        return Ok(seen.iter().map(|x| x.len() as i64).collect());
    }
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.is_none_or(|m| m[i])
            && let Some(k) = value_key(&a.get(i))
        {
            sets[g as usize].insert(k);
        }
    }
    Ok(sets.iter().map(|x| x.len() as i64).collect())
}

fn dcount(call: &AggCall) -> Result<AggOutput, String> {
    let counts = distinct_counts(call, None)?;
    Ok(one(Column::from_i64(ScalarType::Long, counts, None)))
}

fn dcountif(call: &AggCall) -> Result<AggOutput, String> {
    let mask = predicate(call, 1)?;
    let counts = distinct_counts(call, Some(&mask))?;
    Ok(one(Column::from_i64(ScalarType::Long, counts, None)))
}

fn sketch(items: Vec<String>) -> Dynamic {
    Dynamic::array(items.into_iter().map(|s| Dynamic::string(&s)).collect())
}

fn hll(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mask = if call.name == "hll_if" {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let mut sets: Vec<Vec<String>> = vec![Vec::new(); call.groups.n];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); call.groups.n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_none_or(|m| m[i])
            && let Some(k) = value_key(&a.get(i))
            && seen[g as usize].insert(k.clone())
        {
            sets[g as usize].push(k);
        }
    }
    let vals: Vec<Dynamic> = sets.into_iter().map(sketch).collect();
    Ok(one(dyn_column(vals)))
}

fn hll_merge(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mut sets: Vec<Vec<String>> = vec![Vec::new(); call.groups.n];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); call.groups.n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if let Value::Dynamic(Dynamic::Array(items)) = a.get(i) {
            for item in items.iter() {
                if let Dynamic::String(s) = item
                    && seen[g as usize].insert(s.to_string())
                {
                    sets[g as usize].push(s.to_string());
                }
            }
        }
    }
    Ok(one(dyn_column(sets.into_iter().map(sketch).collect())))
}

pub(crate) fn dyn_column(vals: Vec<Dynamic>) -> Column {
    Column::from_dynamics(vals)
}
