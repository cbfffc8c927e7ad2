use crate::checks::Context;
use crate::checks::connectors::required_connectors;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `requiredDataConnectors` entry whose `dataTypes` is missing, an empty list,
    /// or holds an empty string.
    ///
    /// ## Why is this bad?
    /// `dataTypes` names the tables the rule needs from the connector; Sentinel and the
    /// Azure-Sentinel repository's validation expect at least one. Without it, nobody can tell
    /// which of the connector's tables the query reads.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes:
    ///       - SigninLogs
    /// ```
    pub static RULE = ("SL402", "missing-data-types", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for connector in required_connectors(context.file) {
        let connector_name = connector
            .get("connectorId")
            .and_then(|node| node.as_string())
            .map_or(String::new(), |id| format!(" `{id}`"));
        let Some(entry) = connector.entry("dataTypes") else {
            let span = connector
                .as_mapping()
                .and_then(|entries| entries.first())
                .map_or(connector.span, |first| first.key.span);
            out.push(
                RULE.diag(
                    format!("connector{connector_name} has no `dataTypes`"),
                    span,
                )
                .with_help("list the tables the query reads from this connector"),
            );
            continue;
        };
        // Another type is the schema rules' business.
        let Some(items) = entry.value.as_sequence() else {
            continue;
        };
        if items.is_empty() {
            out.push(
                RULE.diag(
                    format!("`dataTypes` of connector{connector_name} is empty"),
                    entry.value.span,
                )
                .with_help("list the tables the query reads from this connector"),
            );
            continue;
        }
        for item in items {
            if item.as_string().is_some_and(|name| name.trim().is_empty()) {
                out.push(
                    RULE.diag("empty table name in `dataTypes`", item.span)
                        .with_help("name a table, or remove the item"),
                );
            }
        }
    }
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
                // A string instead of a list is for the schema rules.
                &scheduled_rule(&[(
                    "requiredDataConnectors",
                    Some("\n  - connectorId: AzureActiveDirectory\n    dataTypes: SigninLogs"),
                )]),
            ],
            &[&scheduled_rule(&[(
                "requiredDataConnectors",
                Some(
                    "\n  - connectorId: AzureActiveDirectory\n    dataTypes: []\n  - connectorId: Office365\n  - connectorId: SecurityEvents\n    dataTypes:\n      - SecurityEvent\n      - ''",
                ),
            )])],
        );
        insta::assert_snapshot!(rendered);
    }
}
