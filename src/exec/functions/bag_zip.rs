//! `bag_zip(keys, values)` (`bag-zip.md`): a property bag pairing each string key with the
//! value at the same index. A key that is no string is skipped with its value; a key past
//! the end of the values (or values that are no array) maps to null; keys that are no array
//! give null.

use super::args::{array, dyn_value};
use super::{EvalContext, Registry, ret_dynamic};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("bag_zip", 2, 2, ret_dynamic, bag_zip);
}

fn bag_zip(a: &[Value], _: &EvalContext) -> Value {
    let Some(keys) = array(&a[0]) else {
        return Value::Null;
    };
    let values = array(&a[1]);
    let items = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| match k {
            Dynamic::String(k) => {
                let v = values
                    .as_ref()
                    .and_then(|vs| vs.get(i).cloned())
                    .unwrap_or(Dynamic::Null);
                Some((k.clone(), v))
            }
            _ => None,
        })
        .collect();
    dyn_value(Dynamic::bag(items))
}
