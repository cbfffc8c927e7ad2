//! Entity mapping rules (SL3xx): the `entityMappings` of analytic rules (and of hunting
//! queries that have them), checked against Sentinel's entity [`catalog`].

pub mod catalog;
pub mod duplicate_entity_identifier;
pub mod entity_mappings_limit;
pub mod field_mappings_limit;
pub mod invalid_column_name;
pub mod missing_required_identifier;
pub mod unknown_entity_identifier;
pub mod unknown_entity_type;

use crate::content::ContentFile;
use crate::content::yaml::{Entry, Node};

use catalog::EntityType;

/// One item of `entityMappings`, as far as it has the expected shape.
pub(crate) struct Mapping<'f> {
    /// The `entityType` value when it is a string.
    pub entity_type_node: Option<&'f Node>,
    /// The type it names, matched ignoring case and spaces (the exact spelling is SL303's
    /// business).
    pub entity_type: Option<&'static EntityType>,
    /// The `fieldMappings` entry when its value is a list.
    pub field_mappings_entry: Option<&'f Entry>,
}

impl<'f> Mapping<'f> {
    pub fn field_mappings(&self) -> &'f [Node] {
        self.field_mappings_entry
            .and_then(|entry| entry.value.as_sequence())
            .unwrap_or(&[])
    }

    /// The field mappings that are mappings, with their `identifier` and `columnName` values
    /// when those are strings.
    pub fn fields(&self) -> impl Iterator<Item = FieldMapping<'f>> + 'f {
        self.field_mappings().iter().filter_map(|node| {
            node.as_mapping()?;
            let string = |key| node.get(key).filter(|value| value.as_string().is_some());
            Some(FieldMapping {
                identifier: string("identifier"),
                column: string("columnName"),
            })
        })
    }

    /// The `identifier` value nodes of the field mappings that have a string one.
    pub fn identifiers(&self) -> impl Iterator<Item = (&'f Node, &'f str)> + 'f {
        self.fields().filter_map(|field| {
            let node = field.identifier?;
            Some((node, node.as_string()?))
        })
    }
}

/// One item of `fieldMappings`.
pub(crate) struct FieldMapping<'f> {
    /// The `identifier` value, when it is a string.
    pub identifier: Option<&'f Node>,
    /// The `columnName` value, when it is a string.
    pub column: Option<&'f Node>,
}

/// The `entityMappings` entry of a rule or hunting query, when its value is a list.
pub(crate) fn entity_mappings_entry(file: &ContentFile) -> Option<&Entry> {
    if !file.is_rule_or_hunting_query() {
        return None;
    }
    let entry = file.root.as_ref()?.entry("entityMappings")?;
    entry.value.as_sequence()?;
    Some(entry)
}

/// Where to point at a mapping item of a list: its first line (key and value of its first
/// entry) rather than the whole item.
pub(crate) fn first_line(node: &Node) -> crate::diag::Span {
    match node.as_mapping() {
        Some([first, ..]) if first.value.as_scalar().is_some() => {
            first.key.span.cover(first.value.span)
        }
        Some([first, ..]) => first.key.span,
        _ => node.span,
    }
}

/// The mapping items of `entityMappings` (items of another type are skipped).
pub(crate) fn mappings(file: &ContentFile) -> Vec<Mapping<'_>> {
    let Some(entry) = entity_mappings_entry(file) else {
        return Vec::new();
    };
    entry
        .value
        .as_sequence()
        .unwrap_or(&[])
        .iter()
        .filter(|node| node.as_mapping().is_some())
        .map(|node| {
            let entity_type_node = node.get("entityType").filter(|n| n.as_string().is_some());
            let entity_type = entity_type_node
                .and_then(Node::as_string)
                .and_then(catalog::entity_type_loose);
            let field_mappings_entry = node
                .entry("fieldMappings")
                .filter(|entry| entry.value.as_sequence().is_some());
            Mapping {
                entity_type_node,
                entity_type,
                field_mappings_entry,
            }
        })
        .collect()
}
