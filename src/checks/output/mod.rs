//! Rules that hold a rule's fields against its query: the columns the query outputs (entity
//! mappings, custom details, alert details), the tables it reads (data connectors), and how far
//! back it looks (query period).
//!
//! Column rules speak only when the analysis knows every output column: an open schema (an
//! unknown table, `bag_unpack`, a watchlist) silences them, so they never raise false alarms.

pub mod alert_details_column_not_in_output;
pub mod custom_detail_column_not_in_output;
pub mod data_type_not_queried;
pub mod dynamic_entity_column;
pub mod entity_column_not_in_output;
pub mod lookback_exceeds_query_period;
pub mod table_not_in_data_types;

use crate::catalog::{Column, Schema};
use crate::diag::suggest;
use crate::kql::types::ScalarType;

/// Why `name` is not among the output columns, as help text; `None` when it is there.
pub(crate) fn missing_column_help(schema: &Schema, name: &str) -> Option<String> {
    if schema.column(name).is_some() {
        return None;
    }
    // A union whose legs give the column different types renames it `name_string`,
    // `name_long`… When one of those types is only unknown to the analysis, the engine may
    // well find one type and keep the name: say nothing rather than raise a false alarm.
    let renamed: Vec<&Column> = schema
        .columns
        .iter()
        .filter(|c| {
            c.name
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|suffix| suffix == c.ty.name())
        })
        .collect();
    if renamed.len() >= 2 {
        if renamed.iter().any(|c| c.ty == ScalarType::Unknown) {
            return None;
        }
        let list: Vec<String> = renamed.iter().map(|c| format!("`{}`", c.name)).collect();
        return Some(format!(
            "the legs of a `union` give `{name}` different types, so it is renamed {}; convert it to one type in every leg (`{name} = tostring({name})`)",
            list.join(" and ")
        ));
    }
    let names = schema.columns.iter().map(|c| &*c.name);
    if let Some(exact) = names.clone().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(format!(
            "the query outputs `{exact}`: column names are case-sensitive"
        ));
    }
    let close = suggest(name, names.clone(), 3);
    if !close.is_empty() {
        let list: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        return Some(format!("did you mean {}?", list.join(" or ")));
    }
    let all: Vec<String> = names.take(12).map(|c| format!("`{c}`")).collect();
    let more = schema.columns.len().saturating_sub(12);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(if all.is_empty() {
        "the query outputs no columns".to_string()
    } else {
        format!(
            "the query outputs {}{tail}; add the column with `extend` or `project`",
            all.join(", ")
        )
    })
}

/// Whether `name` is a Log Analytics table rather than a function stand-in: bundled tables and
/// custom `_CL` tables are; other custom "tables" are usually parsers that the Azure-Sentinel
/// validation declares as tables, which read other tables we cannot see.
pub(crate) fn is_real_table(name: &str) -> bool {
    name.ends_with("_CL") || crate::catalog::Catalog::bundled().table(name).is_some()
}

/// The table name a `dataTypes` entry stands for: `SecurityAlert (ASC)` names `SecurityAlert`.
pub(crate) fn data_type_table(data_type: &str) -> &str {
    data_type.split(" (").next().unwrap_or(data_type).trim()
}
