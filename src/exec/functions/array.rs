//! Dynamic arrays: length, slicing, concatenation, search, sorting, sums, element-wise
//! choice, and `range`/`repeat`/`zip` that build them.

use std::cmp::Ordering;

use super::args::{array, boolean, dyn_value, dynamic, int, real};
use super::{EvalContext, Registry, ret_dynamic, ret_long, ret_real};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("array_length", 1, 1, ret_long, array_length);
    r.row("arraylength", 1, 1, ret_long, array_length);
    r.row("array_concat", 1, 64, ret_dynamic, array_concat);
    r.row("array_slice", 3, 3, ret_dynamic, array_slice);
    r.row("array_index_of", 2, 5, ret_long, array_index_of);
    r.row("array_sort_asc", 1, 2, ret_dynamic, |a, _| {
        array_sort(a, false)
    });
    r.row("array_sort_desc", 1, 2, ret_dynamic, |a, _| {
        array_sort(a, true)
    });
    r.row("array_sum", 1, 1, ret_real, array_sum);
    r.row("array_iff", 3, 3, ret_dynamic, array_iff);
    r.row("array_iif", 3, 3, ret_dynamic, array_iff);
    r.row("array_reverse", 1, 1, ret_dynamic, array_reverse);
    r.row("array_rotate_left", 2, 2, ret_dynamic, |a, _| {
        rotate(a, true)
    });
    r.row("array_rotate_right", 2, 2, ret_dynamic, |a, _| {
        rotate(a, false)
    });
    r.row("array_shift_left", 2, 3, ret_dynamic, |a, _| shift(a, true));
    r.row("array_shift_right", 2, 3, ret_dynamic, |a, _| {
        shift(a, false)
    });
    r.row("array_split", 2, 2, ret_dynamic, array_split);
    r.row("range", 2, 3, ret_dynamic, range);
    r.row("repeat", 2, 2, ret_dynamic, repeat);
    r.row("zip", 2, 16, ret_dynamic, zip);
}

/// The most elements `range`/`repeat` build (Kusto caps them at 1,048,576).
const MAX_ELEMENTS: usize = 1 << 20;

fn arr(items: Vec<Dynamic>) -> Value {
    dyn_value(Dynamic::array(items))
}

/// `array_length(array)` (`array-length-function.md`): null for anything but an array.
fn array_length(a: &[Value], _: &EvalContext) -> Value {
    array(&a[0]).map_or(Value::Null, |items| Value::Long(items.len() as i64))
}

/// `array_concat(a1, a2, …)`: one array of all elements; null when an argument is no array.
fn array_concat(a: &[Value], _: &EvalContext) -> Value {
    let mut out = Vec::new();
    for v in a {
        match array(v) {
            Some(items) => out.extend(items.iter().cloned()),
            None => return Value::Null,
        }
    }
    arr(out)
}

/// `array_slice(array, start, end)` (`array-slice-function.md`): inclusive bounds, negative
/// ones counted from the end, out-of-range parts ignored.
fn array_slice(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return Value::Null;
    };
    let (Some(start), Some(end)) = (int(&a[1]), int(&a[2])) else {
        return Value::Null;
    };
    let n = items.len() as i64;
    let start = if start < 0 { n + start } else { start }.max(0);
    let end = if end < 0 { n + end } else { end }.min(n - 1);
    if start > end {
        return arr(Vec::new());
    }
    arr(items[start as usize..=end as usize].to_vec())
}

/// Equality of dynamic elements as `array_index_of`/`set_*` see it: same kind and value.
pub(super) fn same(a: &Dynamic, b: &Dynamic) -> bool {
    match (a, b) {
        (Dynamic::Long(x), Dynamic::Real(y)) | (Dynamic::Real(y), Dynamic::Long(x)) => {
            *x as f64 == *y
        }
        _ => {
            std::mem::discriminant(a) == std::mem::discriminant(b)
                && a.compare(b) == Some(Ordering::Equal)
        }
    }
}

/// `array_index_of(array, value[, start[, length[, occurrence]]])`
/// (`array-index-of-function.md`): the index of the value, -1 when absent; a negative start
/// counts from the end; null for a length below -1 or a negative occurrence.
fn array_index_of(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return Value::Null;
    };
    let needle = a[1].to_dynamic();
    let n = items.len() as i64;
    let mut start = a.get(2).and_then(int).unwrap_or(0);
    if start < 0 {
        start = (n + start).max(0);
    }
    let length = a.get(3).and_then(int).unwrap_or(-1);
    let occurrence = a.get(4).and_then(int).unwrap_or(1);
    if length < -1 || occurrence < 0 {
        return Value::Null;
    }
    let occurrence = occurrence.max(1);
    let end = if length < 0 {
        n
    } else {
        (start + length).min(n)
    };
    let mut seen = 0;
    for i in start..end {
        if same(&items[i as usize], &needle) {
            seen += 1;
            if seen == occurrence {
                return Value::Long(i);
            }
        }
    }
    Value::Long(-1)
}

/// The kind rank of mixed arrays (`array-sort-asc-function.md`): numbers, datetimes and
/// timespans, then strings, then guids, then everything else.
fn kind_rank(d: &Dynamic) -> u8 {
    match d {
        Dynamic::Long(_) | Dynamic::Real(_) | Dynamic::DateTime(_) | Dynamic::TimeSpan(_) => 0,
        Dynamic::String(_) => 1,
        Dynamic::Guid(_) => 2,
        _ => 3,
    }
}

/// Orders non-null elements: by kind rank, then by value within a kind.
fn order(x: &Dynamic, y: &Dynamic) -> Ordering {
    kind_rank(x)
        .cmp(&kind_rank(y))
        .then_with(|| x.compare(y).unwrap_or(Ordering::Equal))
}

/// `array_sort_asc(array1[, …, arrayN][, nulls_last])`/`array_sort_desc`
/// (`array-sort-asc-function.md`): the first array sorted, nulls last unless told otherwise.
/// With several arrays the others follow the first one's reordering (null when their length
/// differs) and the result is the array of sorted arrays, which `[i]` indexes.
fn array_sort(a: &[Value], desc: bool) -> Value {
    let (arrays, nulls_last) = match a.last().and_then(boolean) {
        Some(b) if a.len() > 1 => (&a[..a.len() - 1], b),
        _ => (a, true),
    };
    let Some(first) = array(&arrays[0]) else {
        return Value::Null;
    };
    let mut idx: Vec<usize> = (0..first.len()).collect();
    idx.sort_by(|&i, &j| {
        let (x, y) = (&first[i], &first[j]);
        match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) if nulls_last => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, true) if nulls_last => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) if desc => order(y, x),
            (false, false) => order(x, y),
        }
    });
    let reorder =
        |items: &[Dynamic]| Dynamic::array(idx.iter().map(|&i| items[i].clone()).collect());
    if arrays.len() == 1 {
        return dyn_value(reorder(&first));
    }
    let sorted = arrays
        .iter()
        .map(|v| match array(v) {
            Some(items) if items.len() == first.len() => reorder(&items),
            _ => Dynamic::Null,
        })
        .collect();
    arr(sorted)
}

/// `array_sum(array)`: the sum as a real; null when an element is not a number.
fn array_sum(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return Value::Null;
    };
    let mut sum = 0.0;
    for item in items.iter() {
        match item {
            Dynamic::Long(x) => sum += *x as f64,
            Dynamic::Real(x) => sum += x,
            _ => return Value::Null,
        }
    }
    Value::Real(sum)
}

/// `array_iff(conditions, when_true, when_false)`: element-wise choice; a scalar branch
/// applies to every element; a non-bool condition gives null.
fn array_iff(a: &[Value], _: &EvalContext) -> Value {
    let Some(conds) = array(&a[0]) else {
        return Value::Null;
    };
    let pick = |v: &Value, i: usize| -> Dynamic {
        match dynamic(v) {
            Dynamic::Array(items) => items.get(i).cloned().unwrap_or(Dynamic::Null),
            other => other,
        }
    };
    let out = conds
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let truth = match c {
                Dynamic::Bool(b) => Some(*b),
                Dynamic::Long(x) => Some(*x != 0),
                Dynamic::Real(x) => Some(*x != 0.0),
                _ => None,
            };
            match truth {
                Some(true) => pick(&a[1], i),
                Some(false) => pick(&a[2], i),
                None => Dynamic::Null,
            }
        })
        .collect();
    arr(out)
}

fn array_reverse(a: &[Value], _: &EvalContext) -> Value {
    array(&a[0]).map_or(Value::Null, |items| {
        arr(items.iter().rev().cloned().collect())
    })
}

fn rotate(a: &[Value], left: bool) -> Value {
    let (Some(items), Some(n)) = (array(&a[0]), int(&a[1])) else {
        return Value::Null;
    };
    let mut v = items.as_ref().clone();
    if !v.is_empty() {
        let k = n.rem_euclid(v.len() as i64) as usize;
        if left {
            v.rotate_left(k);
        } else {
            v.rotate_right(k);
        }
    }
    arr(v)
}

/// `array_shift_left(array, n[, fill])`: elements move by `n`; vacated slots take `fill`
/// (null by default). A negative `n` shifts the other way.
fn shift(a: &[Value], left: bool) -> Value {
    let (Some(items), Some(n)) = (array(&a[0]), int(&a[1])) else {
        return Value::Null;
    };
    let fill = a.get(2).map_or(Dynamic::Null, Value::to_dynamic);
    let len = items.len() as i64;
    let n = if left { n } else { -n };
    let out = (0..len)
        .map(|i| {
            let j = i + n;
            if (0..len).contains(&j) {
                items[j as usize].clone()
            } else {
                fill.clone()
            }
        })
        .collect();
    arr(out)
}

/// `array_split(array, index or indices)`: the array cut before each index.
fn array_split(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return Value::Null;
    };
    let n = items.len() as i64;
    let mut cuts: Vec<i64> = match dynamic(&a[1]) {
        Dynamic::Array(ix) => ix.iter().filter_map(|d| d.to_value().as_i64()).collect(),
        other => other.to_value().as_i64().into_iter().collect(),
    };
    for c in &mut cuts {
        if *c < 0 {
            *c += n;
        }
        *c = (*c).clamp(0, n);
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        let c = c.max(from);
        out.push(Dynamic::array(items[from as usize..c as usize].to_vec()));
        from = c;
    }
    out.push(Dynamic::array(items[from as usize..].to_vec()));
    arr(out)
}

/// `range(start, stop[, step])` as a scalar: the array `start, start+step, …` up to `stop`
/// inclusive, for numbers, datetimes (timespan step) and timespans.
fn range(a: &[Value], _: &EvalContext) -> Value {
    let mut out = Vec::new();
    match (&a[0], &a[1]) {
        (Value::DateTime(s), Value::DateTime(e)) | (Value::TimeSpan(s), Value::TimeSpan(e)) => {
            let step = match a.get(2) {
                Some(Value::TimeSpan(t)) => *t,
                Some(_) => return Value::Null,
                None => crate::exec::value::TICKS_PER_HOUR,
            };
            if step == 0 {
                return Value::Null;
            }
            let dt = matches!(a[0], Value::DateTime(_));
            let mut x = *s;
            while (step > 0 && x <= *e) || (step < 0 && x >= *e) {
                out.push(if dt {
                    Dynamic::DateTime(x)
                } else {
                    Dynamic::TimeSpan(x)
                });
                if out.len() >= MAX_ELEMENTS {
                    break;
                }
                x += step;
            }
        }
        (s, e) => {
            let integral = |v: &Value| matches!(v, Value::Int(_) | Value::Long(_));
            let step_v = a.get(2).cloned().unwrap_or(Value::Long(1));
            if integral(s) && integral(e) && integral(&step_v) {
                let (Some(s), Some(e), Some(step)) = (int(s), int(e), int(&step_v)) else {
                    return Value::Null;
                };
                if step == 0 {
                    return Value::Null;
                }
                let mut x = s;
                while (step > 0 && x <= e) || (step < 0 && x >= e) {
                    out.push(Dynamic::Long(x));
                    if out.len() >= MAX_ELEMENTS {
                        break;
                    }
                    x += step;
                }
            } else {
                let (Some(s), Some(e), Some(step)) = (real(s), real(e), real(&step_v)) else {
                    return Value::Null;
                };
                if step == 0.0 || !step.is_finite() {
                    return Value::Null;
                }
                let mut k = 0.0;
                loop {
                    let x = s + k * step;
                    if (step > 0.0 && x > e) || (step < 0.0 && x < e) {
                        break;
                    }
                    out.push(Dynamic::Real(x));
                    if out.len() >= MAX_ELEMENTS {
                        break;
                    }
                    k += 1.0;
                }
            }
        }
    }
    arr(out)
}

/// `repeat(value, count)`: an array of `count` copies.
fn repeat(a: &[Value], _: &EvalContext) -> Value {
    let Some(n) = int(&a[1]) else {
        return Value::Null;
    };
    let n = n.clamp(0, MAX_ELEMENTS as i64) as usize;
    arr(vec![a[0].to_dynamic(); n])
}

/// `zip(a1, a2, …)`: an array of arrays pairing the i-th elements; shorter arrays are
/// padded with null.
fn zip(a: &[Value], _: &EvalContext) -> Value {
    let mut lists = Vec::with_capacity(a.len());
    for v in a {
        match array(v) {
            Some(items) => lists.push(items),
            None => return Value::Null,
        }
    }
    let n = lists.iter().map(|l| l.len()).max().unwrap_or(0);
    let out = (0..n)
        .map(|i| {
            Dynamic::array(
                lists
                    .iter()
                    .map(|l| l.get(i).cloned().unwrap_or(Dynamic::Null))
                    .collect(),
            )
        })
        .collect();
    arr(out)
}
