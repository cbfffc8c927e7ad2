//! Property bags: building them (`bag_pack`/`pack`, `pack_array`), reading and editing them
//! (`bag_keys`, `bag_merge`, `bag_remove_keys`, `bag_set_key`, `bag_has_key`), and JSON
//! paths into text (`extract_json`) and into bags (`treepath`).

use std::sync::Arc;

use super::args::{dyn_value, dynamic, rows_try, string, text};
use super::{EvalContext, Registry, ret_bool, ret_dynamic};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value, parse_json_ordered};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    for name in ["bag_pack", "pack", "pack_dictionary"] {
        r.try_row(name, 0, 128, ret_dynamic, bag_pack);
    }
    r.row("pack_array", 1, 128, ret_dynamic, pack_array);
    r.row("bag_keys", 1, 1, ret_dynamic, bag_keys);
    r.row("bag_merge", 2, 64, ret_dynamic, bag_merge);
    r.row("bag_remove_keys", 2, 2, ret_dynamic, bag_remove_keys);
    r.row("bag_set_key", 3, 3, ret_dynamic, bag_set_key);
    r.row("bag_has_key", 2, 2, ret_bool, bag_has_key);
    r.row("treepath", 1, 1, ret_dynamic, treepath);
    r.column("extract_json", 2, 3, ret_extract_json, extract_json);
    r.column("extractjson", 2, 3, ret_extract_json, extract_json);
}

/// `bag_pack(key1, value1, …)` (`pack-function.md`): a bag of the pairs in order; keys are
/// strings, values keep their type (null included).
fn bag_pack(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    if !a.len().is_multiple_of(2) {
        return Err("bag_pack/pack takes an even number of arguments: key, value, …".into());
    }
    let mut items: Vec<(Arc<str>, Dynamic)> = Vec::with_capacity(a.len() / 2);
    for pair in a.chunks(2) {
        let key: Arc<str> = Arc::from(text(&pair[0]).as_ref());
        let value = pair[1].to_dynamic();
        match items.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => items.push((key, value)),
        }
    }
    Ok(dyn_value(Dynamic::bag(items)))
}

/// `pack_array(v1, v2, …)`: an array of the values; a single dynamic array argument is
/// not flattened.
fn pack_array(a: &[Value], _: &EvalContext) -> Value {
    dyn_value(Dynamic::array(a.iter().map(Value::to_dynamic).collect()))
}

/// The entries of a property bag.
type Entries = Arc<Vec<(Arc<str>, Dynamic)>>;

fn bag_items(v: &Value) -> Option<Entries> {
    match dynamic(v) {
        Dynamic::Bag(items) => Some(items),
        _ => None,
    }
}

/// `bag_keys(bag)`: the keys in order; null for anything but a bag.
fn bag_keys(a: &[Value], _: &EvalContext) -> Value {
    match bag_items(&a[0]) {
        Some(items) => dyn_value(Dynamic::array(
            items
                .iter()
                .map(|(k, _)| Dynamic::String(k.clone()))
                .collect(),
        )),
        None => Value::Null,
    }
}

/// `bag_merge(bag1, bag2, …)`: keys of all bags; the first bag that has a key wins.
fn bag_merge(a: &[Value], _: &EvalContext) -> Value {
    let mut out: Vec<(Arc<str>, Dynamic)> = Vec::new();
    for v in a {
        let Some(items) = bag_items(v) else {
            continue;
        };
        for (k, val) in items.iter() {
            if !out.iter().any(|(x, _)| x == k) {
                out.push((k.clone(), val.clone()));
            }
        }
    }
    dyn_value(Dynamic::bag(out))
}

/// Parses a key of `bag_remove_keys`: a plain key or a JSONPath (`$.a.b`, `$['a']`).
fn key_path(key: &str) -> Vec<PathStep> {
    if key.starts_with('$') {
        parse_json_path(key).unwrap_or_default()
    } else {
        vec![PathStep::Key(key.to_string())]
    }
}

fn remove_path(d: &Dynamic, path: &[PathStep]) -> Dynamic {
    let Some((first, rest)) = path.split_first() else {
        return d.clone();
    };
    match (d, first) {
        (Dynamic::Bag(items), PathStep::Key(k)) => {
            let mut out = Vec::with_capacity(items.len());
            for (key, val) in items.iter() {
                if key.as_ref() == k {
                    if !rest.is_empty() {
                        out.push((key.clone(), remove_path(val, rest)));
                    }
                } else {
                    out.push((key.clone(), val.clone()));
                }
            }
            Dynamic::bag(out)
        }
        _ => d.clone(),
    }
}

/// `bag_remove_keys(bag, keys)`: the bag without the keys (plain names or JSONPaths into
/// nested bags).
fn bag_remove_keys(a: &[Value], _: &EvalContext) -> Value {
    let bag = dynamic(&a[0]);
    if !matches!(bag, Dynamic::Bag(_)) {
        return Value::Null;
    }
    let Dynamic::Array(keys) = dynamic(&a[1]) else {
        return dyn_value(bag);
    };
    let mut out = bag;
    for key in keys.iter() {
        if let Dynamic::String(k) = key {
            out = remove_path(&out, &key_path(k));
        }
    }
    dyn_value(out)
}

/// `bag_set_key(bag, key, value)`: the bag with the key set (a JSONPath reaches nested bags,
/// creating them).
fn bag_set_key(a: &[Value], _: &EvalContext) -> Value {
    let bag = dynamic(&a[0]);
    if !matches!(bag, Dynamic::Bag(_)) {
        return Value::Null;
    }
    let path = key_path(&text(&a[1]));
    dyn_value(set_path(&bag, &path, a[2].to_dynamic()))
}

fn set_path(d: &Dynamic, path: &[PathStep], value: Dynamic) -> Dynamic {
    let Some((PathStep::Key(k), rest)) = path.split_first() else {
        return value;
    };
    let mut items: Vec<(Arc<str>, Dynamic)> = match d {
        Dynamic::Bag(items) => items.as_ref().clone(),
        _ => Vec::new(),
    };
    match items.iter_mut().find(|(key, _)| key.as_ref() == k) {
        Some(slot) => slot.1 = set_path(&slot.1, rest, value),
        None => items.push((Arc::from(k.as_str()), set_path(&Dynamic::Null, rest, value))),
    }
    Dynamic::bag(items)
}

fn bag_has_key(a: &[Value], _: &EvalContext) -> Value {
    let bag = dynamic(&a[0]);
    if !matches!(bag, Dynamic::Bag(_)) {
        return Value::Null;
    }
    let path = key_path(&text(&a[1]));
    Value::Bool(follow(&bag, &path).is_some())
}

/// `treepath(bag)`: every path into the value, as JSONPath strings (`$`, `$.a`, `$.a[0]`…),
/// arrays written `[0]` for their elements.
fn treepath(a: &[Value], _: &EvalContext) -> Value {
    let d = dynamic(&a[0]);
    let mut out = Vec::new();
    walk_paths(&d, "$".to_string(), &mut out);
    dyn_value(Dynamic::array(
        out.into_iter().map(|p| Dynamic::string(&p)).collect(),
    ))
}

fn walk_paths(d: &Dynamic, here: String, out: &mut Vec<String>) {
    match d {
        Dynamic::Bag(items) => {
            for (k, v) in items.iter() {
                let simple = k.chars().all(|c| c.is_alphanumeric() || c == '_');
                let path = if simple {
                    format!("{here}.{k}")
                } else {
                    format!("{here}['{k}']")
                };
                out.push(path.clone());
                walk_paths(v, path, out);
            }
        }
        Dynamic::Array(items) => {
            if let Some(first) = items.first() {
                let path = format!("{here}[0]");
                out.push(path.clone());
                walk_paths(first, path, out);
            }
        }
        _ => {}
    }
}

/// One step of a JSONPath (`jsonpath.md`: `$`, `.name`, `['name']`, `[index]`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum PathStep {
    Key(String),
    Index(i64),
}

pub(super) fn parse_json_path(path: &str) -> Option<Vec<PathStep>> {
    let s = path.trim();
    let mut rest = s.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            steps.push(PathStep::Key(r[..end].to_string()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let r = r.trim_start();
            if let Some(q) = r.chars().next().filter(|c| *c == '\'' || *c == '"') {
                let body = &r[1..];
                let mut key = String::new();
                let mut chars = body.char_indices();
                let mut close = None;
                while let Some((i, c)) = chars.next() {
                    if c == '\\' {
                        if let Some((_, e)) = chars.next() {
                            key.push(e);
                        }
                    } else if c == q {
                        close = Some(i);
                        break;
                    } else {
                        key.push(c);
                    }
                }
                let after = body[close? + 1..].trim_start();
                rest = after.strip_prefix(']')?;
                steps.push(PathStep::Key(key));
            } else {
                let end = r.find(']')?;
                let index: i64 = r[..end].trim().parse().ok()?;
                steps.push(PathStep::Index(index));
                rest = &r[end + 1..];
            }
        } else {
            return None;
        }
    }
    Some(steps)
}

pub(super) fn follow<'a>(d: &'a Dynamic, path: &[PathStep]) -> Option<&'a Dynamic> {
    let mut cur = d;
    for step in path {
        cur = match step {
            PathStep::Key(k) => cur.get(k)?,
            PathStep::Index(i) => cur.index(*i)?,
        };
    }
    Some(cur)
}

fn ret_extract_json(args: &[ScalarType]) -> ScalarType {
    args.get(2).copied().unwrap_or(ScalarType::String)
}

/// `extract_json(jsonPath, text[, typeof(T)])` (`extract-json-function.md`,
/// `jsonpath.md`): the element at the path, as a string (a JSON text for arrays and bags) or
/// converted to the type; missing elements, invalid JSON and unsupported paths give null (""
/// as a string).
fn extract_json(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    let ty = ret_extract_json(&args.iter().map(ArgColumn::ty).collect::<Vec<_>>());
    rows_try(args, rows, ty, |a| {
        let path_text = text(&a[0]);
        // A path outside the supported subset (`$ClientDevice`, found in real content) selects
        // nothing: null, as for a missing element.
        let path = parse_json_path(&path_text);
        let doc = match &a[1] {
            Value::Dynamic(d) => Some(d.clone()),
            other => parse_json_ordered(&text(other)),
        };
        let found = match (&doc, &path) {
            (Some(d), Some(p)) => follow(d, p).cloned(),
            _ => None,
        };
        Ok(match found {
            None | Some(Dynamic::Null) => {
                if ty == ScalarType::String {
                    string("")
                } else {
                    Value::Null
                }
            }
            Some(d) => {
                let as_text = match &d {
                    Dynamic::String(s) => Value::String(s.clone()),
                    other => string(other.to_json_string()),
                };
                match ty {
                    ScalarType::String => as_text,
                    ScalarType::Dynamic => dyn_value(d),
                    _ => super::conversion::convert(&d.to_value(), ty),
                }
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{PathStep, parse_json_path};

    #[test]
    fn json_paths_parse() {
        assert_eq!(
            parse_json_path("$.a['b c'][2]"),
            Some(vec![
                PathStep::Key("a".into()),
                PathStep::Key("b c".into()),
                PathStep::Index(2)
            ])
        );
        assert_eq!(parse_json_path("$"), Some(vec![]));
        assert_eq!(parse_json_path("a.b"), None);
    }
}
