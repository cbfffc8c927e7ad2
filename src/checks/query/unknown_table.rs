use crate::checks::Context;
use crate::checks::query::report_analysis;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that every table a query reads exists in the catalog (the Log Analytics and Sentinel tables, custom tables you declared, `let` names and functions).
    ///
    /// ## Why is this bad?
    /// A misspelled or missing table makes the rule fail to run in Sentinel, or return nothing forever. Table names are case-sensitive.
    ///
    /// ## Example
    /// ```kql
    /// Securityevent | where EventID == 4625
    /// ```
    ///
    /// ## Use instead
    /// ```kql
    /// SecurityEvent | where EventID == 4625
    /// ```
    ///
    /// If the table is a custom one (`MyLogs_CL`), declare it with `--tables` (or `[catalog] tables` in `sentinel-lint.toml`).
    pub static RULE = ("SL601", "unknown-table", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let first = out.len();
    report_analysis(context, &RULE, out);
    for diagnostic in &mut out[first..] {
        diagnostic.help.get_or_insert_with(|| {
            "a custom table, or a function defined outside the checked files? Declare it in \
             `sentinel-lint.toml` (`[catalog] tables = [...]`) or with `--tables`"
                .to_string()
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &["// kql\nSecurityEvent | take 1\n"],
            &["// kql\nSecurityevent | take 1\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
