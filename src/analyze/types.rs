//! Result types of KQL's operators, after Kusto.Language's operator signatures: the first
//! signature whose parameters accept the operands wins, an unresolved operand accepts anything.

use crate::kql::ast::BinaryOp;
use crate::kql::types::ScalarType as T;

fn is(t: T, want: &[T]) -> bool {
    t == T::Unknown || want.contains(&t)
}

const NUM: &[T] = &[T::Int, T::Long, T::Real, T::Decimal];

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

#[derive(Clone, Copy)]
enum R {
    Widest,
    Fixed(T),
    Left,
    Right,
}

const TS: &[T] = &[T::TimeSpan];
const DT: &[T] = &[T::DateTime];
const DYN: &[T] = &[T::Dynamic];
const INT: &[T] = &[T::Int];
const DT_TS: &[T] = &[T::DateTime, T::TimeSpan];
const SCAL: &[T] = &[
    T::Int,
    T::Long,
    T::Real,
    T::Decimal,
    T::TimeSpan,
    T::DateTime,
];

/// Kusto.Language's signatures of the arithmetic operators, in its order.
fn signatures(op: BinaryOp) -> &'static [(&'static [T], &'static [T], R)] {
    use R::*;
    const ADD: &[(&[T], &[T], R)] = &[
        (NUM, NUM, Widest),
        (TS, TS, Fixed(T::TimeSpan)),
        (DT_TS, DT_TS, Fixed(T::DateTime)),
        (DYN, DYN, Fixed(T::Dynamic)),
        (DYN, INT, Fixed(T::Long)),
        (INT, DYN, Fixed(T::Long)),
        (DYN, SCAL, Right),
        (SCAL, DYN, Left),
    ];
    const SUB: &[(&[T], &[T], R)] = &[
        (NUM, NUM, Widest),
        (TS, TS, Fixed(T::TimeSpan)),
        (DT, DT, Fixed(T::TimeSpan)),
        (DT, DYN, Fixed(T::TimeSpan)),
        (DYN, DT, Fixed(T::TimeSpan)),
        (DT, TS, Fixed(T::DateTime)),
        (TS, DT, Fixed(T::DateTime)),
        (DYN, DYN, Fixed(T::Dynamic)),
        (DYN, INT, Fixed(T::Long)),
        (INT, DYN, Fixed(T::Long)),
        (DYN, SCAL, Right),
        (SCAL, DYN, Left),
    ];
    const MUL: &[(&[T], &[T], R)] = &[
        (NUM, NUM, Widest),
        (TS, TS, Fixed(T::TimeSpan)),
        (TS, NUM, Fixed(T::TimeSpan)),
        (NUM, TS, Fixed(T::TimeSpan)),
        (DT, NUM, Fixed(T::DateTime)),
        (NUM, DT, Fixed(T::DateTime)),
        (DYN, DYN, Fixed(T::Dynamic)),
        (DYN, INT, Fixed(T::Long)),
        (INT, DYN, Fixed(T::Long)),
        (DYN, NUM, Right),
        (NUM, DYN, Left),
    ];
    const DIV: &[(&[T], &[T], R)] = &[
        (NUM, NUM, Widest),
        (TS, TS, Fixed(T::Real)),
        (TS, NUM, Fixed(T::TimeSpan)),
        (DT, DT, Fixed(T::Real)),
        (DT, TS, Fixed(T::Real)),
        (DT, NUM, Fixed(T::DateTime)),
        (DYN, DYN, Fixed(T::Dynamic)),
        (DYN, INT, Fixed(T::Long)),
        (INT, DYN, Fixed(T::Long)),
        (DYN, NUM, Right),
        (NUM, DYN, Left),
    ];
    const MOD: &[(&[T], &[T], R)] = &[
        (NUM, NUM, Widest),
        (TS, TS, Fixed(T::TimeSpan)),
        (TS, NUM, Fixed(T::TimeSpan)),
        (DT, DT, Fixed(T::TimeSpan)),
        (DT, TS, Fixed(T::TimeSpan)),
        (DT, NUM, Fixed(T::DateTime)),
        (DYN, DYN, Fixed(T::Dynamic)),
        (DYN, INT, Fixed(T::Long)),
        (INT, DYN, Fixed(T::Long)),
        (DYN, NUM, Right),
        (NUM, DYN, Left),
    ];
    match op {
        BinaryOp::Add => ADD,
        BinaryOp::Sub => SUB,
        BinaryOp::Mul => MUL,
        BinaryOp::Div => DIV,
        BinaryOp::Mod => MOD,
        _ => &[],
    }
}

/// The type of `a op b` for arithmetic; `None` when no signature accepts the operands. With an
/// unresolved operand several signatures may match: their common result, else unresolved.
pub(crate) fn arithmetic(op: BinaryOp, a: T, b: T) -> Option<T> {
    let mut result: Option<T> = None;
    for &(pa, pb, r) in signatures(op) {
        if !(is(a, pa) && is(b, pb)) {
            continue;
        }
        let t = match r {
            R::Widest => arith_widest(a, b),
            R::Fixed(t) => t,
            R::Left => a,
            R::Right => b,
        };
        match result {
            None => result = Some(t),
            Some(prev) if prev != t => return Some(T::Unknown),
            Some(_) => {}
        }
    }
    result
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

/// The common type of `iff`/`case` branches: dynamic gives way to any other type, numbers
/// widen, and types that do not agree give dynamic. Unresolved branches are left out.
pub(crate) fn common(types: &[T]) -> T {
    fold_common(types, false, T::Dynamic)
}

/// The common type of `coalesce`, `max_of` and `min_of` arguments, as Kusto.Language computes
/// it (`TypeFacts.TryGetCommonType` with promotion only): numbers widen, any dynamic argument
/// makes the result dynamic, and types that do not agree (`string` and `long`) have none, so
/// the result is unknown. Unresolved arguments are left out.
pub(crate) fn common_promoted(types: &[T]) -> T {
    fold_common(types, true, T::Unknown)
}

/// Folds resolved types into one: equal types stay, numbers widen, a dynamic one wins or gives
/// way (`dynamic_wins`), and two types that do neither give `mismatch`.
fn fold_common(types: &[T], dynamic_wins: bool, mismatch: T) -> T {
    let mut result: Option<T> = None;
    for &t in types.iter().filter(|&&t| t != T::Unknown) {
        result = Some(match result {
            None => t,
            Some(r) if r == t => r,
            Some(r) if r == T::Dynamic || t == T::Dynamic => {
                if dynamic_wins {
                    T::Dynamic
                } else if r == T::Dynamic {
                    t
                } else {
                    r
                }
            }
            Some(r) if promotable(r, t) => t,
            Some(r) if promotable(t, r) => r,
            Some(_) => return mismatch,
        });
    }
    result.unwrap_or(T::Unknown)
}

/// The type two columns of one name become when they must be one (`find`'s common columns,
/// Kusto.Language's `TryGetCommonType` with conversion to dynamic): numbers widen, an unknown
/// type stays unknown, and types that do not agree become dynamic.
pub(crate) fn common_or_dynamic(a: T, b: T) -> T {
    match (a, b) {
        _ if a == b => a,
        (T::Unknown, _) | (_, T::Unknown) => T::Unknown,
        _ if promotable(a, b) => b,
        _ if promotable(b, a) => a,
        _ => T::Dynamic,
    }
}

/// Whether a value of type `from` widens to `to` (int -> long -> decimal/real).
pub(crate) fn promotable(from: T, to: T) -> bool {
    let rank = |t: T| match t {
        T::Int => 1,
        T::Long => 2,
        T::Real => 3,
        T::Decimal => 4,
        _ => 0,
    };
    rank(from) > 0 && rank(to) > rank(from)
}

/// `sum`'s promotion of its argument (`int` -> `long`).
pub(crate) fn promoted(t: T) -> T {
    match t {
        T::Int => T::Long,
        t => t,
    }
}
