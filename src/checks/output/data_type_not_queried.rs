use crate::checks::Context;
use crate::checks::output::{data_type_table, is_real_table};
use crate::content::yaml::Node;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `requiredDataConnectors[].dataTypes` entry naming a table the query never
    /// reads.
    ///
    /// ## Why is this bad?
    /// Sentinel uses `dataTypes` to tell whether a workspace has the data a rule needs: the
    /// content hub and the rule wizard show the rule as ready, or not, from it. A data type the
    /// query does not read makes the rule look usable where it is not, or hides it where it is;
    /// it usually means the query was changed and the metadata was not.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes:
    ///       - AuditLogs
    /// query: |
    ///   SigninLogs
    ///   | where ResultType == "50126"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     dataTypes:
    ///       - SigninLogs
    /// ```
    pub static RULE = ("SL710", "data-type-not-queried", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if !context.file.is_rule_or_hunting_query() {
        return;
    }
    let Some(analysis) = context.analysis() else {
        return;
    };
    // A function (a parser, a saved search) reads tables we do not see; an unresolved schema
    // may come from a table we do not know. Either way, silence beats a false alarm.
    if !analysis.functions.is_empty()
        || analysis.schema().is_none_or(|s| s.open)
        || !analysis.tables.iter().all(|t| is_real_table(t))
    {
        return;
    }
    let read = |table: &str| {
        analysis
            .tables
            .iter()
            .any(|t| t.eq_ignore_ascii_case(table))
    };
    for connector in context
        .file
        .field("requiredDataConnectors")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        for data_type in connector
            .get("dataTypes")
            .and_then(Node::as_sequence)
            .unwrap_or(&[])
        {
            let Some(name) = data_type.as_string() else {
                continue;
            };
            let table = data_type_table(name);
            // A data type that is not a table name (`KeyVaultData`) cannot be judged.
            if table.is_empty() || read(table) || context.catalog.table(table).is_none() {
                continue;
            }
            let tables: Vec<String> = analysis.tables.iter().map(|t| format!("`{t}`")).collect();
            let reads = if tables.is_empty() {
                "no table".to_string()
            } else {
                tables.join(", ")
            };
            out.push(
                RULE.diag(
                    format!("data type `{table}` is never read by the query"),
                    data_type.span,
                )
                .with_help(format!("the query reads {reads}; list what it reads")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let wrong = scheduled_rule(&[(
            "requiredDataConnectors",
            Some(
                "\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n      - SigninLogs\n      - AuditLogs",
            ),
        )]);
        let rendered = check_rule(&super::RULE, &[&scheduled_rule(&[])], &[&wrong]);
        insta::assert_snapshot!(rendered);
    }
}
