use crate::checks::Context;
use crate::checks::output::{data_type_table, is_real_table};
use crate::content::yaml::Node;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a table the query reads that no `requiredDataConnectors[].dataTypes` entry
    /// names.
    ///
    /// ## Why is this bad?
    /// Sentinel decides from `dataTypes` whether a workspace has what the rule needs. A table
    /// missing from the list makes the rule look ready in a workspace that lacks the data: it
    /// is enabled, runs, and never fires.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes:
    ///       - SigninLogs
    /// query: |
    ///   union SigninLogs, AADNonInteractiveUserSignInLogs
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     dataTypes:
    ///       - SigninLogs
    ///       - AADNonInteractiveUserSignInLogs
    /// ```
    pub static RULE = ("SL711", "table-not-in-data-types", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if !context.file.is_rule_or_hunting_query() {
        return;
    }
    let Some(entry) = context
        .file
        .root
        .as_ref()
        .and_then(|r| r.entry("requiredDataConnectors"))
    else {
        return;
    };
    let Some(connectors) = entry.value.as_sequence().filter(|c| !c.is_empty()) else {
        return;
    };
    let Some(analysis) = context.analysis() else {
        return;
    };
    let declared: Vec<&str> = connectors
        .iter()
        .flat_map(|c| {
            c.get("dataTypes")
                .and_then(Node::as_sequence)
                .unwrap_or(&[])
        })
        .filter_map(Node::as_string)
        .map(data_type_table)
        .collect();
    // Tables the listed connectors fill count as listed: `AzureKeyVault` fills `AzureDiagnostics`
    // whatever its `dataTypes` say.
    let filled: Vec<&str> = connectors
        .iter()
        .filter_map(|c| c.get("connectorId").and_then(Node::as_str))
        .filter_map(|id| context.catalog.connector_tables(id))
        .flatten()
        .map(|t| &**t)
        .collect();
    for table in &analysis.tables {
        if !is_real_table(table)
            || declared.iter().any(|d| d.eq_ignore_ascii_case(table))
            || filled.iter().any(|t| t.eq_ignore_ascii_case(table))
        {
            continue;
        }
        out.push(
            RULE.diag(
                format!("the query reads `{table}`, which no data connector's `dataTypes` lists"),
                entry.key.span,
            )
            .with_help(format!(
                "add `{table}` to the `dataTypes` of the connector that fills it"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let unlisted = scheduled_rule(&[(
            "query",
            Some(
                "|\n  union SigninLogs, SecurityEvent\n  | summarize Failures = count(), Users = dcount(UserPrincipalName) by IPAddress",
            ),
        )]);
        let rendered = check_rule(&super::RULE, &[&scheduled_rule(&[])], &[&unlisted]);
        insta::assert_snapshot!(rendered);
    }
}
