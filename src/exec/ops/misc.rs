//! Operators that run sub-queries over their input: `fork`, `facet`, `partition`; and
//! `sample-distinct`, `top-hitters`. A query result here is one table, so `fork` and `facet`
//! give their first result (the others are computed and checked too).

use std::sync::Arc;

use super::filter::const_count;
use super::group::group_ids;
use crate::exec::Result;
use crate::exec::column::Column;
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::kql::ast;
use crate::kql::types::ScalarType;

pub(crate) fn fork(ex: &mut Exec, legs: &[ast::ForkLeg], input: Table) -> Result<Table> {
    let input = Arc::new(input);
    let mut first = None;
    for leg in legs {
        ex.inputs.push(input.clone());
        let r = ex.tabular(&leg.body);
        ex.inputs.pop();
        let t = r?;
        if first.is_none() {
            first = Some(t);
        }
    }
    Ok(first.unwrap_or_else(|| (*input).clone()))
}

pub(crate) fn facet(
    ex: &mut Exec,
    by: &[ast::Expr],
    with: Option<&ast::Expr>,
    input: Table,
) -> Result<Table> {
    let mut first: Option<Table> = None;
    for e in by {
        let col = ex.eval_column(e, &input)?;
        let (ids, firsts) = group_ids(&[col.as_ref()], input.rows);
        let mut counts = vec![0i64; firsts.len()];
        for g in ids {
            counts[g as usize] += 1;
        }
        let name = super::project::expr_name(e).unwrap_or_else(|| "Column1".into());
        let t = Table::new(
            vec![
                (Arc::from(name.as_str()), Arc::new(col.take(&firsts))),
                (
                    Arc::from("count_"),
                    Arc::new(Column::from_i64(ScalarType::Long, counts, None)),
                ),
            ],
            firsts.len(),
        );
        if first.is_none() {
            first = Some(t);
        }
    }
    if let Some(w) = with {
        ex.inputs.push(Arc::new(input.clone()));
        let r = ex.tabular(w);
        ex.inputs.pop();
        let t = r?;
        if first.is_none() {
            first = Some(t);
        }
    }
    Ok(first.unwrap_or(input))
}

/// `partition by Col (subquery)`: the subquery runs over the rows of each value; the results
/// are appended.
pub(crate) fn partition(
    ex: &mut Exec,
    by: &ast::Expr,
    body: &ast::Expr,
    input: Table,
) -> Result<Table> {
    let col = ex.eval_column(by, &input)?;
    let (ids, firsts) = group_ids(&[col.as_ref()], input.rows);
    let groups = crate::exec::aggregates::Groups {
        ids: &ids,
        n: firsts.len(),
    };
    let mut parts = Vec::new();
    for rows in groups.lists() {
        ex.inputs.push(Arc::new(input.take(&rows)));
        let r = ex.tabular(body);
        ex.inputs.pop();
        parts.push(r?);
    }
    let Some(first) = parts.first() else {
        ex.inputs.push(Arc::new(input.take(&[])));
        let r = ex.tabular(body);
        ex.inputs.pop();
        return r;
    };
    let mut out = Table {
        rows: parts.iter().map(|p| p.rows).sum(),
        ..Table::default()
    };
    for (name, ty) in &first.columns {
        let cols: Vec<Column> = parts
            .iter()
            .map(|p| match p.column(name) {
                Some(c) => (**c).clone(),
                None => Column::nulls(*ty, p.rows),
            })
            .collect();
        let refs: Vec<&Column> = cols.iter().collect();
        out.push(name.clone(), Arc::new(Column::concat(*ty, &refs)));
    }
    Ok(out)
}

pub(crate) fn sample_distinct(
    ex: &mut Exec,
    count: &ast::Expr,
    of: &ast::Expr,
    input: Table,
) -> Result<Table> {
    let n = const_count(ex, count)?;
    let col = ex.eval_column(of, &input)?;
    let (_, mut firsts) = group_ids(&[col.as_ref()], input.rows);
    firsts.truncate(n);
    let name = super::project::expr_name(of).unwrap_or_else(|| "Column1".into());
    let rows = firsts.len();
    Ok(Table::new(
        vec![(Arc::from(name.as_str()), Arc::new(col.take(&firsts)))],
        rows,
    ))
}

/// `top-hitters N of Expr [by Sum]`: the N values with the largest count (or sum), exactly.
pub(crate) fn top_hitters(
    ex: &mut Exec,
    count: &ast::Expr,
    of: &ast::Expr,
    by: Option<&ast::Expr>,
    input: Table,
) -> Result<Table> {
    let n = const_count(ex, count)?;
    let col = ex.eval_column(of, &input)?;
    let (ids, firsts) = group_ids(&[col.as_ref()], input.rows);
    let weights = match by {
        Some(b) => Some(ex.eval_column(b, &input)?),
        None => None,
    };
    let mut acc = vec![0i64; firsts.len()];
    for (i, g) in ids.iter().enumerate() {
        acc[*g as usize] += match &weights {
            Some(w) => w.i64_at(i).unwrap_or(0),
            None => 1,
        };
    }
    let mut order: Vec<usize> = (0..firsts.len()).collect();
    order.sort_by(|a, b| acc[*b].cmp(&acc[*a]));
    order.truncate(n);
    let rows: Vec<u32> = order.iter().map(|&g| firsts[g]).collect();
    let counts: Vec<i64> = order.iter().map(|&g| acc[g]).collect();
    let name = super::project::expr_name(of).unwrap_or_else(|| "Column1".into());
    let count_name = match by {
        Some(b) => format!(
            "approximate_sum_{}",
            super::project::expr_name(b).unwrap_or_default()
        ),
        None => format!("approximate_count_{name}"),
    };
    let len = rows.len();
    Ok(Table::new(
        vec![
            (Arc::from(name.as_str()), Arc::new(col.take(&rows))),
            (
                Arc::from(count_name.as_str()),
                Arc::new(Column::from_i64(ScalarType::Long, counts, None)),
            ),
        ],
        len,
    ))
}
