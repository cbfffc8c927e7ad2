//! `top-nested` (`top-nested-operator.md`): at each level, group the rows by the `of`
//! expression, aggregate the `by` expression per group, keep the top N groups (descending
//! unless `asc`; all with `top-nested of`), optionally one more row "with others = V" for the
//! rest, and go on into each kept group with the next level.

use std::sync::Arc;

use super::project::expr_name;
use super::summarize::aggregate_item;
use crate::exec::aggregates::Groups;
use crate::exec::column::ColumnBuilder;
use crate::exec::executor::{Exec, one_row};
use crate::exec::ops::group::group_ids;
use crate::exec::table::Table;
use crate::exec::value::{Value, compare_values};
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, SortDir};
use crate::kql::types::ScalarType;

pub(crate) fn top_nested(
    ex: &mut Exec,
    levels: &[ast::TopNestedLevel],
    input: Table,
    span: crate::diag::Span,
) -> Result<Table> {
    if levels.is_empty() {
        return Err(ExecError::new("`top-nested` needs a level", span));
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut types: Vec<ScalarType> = vec![ScalarType::Dynamic; levels.len() * 2];
    level(ex, levels, 0, &input, Vec::new(), &mut rows, &mut types)?;
    let mut names: Vec<Arc<str>> = Vec::new();
    for l in levels {
        let of = match l.of.names.first() {
            Some(n) => n.name.clone(),
            None => expr_name(&l.of.expr).unwrap_or_default(),
        };
        let by = match l.by.names.first() {
            Some(n) => n.name.clone(),
            None => format!("aggregated_{of}"),
        };
        names.push(Arc::from(of.as_str()));
        names.push(Arc::from(by.as_str()));
    }
    let cols: Vec<(Arc<str>, ScalarType)> = names.into_iter().zip(types).collect();
    Ok(Table::from_rows(&cols, &rows))
}

fn level(
    ex: &mut Exec,
    levels: &[ast::TopNestedLevel],
    depth: usize,
    input: &Table,
    prefix: Vec<Value>,
    out: &mut Vec<Vec<Value>>,
    types: &mut [ScalarType],
) -> Result<()> {
    let l = &levels[depth];
    let of = ex.eval_column(&l.of.expr, input)?;
    types[depth * 2] = of.ty;
    let (ids, first) = group_ids(&[of.as_ref()], input.rows);
    let groups = Groups {
        ids: &ids,
        n: first.len(),
    };
    let keys = Table::default();
    let agg_item = ast::NamedExpr {
        names: Vec::new(),
        expr: l.by.expr.clone(),
        span: l.by.span,
    };
    let agg = aggregate_item(
        ex,
        &agg_item,
        input,
        groups,
        &[],
        &keys_with_rows(&keys, first.len()),
        l.span,
    )?;
    let Some((_, agg_col)) = agg.into_iter().next() else {
        return Ok(());
    };
    types[depth * 2 + 1] = agg_col.ty;
    let mut order: Vec<usize> = (0..first.len()).collect();
    let asc = matches!(l.dir, Some(SortDir::Asc));
    order.sort_by(|a, b| {
        let o =
            compare_values(&agg_col.get(*a), &agg_col.get(*b)).unwrap_or(std::cmp::Ordering::Equal);
        if asc { o } else { o.reverse() }
    });
    let n = match &l.count {
        Some(c) => {
            let v = ex.eval(c, &one_row())?.get(0);
            v.as_i64().map_or(order.len(), |x| x.max(0) as usize)
        }
        None => order.len(),
    };
    let (top, rest) = order.split_at(n.min(order.len()));
    let lists = groups.lists();
    for &g in top {
        let mut p = prefix.clone();
        p.push(of.get(first[g] as usize));
        p.push(agg_col.get(g));
        if depth + 1 < levels.len() {
            let sub = input.take(&lists[g]);
            level(ex, levels, depth + 1, &sub, p, out, types)?;
        } else {
            out.push(p);
        }
    }
    if let Some(others) = &l.others
        && !rest.is_empty()
    {
        let label = ex.eval(others, &one_row())?.get(0);
        let rows: Vec<u32> = rest
            .iter()
            .flat_map(|&g| lists[g].iter().copied())
            .collect();
        let sub = input.take(&rows);
        let ids = vec![0u32; sub.rows];
        let g1 = Groups { ids: &ids, n: 1 };
        let agg = aggregate_item(
            ex,
            &agg_item,
            &sub,
            g1,
            &[],
            &keys_with_rows(&keys, 1),
            l.span,
        )?;
        let mut p = prefix.clone();
        p.push(label);
        p.push(
            agg.into_iter()
                .next()
                .map_or(Value::Null, |(_, c)| c.get(0)),
        );
        let width = levels.len() * 2;
        while p.len() < width {
            p.push(Value::Null);
        }
        out.push(p);
    }
    let _ = ColumnBuilder::new(ScalarType::Long, 0);
    Ok(())
}

fn keys_with_rows(t: &Table, rows: usize) -> Table {
    Table { rows, ..t.clone() }
}
