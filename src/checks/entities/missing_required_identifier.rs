use crate::checks::Context;
use crate::checks::entities::mappings;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an entity mapping that maps none of the identifier sets that identify its
    /// entity type: an `Account` needs one of `FullName`, `Sid`, `Name`, `AadUserId`, `PUID`
    /// or `ObjectGuid`; a `FileHash` needs both `Algorithm` and `Value`; a `Host` needs one of
    /// `FullName`, `HostName`, `NetBiosName`, `AzureID` or `OMSAgentID`; and so on.
    ///
    /// ## Why is this bad?
    /// Sentinel creates an entity only when it can identify it; a mapping with only weak
    /// identifiers (`NTDomain`, `Directory`, `Algorithm`) is dropped, so alerts come without
    /// the entity and incidents cannot be grouped or investigated by it.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: NTDomain
    ///         columnName: AccountDomain
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
    /// ```
    pub static RULE = ("SL306", "missing-required-identifier", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        let (Some(entity), Some(type_node)) = (mapping.entity_type, mapping.entity_type_node)
        else {
            continue;
        };
        let fields = mapping.field_mappings();
        // An empty list is SL302's; a field mapping whose identifier is not a string makes
        // the set unknowable.
        if fields.is_empty()
            || mapping.fields().count() != fields.len()
            || mapping.fields().any(|field| field.identifier.is_none())
        {
            continue;
        }
        let present: Vec<&str> = mapping
            .identifiers()
            .filter_map(|(_, identifier)| entity.identifier_ignore_case(identifier))
            .collect();
        if entity.is_satisfied_by(&present) {
            continue;
        }
        let message = if present.is_empty() {
            format!(
                "`{}` entity mapping has no identifier of its type",
                entity.name
            )
        } else {
            format!(
                "`{}` entity mapping has no identifier that identifies the entity",
                entity.name
            )
        };
        let mut diagnostic = RULE.diag(message, type_node.span).with_help(format!(
            "map {}; without it Sentinel drops the entity",
            entity.describe_required()
        ));
        if let Some(entry) = mapping.field_mappings_entry {
            diagnostic = diagnostic.with_label(entry.key.span, "these identifiers are not enough");
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &nrt_rule(&[]),
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: FileHash\n    fieldMappings:\n      - identifier: Algorithm\n        columnName: A\n      - identifier: Value\n        columnName: B",
                    ),
                )]),
            ],
            &[
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: Account\n    fieldMappings:\n      - identifier: NTDomain\n        columnName: AccountDomain\n      - identifier: UPNSuffix\n        columnName: Suffix",
                    ),
                )]),
                &nrt_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: FileHash\n    fieldMappings:\n      - identifier: Value\n        columnName: SHA256",
                    ),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
