use crate::checks::Context;
use crate::checks::fields::is_column_identifier;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a column setting of `alertDetailsOverride` that is not a column name:
    /// `alertTacticsColumnName`, `alertSeverityColumnName` and each
    /// `alertDynamicProperties[].value` must start with a letter or `_` and hold only letters,
    /// digits and `_`.
    ///
    /// ## Why is this bad?
    /// Sentinel reads these values from a column of the query results: an expression, a
    /// `{{placeholder}}` or a name with spaces is not a column, and the override never applies.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertSeverityColumnName: '{{Severity}}'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertSeverityColumnName: Severity
    /// ```
    pub static RULE = ("SL153", "invalid-alert-column-name", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let Some(overrides) = file.field("alertDetailsOverride") else {
        return;
    };
    let mut columns = Vec::new();
    for field in ["alertTacticsColumnName", "alertSeverityColumnName"] {
        if let Some(node) = overrides.get(field) {
            columns.push((field.to_string(), node));
        }
    }
    let dynamic = overrides
        .get("alertDynamicProperties")
        .and_then(|node| node.as_sequence())
        .unwrap_or_default();
    for (i, item) in dynamic.iter().enumerate() {
        if let Some(node) = item.get("value") {
            columns.push((format!("alertDynamicProperties[{i}].value"), node));
        }
    }
    for (field, node) in columns {
        let Some(value) = node.as_string() else {
            continue;
        };
        if is_column_identifier(value) {
            continue;
        }
        let inner = value
            .trim()
            .trim_start_matches("{{")
            .trim_end_matches("}}")
            .trim();
        let diagnostic = RULE.diag(
            format!("`{field}` is `{value}`, which is not a column name"),
            node.span,
        );
        out.push(if is_column_identifier(inner) {
            diagnostic.with_help(format!(
                "write the bare column name `{inner}`; placeholders belong in the formats"
            ))
        } else {
            diagnostic.with_help(
                "name a column of the query results; compute it in the query (`extend Name = …`)",
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[(
                "alertDetailsOverride",
                Some(
                    "\n  alertSeverityColumnName: Severity\n  alertDynamicProperties:\n    - alertProperty: AlertLink\n      value: Url",
                ),
            )])],
            &[
                &scheduled_rule(&[(
                    "alertDetailsOverride",
                    Some("\n  alertSeverityColumnName: '{{Severity}}'"),
                )]),
                &scheduled_rule(&[(
                    "alertDetailsOverride",
                    Some(
                        "\n  alertDynamicProperties:\n    - alertProperty: AlertLink\n      value: strcat(Url, Path)",
                    ),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
