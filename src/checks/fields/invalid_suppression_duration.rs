use crate::checks::Context;
use crate::checks::fields::duration::{DAY, MINUTE};
use crate::checks::fields::duration_value;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `suppressionDuration` that is not a duration (`5h`, `PT5H`) or lies outside
    /// 5 minutes to 24 hours.
    ///
    /// ## Why is this bad?
    /// After an alert, Sentinel can stop running the query for the suppression duration, which
    /// the portal and the API accept from 5 minutes to 24 hours: another value fails the
    /// deployment.
    ///
    /// ## Example
    /// ```yaml
    /// suppressionEnabled: true
    /// suppressionDuration: 2d
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// suppressionEnabled: true
    /// suppressionDuration: 24h
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a unit keeps the duration: safe.
    pub static RULE = ("SL136", "invalid-suppression-duration", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    if let Some(node) = file.field("suppressionDuration") {
        out.extend(duration_value(
            &RULE,
            node,
            "suppressionDuration",
            5 * MINUTE,
            DAY,
        ));
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
                    ("suppressionDuration", Some("5h")),
                    ("suppressionEnabled", Some("false")),
                ]),
            ],
            &[
                &scheduled_rule(&[("suppressionDuration", Some("2d"))]),
                &scheduled_rule(&[("suppressionDuration", Some("PT1m"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
