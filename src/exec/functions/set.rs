//! Set operations over dynamic arrays: `set_union`, `set_intersect`, `set_difference`,
//! `set_has_element`, `jaccard_index`. Results keep first-seen order, without duplicates.

use super::args::{array, dyn_value};
use super::array::same;
use super::{EvalContext, Registry, ret_bool, ret_dynamic};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("set_union", 1, 64, ret_dynamic, set_union);
    r.row("set_intersect", 1, 64, ret_dynamic, set_intersect);
    r.row("set_difference", 1, 64, ret_dynamic, set_difference);
    r.row("set_has_element", 2, 2, ret_bool, set_has_element);
    r.row("jaccard_index", 2, 2, ret_dynamic, jaccard_index);
}

fn push_distinct(out: &mut Vec<Dynamic>, d: &Dynamic) {
    if !out.iter().any(|x| same(x, d)) {
        out.push(d.clone());
    }
}

fn arrays(a: &[Value]) -> Option<Vec<std::sync::Arc<Vec<Dynamic>>>> {
    a.iter().map(array).collect()
}

/// `set_union(a1, a2, …)` (`set-union-function.md`): the distinct values of all arrays.
fn set_union(a: &[Value], _: &EvalContext) -> Value {
    let Some(lists) = arrays(a) else {
        return Value::Null;
    };
    let mut out = Vec::new();
    for l in &lists {
        for d in l.iter() {
            push_distinct(&mut out, d);
        }
    }
    dyn_value(Dynamic::array(out))
}

/// `set_intersect(a1, a2, …)`: the distinct values in every array.
fn set_intersect(a: &[Value], _: &EvalContext) -> Value {
    let Some(lists) = arrays(a) else {
        return Value::Null;
    };
    let mut out = Vec::new();
    if let Some((first, rest)) = lists.split_first() {
        for d in first.iter() {
            if rest.iter().all(|l| l.iter().any(|x| same(x, d))) {
                push_distinct(&mut out, d);
            }
        }
    }
    dyn_value(Dynamic::array(out))
}

/// `set_difference(a1, a2, …)`: the distinct values of the first array in none of the others.
fn set_difference(a: &[Value], _: &EvalContext) -> Value {
    let Some(lists) = arrays(a) else {
        return Value::Null;
    };
    let mut out = Vec::new();
    if let Some((first, rest)) = lists.split_first() {
        for d in first.iter() {
            if !rest.iter().any(|l| l.iter().any(|x| same(x, d))) {
                push_distinct(&mut out, d);
            }
        }
    }
    dyn_value(Dynamic::array(out))
}

/// `set_has_element(array, value)`.
fn set_has_element(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return Value::Null;
    };
    let needle = a[1].to_dynamic();
    Value::Bool(items.iter().any(|x| same(x, &needle)))
}

/// `jaccard_index(a1, a2)`: |intersection| / |union| of the distinct values, as a dynamic
/// real (the catalog types the result dynamic).
fn jaccard_index(a: &[Value], ctx: &EvalContext) -> Value {
    let (Value::Dynamic(Dynamic::Array(i)), Value::Dynamic(Dynamic::Array(u))) =
        (set_intersect(a, ctx), set_union(a, ctx))
    else {
        return Value::Null;
    };
    if u.is_empty() {
        return dyn_value(Dynamic::Real(0.0));
    }
    dyn_value(Dynamic::Real(i.len() as f64 / u.len() as f64))
}
