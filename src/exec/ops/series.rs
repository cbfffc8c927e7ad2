//! `make-series` (`make-series-operator.md`): per group, one array per aggregate with a value
//! for every bin of the axis (`from` … `to`, exclusive, by `step`), absent bins filled with the
//! aggregate's `default` (0 when none is given), and the array of bin starts named after the
//! axis expression. Rows outside the range are left out. Without `from`/`to`, the range is the
//! axis values' minimum (binned) to their maximum.

use std::sync::Arc;

use super::project::expr_name;
use super::summarize::{call_aggregate, group_by};
use crate::diag::Span;
use crate::exec::aggregates::Groups;
use crate::exec::column::Column;
use crate::exec::compare::arith;
use crate::exec::eval::ArgColumn;
use crate::exec::executor::{Exec, one_row};
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value};
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, BinaryOp, ExprKind, SeriesRange};
use crate::kql::types::ScalarType;

#[allow(clippy::too_many_arguments)]
pub(crate) fn make_series(
    ex: &mut Exec,
    params: &[ast::OpParam],
    aggregates: &[ast::SeriesAgg],
    on: &ast::Expr,
    range: &SeriesRange,
    by: &[ast::NamedExpr],
    input: Table,
    span: Span,
) -> Result<Table> {
    let one = one_row();
    let (from, to, step) = match range {
        SeriesRange::FromTo { from, to, step } => {
            let f = match from {
                Some(e) => Some(ex.eval(e, &one)?.get(0)),
                None => None,
            };
            let t = match to {
                Some(e) => Some(ex.eval(e, &one)?.get(0)),
                None => None,
            };
            (f, t, ex.eval(step, &one)?.get(0))
        }
        SeriesRange::InRange(args) if args.len() == 3 => (
            Some(ex.eval(&args[0], &one)?.get(0)),
            Some(ex.eval(&args[1], &one)?.get(0)),
            ex.eval(&args[2], &one)?.get(0),
        ),
        SeriesRange::InRange(_) => {
            return Err(ExecError::new(
                "`in range()` needs start, stop and step",
                span,
            ));
        }
    };
    let axis = ex.eval_column(on, &input)?;
    let axis_ty = axis.ty;
    let real = matches!(axis_ty, ScalarType::Real | ScalarType::Decimal);
    let num = |v: &Value| -> Option<f64> { v.as_f64() };
    let step_n = num(&step)
        .filter(|s| *s > 0.0)
        .ok_or_else(|| ExecError::new("`make-series` needs a positive step", span))?;
    let values: Vec<Option<f64>> = (0..input.rows).map(|i| axis.f64_at(i)).collect();
    let min = values
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let max = values
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let start = match from.as_ref().and_then(num) {
        Some(f) => f,
        None if min.is_finite() => (min / step_n).floor() * step_n,
        None => 0.0,
    };
    let end = match to.as_ref().and_then(num) {
        Some(t) => t,
        None if max.is_finite() => max + step_n / 2.0,
        None => start,
    };
    let nbins = if end > start {
        ((end - start) / step_n).ceil() as usize
    } else {
        0
    };
    if nbins > ex.limits.max_rows {
        return Err(ExecError::new(
            "`make-series` has too many bins (--max-rows)",
            span,
        ));
    }
    // Rows in range, with their bin.
    let mut keep = vec![false; input.rows];
    let mut bins: Vec<u32> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v
            && *v >= start
            && *v < end
        {
            keep[i] = true;
            bins.push(((v - start) / step_n).floor() as u32);
        }
    }
    let rows = input.filter(&keep);
    // `kind=nonempty` without `by` gives one series of defaults over no rows.
    let nonempty = params
        .iter()
        .any(|p| p.name.name.eq_ignore_ascii_case("kind") && p.value.to_string() == "nonempty");
    let g = group_by(ex, by, &rows, nonempty && by.is_empty())?;
    let nseries = g.keys.rows;
    let ids: Vec<u32> = g
        .ids
        .iter()
        .zip(&bins)
        .map(|(s, b)| s * nbins as u32 + b)
        .collect();
    let groups = Groups {
        ids: &ids,
        n: nseries * nbins,
    };
    let by_names: Vec<String> = g.keys.columns.iter().map(|(n, _)| n.to_string()).collect();
    let mut out = g.keys.clone();
    for a in aggregates {
        let ExprKind::Call {
            target: None,
            name,
            args,
        } = &a.named.expr.kind
        else {
            return Err(ExecError::new(
                "`make-series` needs an aggregation call",
                a.named.expr.span,
            ));
        };
        let results = call_aggregate(ex, &name.name, args, &rows, groups, &by_names, a.span)?;
        let default = match &a.default {
            Some(d) => ex.eval(d, &one)?.get(0),
            None => Value::Long(0),
        };
        let Some((_, col)) = results.into_iter().next() else {
            continue;
        };
        // The default takes the aggregate's type (`0.0` in a series of reals).
        let default = crate::exec::executor::coerce(&default, col.ty);
        let mut arrays = Vec::with_capacity(nseries);
        for s in 0..nseries {
            let items: Vec<Dynamic> = (0..nbins)
                .map(|b| {
                    let v = col.get(s * nbins + b);
                    if v.is_null() {
                        default.to_dynamic()
                    } else {
                        v.to_dynamic()
                    }
                })
                .collect();
            arrays.push(Dynamic::array(items));
        }
        let name: String = match a.named.names.first() {
            Some(n) => n.name.clone(),
            None => match args.first().and_then(|x| expr_name(&x.value)) {
                Some(n) if name.name != "count" => format!("{}_{n}", name.name),
                _ => format!("{}_", name.name),
            },
        };
        out.push(Arc::from(name.as_str()), Arc::new(dyn_col(arrays)));
    }
    // The bin starts.
    let step_arg = ArgColumn::Scalar(step.clone(), ScalarType::TimeSpan);
    let mut starts = Vec::with_capacity(nbins);
    let mut cur = match axis_ty {
        ScalarType::DateTime => Value::DateTime(start as i64),
        ScalarType::TimeSpan => Value::TimeSpan(start as i64),
        _ if real => Value::Real(start),
        _ => Value::Long(start as i64),
    };
    for _ in 0..nbins {
        starts.push(cur.to_dynamic());
        let c = ArgColumn::Scalar(cur.clone(), axis_ty);
        let s = match axis_ty {
            ScalarType::DateTime | ScalarType::TimeSpan => step_arg.clone(),
            _ => ArgColumn::Scalar(step.clone(), step.scalar_type().unwrap_or(ScalarType::Long)),
        };
        cur = arith(BinaryOp::Add, &c, &s, 1)?.get(0);
    }
    let axis_name = expr_name(on).unwrap_or_else(|| "Column1".into());
    let axis_col = dyn_col(vec![Dynamic::array(starts); nseries]);
    out.push(Arc::from(axis_name.as_str()), Arc::new(axis_col));
    Ok(out)
}

fn dyn_col(v: Vec<Dynamic>) -> Column {
    Column::from_dynamics(v)
}
