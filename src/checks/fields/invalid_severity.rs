use crate::checks::Context;
use crate::checks::fields::{Case, enum_value, is_rule_or_hunting};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `severity` other than `Informational`, `Low`, `Medium` or `High`, in an
    /// analytic rule or a hunting query. A value in the wrong case (`high`) is reported as a
    /// warning, with a safe fix.
    ///
    /// ## Why is this bad?
    /// Severity drives triage queues and automation rules; a misspelled one fails the
    /// deployment. Sentinel reads a wrong case, but tools and queries over the repository that
    /// compare the values exactly do not.
    ///
    /// ## Example
    /// ```yaml
    /// severity: high
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// severity: High
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known value is safe; other values get no fix.
    pub static RULE = ("SL114", "invalid-severity", Error);
}

pub const SEVERITIES: [&str; 4] = ["Informational", "Low", "Medium", "High"];

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    if let Some(node) = file.field("severity") {
        out.extend(enum_value(
            &RULE,
            node,
            "severity",
            &SEVERITIES,
            Case::Insensitive,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[("severity", Some("Informational"))]),
                &hunting_query(&[]),
            ],
            &[
                &scheduled_rule(&[("severity", Some("high"))]),
                &hunting_query(&[("severity", Some("Hight"))]),
                &scheduled_rule(&[("severity", Some("Critical"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
