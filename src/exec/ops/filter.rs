//! Row selection: `where`, `take`/`limit`, `count`, `sample`.

use std::sync::Arc;

use crate::exec::column::Column;
use crate::exec::executor::{Exec, one_row};
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast;
use crate::kql::types::ScalarType;

pub(crate) fn where_(ex: &mut Exec, e: &ast::Expr, input: Table) -> Result<Table> {
    let mask = ex.eval_mask(e, &input)?;
    Ok(input.filter(&mask))
}

/// A constant count argument (`take 10`, `top 5`).
pub(crate) fn const_count(ex: &mut Exec, e: &ast::Expr) -> Result<usize> {
    let v = ex.eval(e, &one_row())?.get(0);
    match v.as_i64() {
        Some(n) if n >= 0 => Ok(n as usize),
        Some(_) => Ok(0),
        None => Err(ExecError::new("a row count must be a number", e.span)),
    }
}

pub(crate) fn take(ex: &mut Exec, count: &ast::Expr, input: Table) -> Result<Table> {
    let n = const_count(ex, count)?.min(input.rows);
    if n == input.rows {
        return Ok(input);
    }
    let idx: Vec<u32> = (0..n as u32).collect();
    Ok(input.take(&idx))
}

pub(crate) fn count(input: Table) -> Result<Table> {
    let col = Column::from_i64(ScalarType::Long, vec![input.rows as i64], None);
    Ok(Table::new(vec![(Arc::from("Count"), Arc::new(col))], 1))
}

/// `sample n`: Kusto picks rows at random; the engine picks the first n rows so that runs
/// are reproducible (any n rows are a valid answer).
pub(crate) fn sample(ex: &mut Exec, count: &ast::Expr, input: Table) -> Result<Table> {
    take(ex, count, input)
}
