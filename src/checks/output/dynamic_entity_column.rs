use crate::checks::Context;
use crate::checks::entities;
use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::kql::types::ScalarType;

declare_rule! {
    /// ## What it does
    /// Reports an entity mapped to a column of type `dynamic` (a JSON array or object).
    ///
    /// ## Why is this bad?
    /// An entity identifier is a single value. Sentinel turns a dynamic value into its JSON
    /// text (`["10.0.0.1","10.0.0.2"]`), which matches no real account, host or address, so
    /// the entity is useless for investigation and incident grouping.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | summarize IPs = make_set(IPAddress) by UserPrincipalName
    /// entityMappings:
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: IPs
    /// ```
    ///
    /// ## Use instead
    /// Map a scalar column: expand the set (`mv-expand IP = IPs to typeof(string)`), or take
    /// one value (`tostring(IPs[0])`).
    pub static RULE = ("SL704", "dynamic-entity-column", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schema) = context.analysis().and_then(|a| a.schema()) else {
        return;
    };
    for mapping in entities::mappings(context.file) {
        for field in mapping.fields() {
            let Some(column_node) = field.column else {
                continue;
            };
            let Some(column) = column_node.as_str() else {
                continue;
            };
            let Some(found) = schema.column(column) else {
                continue;
            };
            if found.ty != ScalarType::Dynamic {
                continue;
            }
            out.push(
                RULE.diag(
                    format!("entity column `{column}` is `dynamic`; Sentinel needs a single value"),
                    column_node.span,
                )
                .with_help(format!(
                    "output a scalar, e.g. `extend {column} = tostring({column})`, or expand it with `mv-expand`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let set = scheduled_rule(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  | summarize IPAddress = make_set(IPAddress) by UserPrincipalName",
            ),
        )]);
        let rendered = check_rule(&super::RULE, &[&scheduled_rule(&[])], &[&set]);
        insta::assert_snapshot!(rendered);
    }
}
