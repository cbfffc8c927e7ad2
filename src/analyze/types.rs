//! Result types of KQL's operators, after Kusto.Language's operator signatures: the first
//! signature whose parameters accept the operands wins, an unresolved operand accepts anything.

use crate::kql::ast::BinaryOp;
use crate::kql::types::ScalarType as T;

fn is(t: T, want: &[T]) -> bool {
    t == T::Unknown || want.contains(&t)
}

const NUM: &[T] = &[T::Int, T::Long, T::Real, T::Decimal];

fn num(t: T) -> bool {
    is(t, NUM)
}

/// Widest numeric type; ints widen to long as Kusto's arithmetic does.
pub(crate) fn widest(types: &[T]) -> T {
    let mut best = T::Unknown;
    for &t in types {
        let rank = |t: T| match t {
            T::Int => 1,
            T::Long => 2,
            T::Real => 3,
            T::Decimal => 4,
            _ => 0,
        };
        if rank(t) > rank(best) {
            best = t;
        }
    }
    best
}

fn arith_widest(a: T, b: T) -> T {
    match widest(&[a, b]) {
        T::Int => T::Long,
        t => t,
    }
}

/// The type of `a op b` for arithmetic; `None` when no signature accepts the operands.
// The branches follow Kusto's signature order one by one, since with unresolved operands the
// first match decides; merging equal branches would hide that order.
#[allow(clippy::if_same_then_else)]
pub(crate) fn arithmetic(op: BinaryOp, a: T, b: T) -> Option<T> {
    use T::*;
    let dt_ts = [DateTime, TimeSpan];
    let any_scalar = [Int, Long, Real, Decimal, TimeSpan, DateTime];
    let dyn_tail = |a: T, b: T| -> Option<T> {
        if is(a, &[Dynamic]) && is(b, &[Dynamic]) {
            return Some(Dynamic);
        }
        if is(a, &[Dynamic]) && is(b, &[Int]) {
            return Some(Long);
        }
        if is(a, &[Int]) && is(b, &[Dynamic]) {
            return Some(Long);
        }
        if is(a, &[Dynamic]) && is(b, &any_scalar) {
            return Some(b);
        }
        if is(a, &any_scalar) && is(b, &[Dynamic]) {
            return Some(a);
        }
        None
    };
    match op {
        BinaryOp::Add => {
            if num(a) && num(b) {
                Some(arith_widest(a, b))
            } else if is(a, &[TimeSpan]) && is(b, &[TimeSpan]) {
                Some(TimeSpan)
            } else if is(a, &dt_ts) && is(b, &dt_ts) {
                Some(DateTime)
            } else {
                dyn_tail(a, b)
            }
        }
        BinaryOp::Sub => {
            if num(a) && num(b) {
                Some(arith_widest(a, b))
            } else if is(a, &[TimeSpan]) && is(b, &[TimeSpan]) {
                Some(TimeSpan)
            } else if is(a, &[DateTime]) && is(b, &[DateTime]) {
                Some(TimeSpan)
            } else if is(a, &[DateTime]) && is(b, &[Dynamic]) {
                Some(TimeSpan)
            } else if is(a, &[Dynamic]) && is(b, &[DateTime]) {
                Some(TimeSpan)
            } else if is(a, &[DateTime]) && is(b, &[TimeSpan]) {
                Some(DateTime)
            } else if is(a, &[TimeSpan]) && is(b, &[DateTime]) {
                Some(DateTime)
            } else {
                dyn_tail(a, b)
            }
        }
        BinaryOp::Mul => {
            if num(a) && num(b) {
                Some(arith_widest(a, b))
            } else if is(a, &[TimeSpan]) && is(b, &[TimeSpan]) {
                Some(TimeSpan)
            } else if (is(a, &[TimeSpan]) && num(b)) || (num(a) && is(b, &[TimeSpan])) {
                Some(TimeSpan)
            } else if (is(a, &[DateTime]) && num(b)) || (num(a) && is(b, &[DateTime])) {
                Some(DateTime)
            } else {
                dyn_tail(a, b)
            }
        }
        BinaryOp::Div | BinaryOp::Mod => {
            let div = op == BinaryOp::Div;
            if num(a) && num(b) {
                Some(arith_widest(a, b))
            } else if is(a, &[TimeSpan]) && is(b, &[TimeSpan]) {
                Some(if div { Real } else { TimeSpan })
            } else if is(a, &[TimeSpan]) && num(b) {
                Some(TimeSpan)
            } else if is(a, &[DateTime]) && is(b, &[DateTime]) {
                Some(if div { Real } else { TimeSpan })
            } else if is(a, &[DateTime]) && is(b, &[TimeSpan]) {
                Some(if div { Real } else { TimeSpan })
            } else if is(a, &[DateTime]) && num(b) {
                Some(DateTime)
            } else {
                dyn_tail(a, b)
            }
        }
        _ => None,
    }
}

/// Whether an ordering comparison (`<`, `>`…) accepts these operand types.
pub(crate) fn orderable_pair(a: T, b: T) -> bool {
    use T::*;
    if a == Unknown || b == Unknown {
        return true;
    }
    let numb = |t: T| NUM.contains(&t) || t == Bool;
    match (a, b) {
        (Bool, x) | (x, Bool) if numb(x) => true,
        (x, y) if NUM.contains(&x) && numb(y) => true,
        (TimeSpan, TimeSpan) | (DateTime, DateTime) => true,
        (Dynamic, _) | (_, Dynamic) => true,
        (String, String) | (Guid, Guid) => true,
        _ => false,
    }
}

/// The common type of branches (`iff`, `case`, `coalesce`): the widest number when all are
/// numbers, the shared type when all agree, else dynamic.
pub(crate) fn common(types: &[T]) -> T {
    let known: Vec<T> = types.iter().copied().filter(|t| *t != T::Unknown).collect();
    let Some(&first) = known.first() else {
        return T::Unknown;
    };
    if known.iter().all(|t| *t == first) {
        return first;
    }
    if known.iter().all(|t| NUM.contains(t)) {
        return widest(&known);
    }
    T::Dynamic
}

/// `sum`'s promotion of its argument (`int` -> `long`).
pub(crate) fn promoted(t: T) -> T {
    match t {
        T::Int => T::Long,
        t => t,
    }
}
