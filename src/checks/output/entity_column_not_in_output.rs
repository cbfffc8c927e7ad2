use crate::checks::Context;
use crate::checks::entities;
use crate::checks::output::missing_column_help;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an entity mapping whose `columnName` is not a column of the query's output.
    ///
    /// ## Why is this bad?
    /// Sentinel maps entities from the columns of the query's results. A column the query does
    /// not output gives no entity: the alert loses its account, host or IP, incidents are not
    /// grouped by it, and playbooks that act on entities do nothing. Depending on the API
    /// version the rule is refused outright.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | summarize count() by IPAddress
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: FullName
    ///         columnName: UserPrincipalName   # dropped by summarize
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | summarize count() by IPAddress, UserPrincipalName
    /// ```
    pub static RULE = ("SL701", "entity-column-not-in-output", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = context.closed_output() else {
        return;
    };
    for mapping in entities::mappings(context.file) {
        let entity = mapping
            .entity_type_node
            .and_then(|n| n.as_str())
            .unwrap_or("entity");
        for field in mapping.fields() {
            let Some(column_node) = field.column else {
                continue;
            };
            let Some(column) = column_node.as_str() else {
                continue;
            };
            let Some(help) = missing_column_help(schema, column) else {
                continue;
            };
            let identifier = field.identifier.and_then(|n| n.as_str()).unwrap_or("?");
            out.push(
                RULE.diag(
                    format!("{entity}.{identifier} is mapped to `{column}`, which the query does not output"),
                    column_node.span,
                )
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let dropped = scheduled_rule(&[(
            "entityMappings",
            Some(
                "\n  - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n        columnName: UserPrincipalName\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: ipaddress",
            ),
        )]);
        let open_schema = scheduled_rule(&[
            ("query", Some("|\n  MyCustomTable_CL\n  | take 10")),
            ("requiredDataConnectors", Some("[]")),
        ]);
        // The legs give `IPAddress` string and long: Kusto renames it `IPAddress_string`, `IPAddress_long`.
        let union_clash = scheduled_rule(&[(
            "query",
            Some(
                "|\n  union (SigninLogs | project IPAddress), (SigninLogs | project IPAddress = tolong(0))",
            ),
        )]);
        // One leg's type is unknown to the analysis (an unknown name): no finding.
        let union_unknown = scheduled_rule(&[(
            "query",
            Some(
                "|\n  union (SigninLogs | project IPAddress), (SigninLogs | extend IPAddress = NoSuchColumn | project IPAddress)",
            ),
        )]);
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[]), &open_schema, &union_unknown],
            &[&dropped, &union_clash],
        );
        insta::assert_snapshot!(rendered);
    }
}
