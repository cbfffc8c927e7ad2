use crate::checks::Context;
use crate::checks::entities::catalog::MAX_FIELD_MAPPINGS;
use crate::checks::entities::{first_line, mappings};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an entity mapping whose `fieldMappings` list is empty or has more than 3
    /// identifiers, the limits of Sentinel's analytic rules.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses to save a rule with an entity mapping of more than 3 identifiers, and
    /// a mapping without any identifier creates no entity.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Name
    ///         columnName: AccountName
    ///       - identifier: NTDomain
    ///         columnName: AccountDomain
    ///       - identifier: Sid
    ///         columnName: AccountSid
    ///       - identifier: AadUserId
    ///         columnName: AccountObjectId
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Name
    ///         columnName: AccountName
    ///       - identifier: NTDomain
    ///         columnName: AccountDomain
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Sid
    ///         columnName: AccountSid
    /// ```
    pub static RULE = ("SL302", "field-mappings-limit", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        let Some(entry) = mapping.field_mappings_entry else {
            continue;
        };
        let fields = mapping.field_mappings();
        if fields.is_empty() {
            out.push(
                RULE.diag("`fieldMappings` is empty", entry.value.span)
                    .with_help("map at least one identifier of the entity to a column"),
            );
        } else if fields.len() > MAX_FIELD_MAPPINGS {
            out.push(
                RULE.diag(
                    format!(
                        "{} field mappings in one entity mapping; Sentinel allows at most \
                         {MAX_FIELD_MAPPINGS}",
                        fields.len()
                    ),
                    entry.key.span,
                )
                .with_label(
                    first_line(&fields[MAX_FIELD_MAPPINGS]),
                    format!("identifier {} is one too many", MAX_FIELD_MAPPINGS + 1),
                )
                .with_help(
                    "keep the identifiers that identify the entity; map the others in a second \
                     mapping of the same entity type",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let three = "\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: A\n      - identifier: NTDomain\n        columnName: B\n      - identifier: Sid\n        columnName: C";
        let four = format!("{three}\n      - identifier: AadUserId\n        columnName: D");
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[("entityMappings", Some(three))]),
            ],
            &[
                &scheduled_rule(&[("entityMappings", Some(&four))]),
                &scheduled_rule(&[(
                    "entityMappings",
                    Some("\n  - entityType: IP\n    fieldMappings: []"),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
