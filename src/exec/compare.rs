//! Comparisons, arithmetic and logic over columns, with Kusto's null and type rules:
//! a null operand gives a null result (`where` drops it), `and`/`or` are three-valued, int op
//! int is long, integer division by zero is null (`null-values.md`, `logical-operators.md`,
//! `datetime-timespan-arithmetic.md`).

use std::cmp::Ordering;
use std::sync::Arc;

use crate::diag::Span;
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value, compare_values};
use crate::exec::{ExecError, Result};
use crate::kql::ast::BinaryOp;
use crate::kql::types::ScalarType;

fn is_i64_type(t: ScalarType) -> bool {
    matches!(
        t,
        ScalarType::Int | ScalarType::Long | ScalarType::DateTime | ScalarType::TimeSpan
    )
}

fn is_num(t: ScalarType) -> bool {
    matches!(
        t,
        ScalarType::Int | ScalarType::Long | ScalarType::Real | ScalarType::Decimal
    )
}

/// The truth of an ordering under a comparison operator.
fn holds(op: BinaryOp, ord: Ordering) -> bool {
    match op {
        BinaryOp::Eq | BinaryOp::EqTilde => ord == Ordering::Equal,
        BinaryOp::NotEq | BinaryOp::LtGt | BinaryOp::NotTilde => ord != Ordering::Equal,
        BinaryOp::Lt => ord == Ordering::Less,
        BinaryOp::Le => ord != Ordering::Greater,
        BinaryOp::Gt => ord == Ordering::Greater,
        BinaryOp::Ge => ord != Ordering::Less,
        _ => false,
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Compares two values; `None` (null) when either is null or they do not compare.
pub(crate) fn compare_value(op: BinaryOp, a: &Value, b: &Value) -> Option<bool> {
    if matches!(op, BinaryOp::EqTilde | BinaryOp::NotTilde) {
        let (x, y) = (a.to_kusto_string(), b.to_kusto_string());
        let eq = fold_eq(&x, &y);
        return Some(if op == BinaryOp::EqTilde { eq } else { !eq });
    }
    match (a, b) {
        // Strings are never null: compare their text, also against a dynamic string.
        (Value::String(x), Value::String(y)) => Some(holds(op, x.as_ref().cmp(y.as_ref()))),
        (Value::String(x), Value::Dynamic(Dynamic::String(y)))
        | (Value::Dynamic(Dynamic::String(x)), Value::String(y)) => {
            Some(holds(op, x.as_ref().cmp(y.as_ref())))
        }
        (Value::String(x), Value::Null) | (Value::Null, Value::String(x)) => {
            // An empty string against a null dynamic: Kusto compares the string form.
            let _ = x;
            None
        }
        _ => compare_values(a, b).map(|o| holds(op, o)),
    }
}

enum NumView<'a> {
    ConstI(Option<i64>),
    ConstF(Option<f64>),
    I(&'a [i64], Option<&'a [bool]>),
    F(&'a [f64], Option<&'a [bool]>),
    Other(&'a ArgColumn),
}

impl NumView<'_> {
    fn of(a: &ArgColumn) -> NumView<'_> {
        match a {
            ArgColumn::Scalar(v, _) => match v {
                Value::Real(x) | Value::Decimal(x) => NumView::ConstF(Some(*x)),
                v if v.is_null() => NumView::ConstI(None),
                v => match v.as_i64() {
                    Some(x) if !matches!(v, Value::Dynamic(_)) => NumView::ConstI(Some(x)),
                    _ => NumView::Other(a),
                },
            },
            ArgColumn::Column(c) => match (&c.data, c.ty) {
                (crate::exec::column::ColumnData::I64(v), _) => NumView::I(v, c.valid.as_deref()),
                (crate::exec::column::ColumnData::F64(v), _) => NumView::F(v, c.valid.as_deref()),
                _ => NumView::Other(a),
            },
        }
    }

    #[inline]
    fn i(&self, i: usize) -> Option<i64> {
        match self {
            NumView::ConstI(x) => *x,
            NumView::ConstF(x) => x.filter(|f| f.is_finite()).map(|f| f as i64),
            NumView::I(v, valid) => match valid {
                Some(m) if !m[i] => None,
                _ => Some(v[i]),
            },
            NumView::F(v, valid) => match valid {
                Some(m) if !m[i] => None,
                _ => v[i].is_finite().then_some(v[i] as i64),
            },
            NumView::Other(a) => a.get(i).as_i64(),
        }
    }

    #[inline]
    fn f(&self, i: usize) -> Option<f64> {
        match self {
            NumView::ConstI(x) => x.map(|x| x as f64),
            NumView::ConstF(x) => *x,
            NumView::I(v, valid) => match valid {
                Some(m) if !m[i] => None,
                _ => Some(v[i] as f64),
            },
            NumView::F(v, valid) => match valid {
                Some(m) if !m[i] => None,
                _ => Some(v[i]),
            },
            NumView::Other(a) => a.get(i).as_f64(),
        }
    }

    fn is_real(&self) -> bool {
        matches!(self, NumView::ConstF(_) | NumView::F(..))
    }
}

fn bool_column(out: Vec<bool>, valid: Vec<bool>, any_null: bool) -> ArgColumn {
    ArgColumn::from_column(Column::from_bools(out, any_null.then_some(valid)))
}

/// `a op b` for `==`, `!=`, `<`, `<=`, `>`, `>=`, `=~`, `!~`.
pub(crate) fn compare(
    op: BinaryOp,
    a: &ArgColumn,
    b: &ArgColumn,
    rows: usize,
) -> Result<ArgColumn> {
    if a.is_scalar() && b.is_scalar() {
        let v = compare_value(op, &a.get(0), &b.get(0)).map_or(Value::Null, Value::Bool);
        return Ok(ArgColumn::Scalar(v, ScalarType::Bool));
    }
    let (ta, tb) = (a.ty(), b.ty());
    // Strings: once per distinct value when one side is a constant.
    if ta == ScalarType::String && tb == ScalarType::String {
        let ci = matches!(op, BinaryOp::EqTilde | BinaryOp::NotTilde);
        let test = move |x: &str, y: &str| -> bool {
            if ci {
                let eq = fold_eq(x, y);
                if op == BinaryOp::EqTilde { eq } else { !eq }
            } else {
                holds(op, x.cmp(y))
            }
        };
        let out: Vec<bool> = match (a, b) {
            (ArgColumn::Column(c), ArgColumn::Scalar(v, _)) => {
                let k = v.to_kusto_string();
                let s = c
                    .strs()
                    .ok_or_else(|| ExecError::new("bad string column", Span::default()))?;
                s.map_rows(|x| test(x, &k))
            }
            (ArgColumn::Scalar(v, _), ArgColumn::Column(c)) => {
                let k = v.to_kusto_string();
                let s = c
                    .strs()
                    .ok_or_else(|| ExecError::new("bad string column", Span::default()))?;
                s.map_rows(|x| test(&k, x))
            }
            (ArgColumn::Column(x), ArgColumn::Column(y)) => match (x.strs(), y.strs()) {
                (Some(xs), Some(ys)) => {
                    if !ci
                        && Arc::ptr_eq(&xs.dict, &ys.dict)
                        && xs.unique
                        && matches!(op, BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::LtGt)
                    {
                        xs.codes
                            .iter()
                            .zip(&ys.codes)
                            .map(|(p, q)| (p == q) == (op == BinaryOp::Eq))
                            .collect()
                    } else {
                        (0..rows).map(|i| test(xs.get(i), ys.get(i))).collect()
                    }
                }
                _ => (0..rows)
                    .map(|i| test(&x.get(i).to_kusto_string(), &y.get(i).to_kusto_string()))
                    .collect(),
            },
            _ => unreachable!("both scalars handled above"),
        };
        return Ok(ArgColumn::from_column(Column::from_bools(out, None)));
    }
    let i64_pair =
        (is_i64_type(ta) || ta == ScalarType::Bool) && (is_i64_type(tb) || tb == ScalarType::Bool);
    let num_pair = (is_num(ta) || is_i64_type(ta)) && (is_num(tb) || is_i64_type(tb));
    if (i64_pair || num_pair) && !matches!(op, BinaryOp::EqTilde | BinaryOp::NotTilde) {
        let (va, vb) = (NumView::of(a), NumView::of(b));
        if matches!(va, NumView::Other(_)) && ta != ScalarType::Bool
            || matches!(vb, NumView::Other(_)) && tb != ScalarType::Bool
        {
            return Ok(generic_compare(op, a, b, rows));
        }
        let mut out = vec![false; rows];
        let mut valid = vec![true; rows];
        let mut any_null = false;
        let real = va.is_real() || vb.is_real();
        // The hot case: a column against a constant integer.
        if let (NumView::I(xs, None), NumView::ConstI(Some(k))) = (&va, &vb) {
            let k = *k;
            let f: fn(i64, i64) -> bool = match op {
                BinaryOp::Eq => |x, y| x == y,
                BinaryOp::NotEq | BinaryOp::LtGt => |x, y| x != y,
                BinaryOp::Lt => |x, y| x < y,
                BinaryOp::Le => |x, y| x <= y,
                BinaryOp::Gt => |x, y| x > y,
                _ => |x, y| x >= y,
            };
            for (o, x) in out.iter_mut().zip(xs.iter()) {
                *o = f(*x, k);
            }
            return Ok(ArgColumn::from_column(Column::from_bools(out, None)));
        }
        for i in 0..rows {
            let ord = if real {
                match (va.f(i), vb.f(i)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y),
                    _ => None,
                }
            } else {
                match (va.i(i), vb.i(i)) {
                    (Some(x), Some(y)) => Some(x.cmp(&y)),
                    _ => None,
                }
            };
            match ord {
                Some(o) => out[i] = holds(op, o),
                None => {
                    valid[i] = false;
                    any_null = true;
                }
            }
        }
        return Ok(bool_column(out, valid, any_null));
    }
    Ok(generic_compare(op, a, b, rows))
}

fn generic_compare(op: BinaryOp, a: &ArgColumn, b: &ArgColumn, rows: usize) -> ArgColumn {
    let mut out = vec![false; rows];
    let mut valid = vec![true; rows];
    let mut any_null = false;
    for i in 0..rows {
        match compare_value(op, &a.get(i), &b.get(i)) {
            Some(x) => out[i] = x,
            None => {
                valid[i] = false;
                any_null = true;
            }
        }
    }
    bool_column(out, valid, any_null)
}

/// Three-valued `and`/`or`.
pub(crate) fn logical(op: BinaryOp, a: &ArgColumn, b: &ArgColumn, rows: usize) -> ArgColumn {
    let f = |x: Option<bool>, y: Option<bool>| -> Option<bool> {
        if op == BinaryOp::And {
            match (x, y) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            }
        } else {
            match (x, y) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            }
        }
    };
    if a.is_scalar() && b.is_scalar() {
        let v = f(a.get(0).as_bool(), b.get(0).as_bool()).map_or(Value::Null, Value::Bool);
        return ArgColumn::Scalar(v, ScalarType::Bool);
    }
    // Fast path: two null-free bool columns.
    if let (Some(x), Some(y)) = (a.as_column(), b.as_column())
        && let (Some(xb), Some(yb)) = (x.bools(), y.bools())
        && x.valid.is_none()
        && y.valid.is_none()
    {
        let out: Vec<bool> = if op == BinaryOp::And {
            xb.iter().zip(yb).map(|(p, q)| *p && *q).collect()
        } else {
            xb.iter().zip(yb).map(|(p, q)| *p || *q).collect()
        };
        return ArgColumn::from_column(Column::from_bools(out, None));
    }
    let get = |c: &ArgColumn, i: usize| -> Option<bool> {
        match c {
            ArgColumn::Scalar(v, _) => v.as_bool(),
            ArgColumn::Column(col) => match col.bools() {
                Some(b) => col.is_valid(i).then(|| b[i]),
                None => col.get(i).as_bool(),
            },
        }
    };
    let mut out = vec![false; rows];
    let mut valid = vec![true; rows];
    let mut any_null = false;
    for i in 0..rows {
        match f(get(a, i), get(b, i)) {
            Some(x) => out[i] = x,
            None => {
                valid[i] = false;
                any_null = true;
            }
        }
    }
    bool_column(out, valid, any_null)
}

pub(crate) fn not(v: &ArgColumn, rows: usize) -> ArgColumn {
    match v {
        ArgColumn::Scalar(x, _) => ArgColumn::Scalar(
            x.as_bool().map_or(Value::Null, |b| Value::Bool(!b)),
            ScalarType::Bool,
        ),
        ArgColumn::Column(c) => match c.bools() {
            Some(b) => ArgColumn::from_column(Column::from_bools(
                b.iter().map(|x| !x).collect(),
                c.valid.clone(),
            )),
            None => {
                let vals: Vec<Value> = (0..rows)
                    .map(|i| c.get(i).as_bool().map_or(Value::Null, |b| Value::Bool(!b)))
                    .collect();
                ArgColumn::from_column(Column::from_values(ScalarType::Bool, &vals))
            }
        },
    }
}

pub(crate) fn negate(v: &ArgColumn, rows: usize) -> Result<ArgColumn> {
    let zero = ArgColumn::Scalar(Value::Long(0), ScalarType::Long);
    match v.ty() {
        ScalarType::Real | ScalarType::Decimal => arith(
            BinaryOp::Mul,
            v,
            &ArgColumn::Scalar(Value::Real(-1.0), ScalarType::Real),
            rows,
        ),
        ScalarType::TimeSpan => {
            let out = arith(
                BinaryOp::Sub,
                &ArgColumn::Scalar(Value::TimeSpan(0), ScalarType::TimeSpan),
                v,
                rows,
            )?;
            Ok(out)
        }
        ScalarType::Int => {
            let out = arith(BinaryOp::Sub, &zero, v, rows)?;
            Ok(match out {
                ArgColumn::Scalar(x, _) => ArgColumn::Scalar(
                    x.as_i64().map_or(Value::Null, |n| Value::Int(n as i32)),
                    ScalarType::Int,
                ),
                ArgColumn::Column(c) => ArgColumn::Column(Arc::new(c.cast(ScalarType::Int))),
            })
        }
        _ => arith(BinaryOp::Sub, &zero, v, rows),
    }
}

/// The result type of `a op b` (the analysis's rule), or an error.
fn arith_type(op: BinaryOp, a: ScalarType, b: ScalarType) -> Result<ScalarType> {
    let (a2, b2) = (
        if a == ScalarType::Bool {
            ScalarType::Long
        } else {
            a
        },
        if b == ScalarType::Bool {
            ScalarType::Long
        } else {
            b
        },
    );
    match crate::analyze::arithmetic_type(op, a2, b2) {
        Some(t) => Ok(t),
        None => Err(ExecError::new(
            format!("cannot apply `{op}` to {a} and {b}"),
            Span::default(),
        )),
    }
}

/// One arithmetic operation on two non-null values, with the result type given.
pub(crate) fn arith_value(op: BinaryOp, x: &Value, y: &Value, ty: ScalarType) -> Value {
    if x.is_null() || y.is_null() {
        return Value::Null;
    }
    let (x, y) = (unwrap_dyn(x), unwrap_dyn(y));
    let ty = if matches!(ty, ScalarType::Dynamic | ScalarType::Unknown) {
        match (x.scalar_type(), y.scalar_type()) {
            (Some(a), Some(b)) => match arith_type(op, a, b) {
                Ok(ScalarType::Dynamic) | Err(_) => return Value::Null,
                Ok(t) => t,
            },
            _ => return Value::Null,
        }
    } else {
        ty
    };
    let real_operand = matches!(x, Value::Real(_) | Value::Decimal(_))
        || matches!(y, Value::Real(_) | Value::Decimal(_));
    match ty {
        ScalarType::Real | ScalarType::Decimal => {
            let (Some(a), Some(b)) = (x.as_f64(), y.as_f64()) else {
                return Value::Null;
            };
            let r = real_op(op, a, b);
            if ty == ScalarType::Decimal {
                Value::Decimal(r)
            } else {
                Value::Real(r)
            }
        }
        _ => {
            let r = if real_operand {
                let (Some(a), Some(b)) = (x.as_f64(), y.as_f64()) else {
                    return Value::Null;
                };
                let r = real_op(op, a, b);
                if !r.is_finite() {
                    return Value::Null;
                }
                Some(r as i64)
            } else {
                let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) else {
                    return Value::Null;
                };
                int_op(op, a, b)
            };
            match (r, ty) {
                (None, _) => Value::Null,
                (Some(r), ScalarType::DateTime) => Value::DateTime(r),
                (Some(r), ScalarType::TimeSpan) => Value::TimeSpan(r),
                (Some(r), ScalarType::Int) => Value::Int(r as i32),
                (Some(r), _) => Value::Long(r),
            }
        }
    }
}

fn unwrap_dyn(v: &Value) -> Value {
    match v {
        Value::Dynamic(d) => d.to_value(),
        v => v.clone(),
    }
}

#[inline]
fn real_op(op: BinaryOp, a: f64, b: f64) -> f64 {
    match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div => a / b,
        _ => a % b,
    }
}

#[inline]
fn int_op(op: BinaryOp, a: i64, b: i64) -> Option<i64> {
    match op {
        BinaryOp::Add => Some(a.wrapping_add(b)),
        BinaryOp::Sub => Some(a.wrapping_sub(b)),
        BinaryOp::Mul => Some(a.wrapping_mul(b)),
        BinaryOp::Div => a.checked_div(b),
        // Never negative: `-14 % 12` is 10 and `14 % -12` is 2 (`numerical-operators.md`).
        _ => a.checked_rem_euclid(b),
    }
}

/// `a op b` for `+ - * / %`.
pub(crate) fn arith(op: BinaryOp, a: &ArgColumn, b: &ArgColumn, rows: usize) -> Result<ArgColumn> {
    let ty = arith_type(op, a.ty(), b.ty())?;
    if a.is_scalar() && b.is_scalar() {
        return Ok(ArgColumn::Scalar(
            arith_value(op, &a.get(0), &b.get(0), ty),
            ty,
        ));
    }
    let (va, vb) = (NumView::of(a), NumView::of(b));
    let generic = matches!(va, NumView::Other(_))
        || matches!(vb, NumView::Other(_))
        || matches!(ty, ScalarType::Dynamic | ScalarType::Unknown);
    if generic {
        let mut out = ColumnBuilder::new(ty, rows);
        for i in 0..rows {
            out.push(&arith_value(op, &a.get(i), &b.get(i), ty));
        }
        return Ok(ArgColumn::from_column(out.finish()));
    }
    let mut valid = vec![true; rows];
    let mut any_null = false;
    if matches!(ty, ScalarType::Real | ScalarType::Decimal) {
        let mut out = vec![0.0; rows];
        for i in 0..rows {
            match (va.f(i), vb.f(i)) {
                (Some(x), Some(y)) => out[i] = real_op(op, x, y),
                _ => {
                    valid[i] = false;
                    any_null = true;
                }
            }
        }
        let mut c = Column::from_f64(out, any_null.then_some(valid));
        c.ty = ty;
        return Ok(ArgColumn::from_column(c));
    }
    let real = va.is_real() || vb.is_real();
    let mut out = vec![0i64; rows];
    for i in 0..rows {
        let r = if real {
            match (va.f(i), vb.f(i)) {
                (Some(x), Some(y)) => {
                    let r = real_op(op, x, y);
                    r.is_finite().then_some(r as i64)
                }
                _ => None,
            }
        } else {
            match (va.i(i), vb.i(i)) {
                (Some(x), Some(y)) => int_op(op, x, y),
                _ => None,
            }
        };
        match r {
            Some(r) => {
                out[i] = if ty == ScalarType::Int {
                    r as i32 as i64
                } else {
                    r
                }
            }
            None => {
                valid[i] = false;
                any_null = true;
            }
        }
    }
    Ok(ArgColumn::from_column(Column::from_i64(
        ty,
        out,
        any_null.then_some(valid),
    )))
}
