use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that every called function is a Kusto built-in function, a function declared with `let`, or a function known to the catalog (parsers, ASIM, `_GetWatchlist`).
    ///
    /// ## Why is this bad?
    /// Kusto rejects the query; the function may be misspelled or its parser not deployed.
    ///
    /// ## Example
    /// ```kql
    /// SecurityEvent | extend h = tolowercase(Computer)
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SecurityEvent | extend h = tolower(Computer)
    /// ```
    pub static RULE = ("SL603", "unknown-function", Error);
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
            &["// kql\nSecurityEvent | extend h = tolower(Computer)\n"],
            &["// kql\nSecurityEvent | extend h = tolowercase(Computer)\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
