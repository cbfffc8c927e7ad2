//! Conversions between types.

use super::{EvalContext, Registry, ret_string};
use crate::exec::column::{Column, StrBuilder};
use crate::exec::eval::ArgColumn;
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("tostring", 1, 1, ret_string, tostring);
}

/// `tostring`: Kusto's string form of each type; null gives the empty string.
fn tostring(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    let a = &args[0];
    if let Some(s) = a.as_strs() {
        return Ok(Column::from_strs(s.clone()));
    }
    if a.is_scalar() {
        let v = a.get(0).to_kusto_string();
        return Ok(Column::constant(
            ScalarType::String,
            &crate::exec::value::Value::str(&v),
            rows,
        ));
    }
    let mut b = StrBuilder::with_capacity(rows);
    let mut buf = String::new();
    for i in 0..rows {
        buf.clear();
        a.get(i).write_kusto_string(&mut buf);
        b.push(&buf);
    }
    Ok(Column::from_strs(b.finish()))
}
