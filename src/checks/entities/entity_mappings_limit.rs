use crate::checks::Context;
use crate::checks::entities::catalog::MAX_ENTITY_MAPPINGS;
use crate::checks::entities::{entity_mappings_entry, first_line};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `entityMappings` list that is empty or has more than 10 mappings, the limits
    /// of Sentinel's analytic rules.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses to save a rule with more than 10 entity mappings, so the deployment
    /// fails. An empty list maps nothing: alerts come without entities, so incidents cannot be
    /// grouped or investigated by entity; leave the field out or map something.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings: []
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
    pub static RULE = ("SL301", "entity-mappings-limit", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = entity_mappings_entry(context.file) else {
        return;
    };
    let items = entry.value.as_sequence().unwrap_or(&[]);
    if items.is_empty() {
        out.push(
            RULE.diag("`entityMappings` is empty", entry.value.span)
                .with_help("map at least one entity, or remove `entityMappings`"),
        );
    } else if items.len() > MAX_ENTITY_MAPPINGS {
        out.push(
            RULE.diag(
                format!(
                    "{} entity mappings; Sentinel allows at most {MAX_ENTITY_MAPPINGS}",
                    items.len()
                ),
                entry.key.span,
            )
            .with_label(
                first_line(&items[MAX_ENTITY_MAPPINGS]),
                format!("mapping {} is one too many", MAX_ENTITY_MAPPINGS + 1),
            )
            .with_help(
                "drop the least useful mappings, or merge mappings of one entity type; \
                 values that are not entities can go in `customDetails`",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    fn mappings(count: usize) -> String {
        let one = "\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: IPAddress";
        one.repeat(count)
    }

    #[test]
    fn fires_and_passes() {
        let ten = mappings(10);
        let eleven = mappings(11);
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[("entityMappings", Some(&ten))]),
                &scheduled_rule(&[("entityMappings", None)]),
            ],
            &[
                &nrt_rule(&[("entityMappings", Some("[]"))]),
                &scheduled_rule(&[("entityMappings", Some(&eleven))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
