//! Applies the JSON Schemas of `schemas/` to a file. The violations are computed once per file
//! (see [`Context::schema_violations`](crate::checks::Context::schema_violations)) and reported
//! by the rules of the `fields` family that own each kind of violation:
//!
//! - `required` → SL100 `missing-required-field` (except the four scheduling fields of a
//!   Scheduled rule, which SL121 `missing-scheduling-field` reports with a suggested value);
//! - `type` → SL101 `invalid-field-type`;
//! - `additionalProperties: false` → SL102 `unknown-field`;
//! - anything else (enum, pattern, limits, `false` schemas) is recorded as
//!   [`ViolationKind::Other`] and left to the dedicated field rules (SL110–SL153).

use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::content::yaml::LoadProblem;
use crate::content::{ContentFile, ContentKind};

/// The kind of schema keyword that failed, which decides the rule that reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViolationKind {
    /// A required property is absent: its name.
    Required(String),
    /// A value has the wrong JSON type: the expected type(s).
    Type(String),
    /// A property the format does not know: its name.
    UnknownProperty(String),
    /// Any other keyword (enum, pattern, limits): reported by the dedicated field rules, which
    /// give sharper messages and fixes, so the schema only records them.
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaViolation {
    pub kind: ViolationKind,
    /// JSON pointer to the instance that failed (the parent object for `Required` and
    /// `UnknownProperty`).
    pub pointer: String,
    pub message: String,
}

/// The formats that have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaKind {
    AnalyticRule,
    HuntingQuery,
}

const ANALYTIC_RULE: &str = include_str!("../../schemas/analytic-rule.schema.json");
const HUNTING_QUERY: &str = include_str!("../../schemas/hunting-query.schema.json");

struct Compiled {
    json: Value,
    validator: Validator,
}

fn compiled(kind: SchemaKind) -> &'static Compiled {
    static ANALYTIC: OnceLock<Compiled> = OnceLock::new();
    static HUNTING: OnceLock<Compiled> = OnceLock::new();
    let (cell, text) = match kind {
        SchemaKind::AnalyticRule => (&ANALYTIC, ANALYTIC_RULE),
        SchemaKind::HuntingQuery => (&HUNTING, HUNTING_QUERY),
    };
    // The schemas are compiled into the binary and loaded by every test that validates a
    // file, so a broken one fails the test suite, never a user's run.
    #[allow(clippy::expect_used)]
    cell.get_or_init(|| {
        let json: Value = serde_json::from_str(text).expect("bundled schema is valid JSON");
        let validator =
            jsonschema::draft202012::new(&json).expect("bundled schema is a valid JSON Schema");
        Compiled { json, validator }
    })
}

/// True for the files of `Exploration Queries/` (`Id`, `DisplayName`, `InputEntityType`, …):
/// they carry a `query` and load as hunting queries, but they are another format, which no
/// schema or field rule of ours describes.
pub fn is_exploration_query(file: &ContentFile) -> bool {
    file.kind == ContentKind::HuntingQuery && file.field("InputEntityType").is_some()
}

/// The schema that applies to a file, if any.
pub fn schema_kind(file: &ContentFile) -> Option<SchemaKind> {
    match file.kind {
        ContentKind::AnalyticRule(_) => Some(SchemaKind::AnalyticRule),
        ContentKind::HuntingQuery if !is_exploration_query(file) => Some(SchemaKind::HuntingQuery),
        _ => None,
    }
}

/// Validates the file's YAML against its schema.
pub fn validate(file: &ContentFile) -> Vec<SchemaViolation> {
    let (Some(kind), Some(root)) = (schema_kind(file), file.root.as_ref()) else {
        return Vec::new();
    };
    let instance = root.to_json();
    let truncated = is_truncated(file);
    let mut violations = Vec::new();
    for error in compiled(kind).validator.iter_errors(&instance) {
        let pointer = error.instance_path().as_str().to_string();
        let message = error.to_string();
        match error.kind() {
            // After a syntax error the tree holds only what came before it: a "missing" field
            // may well be further down, so SL001 speaks alone.
            ValidationErrorKind::Required { .. } if truncated => {}
            ValidationErrorKind::Required { property } => violations.push(SchemaViolation {
                kind: ViolationKind::Required(
                    property
                        .as_str()
                        .map_or_else(|| property.to_string(), str::to_string),
                ),
                pointer,
                message,
            }),
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                // One message per name: the error's own message lists every unexpected name,
                // and a copy of it for each would grow with the square of their number.
                for name in unexpected {
                    violations.push(SchemaViolation {
                        kind: ViolationKind::UnknownProperty(name.clone()),
                        pointer: pointer.clone(),
                        message: format!("{name:?} is not allowed"),
                    });
                }
            }
            ValidationErrorKind::Type { kind } => violations.push(SchemaViolation {
                kind: ViolationKind::Type(type_kind_name(kind)),
                pointer,
                message,
            }),
            other => violations.push(SchemaViolation {
                kind: ViolationKind::Other(other.keyword().to_string()),
                pointer,
                message,
            }),
        }
    }
    violations.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    violations.dedup();
    violations
}

/// True when loading stopped early (syntax error, nesting or alias limits), so that the tree
/// may lack fields the file has.
pub fn is_truncated(file: &ContentFile) -> bool {
    file.load_problems.iter().any(|problem| {
        !matches!(
            problem,
            LoadProblem::DuplicateKey { .. } | LoadProblem::QueryTooLarge { .. }
        )
    })
}

fn type_kind_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(single) => single.to_string(),
        TypeKind::Multiple(types) => {
            let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
            names.join(" or ")
        }
    }
}

/// The keys the schema allows in the object at `pointer` (`""` for the document,
/// `/incidentConfiguration/groupingConfiguration`, `/entityMappings/0`), for "did you mean".
pub fn allowed_keys(kind: SchemaKind, pointer: &str) -> Vec<&'static str> {
    let root = &compiled(kind).json;
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        node = resolve(root, node);
        let next = if segment.parse::<usize>().is_ok() && node.get("items").is_some() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(segment))
        };
        match next {
            Some(next) => node = next,
            None => return Vec::new(),
        }
    }
    let node = resolve(root, node);
    node.get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn resolve<'v>(root: &'v Value, node: &'v Value) -> &'v Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
            .unwrap_or(node),
        None => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{hunting_query, load, nrt_rule, scheduled_rule};

    #[test]
    fn clean_fixtures_have_no_violations() {
        for text in [scheduled_rule(&[]), nrt_rule(&[]), hunting_query(&[])] {
            let file = load("fixture.yaml", &text);
            assert_eq!(validate(&file), Vec::new(), "{text}");
        }
    }

    #[test]
    fn violations_are_classified() {
        let text = scheduled_rule(&[
            ("severity", None),
            ("triggerThreshold", Some("\"3\"")),
            ("entityMapping", Some("[]")),
            ("version", Some("1.0")),
        ]);
        let file = load("fixture.yaml", &text);
        let kinds: Vec<_> = validate(&file)
            .into_iter()
            .map(|v| (v.kind, v.pointer))
            .collect();
        assert!(kinds.contains(&(ViolationKind::Required("severity".into()), String::new())));
        assert!(kinds.contains(&(
            ViolationKind::UnknownProperty("entityMapping".into()),
            String::new()
        )));
        assert!(kinds.contains(&(
            ViolationKind::Type("integer".into()),
            "/triggerThreshold".into()
        )));
        assert!(kinds.contains(&(ViolationKind::Type("string".into()), "/version".into())));
    }

    #[test]
    fn truncated_files_have_no_missing_fields() {
        let text = "kind: Scheduled\nid: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60\nname: [unclosed\nquery: T\n";
        let file = load("fixture.yaml", text);
        assert!(is_truncated(&file));
        let required = validate(&file)
            .into_iter()
            .filter(|v| matches!(v.kind, ViolationKind::Required(_)))
            .count();
        assert_eq!(required, 0);
    }

    #[test]
    fn allowed_keys_follow_refs_and_items() {
        let top = allowed_keys(SchemaKind::AnalyticRule, "");
        assert!(top.contains(&"entityMappings"));
        let grouping = allowed_keys(
            SchemaKind::AnalyticRule,
            "/incidentConfiguration/groupingConfiguration",
        );
        assert!(grouping.contains(&"lookbackDuration"));
        let mapping = allowed_keys(
            SchemaKind::AnalyticRule,
            "/entityMappings/0/fieldMappings/1",
        );
        assert_eq!(mapping, vec!["columnName", "identifier"]);
    }
}
