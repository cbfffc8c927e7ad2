use crate::checks::Context;
use crate::checks::fields::duration::{DAY, MINUTE};
use crate::checks::fields::duration_value;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `incidentConfiguration.groupingConfiguration.lookbackDuration` that is not a
    /// duration (`5h`, `PT5H`) or lies outside 5 minutes to 7 days.
    ///
    /// ## Why is this bad?
    /// Sentinel groups a new alert into an incident opened within the look-back window, which
    /// it accepts from 5 minutes to 7 days only: the rule cannot be deployed otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     lookbackDuration: 14d
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     lookbackDuration: 7d
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a unit keeps the duration: safe.
    pub static RULE = ("SL131", "invalid-lookback-duration", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let node = file.root.as_ref().and_then(|root| {
        root.at_pointer("/incidentConfiguration/groupingConfiguration/lookbackDuration")
    });
    if let Some(node) = node {
        out.extend(duration_value(
            &RULE,
            node,
            "lookbackDuration",
            5 * MINUTE,
            7 * DAY,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn grouping(lookback: &str) -> String {
        scheduled_rule(&[(
            "incidentConfiguration",
            Some(&format!(
                "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: {lookback}\n    matchingMethod: AllEntities"
            )),
        )])
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&grouping("5h"), &grouping("PT5H"), &grouping("7d")],
            &[&grouping("14d"), &grouping("5 hours")],
        );
        insta::assert_snapshot!(rendered);
    }
}
