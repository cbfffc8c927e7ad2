//! Operators that make a table from nothing: `print`, `range`, `datatable`; and
//! `getschema`, which turns a table's columns into rows.

use std::sync::Arc;

use crate::diag::Span;
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::compare::{arith, compare};
use crate::exec::eval::ArgColumn;
use crate::exec::executor::{Exec, one_row};
use crate::exec::table::Table;

use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, BinaryOp};
use crate::kql::types::ScalarType;

pub(crate) fn print(ex: &mut Exec, items: &[ast::NamedExpr]) -> Result<Table> {
    let one = one_row();
    let mut t = Table {
        rows: 1,
        ..Table::default()
    };
    for (i, item) in items.iter().enumerate() {
        let v = ex.eval(&item.expr, &one)?;
        let name: Arc<str> = match item.names.first() {
            Some(n) => Arc::from(n.name.as_str()),
            None => Arc::from(format!("print_{i}").as_str()),
        };
        t.push(name, v.to_column(1));
    }
    Ok(t)
}

pub(crate) fn range(
    ex: &mut Exec,
    column: &ast::Ident,
    from: &ast::Expr,
    to: &ast::Expr,
    step: &ast::Expr,
    span: Span,
) -> Result<Table> {
    let one = one_row();
    let f = ex.eval(from, &one)?;
    let t = ex.eval(to, &one)?;
    let s = ex.eval(step, &one)?;
    let ty = match f.ty() {
        ScalarType::Int => ScalarType::Long,
        ty => ty,
    };
    let mut b = ColumnBuilder::new(ty, 0);
    let mut cur = ArgColumn::Scalar(f.get(0), ty);
    let zero_step = s.get(0).as_f64().is_none_or(|x| x == 0.0);
    if zero_step || f.get(0).is_null() || t.get(0).is_null() {
        return Err(ExecError::new(
            "`range` needs a start, an end and a non-zero step",
            span,
        ));
    }
    // Refuse a range that is too long before building any of it (`range x from 1 to 1e10`
    // would otherwise fill 50 million rows, seconds and hundreds of MB, before the check).
    // Datetimes and timespans count in ticks, so the arithmetic holds for them too.
    if let (Some(first), Some(last), Some(by)) =
        (f.get(0).as_f64(), t.get(0).as_f64(), s.get(0).as_f64())
    {
        let count = ((last - first) / by).floor() + 1.0;
        if count > ex.limits.max_rows as f64 {
            return Err(ExecError::new(
                format!(
                    "`range` would produce more than {} rows (--max-rows)",
                    ex.limits.max_rows
                ),
                span,
            ));
        }
    }
    let ascending = s.get(0).as_f64().is_some_and(|x| x > 0.0);
    let cmp_op = if ascending {
        BinaryOp::Le
    } else {
        BinaryOp::Ge
    };
    let mut n = 0usize;
    loop {
        let ok = compare(cmp_op, &cur, &t, 1)?.get(0).as_bool() == Some(true);
        if !ok {
            break;
        }
        n += 1;
        if n > ex.limits.max_rows {
            return Err(ExecError::new(
                format!(
                    "`range` would produce more than {} rows (--max-rows)",
                    ex.limits.max_rows
                ),
                span,
            ));
        }
        b.push(&cur.get(0));
        let next = arith(BinaryOp::Add, &cur, &s, 1)?.get(0);
        cur = ArgColumn::Scalar(next, ty);
    }
    let col = b.finish();
    let rows = col.len();
    Ok(Table::new(
        vec![(Arc::from(column.name.as_str()), Arc::new(col))],
        rows,
    ))
}

pub(crate) fn datatable(
    ex: &mut Exec,
    columns: &[ast::ColumnDecl],
    values: &[ast::Expr],
    span: Span,
) -> Result<Table> {
    if columns.is_empty() {
        return Ok(Table::default());
    }
    if !values.len().is_multiple_of(columns.len()) {
        return Err(ExecError::new(
            format!(
                "`datatable` has {} values for {} columns",
                values.len(),
                columns.len()
            ),
            span,
        ));
    }
    let one = one_row();
    let rows = values.len() / columns.len();
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .map(|c| ColumnBuilder::new(c.ty.ty.unwrap_or(ScalarType::Dynamic), rows))
        .collect();
    for (i, v) in values.iter().enumerate() {
        let val = ex.eval(v, &one)?.get(0);
        let b = &mut builders[i % columns.len()];
        // A string value in a non-string column is parsed as that type would be
        // (`datatable(d:datetime)["2020-01-01"]`) by the builder.
        b.push(&val);
    }
    let cols = columns
        .iter()
        .zip(builders)
        .map(|(c, b)| (Arc::from(c.name.name.as_str()), Arc::new(b.finish())))
        .collect();
    Ok(Table::new(cols, rows))
}

/// The .NET type name `getschema` reports for each type.
fn dotnet_name(t: ScalarType) -> &'static str {
    match t {
        ScalarType::Bool => "System.Boolean",
        ScalarType::Int => "System.Int32",
        ScalarType::Long => "System.Int64",
        ScalarType::Real => "System.Double",
        ScalarType::Decimal => "System.Data.SqlTypes.SqlDecimal",
        ScalarType::String => "System.String",
        ScalarType::DateTime => "System.DateTime",
        ScalarType::TimeSpan => "System.TimeSpan",
        ScalarType::Guid => "System.Guid",
        ScalarType::Dynamic | ScalarType::Unknown => "System.Object",
    }
}

pub(crate) fn getschema(input: Table) -> Result<Table> {
    let names: Vec<&str> = input.columns.iter().map(|(n, _)| &**n).collect();
    let ordinals: Vec<i64> = (0..input.columns.len() as i64).collect();
    let dotnet: Vec<&str> = input.columns.iter().map(|(_, t)| dotnet_name(*t)).collect();
    let kusto: Vec<&str> = input.columns.iter().map(|(_, t)| t.name()).collect();
    let rows = names.len();
    Ok(Table::new(
        vec![
            (
                Arc::from("ColumnName"),
                Arc::new(Column::from_strings(&names)),
            ),
            (
                Arc::from("ColumnOrdinal"),
                Arc::new(Column::from_i64(ScalarType::Int, ordinals, None)),
            ),
            (
                Arc::from("DataType"),
                Arc::new(Column::from_strings(&dotnet)),
            ),
            (
                Arc::from("ColumnType"),
                Arc::new(Column::from_strings(&kusto)),
            ),
        ],
        rows,
    ))
}
