//! The `fields` family (SL1xx): the fields of analytic rules and hunting queries, one rule per
//! file. SL100–SL102 report the violations of the JSON Schemas of `schemas/` (required fields,
//! types, unknown keys); SL110 and up check the values with sharper messages and fixes.

pub mod duration;

#[cfg(test)]
mod corpus;

pub mod alert_format_length;
pub mod duplicate_id;
pub mod invalid_aggregation_kind;
pub mod invalid_alert_column_name;
pub mod invalid_alert_property;
pub mod invalid_custom_detail_key;
pub mod invalid_custom_detail_value;
pub mod invalid_description;
pub mod invalid_field_type;
pub mod invalid_group_by_alert_detail;
pub mod invalid_group_by_entity;
pub mod invalid_id;
pub mod invalid_kind;
pub mod invalid_lookback_duration;
pub mod invalid_matching_method;
pub mod invalid_name;
pub mod invalid_query_length;
pub mod invalid_schedule_duration;
pub mod invalid_severity;
pub mod invalid_suppression_duration;
pub mod invalid_trigger_operator;
pub mod invalid_trigger_threshold;
pub mod invalid_version;
pub mod long_period_short_frequency;
pub mod missing_required_field;
pub mod missing_scheduling_field;
pub mod nrt_scheduling_field;
pub mod period_shorter_than_frequency;
pub mod too_many_alert_placeholders;
pub mod too_many_custom_details;
pub mod unknown_custom_detail_grouping;
pub mod unknown_field;

use crate::checks::Rule;
use crate::checks::schema;
use crate::content::ContentFile;
use crate::content::yaml::{Entry, Node};
use crate::diag::{Diagnostic, Fix, Severity, Span, suggest};

/// Analytic rules and hunting queries: the files whose fields this family checks.
pub(crate) fn is_rule_or_hunting(file: &ContentFile) -> bool {
    schema::schema_kind(file).is_some()
}

/// The four fields of a Scheduled rule that an NRT rule must not have.
pub(crate) const SCHEDULING_FIELDS: [&str; 4] = [
    "queryFrequency",
    "queryPeriod",
    "triggerOperator",
    "triggerThreshold",
];

/// How a closed set of values treats a value that differs only in case.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Rejected (the Azure-Sentinel validation compares exactly): an error.
    Sensitive,
    /// Accepted by Sentinel (.NET enum parsing ignores case), but not the canonical spelling
    /// that tools comparing values exactly expect: a warning.
    Insensitive,
}

/// Checks a string scalar against a closed set of values. A value that differs only in case
/// gets a safe fix; another gets "did you mean" help. Non-string values are left to SL101.
pub(crate) fn enum_value(
    rule: &'static Rule,
    node: &Node,
    field: &str,
    allowed: &[&'static str],
    case: Case,
) -> Option<Diagnostic> {
    let value = node.as_string()?;
    if allowed.contains(&value) {
        return None;
    }
    if let Some(right) = allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value.trim()))
    {
        let fix = Fix::safe(format!("replace with `{right}`"), node.span, *right);
        return Some(match case {
            Case::Sensitive => rule
                .diag(
                    format!("`{field}` is `{value}`; the value is case-sensitive"),
                    node.span,
                )
                .with_help(format!("write `{right}`"))
                .with_fix(fix),
            Case::Insensitive => {
                let mut diagnostic = rule
                    .diag(
                        format!("`{field}` is `{value}`, not its canonical spelling `{right}`"),
                        node.span,
                    )
                    .with_help(format!(
                        "write `{right}`: Sentinel reads either, but tools that compare values exactly do not"
                    ))
                    .with_fix(fix);
                diagnostic.severity = Severity::Warning.min(rule.severity);
                diagnostic
            }
        });
    }
    let message = if allowed.len() > 10 {
        format!(
            "`{field}` is `{value}`, which is not one of its {} accepted values",
            allowed.len()
        )
    } else {
        format!(
            "`{field}` is `{value}`, which is not one of {}",
            list(allowed)
        )
    };
    let diagnostic = rule.diag(message, node.span);
    let best = if value.chars().count() >= 3 {
        suggest(value, allowed.iter().copied(), 1)
    } else {
        Vec::new()
    };
    Some(match best.first() {
        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
        None => diagnostic.with_help(format!("use one of {}", list(allowed))),
    })
}

/// `a`, `b` or `c`.
pub(crate) fn list(values: &[&str]) -> String {
    join(values, "or")
}

/// `a`, `b` and `c`.
pub(crate) fn list_and(values: &[&str]) -> String {
    join(values, "and")
}

fn join(values: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// A Log Analytics column name as the alert and custom-detail settings accept it.
pub(crate) fn is_column_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An entry of `parent` that is not an allowed key and looks like a misspelling of `name`
/// (SL102 reports it with a "did you mean"; the missing-field rules then stay silent).
pub(crate) fn misspelled_key<'n>(
    parent: &'n Node,
    name: &str,
    allowed: &[&'static str],
) -> Option<&'n Entry> {
    parent.as_mapping()?.iter().find(|entry| {
        entry.key.as_str().is_some_and(|key| {
            !allowed.contains(&key)
                && suggest(key, allowed.iter().copied(), 1).first() == Some(&name)
        })
    })
}

/// `/incidentConfiguration/groupingConfiguration/enabled` → `incidentConfiguration.groupingConfiguration.enabled`,
/// `/entityMappings/0/fieldMappings` → `entityMappings[0].fieldMappings`.
pub(crate) fn display_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() {
            path.push_str(&format!("[{segment}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    path
}

/// Where to point at an object that lacks a key: its first key, or the object itself when empty.
pub(crate) fn object_span(node: &Node) -> Span {
    match node.as_mapping() {
        Some([first, ..]) => first.key.span,
        _ => node.span,
    }
}

/// The span of whole lines covering an entry, newline included, to delete it.
pub(crate) fn entry_lines(file: &ContentFile, entry: &Entry) -> Span {
    let start_line = file.lines.line_of(entry.key.span.start);
    let end = entry.value.span.end.max(entry.key.span.end);
    let last = end.saturating_sub(1).max(entry.key.span.start);
    let end_line = file.lines.line_of(last);
    let start = file.lines.line_start(start_line);
    let end = if end_line + 1 < file.lines.line_count() {
        file.lines.line_start(end_line + 1)
    } else {
        file.source.len() as u32
    };
    Span::new(start, end)
}

/// Checks a duration field: it parses, and lies within `[min, max]` seconds. Returns the
/// diagnostic, if any. Non-string values are left to SL101.
pub(crate) fn duration_value(
    rule: &'static Rule,
    node: &Node,
    field: &str,
    min: u64,
    max: u64,
) -> Option<Diagnostic> {
    let text = node.as_string()?;
    let range = format!("{} to {}", duration::format(min), duration::format(max));
    let Some(seconds) = duration::parse(text) else {
        let diagnostic = rule.diag(
            format!("`{field}` is `{text}`, which is not a duration"),
            node.span,
        );
        return Some(match duration::case_fix(text) {
            Some(fixed) => diagnostic
                .with_help(format!("units are case-sensitive: write `{fixed}`"))
                .with_fix(Fix::safe(format!("replace with `{fixed}`"), node.span, fixed)),
            None => diagnostic.with_help(format!(
                "write a number and a unit (`5m`, `1h`, `1d`) or ISO 8601 (`PT5M`, `PT1H`, `P1D`), from {range}"
            )),
        });
    };
    if seconds < min || seconds > max {
        let bound = if seconds < min { min } else { max };
        return Some(
            rule.diag(
                if duration::format(seconds) == text {
                    format!("`{field}` is `{text}`, outside the allowed {range}")
                } else {
                    format!(
                        "`{field}` is `{text}` ({}), outside the allowed {range}",
                        duration::format(seconds)
                    )
                },
                node.span,
            )
            .with_help(format!(
                "use a duration from {range}, e.g. `{}`",
                duration::format(bound)
            )),
        );
    }
    None
}

/// The items of `incidentConfiguration.groupingConfiguration.<key>` of an analytic rule, when
/// it is a list (a value of another type is the schema rules' business).
pub(crate) fn grouping_list<'f>(
    file: &'f crate::content::ContentFile,
    key: &str,
) -> &'f [crate::content::yaml::Node] {
    if !file.is_rule() {
        return &[];
    }
    file.root
        .as_ref()
        .and_then(|root| {
            root.at_pointer(&format!(
                "/incidentConfiguration/groupingConfiguration/{key}"
            ))
        })
        .and_then(|node| node.as_sequence())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{diagnostics, hunting_query, nrt_rule, scheduled_rule};
    use crate::diag::Applicability;

    /// Applies every safe fix of the field rules and lints again: the problem is gone and no
    /// other field diagnostic appears.
    #[test]
    fn safe_fixes_repair_the_problem() {
        let grouping = |extra: &str| {
            format!(
                "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: {extra}"
            )
        };
        let fixtures = [
            scheduled_rule(&[("severity", Some("high"))]),
            scheduled_rule(&[("kind", Some("scheduled"))]),
            scheduled_rule(&[("triggerOperator", Some("'>'"))]),
            scheduled_rule(&[("triggerOperator", Some("GREATERTHAN"))]),
            scheduled_rule(&[("queryFrequency", Some("1H"))]),
            scheduled_rule(&[("name", Some("2024"))]),
            scheduled_rule(&[("triggerThreshold", Some("'0'"))]),
            scheduled_rule(&[("entityMappings", None), ("EntityMappings", Some("[]"))]),
            scheduled_rule(&[("incidentConfiguration", Some(&grouping("allentities")))]),
            scheduled_rule(&[(
                "eventGroupingSettings",
                Some("\n  aggregationKind: singlealert"),
            )]),
            hunting_query(&[("id", Some("'{9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a}'"))]),
            hunting_query(&[("tags", None), ("Tags", Some("\n  - OMIGOD"))]),
            nrt_rule(&[
                ("queryFrequency", Some("5m")),
                ("triggerOperator", Some("gt")),
            ]),
            nrt_rule(&[("queryPeriod", Some("\n  5m"))]),
        ];
        for text in &fixtures {
            let (_, found) = diagnostics("fixture.yaml", text);
            let fields: Vec<_> = found.iter().filter(|d| d.code.starts_with("SL1")).collect();
            assert!(!fields.is_empty(), "no field diagnostic on:\n{text}");
            let mut edits: Vec<_> = fields
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|fix| fix.applicability == Applicability::Safe)
                .flat_map(|fix| fix.edits.iter())
                .collect();
            assert!(!edits.is_empty(), "no safe fix on:\n{text}\n{fields:#?}");
            edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
            let mut fixed = text.clone();
            for edit in edits {
                fixed.replace_range(edit.span.range(), &edit.replacement);
            }
            let (_, after) = diagnostics("fixture.yaml", &fixed);
            let left: Vec<_> = after.iter().filter(|d| d.code.starts_with("SL1")).collect();
            assert!(left.is_empty(), "after the fixes:\n{fixed}\n{left:#?}");
        }
    }

    #[test]
    fn entry_lines_cover_whole_lines() {
        let text = "a: 1\nb:\n  - x\n  - y\nc: 3";
        let file = crate::checks::testing::load("fixture.yaml", &format!("query: q\n{text}"));
        let root = file.root.as_ref().unwrap();
        let b = entry_lines(&file, root.entry("b").unwrap());
        assert_eq!(file.text(b), "b:\n  - x\n  - y\n");
        let c = entry_lines(&file, root.entry("c").unwrap());
        assert_eq!(file.text(c), "c: 3");
    }

    #[test]
    fn paths_and_identifiers() {
        assert_eq!(display_path(""), "");
        assert_eq!(
            display_path("/entityMappings/0/fieldMappings"),
            "entityMappings[0].fieldMappings"
        );
        assert!(is_column_identifier("_Account1"));
        assert!(!is_column_identifier("1Account"));
        assert!(!is_column_identifier("Account Name"));
        assert!(!is_column_identifier(""));
        assert_eq!(list(&["A", "B", "C"]), "`A`, `B` or `C`");
    }
}
