//! Numeric functions: `bin` and `floor` (one function, two names), rounding.

use super::{EvalContext, Registry, ret_first};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("bin", 2, 2, ret_first, bin);
    r.column("floor", 2, 2, ret_first, bin);
}

/// `bin(value, roundTo)`: rounds down to a multiple of `roundTo` (`bin-function.md`). A null,
/// zero or negative size gives null.
fn bin(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    let (v, size) = (&args[0], &args[1]);
    let ty = match v.ty() {
        ScalarType::Int => ScalarType::Long,
        t => t,
    };
    // The hot case: an i64 column binned by a constant.
    if let (Some(col), true) = (v.as_column(), size.is_scalar())
        && let Some(data) = col.i64s()
        && matches!(
            ty,
            ScalarType::Long | ScalarType::DateTime | ScalarType::TimeSpan
        )
    {
        let Some(step) = size.get(0).as_i64().filter(|s| *s > 0) else {
            return Ok(Column::nulls(ty, rows));
        };
        let out: Vec<i64> = data.iter().map(|&x| x.div_euclid(step) * step).collect();
        return Ok(Column::from_i64(ty, out, col.valid.clone()));
    }
    let mut b = ColumnBuilder::new(ty, rows);
    for i in 0..rows {
        let x = v.get(i);
        let s = size.get(i);
        let out = match ty {
            ScalarType::Real | ScalarType::Decimal => match (x.as_f64(), s.as_f64()) {
                (Some(x), Some(s)) if s > 0.0 => Value::Real((x / s).floor() * s),
                _ => Value::Null,
            },
            ScalarType::Long | ScalarType::DateTime | ScalarType::TimeSpan => {
                match (x.as_i64(), s.as_i64()) {
                    (Some(x), Some(s)) if s > 0 => {
                        let r = x.div_euclid(s) * s;
                        match ty {
                            ScalarType::DateTime => Value::DateTime(r),
                            ScalarType::TimeSpan => Value::TimeSpan(r),
                            _ => Value::Long(r),
                        }
                    }
                    _ => Value::Null,
                }
            }
            _ => Value::Null,
        };
        b.push(&out);
    }
    Ok(b.finish())
}
