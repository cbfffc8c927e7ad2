use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks the argument types of aggregations: `sum` and `avg` need numbers (or timespans), `min`/`max` need orderable values.
    ///
    /// ## Why is this bad?
    /// Kusto rejects `sum()` of a string column; a numeric value stored as text must be converted.
    ///
    /// ## Example
    /// ```kql
    /// AzureDiagnostics | summarize sum(bytes_s)
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// AzureDiagnostics | summarize sum(tolong(bytes_s))
    /// ```
    pub static RULE = ("SL606", "aggregate-type-mismatch", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    report_analysis(context, &RULE, out);
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &["// kql\nSigninLogs | summarize sum(toint(ResultType))\n"],
            &["// kql\nSigninLogs | summarize sum(UserPrincipalName)\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
