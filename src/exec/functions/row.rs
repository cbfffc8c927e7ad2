//! Functions that read the row they are evaluated on rather than only their arguments:
//! `column_ifexists`/`columnifexists`, `pack_all`, `ingestion_time`.

use std::sync::Arc;

use super::args::text;
use super::{EvalContext, Registry, ret_datetime, ret_dynamic};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.table("column_ifexists", 2, 2, ret_second, column_ifexists);
    r.table("columnifexists", 2, 2, ret_second, column_ifexists);
    r.table("pack_all", 0, 1, ret_dynamic, pack_all);
    r.table("ingestion_time", 0, 0, ret_datetime, ingestion_time);
}

/// `column_ifexists` has the type of its default value.
fn ret_second(args: &[ScalarType]) -> ScalarType {
    args.get(1).copied().unwrap_or(ScalarType::Unknown)
}

/// `column_ifexists(name, default)`: the column when the row has it (converted to the
/// default's type, which is the function's type), else the default.
fn column_ifexists(args: &[ArgColumn], t: &Table, _: &EvalContext) -> Result<Column, String> {
    let ArgColumn::Scalar(name, _) = &args[0] else {
        return Err("column_ifexists: the column name must be a constant string".into());
    };
    let ty = args[1].ty();
    match t.column(&text(name)) {
        Some(col) if col.ty == ty || ty == ScalarType::Unknown => Ok(col.as_ref().clone()),
        Some(col) => Ok(col.cast(ty)),
        None => Ok(args[1].to_column(t.rows).as_ref().clone()),
    }
}

/// `pack_all([ignore_null_empty])` (`pack-all-function.md`): a bag of every column of the
/// row, in column order; with `true`, null and empty values are left out.
fn pack_all(args: &[ArgColumn], t: &Table, _: &EvalContext) -> Result<Column, String> {
    let skip_empty = match args.first() {
        Some(ArgColumn::Scalar(v, _)) => v.as_bool().unwrap_or(false),
        Some(_) => return Err("pack_all: ignore_null_empty must be a constant bool".into()),
        None => false,
    };
    let mut b = ColumnBuilder::new(ScalarType::Dynamic, t.rows);
    for i in 0..t.rows {
        let mut items: Vec<(Arc<str>, Dynamic)> = Vec::with_capacity(t.columns.len());
        for ((name, _), col) in t.columns.iter().zip(&t.data) {
            let v = col.get(i);
            let empty = match &v {
                Value::String(s) => s.is_empty(),
                other => other.is_null(),
            };
            if skip_empty && empty {
                continue;
            }
            items.push((name.clone(), v.to_dynamic()));
        }
        b.push(&Value::Dynamic(Dynamic::bag(items)));
    }
    Ok(b.finish())
}

/// `ingestion_time()`: local rows were never ingested, and Kusto gives null for tables
/// without an ingestion-time policy; null here.
fn ingestion_time(_: &[ArgColumn], t: &Table, _: &EvalContext) -> Result<Column, String> {
    Ok(Column::nulls(ScalarType::DateTime, t.rows))
}
