//! Aggregation: `summarize` (with `by`, `bin`, and the all-rows case), `distinct`.

use std::sync::Arc;

use super::group::group_ids;
use super::project::{expr_name, fresh_name};
use crate::diag::Span;
use crate::exec::aggregates::{self, AggCall, Groups};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind};

fn strip(mut e: &ast::Expr) -> &ast::Expr {
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

/// Whether a call is to an aggregate (and not shadowed by a query function).
fn is_aggregate(ex: &Exec, name: &str) -> bool {
    ex.lookup(name).is_none() && aggregates::lookup(name).is_some()
}

/// The default name of an aggregate's column: `count_`, `sum_X`, `dcount_X`, …
fn agg_default_name(fname: &str, args: &[ast::Arg]) -> String {
    let base = match fname {
        "take_any" | "any" | "take_anyif" | "anyif" => "any",
        "arg_max" | "argmax" => "max",
        "arg_min" | "argmin" => "min",
        f => f,
    };
    match args.first().and_then(|a| expr_name(&a.value)) {
        Some(n) if !matches!(fname, "count" | "countif") => format!("{base}_{n}"),
        _ => format!("{base}_"),
    }
}

pub(crate) struct Grouped {
    pub ids: Vec<u32>,
    /// The first row of each group.
    #[allow(dead_code)]
    pub first: Vec<u32>,
    /// The group key columns, one row per group, named.
    pub keys: Table,
}

/// Evaluates `by` expressions and groups the rows by them.
pub(crate) fn group_by(
    ex: &mut Exec,
    by: &[ast::NamedExpr],
    input: &Table,
    all_rows: bool,
) -> Result<Grouped> {
    let mut key_cols: Vec<(Arc<str>, Arc<Column>)> = Vec::new();
    let mut named = Table::default();
    for item in by {
        let col = ex.eval_column(&item.expr, input)?;
        let name: Arc<str> = match item.names.first() {
            Some(n) => Arc::from(n.name.as_str()),
            None => match expr_name(&item.expr) {
                Some(n) if named.index_of(&n).is_none() => Arc::from(n.as_str()),
                _ => fresh_name(&named, "Column"),
            },
        };
        named.push(name.clone(), Arc::new(Column::nulls(col.ty, 0)));
        key_cols.push((name, col));
    }
    let refs: Vec<&Column> = key_cols.iter().map(|(_, c)| c.as_ref()).collect();
    let (ids, mut first) = group_ids(&refs, input.rows);
    // Without `by`, summarize has one group even over no rows.
    let groups = if by.is_empty() && all_rows {
        1
    } else {
        first.len()
    };
    if by.is_empty() && all_rows && first.is_empty() {
        first = Vec::new();
    }
    let keys = Table::new(
        key_cols
            .into_iter()
            .map(|(n, c)| (n, Arc::new(c.take(&first))))
            .collect(),
        groups,
    );
    Ok(Grouped { ids, first, keys })
}

pub(crate) fn summarize(
    ex: &mut Exec,
    aggs: &[ast::NamedExpr],
    by: &[ast::NamedExpr],
    input: Table,
    span: Span,
) -> Result<Table> {
    let g = group_by(ex, by, &input, true)?;
    let by_names: Vec<String> = g.keys.columns.iter().map(|(n, _)| n.to_string()).collect();
    let mut out = g.keys.clone();
    let groups = Groups {
        ids: &g.ids,
        n: out.rows,
    };
    for item in aggs {
        let cols = aggregate_item(ex, item, &input, groups, &by_names, &out, span)?;
        for (name, col) in cols {
            let name: Arc<str> = match out.index_of(&name) {
                Some(_) => fresh_name(&out, &name),
                None => Arc::from(name.as_str()),
            };
            out.push(name, Arc::new(col));
        }
    }
    Ok(out)
}

/// One `summarize` item: an aggregate call, or an expression over aggregates
/// (`sum(a) / count()`), which is evaluated over the per-group results.
pub(crate) fn aggregate_item(
    ex: &mut Exec,
    item: &ast::NamedExpr,
    input: &Table,
    groups: Groups,
    by_names: &[String],
    out: &Table,
    span: Span,
) -> Result<Vec<(String, Column)>> {
    let e = strip(&item.expr);
    // A bare `count` that is no column of the input is `count()` (`summarize count by x`,
    // whose column Kusto and the analysis name `count`).
    let bare_count;
    let e = match &e.kind {
        ExprKind::Name(id) if id.name == "count" && input.index_of("count").is_none() => {
            bare_count = ast::Expr {
                kind: ExprKind::Call {
                    target: None,
                    name: id.clone(),
                    args: Vec::new(),
                },
                span: e.span,
            };
            &bare_count
        }
        _ => e,
    };
    if let ExprKind::Call {
        target: None,
        name,
        args,
    } = &e.kind
        && is_aggregate(ex, &name.name)
    {
        let results = call_aggregate(ex, &name.name, args, input, groups, by_names, e.span)?;
        let single = results.len() == 1;
        // The catalog's prefix (`set` for `make_set`, `list` for `make_list`), which the
        // analysis names the column with where it can (not inside a `let` function's body).
        let prefixed = ex
            .catalog
            .aggregate(&name.name)
            .and_then(|f| f.result_prefix.clone())
            .filter(|_| !matches!(name.name.as_str(), "count" | "countif"))
            .and_then(|p| {
                let n = args.first().and_then(|a| expr_name(&a.value))?;
                Some(format!("{p}_{n}"))
            });
        let agg_default_name =
            |f: &str, a: &[ast::Arg]| prefixed.clone().unwrap_or_else(|| agg_default_name(f, a));
        let mut cols = Vec::new();
        for (i, (hint, col)) in results.into_iter().enumerate() {
            let n = match item.names.get(i) {
                Some(n) => n.name.clone(),
                None if single && item.names.is_empty() => {
                    if matches!(
                        name.name.as_str(),
                        "take_any" | "any" | "arg_max" | "arg_min"
                    ) && args.len() > 1
                    {
                        hint.unwrap_or_else(|| agg_default_name(&name.name, args))
                    } else {
                        agg_default_name(&name.name, args)
                    }
                }
                None => hint.unwrap_or_else(|| format!("{}_{i}", name.name)),
            };
            cols.push((n, col));
        }
        return Ok(cols);
    }
    // An expression over aggregates: compute each aggregate as a column of the group table,
    // then evaluate the expression there.
    let mut group_table = out.clone();
    let mut k = 0;
    let rewritten = rewrite(
        ex,
        e,
        input,
        groups,
        by_names,
        &mut group_table,
        &mut k,
        span,
    )?;
    let col = ex.eval_column(&rewritten, &group_table)?;
    let name = match item.names.first() {
        Some(n) => n.name.clone(),
        None => fresh_name(out, "Column").to_string(),
    };
    Ok(vec![(name, (*col).clone())])
}

#[allow(clippy::too_many_arguments)]
fn rewrite(
    ex: &mut Exec,
    e: &ast::Expr,
    input: &Table,
    groups: Groups,
    by_names: &[String],
    group_table: &mut Table,
    k: &mut usize,
    span: Span,
) -> Result<ast::Expr> {
    let mut e = e.clone();
    rewrite_in_place(ex, &mut e, input, groups, by_names, group_table, k, span)?;
    Ok(e)
}

#[allow(clippy::too_many_arguments)]
fn rewrite_in_place(
    ex: &mut Exec,
    e: &mut ast::Expr,
    input: &Table,
    groups: Groups,
    by_names: &[String],
    group_table: &mut Table,
    k: &mut usize,
    span: Span,
) -> Result<()> {
    if let ExprKind::Call {
        target: None,
        name,
        args,
    } = &e.kind
        && is_aggregate(ex, &name.name)
    {
        let mut results = call_aggregate(ex, &name.name, args, input, groups, by_names, e.span)?;
        let Some((_, col)) = results.drain(..).next() else {
            return Err(ExecError::new("the aggregate has no value", span));
        };
        let synthetic = format!("__agg_{}", *k);
        *k += 1;
        group_table.push(Arc::from(synthetic.as_str()), Arc::new(col));
        let id = ast::Ident {
            name: synthetic,
            span: e.span,
            quoted: false,
        };
        e.kind = ExprKind::Name(id);
        return Ok(());
    }
    let mut rec =
        |x: &mut ast::Expr| rewrite_in_place(ex, x, input, groups, by_names, group_table, k, span);
    match &mut e.kind {
        ExprKind::Paren(x) | ExprKind::Brackets(x) => rec(x)?,
        ExprKind::Unary { operand, .. } => rec(operand)?,
        ExprKind::Binary { lhs, rhs, .. } => {
            rec(lhs)?;
            rec(rhs)?;
        }
        ExprKind::In { lhs, list, .. } => {
            rec(lhs)?;
            for x in list {
                rec(x)?;
            }
        }
        ExprKind::Between { lhs, low, high, .. } => {
            rec(lhs)?;
            rec(low)?;
            rec(high)?;
        }
        ExprKind::Member { target, .. } => rec(target)?,
        ExprKind::Index { target, index } => {
            rec(target)?;
            rec(index)?;
        }
        ExprKind::Call { args, .. } => {
            for a in args {
                rec(&mut a.value)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Evaluates one aggregate over grouped rows.
pub(crate) fn call_aggregate(
    ex: &mut Exec,
    fname: &str,
    args: &[ast::Arg],
    input: &Table,
    groups: Groups,
    by_names: &[String],
    span: Span,
) -> Result<Vec<(Option<String>, Column)>> {
    let f = aggregates::lookup(fname)
        .ok_or_else(|| ExecError::new(format!("unknown aggregate `{fname}`"), span))?;
    let mut vals: Vec<ArgColumn> = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    let mut star = false;
    for a in args {
        if matches!(a.value.kind, ExprKind::Star) {
            star = true;
            continue;
        }
        vals.push(ex.eval(&a.value, input)?);
        names.push(
            a.name
                .as_ref()
                .map(|n| n.name.clone())
                .or_else(|| expr_name(&a.value)),
        );
    }
    let call = AggCall {
        name: fname,
        args: &vals,
        star,
        groups,
        input,
        by_names,
        arg_names: &names,
    };
    f(&call).map_err(|m| ExecError::new(m, span))
}

/// `distinct a, b` / `distinct *`: the first row of each distinct combination.
pub(crate) fn distinct(ex: &mut Exec, columns: &[ast::NamedExpr], input: Table) -> Result<Table> {
    if columns
        .iter()
        .any(|c| matches!(c.expr.kind, ExprKind::Star))
        || columns.is_empty()
    {
        let refs: Vec<&Column> = input.data.iter().map(|c| c.as_ref()).collect();
        let (_, first) = group_ids(&refs, input.rows);
        return Ok(input.take(&first));
    }
    let g = group_by(ex, columns, &input, false)?;
    Ok(g.keys)
}
