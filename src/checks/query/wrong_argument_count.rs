use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that a function is called with a number of arguments it accepts.
    ///
    /// ## Why is this bad?
    /// Kusto rejects the query.
    ///
    /// ## Example
    /// ```kql
    /// SecurityEvent | extend d = datetime_diff('day', TimeGenerated)
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SecurityEvent | extend d = datetime_diff('day', now(), TimeGenerated)
    /// ```
    pub static RULE = ("SL604", "wrong-argument-count", Error);
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
            &["// kql\nSecurityEvent | extend h = tolower(Computer, 1)\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
