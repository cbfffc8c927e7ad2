//! Extremes and picks: `min`, `max`, `minif`, `maxif`, `arg_max`, `arg_min` (with `*`),
//! `take_any`, `take_anyif` (`any`, `anyif`). `take_any` picks the first row of each group,
//! so results are reproducible (Kusto may pick any row).

use std::cmp::Ordering;

use super::{AggCall, AggFn, AggOutput, arg, predicate};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::compare_values;

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "min" | "max" | "minif" | "maxif" => min_max,
        "arg_max" | "arg_min" | "argmax" | "argmin" => arg_extreme,
        "take_any" | "any" | "take_anyif" | "anyif" => take_any,
        _ => return None,
    })
}

/// For each group, the row holding the extreme value of `a` (nulls skipped).
fn extreme_rows(
    call: &AggCall,
    a: &ArgColumn,
    max: bool,
    mask: Option<&[bool]>,
) -> Vec<Option<u32>> {
    let n = call.groups.n;
    let mut best: Vec<Option<u32>> = vec![None; n];
    let want = if max {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    // Numbers stored as i64 compare without building values.
    if let Some(col) = a.as_column()
        && let Some(v) = col.i64s()
    {
        for (i, &g) in call.groups.ids.iter().enumerate() {
            if !col.is_valid(i) || mask.is_some_and(|m| !m[i]) {
                continue;
            }
            let slot = &mut best[g as usize];
            match slot {
                None => *slot = Some(i as u32),
                Some(b) if v[i].cmp(&v[*b as usize]) == want => *slot = Some(i as u32),
                _ => {}
            }
        }
        return best;
    }
    let mut best_val = vec![crate::exec::value::Value::Null; n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.is_some_and(|m| !m[i]) {
            continue;
        }
        let v = a.get(i);
        if v.is_null() {
            continue;
        }
        let g = g as usize;
        let better = match &best[g] {
            None => true,
            Some(_) => compare_values(&v, &best_val[g]) == Some(want),
        };
        if better {
            best[g] = Some(i as u32);
            best_val[g] = v;
        }
    }
    best
}

fn pick(a: &ArgColumn, rows: &[Option<u32>]) -> Column {
    match a {
        ArgColumn::Column(c) => c.take_opt(rows),
        ArgColumn::Scalar(v, t) => {
            let c = Column::constant(*t, v, 1);
            let idx: Vec<Option<u32>> = rows.iter().map(|r| r.map(|_| 0)).collect();
            c.take_opt(&idx)
        }
    }
}

fn min_max(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mask = if call.name.ends_with("if") {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let rows = extreme_rows(call, a, call.name.starts_with("max"), mask.as_deref());
    Ok(vec![(None, pick(a, &rows))])
}

fn arg_extreme(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mut rows = extreme_rows(call, a, call.name.contains("max"), None);
    // A group whose expression is null in every row still gives a row: its first
    // (`arg-max-aggregation-function.md`: nulls are ignored unless all values are null).
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if let Some(r) = rows.get_mut(g as usize)
            && r.is_none()
        {
            *r = Some(i as u32);
        }
    }
    let mut out: AggOutput = vec![(call.arg_names.first().cloned().flatten(), pick(a, &rows))];
    for (name, v) in call.arg_names.iter().zip(call.args).skip(1) {
        out.push((name.clone(), pick(v, &rows)));
    }
    if call.star {
        let skip = call.arg_names.first().cloned().flatten();
        for (i, (n, _)) in call.input.columns.iter().enumerate() {
            if Some(n.to_string()) == skip || call.by_names.iter().any(|b| **b == **n) {
                continue;
            }
            out.push((Some(n.to_string()), call.input.data[i].take_opt(&rows)));
        }
    }
    Ok(out)
}

fn take_any(call: &AggCall) -> Result<AggOutput, String> {
    let is_if = call.name.ends_with("if");
    let mask = if is_if {
        Some(predicate(call, call.args.len().saturating_sub(1))?)
    } else {
        None
    };
    let n = call.groups.n;
    let mut rows: Vec<Option<u32>> = vec![None; n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_some_and(|m| !m[i]) {
            continue;
        }
        if rows[g as usize].is_none() {
            rows[g as usize] = Some(i as u32);
        }
    }
    let upto = if is_if {
        call.args.len() - 1
    } else {
        call.args.len()
    };
    let mut out: AggOutput = Vec::new();
    for (i, a) in call.args[..upto].iter().enumerate() {
        out.push((call.arg_names.get(i).cloned().flatten(), pick(a, &rows)));
    }
    if call.star {
        for (i, (n, _)) in call.input.columns.iter().enumerate() {
            if call.by_names.iter().any(|b| **b == **n) {
                continue;
            }
            out.push((Some(n.to_string()), call.input.data[i].take_opt(&rows)));
        }
    }
    Ok(out)
}
