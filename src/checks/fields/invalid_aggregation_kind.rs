use crate::checks::Context;
use crate::checks::fields::{Case, enum_value};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `eventGroupingSettings.aggregationKind` other than `SingleAlert` or
    /// `AlertPerResult`; a value in the wrong case gets a safe fix.
    ///
    /// ## Why is this bad?
    /// The setting decides whether the rule raises one alert per run or one per result row;
    /// Sentinel rejects any other value.
    ///
    /// ## Example
    /// ```yaml
    /// eventGroupingSettings:
    ///   aggregationKind: AlertPerRow
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// eventGroupingSettings:
    ///   aggregationKind: AlertPerResult
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known value is safe.
    pub static RULE = ("SL130", "invalid-aggregation-kind", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let node = file
        .root
        .as_ref()
        .and_then(|root| root.at_pointer("/eventGroupingSettings/aggregationKind"));
    if let Some(node) = node {
        out.extend(enum_value(
            &RULE,
            node,
            "aggregationKind",
            &["SingleAlert", "AlertPerResult"],
            Case::Insensitive,
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
            &[&scheduled_rule(&[(
                "eventGroupingSettings",
                Some("\n  aggregationKind: SingleAlert"),
            )])],
            &[
                &scheduled_rule(&[(
                    "eventGroupingSettings",
                    Some("\n  aggregationKind: alertperresult"),
                )]),
                &scheduled_rule(&[(
                    "eventGroupingSettings",
                    Some("\n  aggregationKind: AlertPerRow"),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
