use crate::checks::Context;
use crate::checks::fields::duration::{self, DAY, HOUR};
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a Scheduled rule that looks back 2 days or more (`queryPeriod`) but runs more
    /// often than once an hour (`queryFrequency`). Only valid durations are compared.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses the combination ("When `queryPeriod` is greater than or equal to 2
    /// days, `queryFrequency` should be greater than or equal to 1 hour"): scanning days of
    /// data every few minutes is too costly, so the rule cannot be deployed.
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 15m
    /// queryPeriod: 14d
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 14d
    /// ```
    ///
    /// ## Fix safety
    /// Running the query hourly delays its alerts: unsafe.
    pub static RULE = ("SL124", "long-period-short-frequency", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(duration::Schedule {
        frequency_node,
        frequency,
        period_node,
        period,
    }) = duration::valid_schedule(context.file)
    else {
        return;
    };
    if period < 2 * DAY || frequency >= HOUR {
        return;
    }
    out.push(
        RULE.diag(
            format!(
                "`queryFrequency` is {} but `queryPeriod` is {}: a look-back of 2 days or more needs a frequency of at least 1 hour",
                duration::format(frequency),
                duration::format(period)
            ),
            frequency_node.span,
        )
        .with_label(period_node.span, "looks back 2 days or more")
        .with_help("run the query at most hourly (`queryFrequency: 1h`), or look back less than 2 days")
        .with_fix(Fix::unsafe_("set `queryFrequency` to `1h`", frequency_node.span, "1h")),
    );
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
                &scheduled_rule(&[("queryFrequency", Some("1h")), ("queryPeriod", Some("14d"))]),
                &scheduled_rule(&[("queryFrequency", Some("5m")), ("queryPeriod", Some("47h"))]),
            ],
            &[&scheduled_rule(&[
                ("queryFrequency", Some("PT15M")),
                ("queryPeriod", Some("2d")),
            ])],
        );
        insta::assert_snapshot!(rendered);
    }
}
