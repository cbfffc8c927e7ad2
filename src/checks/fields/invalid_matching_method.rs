use crate::checks::Context;
use crate::checks::fields::{Case, enum_value};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `incidentConfiguration.groupingConfiguration.matchingMethod` other than
    /// `AllEntities`, `AnyAlert` or `Selected`; a value in the wrong case gets a safe fix.
    ///
    /// ## Why is this bad?
    /// The matching method decides which alerts are grouped into one incident; Sentinel rejects
    /// any other value.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     matchingMethod: SelectedEntities
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     matchingMethod: Selected
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known value is safe.
    pub static RULE = ("SL132", "invalid-matching-method", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let node = file.root.as_ref().and_then(|root| {
        root.at_pointer("/incidentConfiguration/groupingConfiguration/matchingMethod")
    });
    if let Some(node) = node {
        out.extend(enum_value(
            &RULE,
            node,
            "matchingMethod",
            &["AllEntities", "AnyAlert", "Selected"],
            Case::Insensitive,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn grouping(method: &str) -> String {
        scheduled_rule(&[(
            "incidentConfiguration",
            Some(&format!(
                "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: {method}"
            )),
        )])
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&grouping("AllEntities"), &grouping("Selected")],
            &[&grouping("anyalert"), &grouping("SelectedEntities")],
        );
        insta::assert_snapshot!(rendered);
    }
}
