use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that ordering comparisons (`<`, `<=`, `>`, `>=`) compare values of compatible types, such as a `datetime` with a `datetime`.
    ///
    /// ## Why is this bad?
    /// Kusto rejects `TimeGenerated > "2021-01-01"`: a string is not a date.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs | where TimeGenerated > "2021-01-01"
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SigninLogs | where TimeGenerated > datetime(2021-01-01)
    /// ```
    pub static RULE = ("SL605", "operator-type-mismatch", Error);
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
            &["// kql\nSigninLogs | where TimeGenerated > datetime(2024-01-01)\n"],
            &["// kql\nSigninLogs | where TimeGenerated > \"x\"\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
