use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that a key named in `join … on Key` or `lookup … on Key` is a column of both sides. Only reported when the side that lacks it has a fully known schema; a key that neither side has is an unknown column (SL602).
    ///
    /// ## Why is this bad?
    /// Kusto rejects the query ("the column must exist on both sides of the join"). It happens when an earlier `summarize` or `project` dropped the key on one side, or when the two sides name it differently.
    ///
    /// ## Example
    /// ```kql
    /// SigninLogs
    /// | summarize Failures = count() by UserPrincipalName
    /// | join kind=inner (SigninLogs | where ResultType == 0) on IPAddress
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SigninLogs
    /// | summarize Failures = count() by UserPrincipalName, IPAddress
    /// | join kind=inner (SigninLogs | where ResultType == 0) on IPAddress
    /// ```
    /// When the sides name the key differently, name both: `on $left.UserPrincipalName == $right.Upn`.
    pub static RULE = ("SL607", "join-key-missing", Error);
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
                "// kql\nSigninLogs | summarize Failures = count() by UserPrincipalName, IPAddress | join kind=inner (SigninLogs | where ResultType == 0) on IPAddress\n",
                "// kql\nSigninLogs | summarize Failures = count() by Upn = UserPrincipalName | join kind=inner (SigninLogs) on $left.Upn == $right.UserPrincipalName\n",
            ],
            &[
                "// kql\nSigninLogs | summarize Failures = count() by UserPrincipalName | join kind=inner (SigninLogs | where ResultType == 0) on IPAddress\n",
                "// kql\nSigninLogs | summarize Failures = count() by UserPrincipalName | join kind=inner (SigninLogs | project IPAddress, userPrincipalName = UserPrincipalName) on userPrincipalName\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
