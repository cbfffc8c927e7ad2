use crate::checks::Context;
use crate::checks::fields::duration::{DAY, MINUTE};
use crate::checks::fields::duration_value;
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `queryFrequency` or `queryPeriod` of a Scheduled rule that is not a duration,
    /// or lies outside 5 minutes to 14 days. Both the repository form (`5m`, `1h`, `14d`) and
    /// ISO 8601 (`PT5M`, `PT1H`, `P14D`) are accepted; a unit in the wrong case (`1H`) gets a
    /// safe fix.
    ///
    /// ## Why is this bad?
    /// Sentinel runs a scheduled query at most every 5 minutes and looks back at most 14 days;
    /// the API rejects anything else, and a value it cannot parse fails the deployment.
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1H
    /// queryPeriod: 30d
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 14d
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a unit (`1H` → `1h`, `pt5m` → `PT5M`) keeps the duration: safe.
    pub static RULE = ("SL120", "invalid-schedule-duration", Error);
}

pub const MIN: u64 = 5 * MINUTE;
pub const MAX: u64 = 14 * DAY;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return;
    }
    for field in ["queryFrequency", "queryPeriod"] {
        if let Some(node) = file.field(field) {
            out.extend(duration_value(&RULE, node, field, MIN, MAX));
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
                &scheduled_rule(&[
                    ("queryFrequency", Some("PT5M")),
                    ("queryPeriod", Some("P14D")),
                ]),
                &scheduled_rule(&[
                    ("queryFrequency", Some("PT1H30M")),
                    ("queryPeriod", Some("2h")),
                ]),
            ],
            &[
                &scheduled_rule(&[("queryFrequency", Some("1H"))]),
                &scheduled_rule(&[("queryPeriod", Some("30d"))]),
                &scheduled_rule(&[("queryFrequency", Some("1m")), ("queryPeriod", Some("1m"))]),
                &scheduled_rule(&[("queryPeriod", Some("1 hour"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
