//! The scalar side of the engine's exact HyperLogLog stand-in (see
//! `aggregates/count.rs`): `dcount_hll(sketch)` counts the distinct values a sketch holds,
//! `hll_merge(s1, s2, …)` unions sketches.

use super::{EvalContext, Registry, ret_dynamic, ret_long};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("dcount_hll", 1, 1, ret_long, dcount_hll);
    r.row("hll_merge", 2, 64, ret_dynamic, hll_merge);
}

fn dcount_hll(args: &[Value], _: &EvalContext) -> Value {
    match &args[0] {
        Value::Dynamic(Dynamic::Array(items)) => Value::Long(items.len() as i64),
        Value::Dynamic(Dynamic::Null) | Value::Null => Value::Null,
        _ => Value::Null,
    }
}

fn hll_merge(args: &[Value], _: &EvalContext) -> Value {
    let mut out: Vec<Dynamic> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in args {
        if let Value::Dynamic(Dynamic::Array(items)) = a {
            for item in items.iter() {
                if let Dynamic::String(s) = item
                    && seen.insert(s.clone())
                {
                    out.push(item.clone());
                }
            }
        }
    }
    Value::Dynamic(Dynamic::array(out))
}
