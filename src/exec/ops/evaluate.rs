//! `evaluate` plugins that run locally: `bag_unpack` (`bag-unpack-plugin.md`), `pivot`
//! (`pivot-plugin.md`), and in their own files `ipv4_lookup` (`ipv4-lookup-plugin.md`) and
//! `basket` (`basket-plugin.md`). Other plugins are refused by name.

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
        "ipv4_lookup" => super::ipv4_lookup::ipv4_lookup(ex, args, input, span),
        "basket" => super::basket::basket(ex, args, input, span),
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
    // Options by position or by name (`columnsConflict='keep_source'`).
    let option = |pos: usize, name: &str| {
        args.iter()
            .find(|a| {
                a.name
                    .as_ref()
                    .is_some_and(|n| n.name.eq_ignore_ascii_case(name))
            })
            .or_else(|| args.get(pos).filter(|a| a.name.is_none()))
    };
    let prefix = match option(1, "OutputColumnPrefix") {
        Some(a) => ex.eval(&a.value, &one)?.get(0).to_kusto_string(),
        None => String::new(),
    };
    let conflict = match option(2, "columnsConflict") {
        Some(a) => ex.eval(&a.value, &one)?.get(0).to_kusto_string(),
        None => "error".into(),
    };
    let ignored: Vec<String> = match option(3, "ignoredProperties") {
        Some(a) => match ex.eval(&a.value, &one)?.get(0) {
            Value::Dynamic(Dynamic::Array(items)) => items
                .iter()
                .map(|d| d.to_value().to_kusto_string())
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    // The slots in name order, as Kusto's output shows them (`bag-unpack-plugin.md`).
    let mut keys: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for i in 0..input.rows {
        if let Value::Dynamic(Dynamic::Bag(items)) = bags.get(i) {
            for (k, _) in items.iter() {
                if !ignored.iter().any(|x| **x == **k) {
                    keys.insert(k.to_string());
                }
            }
        }
    }
    let source = match &first.value.kind {
        ExprKind::Name(id) => Some(id.name.clone()),
        _ => None,
    };
    let slot_names: Vec<String> = keys.iter().map(|k| format!("{prefix}{k}")).collect();
    let mut out = Table {
        rows: input.rows,
        ..Table::default()
    };
    for (i, (n, _)) in input.columns.iter().enumerate() {
        if Some(n.to_string()) == source {
            continue;
        }
        if slot_names.iter().any(|s| **s == **n) {
            if conflict != "keep_source" && conflict != "replace_source" {
                return Err(ExecError::new(
                    format!("`bag_unpack`: the column `{n}` exists already"),
                    span,
                ));
            }
            // A conflicting column takes the slot's place below.
            continue;
        }
        out.push(n.clone(), input.data[i].clone());
    }
    let declared: Option<Vec<(String, ScalarType)>> = schema.map(|(cols, _)| {
        cols.iter()
            .map(|c| (c.name.name.clone(), c.ty.ty.unwrap_or(ScalarType::Dynamic)))
            .collect()
    });
    for (k, col_name) in keys.iter().zip(&slot_names) {
        if conflict == "keep_source"
            && let Some(i) = input.index_of(col_name)
        {
            out.push(input.columns[i].0.clone(), input.data[i].clone());
            continue;
        }
        let values: Vec<Value> = (0..input.rows)
            .map(|i| match bags.get(i) {
                Value::Dynamic(d) => d.get(k).map_or(Value::Null, Dynamic::to_value),
                _ => Value::Null,
            })
            .collect();
        // The slot's type when all its values share one, else dynamic.
        let ty = declared
            .as_ref()
            .and_then(|d| d.iter().find(|(n, _)| n == col_name).map(|(_, t)| *t))
            .unwrap_or_else(|| slot_type(&values));
        let mut b = ColumnBuilder::new(ty, input.rows);
        for v in &values {
            match (ty, v) {
                (ScalarType::Dynamic, Value::Null) => b.push(v),
                (ScalarType::Dynamic, v) => b.push(&Value::Dynamic(v.to_dynamic())),
                _ => b.push(v),
            }
        }
        out.push(Arc::from(col_name.as_str()), Arc::new(b.finish()));
    }
    // With an output schema: its columns only (all the others too after `*`), in its order.
    if let (Some((_, wildcard)), Some(d)) = (schema, declared) {
        let mut shaped = Table {
            rows: input.rows,
            ..Table::default()
        };
        if *wildcard {
            for (i, (n, _)) in input.columns.iter().enumerate() {
                if Some(n.to_string()) != source && !d.iter().any(|(dn, _)| **dn == **n) {
                    shaped.push(n.clone(), input.data[i].clone());
                }
            }
        }
        for (n, t) in &d {
            match out.index_of(n) {
                Some(i) => shaped.push(out.columns[i].0.clone(), out.data[i].clone()),
                None => shaped.push(
                    Arc::from(n.as_str()),
                    Arc::new(crate::exec::column::Column::nulls(*t, input.rows)),
                ),
            }
        }
        return Ok(shaped);
    }
    Ok(out)
}

/// The type of a slot's values: theirs when all non-null values have one scalar type.
fn slot_type(values: &[Value]) -> ScalarType {
    let mut ty = None;
    for v in values.iter().filter(|v| !v.is_null()) {
        let t = match v.scalar_type() {
            Some(ScalarType::Dynamic) | None => return ScalarType::Dynamic,
            Some(t) => t,
        };
        match ty {
            None => ty = Some(t),
            Some(x) if x != t => return ScalarType::Dynamic,
            _ => {}
        }
    }
    ty.unwrap_or(ScalarType::Dynamic)
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
