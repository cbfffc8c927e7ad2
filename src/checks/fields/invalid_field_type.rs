use crate::checks::Context;
use crate::checks::fields::display_path;
use crate::checks::schema::{self, ViolationKind};
use crate::content::yaml::{Node, NodeKind, ScalarStyle, ScalarType};
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a field whose value has the wrong type for the format: a number where text is
    /// expected (`name: 2024`), text where a number is (`triggerThreshold: "0"`), a single
    /// value where a list is (`tactics: Persistence`), and so on, as the JSON Schemas of
    /// `schemas/` define them. YAML plain scalars are typed by the YAML 1.2 core schema.
    ///
    /// ## Why is this bad?
    /// Sentinel's import and the Azure-Sentinel validation read the YAML as JSON: a value of
    /// the wrong type is rejected, or silently converted (`name: 1.10` becomes `1.1`).
    ///
    /// (A numeric `version` is reported by SL115 `invalid-version`.)
    ///
    /// ## Example
    /// ```yaml
    /// triggerThreshold: "0"
    /// tactics: Persistence
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// triggerThreshold: 0
    /// tactics:
    ///   - Persistence
    /// ```
    ///
    /// ## Fix safety
    /// Quoting a number or a boolean that should be text, and unquoting text that holds the
    /// expected number or boolean, keep the value: these fixes are safe. Other mismatches have none.
    pub static RULE = ("SL101", "invalid-field-type", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let (Some(_), Some(root)) = (schema::schema_kind(file), file.root.as_ref()) else {
        return;
    };
    for violation in context.schema_violations() {
        let ViolationKind::Type(expected) = &violation.kind else {
            continue;
        };
        let Some(node) = root.at_pointer(&violation.pointer) else {
            continue;
        };
        // A numeric `version` (`1.0`) is SL115's: one message, with the `X.Y.Z` form to write.
        if violation.pointer == "/version"
            && matches!(
                node.scalar_type(),
                Some(ScalarType::Int | ScalarType::Float)
            )
        {
            continue;
        }
        let path = display_path(&violation.pointer);
        // `null` is accepted where an optional field may be left empty; it is not what to write.
        let types: Vec<&str> = expected.split(" or ").filter(|t| *t != "null").collect();
        let expected = &types.join(" or ");
        let expected_text = types
            .iter()
            .map(|t| article(t))
            .collect::<Vec<_>>()
            .join(" or ");
        let diagnostic = RULE.diag(
            format!("`{path}` must be {expected_text}, found {}", found(node)),
            node.span,
        );
        out.push(with_repair(
            diagnostic,
            node,
            expected,
            file.text(node.span),
        ));
    }
}

fn article(json_type: &str) -> &'static str {
    match json_type {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "empty",
        _ => "another type",
    }
}

fn found(node: &Node) -> String {
    match (&node.kind, node.scalar_type()) {
        (NodeKind::Scalar(_), Some(ScalarType::Null)) => "no value".to_string(),
        (NodeKind::Scalar(scalar), _) if scalar.value.chars().count() <= 40 => {
            format!("{} (`{}`)", node.type_name(), scalar.value)
        }
        _ => node.type_name().to_string(),
    }
}

/// Quoting a number or boolean that should be text, or unquoting text that holds the expected
/// number or boolean, keeps the value: a safe fix. Other mismatches get advice only.
fn with_repair(diagnostic: Diagnostic, node: &Node, expected: &str, written: &str) -> Diagnostic {
    let Some(scalar) = node.as_scalar() else {
        let help = match expected {
            "string" => "write a single text value".to_string(),
            "array" => "write a list, one `- item` per line".to_string(),
            "object" => "write a mapping of `key: value` lines".to_string(),
            _ => format!("write {}", article(expected)),
        };
        return diagnostic.with_help(help);
    };
    let ty = node.scalar_type();
    if expected.contains("string")
        && matches!(
            ty,
            Some(ScalarType::Int | ScalarType::Float | ScalarType::Bool)
        )
    {
        let quoted = format!("'{}'", scalar.value);
        return diagnostic
            .with_help(format!("quote it to keep it as text: `{quoted}`"))
            .with_fix(Fix::safe(format!("quote as `{quoted}`"), node.span, quoted));
    }
    let is_quoted = matches!(
        scalar.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    );
    let unquoted_type = crate::content::yaml::load(&scalar.value)
        .root
        .and_then(|n| n.scalar_type());
    let fits = match expected {
        "integer" => unquoted_type == Some(ScalarType::Int),
        "number" => matches!(unquoted_type, Some(ScalarType::Int | ScalarType::Float)),
        "boolean" => unquoted_type == Some(ScalarType::Bool),
        _ => false,
    };
    if is_quoted && fits && !written.contains('\n') {
        let plain = scalar.value.trim().to_string();
        return diagnostic
            .with_help(format!("remove the quotes: `{plain}`"))
            .with_fix(Fix::safe("remove the quotes", node.span, plain));
    }
    let help = match expected {
        "array" if ty != Some(ScalarType::Null) => {
            format!(
                "write a list: `[{}]`, or one `- item` per line",
                scalar.value
            )
        }
        _ if ty == Some(ScalarType::Null) => "give it a value, or remove the line".to_string(),
        _ => format!("write {}", article(expected)),
    };
    diagnostic.with_help(help)
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &hunting_query(&[]),
                &scheduled_rule(&[("version", Some("\"1.0.0\""))]),
                // an optional field without a value is taken as absent
                &scheduled_rule(&[("relevantTechniques", Some(""))]),
            ],
            &[
                &scheduled_rule(&[("name", Some("2024"))]),
                &scheduled_rule(&[("triggerThreshold", Some("\"0\""))]),
                &scheduled_rule(&[("tactics", Some("Persistence"))]),
                &hunting_query(&[("name", Some(""))]),
                &scheduled_rule(&[("incidentConfiguration", Some("\n  createIncident: 'yes'"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
