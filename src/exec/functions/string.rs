//! String functions.

use std::sync::Arc;

use super::{EvalContext, Registry, ret_long, ret_string};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;

pub(super) fn register(r: &mut Registry) {
    r.column("tolower", 1, 1, ret_string, tolower);
    r.column("toupper", 1, 1, ret_string, toupper);
    r.column("strlen", 1, 1, ret_long, strlen);
}

/// Maps a string argument through `f` once per distinct string.
pub fn map_string(arg: &ArgColumn, rows: usize, f: impl Fn(&str) -> String) -> Column {
    match arg.as_strs() {
        Some(s) => Column::from_strs(s.map_dict(|x| Arc::from(f(x).as_str()))),
        None => {
            let v = arg.get(0).to_kusto_string();
            let out = if arg.is_scalar() {
                f(&v)
            } else {
                // A non-string column: convert each row.
                let vals: Vec<String> = (0..rows)
                    .map(|i| f(&arg.get(i).to_kusto_string()))
                    .collect();
                return Column::from_strings(&vals);
            };
            Column::constant(
                crate::kql::types::ScalarType::String,
                &Value::str(&out),
                rows,
            )
        }
    }
}

fn tolower(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    Ok(map_string(&args[0], rows, |s| {
        if s.is_ascii() {
            s.to_ascii_lowercase()
        } else {
            s.to_lowercase()
        }
    }))
}

fn toupper(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    Ok(map_string(&args[0], rows, |s| {
        if s.is_ascii() {
            s.to_ascii_uppercase()
        } else {
            s.to_uppercase()
        }
    }))
}

fn strlen(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    // Kusto counts UTF-16 code units? No: it counts Unicode characters (strlen-function.md).
    let count = |s: &str| s.chars().count() as i64;
    match args[0].as_strs() {
        Some(s) => Ok(Column::from_i64(
            crate::kql::types::ScalarType::Long,
            s.map_rows(count),
            None,
        )),
        None => {
            let vals: Vec<i64> = (0..rows)
                .map(|i| count(&args[0].get(i).to_kusto_string()))
                .collect();
            Ok(Column::from_i64(
                crate::kql::types::ScalarType::Long,
                vals,
                None,
            ))
        }
    }
}
