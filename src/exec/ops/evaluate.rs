//! `evaluate` plugins that run locally: `bag_unpack` (`bag-unpack-plugin.md`) and `pivot`
//! (`pivot-plugin.md`). Other plugins are refused by name.

use std::sync::Arc;

use super::project::expr_name;
use super::summarize::{aggregate_item, group_by};
use crate::diag::Span;
use crate::exec::aggregates::Groups;
use crate::exec::column::ColumnBuilder;
use crate::exec::executor::{Exec, one_row};
use crate::exec::ops::group::group_ids;
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value};
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind};
use crate::kql::types::ScalarType;

pub(crate) fn evaluate(
    ex: &mut Exec,
    call: &ast::Expr,
    schema: Option<&(Vec<ast::ColumnDecl>, bool)>,
    input: Table,
    span: Span,
) -> Result<Table> {
    let ExprKind::Call {
        target: None,
        name,
        args,
    } = &call.kind
    else {
        return Err(ExecError::new("`evaluate` needs a plugin call", call.span));
    };
    match name.name.as_str() {
        "bag_unpack" => bag_unpack(ex, args, schema, input, span),
        "pivot" => pivot(ex, args, input, span),
        other => Err(ExecError::new(
            format!("the plugin `{other}` does not run locally"),
            name.span,
        )),
    }
}

fn bag_unpack(
    ex: &mut Exec,
    args: &[ast::Arg],
    schema: Option<&(Vec<ast::ColumnDecl>, bool)>,
    input: Table,
    span: Span,
) -> Result<Table> {
    let Some(first) = args.first() else {
        return Err(ExecError::new("`bag_unpack` needs a column", span));
    };
    let bags = ex.eval_column(&first.value, &input)?;
    let one = one_row();
    let prefix = match args.get(1) {
        Some(a) => ex.eval(&a.value, &one)?.get(0).to_kusto_string(),
        None => String::new(),
    };
    let conflict = match args.get(2) {
        Some(a) => ex.eval(&a.value, &one)?.get(0).to_kusto_string(),
        None => "error".into(),
    };
    let ignored: Vec<String> = match args.get(3) {
        Some(a) => match ex.eval(&a.value, &one)?.get(0) {
            Value::Dynamic(Dynamic::Array(items)) => items
                .iter()
                .map(|d| d.to_value().to_kusto_string())
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    // The keys, in order of first appearance (or the declared output schema).
    let mut keys: Vec<String> = Vec::new();
    for i in 0..input.rows {
        if let Value::Dynamic(Dynamic::Bag(items)) = bags.get(i) {
            for (k, _) in items.iter() {
                if !ignored.iter().any(|x| **x == **k) && !keys.iter().any(|x| **x == **k) {
                    keys.push(k.to_string());
                }
            }
        }
    }
    let source = match &first.value.kind {
        ExprKind::Name(id) => Some(id.name.clone()),
        _ => None,
    };
    let mut out = Table {
        rows: input.rows,
        ..Table::default()
    };
    for (i, (n, _)) in input.columns.iter().enumerate() {
        if Some(n.to_string()) != source {
            out.push(n.clone(), input.data[i].clone());
        }
    }
    let declared: Option<Vec<(String, ScalarType)>> = schema.map(|(cols, _)| {
        cols.iter()
            .map(|c| (c.name.name.clone(), c.ty.ty.unwrap_or(ScalarType::Dynamic)))
            .collect()
    });
    for k in &keys {
        let col_name = format!("{prefix}{k}");
        let ty = declared
            .as_ref()
            .and_then(|d| d.iter().find(|(n, _)| *n == col_name).map(|(_, t)| *t))
            .unwrap_or(ScalarType::Dynamic);
        if out.index_of(&col_name).is_some() {
            match conflict.as_str() {
                "keep_source" => continue,
                "replace_source" => {}
                _ => {
                    return Err(ExecError::new(
                        format!("`bag_unpack`: the column `{col_name}` exists already"),
                        span,
                    ));
                }
            }
        }
        let mut b = ColumnBuilder::new(ty, input.rows);
        for i in 0..input.rows {
            let v = match bags.get(i) {
                Value::Dynamic(d) => d.get(k).map_or(Value::Null, |x| Value::Dynamic(x.clone())),
                _ => Value::Null,
            };
            b.push(&v);
        }
        let col = Arc::new(b.finish());
        match out.index_of(&col_name) {
            Some(i) => {
                out.columns[i].1 = col.ty;
                out.data[i] = col;
            }
            None => out.push(Arc::from(col_name.as_str()), col),
        }
    }
    // Declared columns that no bag had.
    if let Some(d) = declared {
        for (n, t) in d {
            if out.index_of(&n).is_none() {
                out.push(
                    Arc::from(n.as_str()),
                    Arc::new(crate::exec::column::Column::nulls(t, input.rows)),
                );
            }
        }
    }
    Ok(out)
}

/// `pivot(Column [, agg(x)] [, key, …])`: one row per key combination, one column per value
/// of `Column` (in order of first appearance), holding the aggregate (`count()` by default).
fn pivot(ex: &mut Exec, args: &[ast::Arg], input: Table, span: Span) -> Result<Table> {
    let Some(pcol) = args.first() else {
        return Err(ExecError::new("`pivot` needs a column", span));
    };
    let agg_expr = args
        .get(1)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| ast::Expr {
            kind: ExprKind::Call {
                target: None,
                name: ast::Ident {
                    name: "count".into(),
                    span,
                    quoted: false,
                },
                args: Vec::new(),
            },
            span,
        });
    let by: Vec<ast::NamedExpr> = args
        .iter()
        .skip(2)
        .map(|a| ast::NamedExpr {
            names: Vec::new(),
            expr: a.value.clone(),
            span: a.span,
        })
        .collect();
    let pivot_col = ex.eval_column(&pcol.value, &input)?;
    let (pids, pfirst) = group_ids(&[pivot_col.as_ref()], input.rows);
    let g = group_by(ex, &by, &input, true)?;
    let nkeys = g.keys.rows;
    let np = pfirst.len();
    let ids: Vec<u32> = g
        .ids
        .iter()
        .zip(&pids)
        .map(|(k, p)| k * np as u32 + p)
        .collect();
    let groups = Groups {
        ids: &ids,
        n: nkeys * np,
    };
    let item = ast::NamedExpr {
        names: Vec::new(),
        expr: agg_expr,
        span,
    };
    let keys_table = Table {
        rows: nkeys * np,
        ..Table::default()
    };
    let agg = aggregate_item(ex, &item, &input, groups, &[], &keys_table, span)?;
    let Some((_, col)) = agg.into_iter().next() else {
        return Ok(g.keys);
    };
    let mut out = g.keys.clone();
    for (p, &first_row) in pfirst.iter().enumerate() {
        let name = pivot_col.get(first_row as usize).to_kusto_string();
        let idx: Vec<u32> = (0..nkeys).map(|k| (k * np + p) as u32).collect();
        out.push(Arc::from(name.as_str()), Arc::new(col.take(&idx)));
    }
    let _ = expr_name;
    Ok(out)
}
