use crate::checks::Context;
use crate::checks::entities::{catalog, mappings};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a field mapping `columnName` that is not a plain column identifier
    /// (`^[A-Za-z_][A-Za-z0-9_]*$`): an expression, a bracketed or quoted name, a name with
    /// spaces or dots.
    ///
    /// ## Why is this bad?
    /// `columnName` names one column of the query's output; Sentinel does not evaluate
    /// expressions there and rejects names that are not identifiers, so the rule fails to
    /// deploy or the entity is never filled.
    ///
    /// ## Example
    /// ```yaml
    /// fieldMappings:
    ///   - identifier: Name
    ///     columnName: Identity.UserName
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # query: ... | extend AccountName = tostring(Identity.UserName)
    /// fieldMappings:
    ///   - identifier: Name
    ///     columnName: AccountName
    /// ```
    pub static RULE = ("SL307", "invalid-column-name", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        for field in mapping.fields() {
            let Some(node) = field.column else {
                continue;
            };
            let column = node.as_string().unwrap_or_default();
            if catalog::is_column_name(column) {
                continue;
            }
            let help = if column.trim().is_empty() {
                "name the query column that holds the value".to_string()
            } else if catalog::is_column_name(column.trim()) {
                format!("remove the spaces around `{}`", column.trim())
            } else {
                "give the value a plain name in the query (`| extend AccountName = ...`) and map \
                 that column"
                    .to_string()
            };
            let message = if column.is_empty() {
                "`columnName` is empty".to_string()
            } else {
                format!("`columnName` `{column}` is not a column identifier")
            };
            out.push(RULE.diag(message, node.span).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: _ip_1",
                    ),
                )]),
            ],
            &[&scheduled_rule(&[(
                "entityMappings",
                Some(
                    "\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: Identity.UserName\n      - identifier: NTDomain\n        columnName: \"\"\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: '[\"Client IP\"]'",
                ),
            )])],
        );
        insta::assert_snapshot!(rendered);
    }
}
