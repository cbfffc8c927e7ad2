//! Element-wise series functions beside the arithmetic and comparisons of `series.rs`:
//! `series_abs` and `series_sign` (a non-numeric element gives a null element), the fill
//! functions (`series-fill-forward-function.md`, `-backward-`, `-const-`, `-linear-`) and
//! `series_pearson_correlation`.

use super::args::{array, boolean, dyn_value, real};
use super::{EvalContext, Registry, ret_dynamic, ret_real};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("series_abs", 1, 1, ret_dynamic, series_abs);
    r.row("series_sign", 1, 1, ret_dynamic, series_sign);
    r.row(
        "series_fill_forward",
        1,
        2,
        ret_dynamic,
        series_fill_forward,
    );
    r.row(
        "series_fill_backward",
        1,
        2,
        ret_dynamic,
        series_fill_backward,
    );
    r.row("series_fill_const", 2, 3, ret_dynamic, series_fill_const);
    r.row("series_fill_linear", 1, 4, ret_dynamic, series_fill_linear);
    r.row(
        "series_pearson_correlation",
        2,
        2,
        ret_real,
        series_pearson_correlation,
    );
}

/// A numeric element: longs stay longs (`series_abs`, `series_sign`, the fills keep the type).
#[derive(Clone, Copy)]
enum Num {
    Long(i64),
    Real(f64),
}

impl Num {
    fn of(d: &Dynamic) -> Option<Num> {
        match d {
            Dynamic::Long(x) => Some(Num::Long(*x)),
            Dynamic::Real(x) => Some(Num::Real(*x)),
            Dynamic::Bool(b) => Some(Num::Long(*b as i64)),
            _ => None,
        }
    }

    fn f(self) -> f64 {
        match self {
            Num::Long(x) => x as f64,
            Num::Real(x) => x,
        }
    }
}

fn unary(a: &[Value], f: impl Fn(Num) -> Dynamic) -> Value {
    match array(&a[0]) {
        Some(items) => dyn_value(Dynamic::array(
            items
                .iter()
                .map(|d| Num::of(d).map_or(Dynamic::Null, &f))
                .collect(),
        )),
        None => Value::Null,
    }
}

fn series_abs(a: &[Value], _: &EvalContext) -> Value {
    unary(a, |n| match n {
        Num::Long(x) => x.checked_abs().map_or(Dynamic::Null, Dynamic::Long),
        Num::Real(x) => Dynamic::Real(x.abs()),
    })
}

fn series_sign(a: &[Value], _: &EvalContext) -> Value {
    unary(a, |n| match n {
        Num::Long(x) => Dynamic::Long(x.signum()),
        Num::Real(x) if x.is_nan() => Dynamic::Null,
        Num::Real(0.0) => Dynamic::Real(0.0),
        Num::Real(x) => Dynamic::Real(x.signum()),
    })
}

/// Whether an element is the missing-value placeholder: null by default (`double(null)`,
/// `long(null)` and `int(null)` mean the same), else an element equal to the given number.
fn is_missing(d: &Dynamic, placeholder: Option<&Value>) -> bool {
    match placeholder.and_then(real) {
        Some(p) => Num::of(d).is_some_and(|n| n.f() == p),
        None => matches!(d, Dynamic::Null),
    }
}

/// The series' elements (`None` when it is no array) with a missing flag per element.
fn elements(a: &[Value], placeholder: Option<&Value>) -> Option<(Vec<Dynamic>, Vec<bool>)> {
    let items = array(&a[0])?;
    let missing = items.iter().map(|d| is_missing(d, placeholder)).collect();
    Some((items.to_vec(), missing))
}

/// `series_fill_forward(series[, placeholder])`: each missing element takes the nearest
/// value on its left; leading missing elements stay.
fn series_fill_forward(a: &[Value], _: &EvalContext) -> Value {
    let Some((mut xs, missing)) = elements(a, a.get(1)) else {
        return Value::Null;
    };
    let mut last: Option<Dynamic> = None;
    for (x, m) in xs.iter_mut().zip(missing) {
        match (m, &last) {
            (true, Some(v)) => *x = v.clone(),
            (false, _) => last = Some(x.clone()),
            _ => {}
        }
    }
    dyn_value(Dynamic::array(xs))
}

/// `series_fill_backward(series[, placeholder])`: each missing element takes the nearest
/// value on its right; trailing missing elements stay.
fn series_fill_backward(a: &[Value], _: &EvalContext) -> Value {
    let Some((mut xs, missing)) = elements(a, a.get(1)) else {
        return Value::Null;
    };
    let mut next: Option<Dynamic> = None;
    for (x, m) in xs.iter_mut().zip(missing).rev() {
        match (m, &next) {
            (true, Some(v)) => *x = v.clone(),
            (false, _) => next = Some(x.clone()),
            _ => {}
        }
    }
    dyn_value(Dynamic::array(xs))
}

/// `series_fill_const(series, constant_value[, placeholder])`.
fn series_fill_const(a: &[Value], _: &EvalContext) -> Value {
    let Some((mut xs, missing)) = elements(a, a.get(2)) else {
        return Value::Null;
    };
    let fill = a[1].to_dynamic();
    for (x, m) in xs.iter_mut().zip(missing) {
        if m {
            *x = fill.clone();
        }
    }
    dyn_value(Dynamic::array(xs))
}

/// `series_fill_linear(series[, placeholder[, fill_edges[, constant_value]]])`: missing
/// elements between two values are interpolated; at the edges they take the nearest value
/// unless `fill_edges` is false; an array with no value at all is filled with
/// `constant_value` (0 by default). The element type is kept: an array of longs only gets
/// long results, truncated as the page's table shows (73.5 → 73, 32.667 → 32).
fn series_fill_linear(a: &[Value], _: &EvalContext) -> Value {
    let Some((xs, missing)) = elements(a, a.get(1)) else {
        return Value::Null;
    };
    let fill_edges = a.get(2).and_then(boolean).unwrap_or(true);
    let known: Vec<(usize, f64)> = xs
        .iter()
        .zip(&missing)
        .enumerate()
        .filter(|(_, (_, m))| !**m)
        .filter_map(|(i, (d, _))| Num::of(d).map(|n| (i, n.f())))
        .collect();
    if known.is_empty() {
        let fill = match a.get(3) {
            Some(v) => v.to_dynamic(),
            None => Dynamic::Real(0.0),
        };
        return dyn_value(Dynamic::array(vec![fill; xs.len()]));
    }
    let longs = xs
        .iter()
        .all(|d| matches!(d, Dynamic::Long(_) | Dynamic::Null));
    let make = |x: f64| {
        if longs {
            Dynamic::Long(x.trunc() as i64)
        } else {
            Dynamic::Real(x)
        }
    };
    let mut out = xs.clone();
    let (first, last) = (known[0], known[known.len() - 1]);
    for (i, x) in out.iter_mut().enumerate() {
        if !missing[i] {
            continue;
        }
        if i < first.0 {
            if fill_edges {
                *x = make(first.1);
            }
        } else if i > last.0 {
            if fill_edges {
                *x = make(last.1);
            }
        } else {
            let k = known.partition_point(|(j, _)| *j < i);
            let (i0, y0) = known[k - 1];
            let (i1, y1) = known[k];
            *x = make(y0 + (y1 - y0) * (i - i0) as f64 / (i1 - i0) as f64);
        }
    }
    dyn_value(Dynamic::array(out))
}

/// `series_pearson_correlation(series1, series2)`: the Pearson correlation coefficient of
/// two numeric series of the same length; null otherwise.
fn series_pearson_correlation(a: &[Value], _: &EvalContext) -> Value {
    let (Some(xs), Some(ys)) = (array(&a[0]), array(&a[1])) else {
        return Value::Null;
    };
    if xs.len() != ys.len() || xs.is_empty() {
        return Value::Null;
    }
    let mut pairs = Vec::with_capacity(xs.len());
    for (x, y) in xs.iter().zip(ys.iter()) {
        match (Num::of(x), Num::of(y)) {
            (Some(x), Some(y)) => pairs.push((x.f(), y.f())),
            _ => return Value::Null,
        }
    }
    let n = pairs.len() as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    let r = sxy / (sxx * syy).sqrt();
    if r.is_finite() {
        Value::Real(r)
    } else {
        Value::Null
    }
}
