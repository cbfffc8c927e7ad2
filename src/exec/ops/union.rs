//! `union`: the rows of several tables, columns matched by name (`kind=outer`, the default,
//! keeps every column; `kind=inner` only those all tables have), with `withsource=Name`
//! naming each row's table, and `isfuzzy=true` skipping tables that do not exist.

use std::sync::Arc;

use crate::catalog::hash::{FxHashMap, FxHashSet};

use crate::analyze::param;
use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind, OpParam};
use crate::kql::types::ScalarType;

pub(crate) fn union(
    ex: &mut Exec,
    params: &[OpParam],
    legs: &[ast::Expr],
    input: Option<Table>,
    span: Span,
) -> Result<Table> {
    let fuzzy =
        param(params, "isfuzzy").is_some_and(|e| e.to_string().eq_ignore_ascii_case("true"));
    let inner = param(params, "kind").is_some_and(|e| e.to_string().eq_ignore_ascii_case("inner"));
    let source = param(params, "withsource").map(|e| match &e.kind {
        ExprKind::Name(id) => id.name.clone(),
        _ => e.to_string(),
    });
    let mut tables: Vec<(String, Table)> = Vec::new();
    let offset = usize::from(input.is_some());
    if let Some(t) = input {
        tables.push(("union_arg0".into(), t));
    }
    for (i, leg) in legs.iter().enumerate() {
        match &leg.kind {
            ExprKind::Wildcard(pattern) => {
                let mut names: Vec<String> = ex
                    .data
                    .names()
                    .map(str::to_string)
                    .chain(ex.catalog.table_names().map(str::to_string))
                    .filter(|n| crate::analyze::wildcard_match(pattern, n))
                    .collect();
                names.sort();
                names.dedup();
                for n in names {
                    let t = ex.table_by_name(&n, leg.span, &[])?;
                    tables.push((n, t));
                }
            }
            _ => {
                let name = match &leg.kind {
                    ExprKind::Name(id) => id.name.clone(),
                    _ => format!("union_arg{}", i + offset),
                };
                match ex.tabular(leg) {
                    Ok(t) => tables.push((name, t)),
                    // `isfuzzy=true` tolerates legs that name no table, not other errors.
                    Err(e)
                        if fuzzy
                            && (e.message.contains("is not a table")
                                || e.message.contains("has a syntax error")) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    // The columns, in order of first appearance. `union *` over the catalog meets some
    // 30,000 columns in 959 tables: the lookups are hashed, never a scan per column.
    let mut columns: Vec<(Arc<str>, ScalarType)> = Vec::new();
    let mut seen: FxHashSet<Arc<str>> = FxHashSet::default();
    for (_, t) in &tables {
        for (n, ty) in &t.columns {
            if seen.insert(n.clone()) {
                columns.push((n.clone(), *ty));
            }
        }
    }
    if inner {
        columns.retain(|(n, _)| tables.iter().all(|(_, t)| t.index_of(n).is_some()));
    }
    let rows: usize = tables.iter().map(|(_, t)| t.rows).sum();
    if rows > ex.limits.max_rows {
        return Err(ExecError::new(
            "`union` produced too many rows (--max-rows)",
            span,
        ));
    }
    let mut out = Table {
        rows,
        ..Table::default()
    };
    if let Some(s) = source {
        let mut names: Vec<&str> = Vec::with_capacity(rows);
        for (n, t) in &tables {
            names.extend(std::iter::repeat_n(n.as_str(), t.rows));
        }
        out.push(
            Arc::from(s.as_str()),
            Arc::new(Column::from_strings(&names)),
        );
    }
    // Tables without rows add nothing to any column.
    let filled: Vec<(FxHashMap<&str, usize>, &Table)> = tables
        .iter()
        .filter(|(_, t)| t.rows > 0)
        .map(|(_, t)| {
            let index = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, (n, _))| (&**n, i))
                .collect();
            (index, t)
        })
        .collect();
    for (name, ty) in columns {
        let parts: Vec<Column> = filled
            .iter()
            .map(|(index, t)| match index.get(&*name) {
                Some(&i) => (*t.data[i]).clone(),
                None => Column::nulls(ty, t.rows),
            })
            .collect();
        let refs: Vec<&Column> = parts.iter().collect();
        out.push(name, Arc::new(Column::concat(ty, &refs)));
    }
    Ok(out)
}
