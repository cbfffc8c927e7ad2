//! Collections: `make_list`, `make_set`, `make_bag` and their `_if` forms,
//! `make_list_with_nulls`, `make_set_with_nulls`, and `buildschema`. Nulls are left out
//! (except in the `_with_nulls` forms); `make_set` keeps first-appearance order.

use std::collections::HashSet;
use std::sync::Arc;

use super::count::{dyn_column, value_key};
use super::{AggCall, AggFn, AggOutput, arg, one, predicate};
use crate::exec::value::{Dynamic, Value};

pub(super) fn lookup(name: &str) -> Option<AggFn> {
    Some(match name {
        "make_list" | "makelist" | "make_list_if" | "make_list_with_nulls" => make_list,
        "make_set" | "makeset" | "make_set_if" | "make_set_with_nulls" => make_set,
        "make_bag" | "make_bag_if" => make_bag,
        "buildschema" => buildschema,
        _ => return None,
    })
}

/// The optional size limit argument (`make_set(x, 10)`), after the value and predicate.
fn limit(call: &AggCall, index: usize) -> usize {
    call.args
        .get(index)
        .and_then(|a| a.get(0).as_i64())
        .map_or(1_048_576, |n| n.max(0) as usize)
}

fn make_list(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let is_if = call.name.ends_with("_if");
    let nulls = call.name.ends_with("with_nulls");
    let mask = if is_if {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let max = limit(call, if is_if { 2 } else { 1 });
    let mut lists: Vec<Vec<Dynamic>> = vec![Vec::new(); call.groups.n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_some_and(|m| !m[i]) {
            continue;
        }
        let v = a.get(i);
        if v.is_null() && !nulls {
            continue;
        }
        let l = &mut lists[g as usize];
        if l.len() < max {
            l.push(v.to_dynamic());
        }
    }
    Ok(one(dyn_column(
        lists.into_iter().map(Dynamic::array).collect(),
    )))
}

fn make_set(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let is_if = call.name.ends_with("_if");
    let nulls = call.name.ends_with("with_nulls");
    let mask = if is_if {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let max = limit(call, if is_if { 2 } else { 1 });
    let mut lists: Vec<Vec<Dynamic>> = vec![Vec::new(); call.groups.n];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); call.groups.n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_some_and(|m| !m[i]) {
            continue;
        }
        let v = a.get(i);
        // A dynamic array contributes its elements (make_set over arrays unions them).
        let items: Vec<Value> = match &v {
            Value::Dynamic(Dynamic::Array(items)) => {
                items.iter().map(|d| Value::Dynamic(d.clone())).collect()
            }
            _ => vec![v],
        };
        for v in items {
            let key = match value_key(&v) {
                Some(k) => k,
                None if nulls => "null".to_string(),
                None => continue,
            };
            let g = g as usize;
            if lists[g].len() < max && seen[g].insert(key) {
                lists[g].push(v.to_dynamic());
            }
        }
    }
    Ok(one(dyn_column(
        lists.into_iter().map(Dynamic::array).collect(),
    )))
}

fn make_bag(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let is_if = call.name.ends_with("_if");
    let mask = if is_if {
        Some(predicate(call, 1)?)
    } else {
        None
    };
    let max = limit(call, if is_if { 2 } else { 1 });
    let mut bags: Vec<Vec<(Arc<str>, Dynamic)>> = vec![Vec::new(); call.groups.n];
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if mask.as_ref().is_some_and(|m| !m[i]) {
            continue;
        }
        if let Value::Dynamic(Dynamic::Bag(items)) = a.get(i) {
            let bag = &mut bags[g as usize];
            for (k, v) in items.iter() {
                if bag.len() < max && !bag.iter().any(|(x, _)| x == k) {
                    bag.push((k.clone(), v.clone()));
                }
            }
        }
    }
    Ok(one(dyn_column(
        bags.into_iter().map(Dynamic::bag).collect(),
    )))
}

fn type_name(d: &Dynamic) -> &'static str {
    match d {
        Dynamic::Null => "null",
        Dynamic::Bool(_) => "bool",
        Dynamic::Long(x) if i32::try_from(*x).is_ok() => "int",
        Dynamic::Long(_) => "long",
        Dynamic::Real(_) => "double",
        Dynamic::String(_) => "string",
        Dynamic::DateTime(_) => "datetime",
        Dynamic::TimeSpan(_) => "timespan",
        Dynamic::Guid(_) => "guid",
        Dynamic::Array(_) => "array",
        Dynamic::Bag(_) => "bag",
    }
}

/// The union schema of dynamic values (`buildschema-aggregation-function.md`): each key maps
/// to its type name, to an array of names when several, to a nested schema for bags; array
/// elements go under `` `indexer` ``.
#[derive(Default)]
struct Schema {
    scalars: Vec<&'static str>,
    bag: Option<Vec<(Arc<str>, Schema)>>,
    array: Option<Box<Schema>>,
}

impl Schema {
    fn add(&mut self, d: &Dynamic) {
        match d {
            Dynamic::Null => {}
            Dynamic::Bag(items) => {
                let bag = self.bag.get_or_insert_with(Vec::new);
                for (k, v) in items.iter() {
                    match bag.iter_mut().find(|(x, _)| x == k) {
                        Some((_, s)) => s.add(v),
                        None => {
                            let mut s = Schema::default();
                            s.add(v);
                            bag.push((k.clone(), s));
                        }
                    }
                }
            }
            Dynamic::Array(items) => {
                let a = self.array.get_or_insert_with(Default::default);
                for v in items.iter() {
                    a.add(v);
                }
            }
            d => {
                let t = type_name(d);
                if !self.scalars.contains(&t) {
                    self.scalars.push(t);
                }
            }
        }
    }

    fn to_dynamic(&self) -> Dynamic {
        let mut parts: Vec<Dynamic> = self.scalars.iter().map(|s| Dynamic::string(s)).collect();
        if let Some(bag) = &self.bag {
            parts.push(Dynamic::bag(
                bag.iter()
                    .map(|(k, s)| (k.clone(), s.to_dynamic()))
                    .collect(),
            ));
        }
        if let Some(a) = &self.array {
            parts.push(Dynamic::bag(vec![(Arc::from("`indexer`"), a.to_dynamic())]));
        }
        match parts.len() {
            0 => Dynamic::Null,
            1 => parts.pop().unwrap_or_default(),
            _ => Dynamic::array(parts),
        }
    }
}

fn buildschema(call: &AggCall) -> Result<AggOutput, String> {
    let a = arg(call, 0)?;
    let mut schemas: Vec<Schema> = (0..call.groups.n).map(|_| Schema::default()).collect();
    for (i, &g) in call.groups.ids.iter().enumerate() {
        if let Value::Dynamic(d) = a.get(i) {
            schemas[g as usize].add(&d);
        }
    }
    Ok(one(dyn_column(
        schemas.iter().map(Schema::to_dynamic).collect(),
    )))
}
