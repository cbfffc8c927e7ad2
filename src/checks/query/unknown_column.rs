use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that every name used in an expression is a column of the rows at that point of the pipeline (or a `let` variable or parameter). Only reported when the schema is fully known.
    ///
    /// ## Why is this bad?
    /// Kusto rejects the query. A column dropped by an earlier `project` or `summarize`, or a case mistake (`Accountname` for `AccountName`) are common causes.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs | summarize count() by UserPrincipalName | where ResultType != 0
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SigninLogs | summarize count() by UserPrincipalName, ResultType | where ResultType != 0
    /// ```
    pub static RULE = ("SL602", "unknown-column", Error);
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
            &[
                "// kql\nSigninLogs | summarize count() by UserPrincipalName, ResultType | where ResultType != 0\n",
            ],
            &[
                "// kql\nSigninLogs | summarize count() by UserPrincipalName | where ResultType != 0\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
