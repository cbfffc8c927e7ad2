use crate::checks::Context;
use crate::checks::output::missing_column_help;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `customDetails` entry whose value is not a column of the query's output.
    ///
    /// ## Why is this bad?
    /// Custom details copy columns of the results into the alert. A column the query does not
    /// output makes Sentinel refuse the rule, or leaves the detail empty in every alert.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | summarize Attempts = count() by IPAddress
    /// customDetails:
    ///   FailedAttempts: Failures
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// customDetails:
    ///   FailedAttempts: Attempts
    /// ```
    pub static RULE = ("SL702", "custom-detail-column-not-in-output", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if !context.file.is_rule() {
        return;
    }
    let Some(details) = context
        .file
        .field("customDetails")
        .and_then(|n| n.as_mapping())
    else {
        return;
    };
    let Some(schema) = context.closed_output() else {
        return;
    };
    for entry in details {
        let (Some(key), Some(column)) = (entry.key.as_str(), entry.value.as_string()) else {
            continue;
        };
        if let Some(help) = missing_column_help(schema, column) {
            out.push(
                RULE.diag(
                    format!("custom detail `{key}` reads column `{column}`, which the query does not output"),
                    entry.value.span,
                )
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let good = scheduled_rule(&[(
            "customDetails",
            Some("\n  Failures: Failures\n  Users: Users"),
        )]);
        let bad = scheduled_rule(&[(
            "customDetails",
            Some("\n  Failures: FailureCount\n  Users: users"),
        )]);
        let rendered = check_rule(&super::RULE, &[&good], &[&bad]);
        insta::assert_snapshot!(rendered);
    }
}
