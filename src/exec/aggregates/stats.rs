//! Statistics: `stdev`, `stdevif`, `stdevp`, `variance`, `varianceif`, `variancep`,
//! `percentile`, `percentiles`, `percentiles_array` and their weighted forms `percentilew`,
//! `percentilesw`, `percentilesw_array` (`percentilesw-aggregation-function.md`: a value counts
//! as many times as its weight). Percentiles use the nearest-rank method
//! on the exact values (Kusto estimates with T-Digest; on small data both give a value of the
//! set), so the result has the input's type.

use super::{AggCall, AggFn, AggOutput, arg, one, predicate};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::value::{Dynamic, Value, compare_values};

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "stdev" | "stdevif" | "stdevp" | "variance" | "varianceif" | "variancep" => spread,
        "percentile" | "percentiles" | "percentiles_array" | "percentilew" | "percentilesw"
        | "percentilesw_array" => percentiles,
        _ => return None,
    })
}

fn spread(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mask = if call.name.ends_with("if") {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let population = call.name.ends_with('p');
    let n = call.groups.n;
    let (mut s, mut s2, mut c) = (vec![0.0f64; n], vec![0.0f64; n], vec![0usize; n]);
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_some_and(|m| !m[i]) {
            continue;
        }
        if let Some(x) = a.get(i).as_f64() {
            let g = g as usize;
            s[g] += x;
            s2[g] += x * x;
            c[g] += 1;
        }
    }
    let mut vals = Vec::with_capacity(n);
    let mut valid = Vec::with_capacity(n);
    for g in 0..n {
        let k = c[g] as f64;
        let denom = if population { k } else { k - 1.0 };
        if c[g] == 0 {
            vals.push(0.0);
            valid.push(false);
            continue;
        }
        let var = if denom <= 0.0 {
            0.0
        } else {
            ((s2[g] - s[g] * s[g] / k) / denom).max(0.0)
        };
        vals.push(if call.name.starts_with("stdev") {
            var.sqrt()
        } else {
            var
        });
        valid.push(true);
    }
    Ok(one(Column::from_f64(vals, Some(valid))))
}

fn percentiles(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let weighted = matches!(
        call.name,
        "percentilew" | "percentilesw" | "percentilesw_array"
    );
    let weights = if weighted { Some(arg(call, 1)?) } else { None };
    let first_p = if weighted { 2 } else { 1 };
    let mut ps: Vec<f64> = Vec::new();
    for p in call.args.iter().skip(first_p) {
        match p.get(0) {
            Value::Dynamic(Dynamic::Array(items)) => {
                ps.extend(items.iter().filter_map(|d| d.to_value().as_f64()))
            }
            v => ps.push(v.as_f64().ok_or("a percentile must be a number")?),
        }
    }
    if ps.is_empty() {
        ps.push(50.0);
    }
    let lists = call.groups.lists();
    // Each group's values in order, with the running total of their weights (1 each when
    // unweighted); a row with a null or non-positive weight counts for nothing.
    let mut sorted: Vec<(Vec<Value>, Vec<i64>)> = Vec::with_capacity(lists.len());
    for rows in &lists {
        let mut vals: Vec<(Value, i64)> = rows
            .iter()
            .map(|&r| {
                let w = match &weights {
                    Some(w) => w.get(r as usize).as_i64().unwrap_or(0),
                    None => 1,
                };
                (a.get(r as usize), w)
            })
            .filter(|(v, w)| !v.is_null() && *w > 0)
            .collect();
        vals.sort_by(|x, y| compare_values(&x.0, &y.0).unwrap_or(std::cmp::Ordering::Equal));
        let mut total = 0i64;
        let cumulative = vals
            .iter()
            .map(|(_, w)| {
                total = total.saturating_add(*w);
                total
            })
            .collect();
        sorted.push((vals.into_iter().map(|(v, _)| v).collect(), cumulative));
    }
    let nearest = |(vals, cumulative): &(Vec<Value>, Vec<i64>), p: f64| -> Value {
        let Some(&n) = cumulative.last() else {
            return Value::Null;
        };
        let rank = (((p / 100.0) * n as f64).ceil() as i64).clamp(1, n);
        let i = cumulative.partition_point(|&c| c < rank);
        vals[i.min(vals.len() - 1)].clone()
    };
    if call.name.ends_with("_array") {
        let out: Vec<Dynamic> = sorted
            .iter()
            .map(|g| Dynamic::array(ps.iter().map(|p| nearest(g, *p).to_dynamic()).collect()))
            .collect();
        return Ok(one(super::count::dyn_column(out)));
    }
    let ty = crate::analyze::promoted(a.ty());
    let mut out = Vec::new();
    for p in &ps {
        let mut b = ColumnBuilder::new(ty, sorted.len());
        for g in &sorted {
            b.push(&nearest(g, *p));
        }
        out.push((None, b.finish()));
    }
    Ok(out)
}
