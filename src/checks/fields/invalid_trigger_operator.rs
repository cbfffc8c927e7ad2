use crate::checks::Context;
use crate::checks::fields::{Case, enum_value};
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `triggerOperator` of a Scheduled rule other than `GreaterThan`, `LessThan`,
    /// `Equal`, `NotEqual` or their short forms `gt`, `lt`, `eq`, `ne`. A value in the wrong
    /// case (`greaterthan`, `GT`) gets a safe fix.
    ///
    /// ## Why is this bad?
    /// The operator decides when the rule raises an alert; the deployment tooling converts only
    /// these spellings, so any other fails the deployment.
    ///
    /// ## Example
    /// ```yaml
    /// triggerOperator: greaterthan
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// triggerOperator: GreaterThan
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of an operator, or writing `>`, `<`, `=`, `!=` as `gt`, `lt`, `eq`,
    /// `ne`, keeps its meaning: safe.
    pub static RULE = ("SL125", "invalid-trigger-operator", Error);
}

pub const OPERATORS: [&str; 8] = [
    "GreaterThan",
    "LessThan",
    "Equal",
    "NotEqual",
    "gt",
    "lt",
    "eq",
    "ne",
];

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return;
    }
    let Some(node) = file.field("triggerOperator") else {
        return;
    };
    let symbol = match node.as_string().map(str::trim) {
        Some(">") => Some("gt"),
        Some("<") => Some("lt"),
        Some("=" | "==") => Some("eq"),
        Some("!=" | "<>") => Some("ne"),
        _ => None,
    };
    if let (Some(short), Some(value)) = (symbol, node.as_str()) {
        out.push(
            RULE.diag(
                format!("`triggerOperator` is `{value}`; operators are written as words"),
                node.span,
            )
            .with_help(format!("write `{short}`"))
            .with_fix(Fix::safe(
                format!("replace with `{short}`"),
                node.span,
                short,
            )),
        );
        return;
    }
    out.extend(enum_value(
        &RULE,
        node,
        "triggerOperator",
        &OPERATORS,
        Case::Sensitive,
    ));
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
                &scheduled_rule(&[("triggerOperator", Some("NotEqual"))]),
            ],
            &[
                &scheduled_rule(&[("triggerOperator", Some("greaterthan"))]),
                &scheduled_rule(&[("triggerOperator", Some("GT"))]),
                &scheduled_rule(&[("triggerOperator", Some("'>'"))]),
                &scheduled_rule(&[("triggerOperator", Some("GreaterOrEqual"))]),
                &scheduled_rule(&[("triggerOperator", Some("Greater"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
