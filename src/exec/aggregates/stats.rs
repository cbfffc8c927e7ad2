//! Statistics: `stdev`, `stdevif`, `stdevp`, `variance`, `varianceif`, `variancep`,
//! `percentile`, `percentiles`, `percentiles_array`. Percentiles use the nearest-rank method
//! on the exact values (Kusto estimates with T-Digest; on small data both give a value of the
//! set), so the result has the input's type.

use super::{AggCall, AggFn, AggOutput, arg, one, predicate};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::value::{Dynamic, Value, compare_values};

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "stdev" | "stdevif" | "stdevp" | "variance" | "varianceif" | "variancep" => spread,
        "percentile" | "percentiles" | "percentiles_array" => percentiles,
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
    let mut ps: Vec<f64> = Vec::new();
    for p in &call.args[1..] {
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
    let mut sorted: Vec<Vec<Value>> = Vec::with_capacity(lists.len());
    for rows in &lists {
        let mut vals: Vec<Value> = rows
            .iter()
            .map(|&r| a.get(r as usize))
            .filter(|v| !v.is_null())
            .collect();
        vals.sort_by(|x, y| compare_values(x, y).unwrap_or(std::cmp::Ordering::Equal));
        sorted.push(vals);
    }
    let nearest = |vals: &[Value], p: f64| -> Value {
        if vals.is_empty() {
            return Value::Null;
        }
        let n = vals.len();
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        vals[rank.clamp(1, n) - 1].clone()
    };
    if call.name == "percentiles_array" {
        let out: Vec<Dynamic> = sorted
            .iter()
            .map(|vals| Dynamic::array(ps.iter().map(|p| nearest(vals, *p).to_dynamic()).collect()))
            .collect();
        return Ok(one(super::count::dyn_column(out)));
    }
    let ty = crate::analyze::promoted(a.ty());
    let mut out = Vec::new();
    for p in &ps {
        let mut b = ColumnBuilder::new(ty, sorted.len());
        for vals in &sorted {
            b.push(&nearest(vals, *p));
        }
        out.push((None, b.finish()));
    }
    Ok(out)
}
