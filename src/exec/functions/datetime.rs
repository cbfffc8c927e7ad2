//! Date and time functions.

use super::{EvalContext, Registry, ret_datetime};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("now", 0, 1, ret_datetime, now);
    r.column("ago", 1, 1, ret_datetime, ago);
}

/// `now([offset])`: the run's pinned time (`--now`), plus the offset.
fn now(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let offset = args.first().map(|a| a.get(0).as_i64());
    let v = match offset {
        None => Value::DateTime(ctx.now),
        Some(Some(o)) => Value::DateTime(ctx.now + o),
        Some(None) => Value::Null,
    };
    Ok(Column::constant(ScalarType::DateTime, &v, rows))
}

/// `ago(span)`: `now() - span`.
fn ago(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let a = &args[0];
    if a.is_scalar() {
        let v = match a.get(0).as_i64() {
            Some(o) => Value::DateTime(ctx.now - o),
            None => Value::Null,
        };
        return Ok(Column::constant(ScalarType::DateTime, &v, rows));
    }
    let vals: Vec<Value> = (0..rows)
        .map(|i| match a.get(i).as_i64() {
            Some(o) => Value::DateTime(ctx.now - o),
            None => Value::Null,
        })
        .collect();
    Ok(Column::from_values(ScalarType::DateTime, &vals))
}
