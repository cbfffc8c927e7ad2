//! `search` and `find` over the given tables (`search-operator.md`, `find-operator.md`):
//! a bare string term matches a row when any column has the term (case-insensitive, like
//! `has`); `*` as the left side of a string operator means any column. The output has the
//! source table's name first (`$table` for `search`, `source_` or `withsource=` for `find`).

use std::sync::Arc;

use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::eval::{ArgColumn, to_mask};
use crate::exec::executor::Exec;
use crate::exec::strings::{Matcher, TermMode};
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, BinaryOp, ExprKind, OpParam};
use crate::kql::types::ScalarType;

fn any_column(t: &Table, mut test: impl FnMut(&str) -> bool) -> Vec<bool> {
    let mut mask = vec![false; t.rows];
    let mut buf = String::new();
    for c in &t.data {
        for (r, m) in mask.iter_mut().enumerate() {
            if *m {
                continue;
            }
            buf.clear();
            c.get(r).write_kusto_string(&mut buf);
            if test(&buf) {
                *m = true;
            }
        }
    }
    mask
}

/// A search predicate as a row mask.
fn predicate(ex: &mut Exec, e: &ast::Expr, t: &Table) -> Result<Vec<bool>> {
    match &e.kind {
        ExprKind::Paren(inner) => predicate(ex, inner, t),
        ExprKind::Literal(ast::Literal {
            value: ast::LitValue::String(s),
            ..
        }) => {
            let mut m = Matcher::has(s, false, TermMode::Whole);
            Ok(any_column(t, |x| m.test_public(x)))
        }
        ExprKind::Binary { op, lhs, rhs } if matches!(op, BinaryOp::And | BinaryOp::Or) => {
            let a = predicate(ex, lhs, t)?;
            let b = predicate(ex, rhs, t)?;
            Ok(a.iter()
                .zip(b)
                .map(|(x, y)| {
                    if *op == BinaryOp::And {
                        *x && y
                    } else {
                        *x || y
                    }
                })
                .collect())
        }
        ExprKind::Binary {
            op: BinaryOp::Str(sop),
            lhs,
            rhs,
        } if matches!(lhs.kind, ExprKind::Star) => {
            let needle = ex.eval(rhs, t)?;
            let mut mask = vec![false; t.rows];
            for c in t.data.clone() {
                let r = crate::exec::strings::str_op(
                    *sop,
                    &ArgColumn::Column(c),
                    &needle,
                    t.rows,
                    &ex.ctx,
                )
                .map_err(|m| ExecError::new(m, e.span))?;
                for (m, x) in mask.iter_mut().zip(to_mask(&r, t.rows)) {
                    *m |= x;
                }
            }
            Ok(mask)
        }
        _ => ex.eval_mask(e, t),
    }
}

fn source_tables(
    ex: &mut Exec,
    tables: &[ast::Expr],
    input: Option<Table>,
) -> Result<Vec<(String, Table)>> {
    if let Some(t) = input {
        return Ok(vec![(String::new(), t)]);
    }
    let mut out = Vec::new();
    if tables.is_empty() {
        let mut names: Vec<String> = ex.data.names().map(str::to_string).collect();
        names.sort();
        for n in names {
            let t = ex.table_by_name(&n, Span::default(), &[])?;
            out.push((n, t));
        }
        return Ok(out);
    }
    for e in tables {
        match &e.kind {
            ExprKind::Wildcard(p) => {
                let mut names: Vec<String> = ex
                    .data
                    .names()
                    .map(str::to_string)
                    .filter(|n| crate::analyze::wildcard_match(p, n))
                    .collect();
                names.sort();
                for n in names {
                    let t = ex.table_by_name(&n, e.span, &[])?;
                    out.push((n, t));
                }
            }
            ExprKind::Name(id) => {
                let t = ex.tabular(e)?;
                out.push((id.name.clone(), t));
            }
            _ => {
                let t = ex.tabular(e)?;
                out.push((e.to_string(), t));
            }
        }
    }
    Ok(out)
}

fn combine(parts: Vec<(String, Table)>, source: &str, only: Option<&[String]>) -> Table {
    let mut columns: Vec<(Arc<str>, ScalarType)> = Vec::new();
    for (_, t) in &parts {
        for (n, ty) in &t.columns {
            if only.is_some_and(|o| !o.iter().any(|x| **x == **n)) {
                continue;
            }
            if !columns.iter().any(|(c, _)| c == n) {
                columns.push((n.clone(), *ty));
            }
        }
    }
    let rows = parts.iter().map(|(_, t)| t.rows).sum();
    let mut out = Table {
        rows,
        ..Table::default()
    };
    let mut names: Vec<&str> = Vec::new();
    for (n, t) in &parts {
        names.extend(std::iter::repeat_n(n.as_str(), t.rows));
    }
    out.push(Arc::from(source), Arc::new(Column::from_strings(&names)));
    for (n, ty) in columns {
        let cols: Vec<Column> = parts
            .iter()
            .map(|(_, t)| match t.column(&n) {
                Some(c) => (**c).clone(),
                None => Column::nulls(ty, t.rows),
            })
            .collect();
        let refs: Vec<&Column> = cols.iter().collect();
        out.push(n, Arc::new(Column::concat(ty, &refs)));
    }
    out
}

pub(crate) fn search(
    ex: &mut Exec,
    tables: &[ast::Expr],
    pred: &ast::Expr,
    input: Option<Table>,
) -> Result<Table> {
    let piped = input.is_some();
    let parts = source_tables(ex, tables, input)?;
    let mut filtered = Vec::new();
    for (n, t) in parts {
        let mask = predicate(ex, pred, &t)?;
        filtered.push((n, t.filter(&mask)));
    }
    if piped {
        return Ok(filtered.pop().map(|(_, t)| t).unwrap_or_default());
    }
    Ok(combine(filtered, "$table", None))
}

pub(crate) fn find(
    ex: &mut Exec,
    params: &[OpParam],
    tables: &[ast::Expr],
    pred: &ast::Expr,
    project: Option<&ast::FindProject>,
) -> Result<Table> {
    let source = params
        .iter()
        .find(|p| p.name.name.eq_ignore_ascii_case("withsource"))
        .map_or_else(|| "source_".to_string(), |p| p.value.to_string());
    let parts = source_tables(ex, tables, None)?;
    let mut filtered = Vec::new();
    for (n, t) in parts {
        let mask = predicate(ex, pred, &t)?;
        filtered.push((n, t.filter(&mask)));
    }
    let only: Option<Vec<String>> = match project {
        Some(ast::FindProject::Columns(cols)) => Some(
            cols.iter()
                .filter_map(|c| match &c.kind {
                    ExprKind::Name(id) => Some(id.name.clone()),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    };
    Ok(combine(filtered, &source, only.as_deref()))
}
