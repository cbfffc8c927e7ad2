use crate::checks::Context;
use crate::checks::attack::quoted_list;
use crate::checks::entities::{catalog, mappings};
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, suggest};

declare_rule! {
    /// ## What it does
    /// Reports an `entityType` that is not one of Sentinel's entity types (`Account`, `Host`,
    /// `IP`, `URL`, `FileHash`, …). A type written in the wrong case or with spaces (`ip`,
    /// `Azure resource`) gets a safe fix; other names get the closest types.
    ///
    /// ## Why is this bad?
    /// Sentinel's API takes entity types from a fixed, case-sensitive list; a rule with any
    /// other value fails to deploy.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: ip
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: IPAddress
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: IPAddress
    /// ```
    pub static RULE = ("SL303", "unknown-entity-type", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        let Some(node) = mapping.entity_type_node else {
            continue;
        };
        let name = node.as_string().unwrap_or_default();
        if catalog::entity_type(name).is_some() {
            continue;
        }
        if let Some(entity) = mapping.entity_type {
            let mut diagnostic = RULE
                .diag(
                    format!(
                        "entity type `{name}` is written `{}` in Sentinel",
                        entity.name
                    ),
                    node.span,
                )
                .with_help("entity types are written exactly, in one word");
            if let Some((span, text)) = yaml_edit::replace_scalar(node, entity.name) {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("replace with `{}`", entity.name),
                    span,
                    text,
                ));
            }
            out.push(diagnostic);
            continue;
        }
        let names: Vec<&str> = catalog::entity_types().iter().map(|e| e.name).collect();
        let close = suggest(name, names.iter().copied(), 3);
        let help = if close.is_empty() {
            format!("Sentinel's entity types are {}", quoted_list(&names, "and"))
        } else {
            format!("did you mean {}?", quoted_list(&close, "or"))
        };
        out.push(
            RULE.diag(format!("unknown entity type `{name}`"), node.span)
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[]), &nrt_rule(&[])],
            &[
                &scheduled_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: ip\n    fieldMappings:\n      - identifier: Address\n        columnName: IPAddress\n  - entityType: Azure resource\n    fieldMappings:\n      - identifier: ResourceId\n        columnName: R\n  - entityType: \"Hosts\"\n    fieldMappings:\n      - identifier: HostName\n        columnName: Computer",
                    ),
                )]),
                &nrt_rule(&[(
                    "entityMappings",
                    Some(
                        "\n  - entityType: SecurityAlert\n    fieldMappings:\n      - identifier: Name\n        columnName: AlertName",
                    ),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
