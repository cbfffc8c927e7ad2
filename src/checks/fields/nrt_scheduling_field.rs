use crate::checks::Context;
use crate::checks::fields::{SCHEDULING_FIELDS, entry_lines};
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `queryFrequency`, `queryPeriod`, `triggerOperator` or `triggerThreshold` in an
    /// NRT rule, with a safe fix that removes the line.
    ///
    /// ## Why is this bad?
    /// A near-real-time rule runs every minute on the newest events and alerts on any result:
    /// these fields have no meaning for it, the NRT API does not accept them, and they suggest a
    /// schedule the rule does not follow.
    ///
    /// ## Example
    /// ```yaml
    /// kind: NRT
    /// queryFrequency: 5m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: NRT
    /// ```
    ///
    /// ## Fix safety
    /// Removing the line is safe: an NRT rule ignores these fields.
    pub static RULE = ("SL122", "nrt-scheduling-field", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if file.rule_kind() != Some(RuleKind::Nrt) {
        return;
    }
    let Some(root) = file.root.as_ref() else {
        return;
    };
    for field in SCHEDULING_FIELDS {
        let Some(entry) = root.entry(field) else {
            continue;
        };
        out.push(
            RULE.diag(format!("NRT rule has `{field}`, which only Scheduled rules use"), entry.key.span)
                .with_help(format!(
                    "remove `{field}`; or, if the rule must run on a schedule, make it `kind: Scheduled`"
                ))
                .with_fix(Fix::safe(format!("remove `{field}`"), entry_lines(file, entry), "")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&nrt_rule(&[]), &scheduled_rule(&[])],
            &[&nrt_rule(&[
                ("queryFrequency", Some("5m")),
                ("triggerThreshold", Some("0")),
            ])],
        );
        insta::assert_snapshot!(rendered);
    }
}
