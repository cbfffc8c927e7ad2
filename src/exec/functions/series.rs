//! Series (numeric dynamic arrays): the functions the corpus uses. The ones that return
//! several values (`series_fit_line`, `series_stats`, `series_decompose`,
//! `series_decompose_anomalies`) return a property bag with one key per output column, in
//! the order the analysis names them (`analyze::ops::tuple_members`); the engine spreads the
//! bag over the columns.

use std::sync::Arc;

use super::args::{array, boolean, dyn_value, int, real, text};
use super::{EvalContext, Registry, ret_dynamic};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.row("series_fit_line", 1, 1, ret_dynamic, series_fit_line);
    r.row(
        "series_fit_line_dynamic",
        1,
        1,
        ret_dynamic,
        series_fit_line,
    );
    r.row("series_stats", 1, 2, ret_dynamic, series_stats);
    r.row("series_stats_dynamic", 1, 2, ret_dynamic, series_stats);
    r.row("series_outliers", 1, 6, ret_dynamic, series_outliers);
    r.row("series_decompose", 1, 5, ret_dynamic, series_decompose);
    r.row(
        "series_decompose_anomalies",
        1,
        7,
        ret_dynamic,
        series_decompose_anomalies,
    );
    r.row("series_add", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Add)
    });
    r.row("series_subtract", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Sub)
    });
    r.row("series_multiply", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Mul)
    });
    r.row("series_divide", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Div)
    });
    r.row("series_pow", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Pow)
    });
    r.row("series_greater", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Gt)
    });
    r.row("series_greater_equals", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Ge)
    });
    r.row("series_less", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Lt)
    });
    r.row("series_less_equals", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Le)
    });
    r.row("series_equals", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Eq)
    });
    r.row("series_not_equals", 2, 2, ret_dynamic, |a, _| {
        elementwise(a, Op::Ne)
    });
}

/// The numbers of a series; nulls and non-numbers are `None`.
fn numbers(v: &Value) -> Option<Vec<Option<f64>>> {
    let items = array(v)?;
    Some(
        items
            .iter()
            .map(|d| match d {
                Dynamic::Long(x) => Some(*x as f64),
                Dynamic::Real(x) => Some(*x),
                Dynamic::Bool(b) => Some(*b as i64 as f64),
                _ => None,
            })
            .collect(),
    )
}

fn reals(xs: &[f64]) -> Dynamic {
    Dynamic::array(xs.iter().map(|x| Dynamic::Real(*x)).collect())
}

fn bag(items: Vec<(&str, Dynamic)>) -> Value {
    dyn_value(Dynamic::bag(
        items.into_iter().map(|(k, v)| (Arc::from(k), v)).collect(),
    ))
}

fn null_real(x: f64) -> Dynamic {
    if x.is_finite() {
        Dynamic::Real(x)
    } else {
        Dynamic::Null
    }
}

/// Least squares over x = 1…n: (slope, interception).
fn line(ys: &[f64]) -> (f64, f64) {
    let n = ys.len() as f64;
    if ys.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mx = (n + 1.0) / 2.0;
    let my = ys.iter().sum::<f64>() / n;
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, y) in ys.iter().enumerate() {
        let dx = (i + 1) as f64 - mx;
        sxy += dx * (y - my);
        sxx += dx * dx;
    }
    let slope = if sxx == 0.0 { 0.0 } else { sxy / sxx };
    (slope, my - slope * mx)
}

/// `series_fit_line(series)` (`series-fit-line-function.md`): x runs 1…n; `variance` and
/// `rvariance` divide by n − 1 (the page's 98.628 and 1.686 for its example series).
fn series_fit_line(a: &[Value], _: &EvalContext) -> Value {
    let Some(ys) = numbers(&a[0]) else {
        return Value::Null;
    };
    let ys: Vec<f64> = ys.into_iter().map(|y| y.unwrap_or(0.0)).collect();
    let n = ys.len() as f64;
    let (slope, icpt) = line(&ys);
    let fit: Vec<f64> = (1..=ys.len()).map(|x| slope * x as f64 + icpt).collect();
    let my = ys.iter().sum::<f64>() / n;
    let ss_tot: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    let ss_res: f64 = ys.iter().zip(&fit).map(|(y, f)| (y - f).powi(2)).sum();
    let rsquare = if ss_tot == 0.0 {
        1.0
    } else {
        1.0 - ss_res / ss_tot
    };
    bag(vec![
        ("rsquare", null_real(rsquare)),
        ("slope", null_real(slope)),
        ("variance", null_real(ss_tot / (n - 1.0))),
        ("rvariance", null_real(ss_res / (n - 1.0))),
        ("interception", null_real(icpt)),
        ("line_fit", reals(&fit)),
    ])
}

/// `series_stats(series[, ignore_nonfinite])` (`series-stats-function.md`): min, min_idx,
/// max, max_idx, avg, stdev, variance (sample). Non-finite elements make every statistic
/// null unless `ignore_nonfinite` is true.
fn series_stats(a: &[Value], _: &EvalContext) -> Value {
    let Some(ys) = numbers(&a[0]) else {
        return Value::Null;
    };
    let ignore = a.get(1).and_then(boolean).unwrap_or(false);
    let finite = ys.iter().all(|y| y.is_some_and(f64::is_finite));
    let vals: Vec<(usize, f64)> = ys
        .iter()
        .enumerate()
        .filter_map(|(i, y)| y.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect();
    let keys = [
        "min", "min_idx", "max", "max_idx", "avg", "stdev", "variance",
    ];
    if (!finite && !ignore) || vals.is_empty() {
        return bag(keys.iter().map(|k| (*k, Dynamic::Null)).collect());
    }
    let mut min = vals[0];
    let mut max = vals[0];
    for &(i, v) in &vals {
        if v < min.1 {
            min = (i, v);
        }
        if v > max.1 {
            max = (i, v);
        }
    }
    let n = vals.len() as f64;
    let avg = vals.iter().map(|v| v.1).sum::<f64>() / n;
    let variance = if vals.len() > 1 {
        vals.iter().map(|v| (v.1 - avg).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    bag(vec![
        ("min", Dynamic::Real(min.1)),
        ("min_idx", Dynamic::Long(min.0 as i64)),
        ("max", Dynamic::Real(max.1)),
        ("max_idx", Dynamic::Long(max.0 as i64)),
        ("avg", Dynamic::Real(avg)),
        ("stdev", Dynamic::Real(variance.sqrt())),
        ("variance", Dynamic::Real(variance)),
    ])
}

/// The p-th percentile (0–100) of sorted values, interpolating linearly between ranks.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
}

/// Tukey scores (`series-outliers-function.md`): 0 inside [Q_low, Q_high], else the distance
/// beyond the nearer quantile in units of the interquantile range; above 1.5 (below -1.5) is
/// a rise (decline) anomaly. Missing values score 0.
fn tukey_scores(ys: &[Option<f64>], low: f64, high: f64) -> Vec<f64> {
    let mut sorted: Vec<f64> = ys
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    sorted.sort_by(f64::total_cmp);
    let q1 = percentile(&sorted, low);
    let q3 = percentile(&sorted, high);
    let iqr = q3 - q1;
    ys.iter()
        .map(|y| match y {
            Some(v) if v.is_finite() && iqr > 0.0 => {
                if *v > q3 {
                    (v - q3) / iqr
                } else if *v < q1 {
                    (v - q1) / iqr
                } else {
                    0.0
                }
            }
            _ => 0.0,
        })
        .collect()
}

/// The quantile pair of an outlier `kind`: `tukey` 25/75, `ctukey` 10/90 unless given.
fn kind_range(kind: &str, min_pct: Option<f64>, max_pct: Option<f64>) -> Option<(f64, f64)> {
    match kind.to_ascii_lowercase().as_str() {
        "tukey" => Some((25.0, 75.0)),
        "ctukey" | "" => Some((min_pct.unwrap_or(10.0), max_pct.unwrap_or(90.0))),
        _ => None,
    }
}

/// `series_outliers(series[, kind[, ignore_val[, min_percentile[, max_percentile]]]])`.
fn series_outliers(a: &[Value], _: &EvalContext) -> Value {
    let Some(mut ys) = numbers(&a[0]) else {
        return Value::Null;
    };
    let kind = a.get(1).map(|v| text(v).into_owned()).unwrap_or_default();
    if let Some(ignore) = a.get(2).and_then(real) {
        for y in &mut ys {
            if *y == Some(ignore) {
                *y = None;
            }
        }
    }
    let Some((lo, hi)) = kind_range(&kind, a.get(3).and_then(real), a.get(4).and_then(real)) else {
        return Value::Null;
    };
    dyn_value(reals(&tukey_scores(&ys, lo, hi)))
}

/// The parts of a decomposition.
struct Decomposition {
    baseline: Vec<f64>,
    seasonal: Vec<f64>,
    trend: Vec<f64>,
    residual: Vec<f64>,
}

/// `series_decompose` (`series-decompose-function.md`): the seasonal part is the median of
/// the points of each phase, the trend the average or line fit of the deseasonalized series
/// (over all but the `test_points` last points), baseline = seasonal + trend, residual =
/// series − baseline. Automatic period detection (`-1`, the default) finds no period here:
/// the engine has no `series_periods_detect`, so such calls decompose without seasonality.
fn decompose(ys: &[f64], period: i64, trend: &str, test_points: usize) -> Option<Decomposition> {
    let n = ys.len();
    let learn = n.saturating_sub(test_points).max(1).min(n);
    let seasonal: Vec<f64> = if period > 1 && (period as usize) < n {
        let p = period as usize;
        let medians: Vec<f64> = (0..p)
            .map(|phase| {
                let mut v: Vec<f64> = (phase..learn).step_by(p).map(|i| ys[i]).collect();
                v.sort_by(f64::total_cmp);
                if v.is_empty() {
                    0.0
                } else if v.len() % 2 == 1 {
                    v[v.len() / 2]
                } else {
                    (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
                }
            })
            .collect();
        (0..n).map(|i| medians[i % p]).collect()
    } else {
        vec![0.0; n]
    };
    let deseason: Vec<f64> = ys.iter().zip(&seasonal).map(|(y, s)| y - s).collect();
    let trend: Vec<f64> = match trend.to_ascii_lowercase().as_str() {
        "avg" | "" => {
            let avg = deseason[..learn].iter().sum::<f64>() / learn as f64;
            vec![avg; n]
        }
        "linefit" => {
            let (slope, icpt) = line(&deseason[..learn]);
            (1..=n).map(|x| slope * x as f64 + icpt).collect()
        }
        "none" => vec![0.0; n],
        _ => return None,
    };
    let baseline: Vec<f64> = seasonal.iter().zip(&trend).map(|(s, t)| s + t).collect();
    let residual: Vec<f64> = ys.iter().zip(&baseline).map(|(y, b)| y - b).collect();
    Some(Decomposition {
        baseline,
        seasonal,
        trend,
        residual,
    })
}

fn filled(v: &Value) -> Option<Vec<f64>> {
    Some(numbers(v)?.into_iter().map(|y| y.unwrap_or(0.0)).collect())
}

/// `series_decompose(series[, period[, trend[, test_points[, threshold]]]])`.
fn series_decompose(a: &[Value], _: &EvalContext) -> Value {
    let Some(ys) = filled(&a[0]) else {
        return Value::Null;
    };
    let period = a.get(1).and_then(int).unwrap_or(-1);
    let trend = a.get(2).map(|v| text(v).into_owned()).unwrap_or_default();
    let test_points = a.get(3).and_then(int).unwrap_or(0).max(0) as usize;
    let Some(d) = decompose(&ys, period, &trend, test_points) else {
        return Value::Null;
    };
    bag(vec![
        ("baseline", reals(&d.baseline)),
        ("seasonal", reals(&d.seasonal)),
        ("trend", reals(&d.trend)),
        ("residual", reals(&d.residual)),
    ])
}

/// `series_decompose_anomalies(series[, threshold[, period[, trend[, test_points[, method
/// [, seasonality_threshold]]]]]])` (`series-decompose-anomalies-function.md`): outlier scores
/// of the residual; flags +1/-1 beyond ±threshold (default 1.5).
fn series_decompose_anomalies(a: &[Value], _: &EvalContext) -> Value {
    let Some(ys) = filled(&a[0]) else {
        return Value::Null;
    };
    let threshold = a.get(1).and_then(real).unwrap_or(1.5);
    let period = a.get(2).and_then(int).unwrap_or(-1);
    let trend = a.get(3).map(|v| text(v).into_owned()).unwrap_or_default();
    let test_points = a.get(4).and_then(int).unwrap_or(0).max(0) as usize;
    let method = a.get(5).map(|v| text(v).into_owned()).unwrap_or_default();
    let Some(d) = decompose(&ys, period, &trend, test_points) else {
        return Value::Null;
    };
    let Some((lo, hi)) = kind_range(&method, None, None) else {
        return Value::Null;
    };
    let residual: Vec<Option<f64>> = d.residual.iter().map(|r| Some(*r)).collect();
    let scores = tukey_scores(&residual, lo, hi);
    let flags: Vec<Dynamic> = scores
        .iter()
        .map(|s| {
            Dynamic::Long(if *s > threshold {
                1
            } else if *s < -threshold {
                -1
            } else {
                0
            })
        })
        .collect();
    bag(vec![
        ("ad_flag", Dynamic::array(flags)),
        ("ad_score", reals(&scores)),
        ("baseline", reals(&d.baseline)),
    ])
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

/// One operand of an element-wise operation: a series, or a number applied to every element.
enum Operand {
    Series(Arc<Vec<Dynamic>>),
    Number(Dynamic),
}

impl Operand {
    fn of(v: &Value) -> Option<Operand> {
        if let Some(items) = array(v) {
            return Some(Operand::Series(items));
        }
        match v.to_dynamic() {
            d @ (Dynamic::Long(_) | Dynamic::Real(_)) => Some(Operand::Number(d)),
            _ => None,
        }
    }

    fn len(&self) -> Option<usize> {
        match self {
            Operand::Series(items) => Some(items.len()),
            Operand::Number(_) => None,
        }
    }

    fn at(&self, i: usize) -> Option<&Dynamic> {
        match self {
            Operand::Series(items) => items.get(i),
            Operand::Number(d) => Some(d),
        }
    }
}

/// `series_add(s1, s2)` and the other element-wise operations (`series-add-function.md`,
/// `series-greater-function.md`): either side may be a number; a non-numeric or missing
/// element (series of different lengths) gives null. Longs stay longs under `+ - *`.
fn elementwise(a: &[Value], op: Op) -> Value {
    let (Some(x), Some(y)) = (Operand::of(&a[0]), Operand::of(&a[1])) else {
        return Value::Null;
    };
    let n = match (x.len(), y.len()) {
        (Some(p), Some(q)) => p.max(q),
        (Some(p), None) | (None, Some(p)) => p,
        (None, None) => return Value::Null,
    };
    let out = (0..n)
        .map(|i| match (x.at(i), y.at(i)) {
            (Some(p), Some(q)) => apply(p, q, op),
            _ => Dynamic::Null,
        })
        .collect();
    dyn_value(Dynamic::array(out))
}

fn apply(p: &Dynamic, q: &Dynamic, op: Op) -> Dynamic {
    if let (Dynamic::Long(x), Dynamic::Long(y)) = (p, q) {
        let r = match op {
            Op::Add => x.checked_add(*y),
            Op::Sub => x.checked_sub(*y),
            Op::Mul => x.checked_mul(*y),
            _ => None,
        };
        if let Some(r) = r {
            return Dynamic::Long(r);
        }
    }
    let num = |d: &Dynamic| match d {
        Dynamic::Long(v) => Some(*v as f64),
        Dynamic::Real(v) => Some(*v),
        _ => None,
    };
    let (Some(x), Some(y)) = (num(p), num(q)) else {
        return Dynamic::Null;
    };
    match op {
        Op::Add => Dynamic::Real(x + y),
        Op::Sub => Dynamic::Real(x - y),
        Op::Mul => Dynamic::Real(x * y),
        Op::Div => Dynamic::Real(x / y),
        Op::Pow => Dynamic::Real(x.powf(y)),
        Op::Gt => Dynamic::Bool(x > y),
        Op::Ge => Dynamic::Bool(x >= y),
        Op::Lt => Dynamic::Bool(x < y),
        Op::Le => Dynamic::Bool(x <= y),
        Op::Eq => Dynamic::Bool(x == y),
        Op::Ne => Dynamic::Bool(x != y),
    }
}

/// One column per member of the bags in `col` (a row without a bag gives nulls).
pub(super) fn spread(col: &Column, members: &[(&str, ScalarType)]) -> Vec<Column> {
    members
        .iter()
        .map(|(key, ty)| {
            let mut b = ColumnBuilder::new(*ty, col.len());
            for i in 0..col.len() {
                let v = match col.get(i) {
                    Value::Dynamic(d) => d.get(key).cloned().unwrap_or(Dynamic::Null),
                    _ => Dynamic::Null,
                };
                match ty {
                    ScalarType::Dynamic => b.push(&Value::Dynamic(v)),
                    _ => b.push(&super::conversion::convert(&v.to_value(), *ty)),
                }
            }
            b.finish()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{line, percentile};

    #[test]
    fn line_fit_of_the_documented_series() {
        let ys = [
            2.0, 5.0, 6.0, 8.0, 11.0, 15.0, 17.0, 18.0, 25.0, 26.0, 30.0, 30.0,
        ];
        let (slope, icpt) = line(&ys);
        assert!((slope - 2.7307692).abs() < 1e-6);
        assert!((icpt + 1.6666667).abs() < 1e-6);
    }

    #[test]
    fn percentiles_interpolate() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 25.0), 2.0);
        assert_eq!(percentile(&[1.0, 2.0], 50.0), 1.5);
    }
}
