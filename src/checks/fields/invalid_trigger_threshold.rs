use crate::checks::Context;
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `triggerThreshold` of a Scheduled rule outside 0 to 10000. (A threshold that
    /// is not an integer is reported by SL101 `invalid-field-type`.)
    ///
    /// ## Why is this bad?
    /// Sentinel compares the number of results with the threshold and accepts only 0 to 10000:
    /// a rule with another value cannot be deployed.
    ///
    /// ## Example
    /// ```yaml
    /// triggerOperator: gt
    /// triggerThreshold: -1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// triggerOperator: gt
    /// triggerThreshold: 0
    /// ```
    pub static RULE = ("SL126", "invalid-trigger-threshold", Error);
}

pub const MAX: i64 = 10_000;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return;
    }
    let Some(node) = file.field("triggerThreshold") else {
        return;
    };
    let Some(threshold) = node.as_i64() else {
        return;
    };
    if (0..=MAX).contains(&threshold) {
        return;
    }
    let help = if threshold < 0 {
        "use 0 or more; with `triggerOperator: gt` and `0`, any result raises an alert"
    } else {
        "use at most 10000; to alert on a larger count, aggregate in the query and compare there"
    };
    out.push(
        RULE.diag(
            format!("`triggerThreshold` is {threshold}, outside the allowed 0 to {MAX}"),
            node.span,
        )
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[("triggerThreshold", Some("10000"))]),
                &nrt_rule(&[]),
            ],
            &[
                &scheduled_rule(&[("triggerThreshold", Some("-1"))]),
                &scheduled_rule(&[("triggerThreshold", Some("10001"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
