use crate::checks::Context;
use crate::checks::fields::{Case, enum_value, grouping_list};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an item of `incidentConfiguration.groupingConfiguration.groupByAlertDetails`
    /// other than `DisplayName` or `Severity`; one in the wrong case gets a safe fix.
    ///
    /// ## Why is this bad?
    /// Only the alert's display name and severity can group alerts into incidents; Sentinel
    /// rejects any other detail.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByAlertDetails:
    ///       - AlertName
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByAlertDetails:
    ///       - DisplayName
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known value is safe.
    pub static RULE = ("SL134", "invalid-group-by-alert-detail", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for item in grouping_list(context.file, "groupByAlertDetails") {
        out.extend(enum_value(
            &RULE,
            item,
            "groupByAlertDetails",
            &["DisplayName", "Severity"],
            Case::Insensitive,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn grouping(details: &str) -> String {
        scheduled_rule(&[(
            "incidentConfiguration",
            Some(&format!(
                "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: Selected\n    groupByAlertDetails: {details}"
            )),
        )])
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&grouping("[DisplayName, Severity]"), &grouping("[]")],
            &[&grouping("[severity]"), &grouping("[AlertName]")],
        );
        insta::assert_snapshot!(rendered);
    }
}
