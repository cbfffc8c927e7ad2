use crate::checks::Context;
use crate::checks::entities::catalog::entity_types;
use crate::checks::fields::{Case, enum_value, grouping_list};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an item of `incidentConfiguration.groupingConfiguration.groupByEntities` that is
    /// not a Sentinel entity type (`Account`, `Host`, `IP`, `URL`, …); one in the wrong case
    /// gets a safe fix.
    ///
    /// ## Why is this bad?
    /// Sentinel groups alerts by the entities of the listed types; it rejects a type it does
    /// not know, so the rule cannot be deployed.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByEntities:
    ///       - User
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByEntities:
    ///       - Account
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known entity type is safe.
    pub static RULE = ("SL133", "invalid-group-by-entity", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    // The entity types live in one place: the entity mapping rules' catalog.
    let names: Vec<&str> = entity_types().iter().map(|entity| entity.name).collect();
    for item in grouping_list(context.file, "groupByEntities") {
        out.extend(enum_value(
            &RULE,
            item,
            "groupByEntities",
            &names,
            Case::Insensitive,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn grouping(entities: &str) -> String {
        scheduled_rule(&[(
            "incidentConfiguration",
            Some(&format!(
                "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: Selected\n    groupByEntities: {entities}"
            )),
        )])
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&grouping("[Account, IP, URL]"), &grouping("[]")],
            &[
                &grouping("[ip, Host]"),
                &grouping("\n      - User\n      - Hosts"),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
