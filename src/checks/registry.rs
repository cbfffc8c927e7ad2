//! Every rule, in code order. Adding a rule is adding its file and one line here.

use crate::checks::{
    Context, Rule, attack, connectors, content, entities, fields, output, query, suppressions,
};
use crate::content::ContentFile;
use crate::diag::Diagnostic;

pub type FileCheck = fn(&Context, &mut Vec<Diagnostic>);
pub type ProjectCheck = fn(&[&ContentFile]) -> Vec<(usize, Diagnostic)>;

#[derive(Clone, Copy)]
pub enum Check {
    /// Looks at one file at a time.
    File(FileCheck),
    /// Compares files with each other.
    Project(ProjectCheck),
    /// Emitted by the pipeline itself (a file that cannot be read never reaches a check).
    Pipeline,
}

pub struct Registered {
    pub rule: &'static Rule,
    pub check: Check,
}

macro_rules! file {
    ($module:path) => {{
        use $module as m;
        Registered {
            rule: &m::RULE,
            check: Check::File(m::check),
        }
    }};
}

pub static REGISTRY: &[Registered] = &[
    file!(content::yaml_syntax_error),
    file!(content::duplicate_key),
    file!(content::byte_order_mark),
    file!(content::non_ascii_character),
    Registered {
        rule: &content::unreadable_file::RULE,
        check: Check::Pipeline,
    },
    file!(content::yaml_too_complex),
    file!(content::missing_kind),
    Registered {
        rule: &content::duplicate_function::RULE,
        check: Check::Project(content::duplicate_function::check),
    },
    file!(fields::missing_required_field),
    file!(fields::invalid_field_type),
    file!(fields::unknown_field),
    file!(fields::invalid_id),
    Registered {
        rule: &fields::duplicate_id::RULE,
        check: Check::Project(fields::duplicate_id::check),
    },
    file!(fields::invalid_name),
    file!(fields::invalid_description),
    file!(fields::invalid_severity),
    file!(fields::invalid_version),
    file!(fields::invalid_query_length),
    file!(fields::invalid_kind),
    file!(fields::invalid_schedule_duration),
    file!(fields::missing_scheduling_field),
    file!(fields::nrt_scheduling_field),
    file!(fields::period_shorter_than_frequency),
    file!(fields::long_period_short_frequency),
    file!(fields::invalid_trigger_operator),
    file!(fields::invalid_trigger_threshold),
    file!(fields::invalid_aggregation_kind),
    file!(fields::invalid_lookback_duration),
    file!(fields::invalid_matching_method),
    file!(fields::invalid_group_by_entity),
    file!(fields::invalid_group_by_alert_detail),
    file!(fields::unknown_custom_detail_grouping),
    file!(fields::invalid_suppression_duration),
    file!(fields::too_many_custom_details),
    file!(fields::invalid_custom_detail_key),
    file!(fields::invalid_custom_detail_value),
    file!(fields::alert_format_length),
    file!(fields::too_many_alert_placeholders),
    file!(fields::invalid_alert_property),
    file!(fields::invalid_alert_column_name),
    file!(attack::unknown_tactic),
    file!(attack::duplicate_tactic),
    file!(attack::invalid_technique_id),
    file!(attack::duplicate_technique),
    file!(attack::unknown_technique),
    file!(attack::deprecated_technique),
    file!(attack::technique_tactic_mismatch),
    file!(entities::entity_mappings_limit),
    file!(entities::field_mappings_limit),
    file!(entities::unknown_entity_type),
    file!(entities::unknown_entity_identifier),
    file!(entities::duplicate_entity_identifier),
    file!(entities::missing_required_identifier),
    file!(entities::invalid_column_name),
    file!(connectors::unknown_connector_id),
    file!(connectors::missing_data_types),
    file!(query::kql_syntax_error),
    file!(query::unknown_table),
    file!(query::unknown_column),
    file!(query::unknown_function),
    file!(query::wrong_argument_count),
    file!(query::operator_type_mismatch),
    file!(query::aggregate_type_mismatch),
    file!(query::join_key_missing),
    file!(output::entity_column_not_in_output),
    file!(output::custom_detail_column_not_in_output),
    file!(output::alert_details_column_not_in_output),
    file!(output::dynamic_entity_column),
    file!(output::data_type_not_queried),
    file!(output::table_not_in_data_types),
    file!(output::lookback_exceeds_query_period),
    Registered {
        rule: &suppressions::suppression_without_reason::RULE,
        check: Check::Pipeline,
    },
    Registered {
        rule: &suppressions::unused_suppression::RULE,
        check: Check::Pipeline,
    },
    Registered {
        rule: &suppressions::invalid_suppression::RULE,
        check: Check::Pipeline,
    },
];

pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    REGISTRY.iter().map(|registered| registered.rule)
}

/// A rule by code (`SL110`) or name (`invalid-id`), case-insensitively.
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    all_rules().find(|rule| {
        rule.code.eq_ignore_ascii_case(code_or_name) || rule.name.eq_ignore_ascii_case(code_or_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all_rules() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("SL")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "bad name {}",
                rule.name
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_ruff_shape() {
        for rule in all_rules() {
            let doc = rule.documentation();
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(section), "{} lacks `{section}`", rule.code);
            }
            assert!(
                doc.contains("## Use instead") || doc.contains("## How to fix"),
                "{} lacks a fix section",
                rule.code
            );
        }
    }
}
