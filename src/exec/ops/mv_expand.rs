//! `mv-expand` and `mv-apply` (`mv-expand-operator.md`, `mv-apply-operator.md`): each element
//! of an array (or each property of a bag) becomes a row; several expressions expand in
//! parallel, the shorter ones padded with nulls. A null value gives one row (null); an empty
//! array or bag gives none. `kind=bag` (default) turns a property into a one-property bag,
//! `kind=array` into `[key, value]`. `to typeof(T)` casts (a non-conforming element is null).

use std::sync::Arc;

use super::project::expr_name;
use crate::analyze::param;
use crate::diag::Span;
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value};
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind, OpParam};
use crate::kql::types::ScalarType;

fn elements(v: &Value, array_kind: bool) -> Vec<Dynamic> {
    match v {
        Value::Null => vec![Dynamic::Null],
        Value::Dynamic(Dynamic::Null) => vec![Dynamic::Null],
        Value::Dynamic(Dynamic::Array(items)) => items.as_ref().clone(),
        Value::Dynamic(Dynamic::Bag(items)) => items
            .iter()
            .map(|(k, v)| {
                if array_kind {
                    Dynamic::array(vec![Dynamic::String(k.clone()), v.clone()])
                } else {
                    Dynamic::bag(vec![(k.clone(), v.clone())])
                }
            })
            .collect(),
        other => vec![other.to_dynamic()],
    }
}

/// A cast for `to typeof(T)`: only values already of the type (or convertible without
/// parsing) survive.
fn cast_element(d: &Dynamic, ty: ScalarType) -> Value {
    match (ty, d) {
        (ScalarType::Dynamic, d) => Value::Dynamic(d.clone()),
        (_, Dynamic::Null) => Value::Null,
        (ScalarType::String, Dynamic::String(s)) => Value::String(s.clone()),
        (ScalarType::String, d) => Value::String(Arc::from(d.to_json_string())),
        (ScalarType::Long | ScalarType::Int, Dynamic::Long(x)) => Value::Long(*x),
        (ScalarType::Real | ScalarType::Decimal, Dynamic::Real(x)) => Value::Real(*x),
        (ScalarType::Real | ScalarType::Decimal, Dynamic::Long(x)) => Value::Real(*x as f64),
        (ScalarType::Bool, Dynamic::Bool(b)) => Value::Bool(*b),
        (ScalarType::DateTime | ScalarType::TimeSpan | ScalarType::Guid, d) => d.to_value(),
        _ => Value::Null,
    }
}

pub(crate) fn mv_expand(
    ex: &mut Exec,
    params: &[OpParam],
    items: &[ast::MvItem],
    limit: Option<&ast::Expr>,
    input: Table,
    span: Span,
) -> Result<Table> {
    let array_kind = param(params, "kind")
        .or_else(|| param(params, "bagexpansion"))
        .is_some_and(|e| e.to_string().eq_ignore_ascii_case("array"));
    let index_col = param(params, "with_itemindex").map(|e| match &e.kind {
        ExprKind::Name(id) => id.name.clone(),
        _ => e.to_string(),
    });
    let limit = match limit {
        Some(e) => super::filter::const_count(ex, e)?,
        None => usize::MAX,
    };
    let mut cols = Vec::new();
    for item in items {
        cols.push(ex.eval_column(&item.named.expr, &input)?);
    }
    let mut src: Vec<u32> = Vec::new();
    let mut index: Vec<i64> = Vec::new();
    let mut expanded: Vec<Vec<Dynamic>> = vec![Vec::new(); items.len()];
    for r in 0..input.rows {
        let per: Vec<Vec<Dynamic>> = cols
            .iter()
            .map(|c| elements(&c.get(r), array_kind))
            .collect();
        let n = per.iter().map(Vec::len).max().unwrap_or(0).min(limit);
        for k in 0..n {
            src.push(r as u32);
            index.push(k as i64);
            for (j, p) in per.iter().enumerate() {
                expanded[j].push(p.get(k).cloned().unwrap_or(Dynamic::Null));
            }
        }
        if src.len() > ex.limits.max_rows {
            return Err(ExecError::new(
                format!(
                    "`mv-expand` produced more than {} rows (--max-rows)",
                    ex.limits.max_rows
                ),
                span,
            ));
        }
    }
    let mut out = input.take(&src);
    for (j, item) in items.iter().enumerate() {
        let ty = item
            .to_type
            .as_ref()
            .and_then(|t| t.ty)
            .unwrap_or(ScalarType::Dynamic);
        let mut b = ColumnBuilder::new(ty, src.len());
        for d in &expanded[j] {
            b.push(&cast_element(d, ty));
        }
        let col = Arc::new(b.finish());
        let name: Arc<str> = match item.named.names.first() {
            Some(n) => Arc::from(n.name.as_str()),
            None => Arc::from(
                expr_name(&item.named.expr)
                    .unwrap_or_else(|| super::project::fresh_name(&out, "Column").to_string())
                    .as_str(),
            ),
        };
        match out.index_of(&name) {
            Some(i) => {
                out.columns[i].1 = col.ty;
                out.data[i] = col;
            }
            None => out.push(name, col),
        }
    }
    if let Some(n) = index_col {
        out.push(
            Arc::from(n.as_str()),
            Arc::new(Column::from_i64(ScalarType::Long, index, None)),
        );
    }
    Ok(out)
}

/// `mv-apply`: for each input row, expand the items into a sub-table, run the body over it,
/// and append the body's rows (with the row's other columns).
#[allow(clippy::too_many_arguments)]
pub(crate) fn mv_apply(
    ex: &mut Exec,
    params: &[OpParam],
    items: &[ast::MvItem],
    limit: Option<&ast::Expr>,
    body: &ast::Expr,
    input: Table,
    span: Span,
) -> Result<Table> {
    // The expanded columns: the subquery's result stands for them.
    let expanded_names: Vec<String> = items
        .iter()
        .filter_map(|i| match (i.named.names.first(), &i.named.expr.kind) {
            (Some(n), _) => Some(n.name.clone()),
            (None, ExprKind::Name(id)) => Some(id.name.clone()),
            _ => None,
        })
        .collect();
    let mut parts: Vec<Table> = Vec::new();
    for r in 0..input.rows {
        let row = input.take(&[r as u32]);
        let expanded = mv_expand(ex, params, items, limit, row.clone(), span)?;
        ex.inputs.push(Arc::new(expanded));
        let result = ex.tabular(body);
        ex.inputs.pop();
        parts.push(with_row_columns(&row, result?, &expanded_names));
    }
    if parts.is_empty() {
        // The shape of an empty result: run the body over no rows.
        let row = input.take(&[]);
        let empty = mv_expand(ex, params, items, limit, row.clone(), span)?;
        ex.inputs.push(Arc::new(empty));
        let result = ex.tabular(body);
        ex.inputs.pop();
        return Ok(with_row_columns(&row, result?, &expanded_names));
    }
    let first = &parts[0];
    let mut out = Table {
        rows: parts.iter().map(|p| p.rows).sum(),
        ..Table::default()
    };
    for (i, (name, ty)) in first.columns.iter().enumerate() {
        let cols: Vec<Column> = parts
            .iter()
            .map(|p| match p.column(name) {
                Some(c) => (**c).clone(),
                None => Column::nulls(*ty, p.rows),
            })
            .collect();
        let refs: Vec<&Column> = cols.iter().collect();
        let _ = i;
        out.push(name.clone(), Arc::new(Column::concat(*ty, &refs)));
    }
    Ok(out)
}

/// One input row's subquery result with the row's other columns in front, repeated on each
/// result row (`mv-apply-operator.md`: the output has the input's columns and the subquery's);
/// the subquery's own column of a name wins.
fn with_row_columns(row: &Table, result: Table, expanded: &[String]) -> Table {
    // No input row, no output row (only the shape), even where the subquery makes a row of
    // nothing (`summarize` without `by`).
    let result = if row.rows == 0 {
        result.take(&[])
    } else {
        result
    };
    let repeat = vec![0u32; result.rows];
    let mut out = Table {
        rows: result.rows,
        ..Table::default()
    };
    for (i, (n, _)) in row.columns.iter().enumerate() {
        if expanded.iter().any(|e| **e == **n) || result.index_of(n).is_some() {
            continue;
        }
        let col = if row.rows == 0 {
            row.data[i].clone()
        } else {
            Arc::new(row.data[i].take(&repeat))
        };
        out.push(n.clone(), col);
    }
    for (i, (n, _)) in result.columns.iter().enumerate() {
        out.push(n.clone(), result.data[i].clone());
    }
    out
}
