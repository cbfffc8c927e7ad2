//! ATT&CK rules (SL2xx): the `tactics` and `relevantTechniques` of analytic rules and hunting
//! queries, checked against the bundled ATT&CK catalog ([`data`]).

#[cfg(test)]
mod corpus;
pub mod data;
pub mod deprecated_technique;
pub mod duplicate_tactic;
pub mod duplicate_technique;
#[cfg(test)]
mod fix_tests;
pub mod invalid_technique_id;
pub mod technique_tactic_mismatch;
pub mod unknown_tactic;
pub mod unknown_technique;

use crate::content::ContentFile;
use crate::content::yaml::Node;

/// A list and its string items: (index in the list, item node, text).
pub(crate) type StringItems<'f> = (&'f [Node], Vec<(usize, &'f Node, &'f str)>);

/// The items of the top-level list `key` with their index, keeping only string items (a value
/// of the wrong type is the schema rules' business). `None` when the field is absent or not a
/// list.
pub(crate) fn string_items<'f>(file: &'f ContentFile, key: &str) -> Option<StringItems<'f>> {
    if !file.is_rule_or_hunting_query() {
        return None;
    }
    let items = file.field(key)?.as_sequence()?;
    let strings = items
        .iter()
        .enumerate()
        .filter_map(|(index, node)| Some((index, node, node.as_string()?)))
        .collect();
    Some((items, strings))
}

/// `` `A`, `B` or `C` ``, for help texts.
pub(crate) fn quoted_list(names: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}
