use crate::checks::Context;
use crate::checks::entities::mappings;
use crate::content::yaml::Node;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an identifier mapped twice within one entity mapping.
    ///
    /// ## Why is this bad?
    /// An entity has one value per identifier: Sentinel rejects the mapping, and one of the
    /// two columns was meant for another identifier or another entity.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Name
    ///         columnName: TargetUserName
    ///       - identifier: Name
    ///         columnName: SubjectUserName
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Name
    ///         columnName: TargetUserName
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Name
    ///         columnName: SubjectUserName
    /// ```
    pub static RULE = ("SL305", "duplicate-entity-identifier", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for mapping in mappings(context.file) {
        let mut seen: Vec<(String, &Node)> = Vec::new();
        for (node, identifier) in mapping.identifiers() {
            // Compare as Sentinel will once SL304 has fixed the case.
            let key = mapping
                .entity_type
                .and_then(|entity| entity.identifier_ignore_case(identifier))
                .unwrap_or(identifier)
                .to_string();
            if let Some((_, first)) = seen.iter().find(|(seen_key, _)| *seen_key == key) {
                out.push(
                    RULE.diag(
                        format!("identifier `{key}` is mapped twice in this entity mapping"),
                        node.span,
                    )
                    .with_label(first.span, "first mapped here")
                    .with_help(
                        "keep one; to map a second entity of the same type, add another \
                         entity mapping",
                    ),
                );
            } else {
                seen.push((key, node));
            }
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
                        "\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: A\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: B",
                    ),
                )]),
            ],
            &[&scheduled_rule(&[(
                "entityMappings",
                Some(
                    "\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: A\n      - identifier: name\n        columnName: B",
                ),
            )])],
        );
        insta::assert_snapshot!(rendered);
    }
}
