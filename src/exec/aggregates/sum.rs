//! Sums and means: `sum`, `sumif`, `avg`, `avgif`, and the bit folds `binary_all_and`,
//! `binary_all_or`, `binary_all_xor`.

use super::{AggCall, AggFn, AggOutput, arg, one, predicate};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::kql::types::ScalarType;

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "sum" | "sumif" => sum,
        "avg" | "avgif" => avg,
        "binary_all_and" | "binary_all_or" | "binary_all_xor" => binary_all,
        _ => return None,
    })
}

fn is_real(a: &ArgColumn) -> bool {
    matches!(
        a.ty(),
        ScalarType::Real | ScalarType::Decimal | ScalarType::Dynamic
    )
}

fn sum(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mask = if call.name == "sumif" {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let n = call.groups.n;
    let mut any = vec![false; n];
    if is_real(a) {
        let mut acc = vec![0.0f64; n];
        for (i, &g) in call.groups.ids.iter().enumerate() {
            if mask.as_ref().is_none_or(|m| m[i])
                && let Some(x) = a.get(i).as_f64()
            {
                acc[g as usize] += x;
                any[g as usize] = true;
            }
        }
        let mut c = Column::from_f64(acc, Some(any));
        c.ty = if a.ty() == ScalarType::Decimal {
            ScalarType::Decimal
        } else {
            ScalarType::Real
        };
        return Ok(one(c));
    }
    let mut acc = vec![0i64; n];
    let col = a.as_column();
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_none_or(|m| m[i]) {
            let x = match col {
                Some(c) => c.i64_at(i),
                None => a.get(i).as_i64(),
            };
            if let Some(x) = x {
                acc[g as usize] = acc[g as usize].wrapping_add(x);
                any[g as usize] = true;
            }
        }
    }
    let ty = match a.ty() {
        ScalarType::TimeSpan => ScalarType::TimeSpan,
        _ => ScalarType::Long,
    };
    Ok(one(Column::from_i64(ty, acc, Some(any))))
}

fn avg(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mask = if call.name == "avgif" {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let n = call.groups.n;
    let mut acc = vec![0.0f64; n];
    let mut cnt = vec![0usize; n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_none_or(|m| m[i])
            && let Some(x) = a.get(i).as_f64()
        {
            acc[g as usize] += x;
            cnt[g as usize] += 1;
        }
    }
    let valid: Vec<bool> = cnt.iter().map(|c| *c > 0).collect();
    let vals: Vec<f64> = acc
        .iter()
        .zip(&cnt)
        .map(|(s, c)| if *c > 0 { s / *c as f64 } else { 0.0 })
        .collect();
    if matches!(a.ty(), ScalarType::TimeSpan | ScalarType::DateTime) {
        let ints: Vec<i64> = vals.iter().map(|v| v.round() as i64).collect();
        return Ok(one(Column::from_i64(a.ty(), ints, Some(valid))));
    }
    Ok(one(Column::from_f64(vals, Some(valid))))
}

fn binary_all(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let n = call.groups.n;
    let mut acc: Vec<Option<i64>> = vec![None; n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if let Some(x) = a.get(i).as_i64() {
            let slot = &mut acc[g as usize];
            *slot = Some(match (*slot, call.name) {
                (None, _) => x,
                (Some(y), "binary_all_and") => y & x,
                (Some(y), "binary_all_or") => y | x,
                (Some(y), _) => y ^ x,
            });
        }
    }
    let valid: Vec<bool> = acc.iter().map(Option::is_some).collect();
    let vals: Vec<i64> = acc.iter().map(|x| x.unwrap_or(0)).collect();
    Ok(one(Column::from_i64(ScalarType::Long, vals, Some(valid))))
}
