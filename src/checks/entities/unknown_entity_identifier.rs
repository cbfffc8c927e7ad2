use crate::checks::Context;
use crate::checks::attack::quoted_list;
use crate::checks::entities::{catalog, mappings};
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, suggest};

declare_rule! {
    /// ## What it does
    /// Reports a field mapping `identifier` that the mapping's entity type does not have (an
    /// `IP` has only `Address`; a `Host` has `HostName`, `NTDomain`, …). An identifier in the
    /// wrong case (`address`) gets a safe fix; other names get the type's closest identifiers,
    /// or the entity types that do have it.
    ///
    /// ## Why is this bad?
    /// Sentinel's API rejects identifiers the entity type does not define, so the rule fails
    /// to deploy.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Host
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: Computer
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Host
    ///     fieldMappings:
    ///       - identifier: HostName
    ///         columnName: Computer
    /// ```
    pub static RULE = ("SL304", "unknown-entity-identifier", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        let Some(entity) = mapping.entity_type else {
            continue;
        };
        for (node, identifier) in mapping.identifiers() {
            if entity.identifier(identifier).is_some() {
                continue;
            }
            if let Some(canonical) = entity.identifier_ignore_case(identifier) {
                let mut diagnostic = RULE
                    .diag(
                        format!(
                            "identifier `{identifier}` of `{}` is written `{canonical}` in Sentinel",
                            entity.name
                        ),
                        node.span,
                    )
                    .with_help("identifiers are case-sensitive");
                if let Some((span, text)) = yaml_edit::replace_scalar(node, canonical) {
                    diagnostic = diagnostic.with_fix(Fix::safe(
                        format!("replace with `{canonical}`"),
                        span,
                        text,
                    ));
                }
                out.push(diagnostic);
                continue;
            }
            let close = suggest(identifier, entity.identifiers.iter().copied(), 3);
            let others: Vec<&str> = catalog::entity_types()
                .iter()
                .filter(|other| other.identifier_ignore_case(identifier).is_some())
                .map(|other| other.name)
                .collect();
            let help = if !close.is_empty() {
                format!("did you mean {}?", quoted_list(&close, "or"))
            } else if !others.is_empty() {
                format!(
                    "`{identifier}` is an identifier of {}; `{}` has {}",
                    quoted_list(&others, "and"),
                    entity.name,
                    quoted_list(entity.identifiers, "and")
                )
            } else {
                format!(
                    "`{}` has {}",
                    entity.name,
                    quoted_list(entity.identifiers, "and")
                )
            };
            out.push(
                RULE.diag(
                    format!(
                        "`{identifier}` is not an identifier of entity type `{}`",
                        entity.name
                    ),
                    node.span,
                )
                .with_help(help),
            );
        }
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
                // An unknown type is SL303's; its identifiers cannot be judged.
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: Hosts\n    fieldMappings:\n      - identifier: Anything\n        columnName: Computer",
                    ),
                )]),
            ],
            &[
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: IP\n    fieldMappings:\n      - identifier: address\n        columnName: IPAddress\n  - entityType: Host\n    fieldMappings:\n      - identifier: Hostname\n        columnName: Computer\n      - identifier: Address\n        columnName: IPAddress",
                    ),
                )]),
                &nrt_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: Account\n    fieldMappings:\n      - identifier: UserPrincipalName\n        columnName: Account",
                    ),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
