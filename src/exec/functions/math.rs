//! Numeric functions: `bin` and `floor` (one function, two names), rounding, logarithms and
//! powers, bit operations, tests for NaN/infinity, and the seeded `rand`.

use super::args::{int, real};
use super::{EvalContext, Registry, ret_bool, ret_first, ret_long, ret_real};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("bin", 2, 2, ret_first, bin);
    r.column("floor", 2, 2, ret_first, bin);

    r.row("abs", 1, 1, ret_abs, abs);
    r.row("round", 1, 2, ret_round, round);
    r.row("ceiling", 1, 1, ret_same_numeric, ceiling);
    r.row("sign", 1, 1, ret_real, sign);
    r.row("sqrt", 1, 1, ret_real, |a, _| unary(a, f64::sqrt));
    r.row("exp", 1, 1, ret_real, |a, _| unary(a, f64::exp));
    r.row("exp2", 1, 1, ret_real, |a, _| unary(a, f64::exp2));
    r.row("exp10", 1, 1, ret_real, |a, _| unary(a, |x| 10f64.powf(x)));
    r.row("log", 1, 1, ret_real, |a, _| unary(a, f64::ln));
    r.row("log2", 1, 1, ret_real, |a, _| unary(a, f64::log2));
    r.row("log10", 1, 1, ret_real, |a, _| unary(a, f64::log10));
    r.row("sin", 1, 1, ret_real, |a, _| unary(a, f64::sin));
    r.row("cos", 1, 1, ret_real, |a, _| unary(a, f64::cos));
    r.row("tan", 1, 1, ret_real, |a, _| unary(a, f64::tan));
    r.row("asin", 1, 1, ret_real, |a, _| unary(a, f64::asin));
    r.row("acos", 1, 1, ret_real, |a, _| unary(a, f64::acos));
    r.row("atan", 1, 1, ret_real, |a, _| unary(a, f64::atan));
    r.row("cot", 1, 1, ret_real, |a, _| unary(a, |x| 1.0 / x.tan()));
    r.row("degrees", 1, 1, ret_real, |a, _| unary(a, f64::to_degrees));
    r.row("radians", 1, 1, ret_real, |a, _| unary(a, f64::to_radians));
    r.row("atan2", 2, 2, ret_real, |a, _| binary(a, f64::atan2));
    r.row("pow", 2, 2, ret_real, |a, _| binary(a, f64::powf));
    r.row("pi", 0, 0, ret_real, |_, _| {
        Value::Real(std::f64::consts::PI)
    });
    r.row("isnan", 1, 1, ret_bool, |a, _| test(a, f64::is_nan));
    r.row("isinf", 1, 1, ret_bool, |a, _| test(a, f64::is_infinite));
    r.row("isfinite", 1, 1, ret_bool, |a, _| test(a, f64::is_finite));
    r.row("binary_and", 2, 2, ret_long, |a, _| {
        bits(a, |x, y| Some(x & y))
    });
    r.row("binary_or", 2, 2, ret_long, |a, _| {
        bits(a, |x, y| Some(x | y))
    });
    r.row("binary_xor", 2, 2, ret_long, |a, _| {
        bits(a, |x, y| Some(x ^ y))
    });
    r.row("binary_shift_left", 2, 2, ret_long, |a, _| {
        bits(a, |x, n| {
            u32::try_from(n).ok().filter(|n| *n < 64).map(|n| x << n)
        })
    });
    r.row("binary_shift_right", 2, 2, ret_long, |a, _| {
        bits(a, |x, n| {
            u32::try_from(n).ok().filter(|n| *n < 64).map(|n| x >> n)
        })
    });
    r.row("binary_not", 1, 1, ret_long, |a, _| {
        int(&a[0]).map_or(Value::Null, |x| Value::Long(!x))
    });
    r.row("bitset_count_ones", 1, 1, ret_long, |a, _| {
        int(&a[0]).map_or(Value::Null, |x| Value::Long(x.count_ones() as i64))
    });
    r.column("rand", 0, 1, ret_real, rand);
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

fn ret_abs(args: &[ScalarType]) -> ScalarType {
    match args.first() {
        Some(ScalarType::Int | ScalarType::Long) => ScalarType::Long,
        Some(t) => *t,
        None => ScalarType::Unknown,
    }
}

/// `round(number[, precision])` keeps the number's type (`round-function.md`).
fn ret_round(args: &[ScalarType]) -> ScalarType {
    match args.first() {
        Some(ScalarType::Int) => ScalarType::Int,
        Some(t) => *t,
        None => ScalarType::Unknown,
    }
}

fn ret_same_numeric(args: &[ScalarType]) -> ScalarType {
    args.first().copied().unwrap_or(ScalarType::Unknown)
}

/// A value of the same numeric type as `like`.
fn same_type(like: &Value, x: f64) -> Value {
    match like {
        Value::Int(_) => Value::Int(x as i32),
        Value::Long(_) => Value::Long(x as i64),
        Value::Decimal(_) => Value::Decimal(x),
        _ => Value::Real(x),
    }
}

fn abs(a: &[Value], _: &EvalContext) -> Value {
    match &a[0] {
        Value::Int(x) => Value::Long((*x as i64).abs()),
        Value::Long(x) => x.checked_abs().map_or(Value::Null, Value::Long),
        Value::TimeSpan(x) => x.checked_abs().map_or(Value::Null, Value::TimeSpan),
        Value::Real(x) => Value::Real(x.abs()),
        Value::Decimal(x) => Value::Decimal(x.abs()),
        _ => Value::Null,
    }
}

/// Rounds half away from zero at `precision` decimal digits (negative: tens, hundreds…):
/// `round(2.15, 1)` is 2.2, `round(-50.55, -2)` is -100, `round(21.5, -1)` is 20.
fn round(a: &[Value], _: &EvalContext) -> Value {
    let precision = match a.get(1) {
        Some(v) => match int(v) {
            Some(p) => p.clamp(-30, 30) as i32,
            None => return Value::Null,
        },
        None => 0,
    };
    let like = &a[0];
    if let Value::Int(_) | Value::Long(_) = like {
        let x = int(like).unwrap_or(0);
        if precision >= 0 {
            return like.clone();
        }
        let scale = 10i64.checked_pow((-precision) as u32);
        let Some(scale) = scale else {
            return same_type(like, 0.0);
        };
        let q = (x as f64 / scale as f64).round() as i64 * scale;
        return same_type(like, q as f64);
    }
    let Some(x) = real(like) else {
        return Value::Null;
    };
    let factor = 10f64.powi(precision);
    same_type(like, (x * factor).round() / factor)
}

fn ceiling(a: &[Value], _: &EvalContext) -> Value {
    match &a[0] {
        v @ (Value::Int(_) | Value::Long(_)) => v.clone(),
        v => real(v).map_or(Value::Null, |x| same_type(v, x.ceil())),
    }
}

/// `sign(number)`: -1, 0 or 1 as a real (the catalog's return type).
fn sign(a: &[Value], _: &EvalContext) -> Value {
    real(&a[0]).map_or(Value::Null, |x| {
        Value::Real(if x == 0.0 || x.is_nan() {
            x
        } else {
            x.signum()
        })
    })
}

fn unary(a: &[Value], f: fn(f64) -> f64) -> Value {
    real(&a[0]).map_or(Value::Null, |x| Value::Real(f(x)))
}

fn binary(a: &[Value], f: fn(f64, f64) -> f64) -> Value {
    match (real(&a[0]), real(&a[1])) {
        (Some(x), Some(y)) => Value::Real(f(x, y)),
        _ => Value::Null,
    }
}

fn test(a: &[Value], f: fn(f64) -> bool) -> Value {
    real(&a[0]).map_or(Value::Null, |x| Value::Bool(f(x)))
}

fn bits(a: &[Value], f: impl Fn(i64, i64) -> Option<i64>) -> Value {
    match (int(&a[0]), int(&a[1])) {
        (Some(x), Some(y)) => f(x, y).map_or(Value::Null, Value::Long),
        _ => Value::Null,
    }
}

/// `rand([n])`: a real in [0, 1), or a whole number in [0, n) (the catalog types both real).
/// Every row draws its own number from the context's generator, seeded per query so that a
/// run is reproducible.
fn rand(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let mut out = Vec::with_capacity(rows);
    let mut valid = vec![true; rows];
    for (i, ok) in valid.iter_mut().enumerate() {
        let r = ctx.next_random();
        match args.first() {
            None => out.push(r),
            Some(n) => match int(&n.get(i)) {
                Some(n) if n > 0 => out.push((r * n as f64).floor()),
                _ => {
                    out.push(0.0);
                    *ok = false;
                }
            },
        }
    }
    let valid = (!valid.iter().all(|v| *v)).then_some(valid);
    Ok(Column::from_f64(out, valid))
}
