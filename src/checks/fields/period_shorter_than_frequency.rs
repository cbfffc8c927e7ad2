use crate::checks::Context;
use crate::checks::fields::duration;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a Scheduled rule whose `queryPeriod` (how far back each run looks) is shorter
    /// than its `queryFrequency` (how often it runs). Only valid durations are compared; the
    /// others are SL120's.
    ///
    /// ## Why is this bad?
    /// Events that arrive between the end of one look-back window and the start of the next run
    /// are never queried: the rule silently misses them. Sentinel rejects such a rule.
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1d
    /// queryPeriod: 1h
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// queryFrequency: 1d
    /// queryPeriod: 1d
    /// ```
    ///
    /// ## Fix safety
    /// Raising `queryPeriod` to `queryFrequency` makes each run read more data and may raise
    /// more alerts: unsafe.
    pub static RULE = ("SL123", "period-shorter-than-frequency", Error);
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
    if period >= frequency {
        return;
    }
    let frequency_text = frequency_node.as_str().unwrap_or_default();
    out.push(
        RULE.diag(
            format!(
                "`queryPeriod` ({}) is shorter than `queryFrequency` ({}): events between runs are never queried",
                duration::format(period),
                duration::format(frequency)
            ),
            period_node.span,
        )
        .with_label(frequency_node.span, "the query runs this often")
        .with_help(format!("look back at least as far as the interval between runs: `queryPeriod: {frequency_text}`"))
        .with_fix(Fix::unsafe_(
            format!("set `queryPeriod` to `{frequency_text}`"),
            period_node.span,
            frequency_text,
        )),
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
                &scheduled_rule(&[
                    ("queryFrequency", Some("1h")),
                    ("queryPeriod", Some("PT60M")),
                ]),
                &scheduled_rule(&[("queryFrequency", Some("1d")), ("queryPeriod", Some("1m"))]),
            ],
            &[&scheduled_rule(&[
                ("queryFrequency", Some("1d")),
                ("queryPeriod", Some("1h")),
            ])],
        );
        insta::assert_snapshot!(rendered);
    }
}
