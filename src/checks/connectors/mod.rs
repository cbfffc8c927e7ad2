//! Data connector rules (SL4xx): the `requiredDataConnectors` of analytic rules and hunting
//! queries, checked against the bundled connector catalog ([`data`]).

pub mod data;
pub mod missing_data_types;
pub mod unknown_connector_id;

use crate::content::ContentFile;
use crate::content::yaml::Node;

/// The mapping items of `requiredDataConnectors` (other items are the schema rules' business).
pub(crate) fn required_connectors(file: &ContentFile) -> Vec<&Node> {
    if !file.is_rule_or_hunting_query() {
        return Vec::new();
    }
    file.field("requiredDataConnectors")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
        .iter()
        .filter(|node| node.as_mapping().is_some())
        .collect()
}
