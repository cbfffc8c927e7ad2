use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `query` that is empty (analytic rules and hunting queries) or longer than
    /// 10000 characters (analytic rules).
    ///
    /// ## Why is this bad?
    /// The Sentinel API rejects an analytic rule whose query is empty or over 10000
    /// characters, so the rule cannot be deployed. An empty hunting query returns nothing.
    ///
    /// ## Example
    /// ```yaml
    /// query: ''
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | where ResultType != "0"
    /// ```
    pub static RULE = ("SL116", "invalid-query-length", Error);
}

pub const MAX: usize = 10_000;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    let Some(entry) = file.root.as_ref().and_then(|root| root.entry("query")) else {
        return;
    };
    let node = &entry.value;
    let Some(query) = node.as_string() else {
        return;
    };
    let length = query.chars().count();
    if query.trim().is_empty() {
        out.push(
            RULE.diag("`query` is empty", entry.key.span)
                .with_help("write the KQL query the rule runs"),
        );
    } else if file.is_rule() && length > MAX {
        out.push(
            RULE.diag(
                format!("`query` is {length} characters long; the limit is {MAX}"),
                node.span,
            )
            .with_help("move shared logic into a saved function (parser) and call it, or drop comments and unused columns"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let long = format!(
            "|\n  SigninLogs\n{}",
            "  | where ResultType == 50126\n".repeat(400)
        );
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &hunting_query(&[("query", Some(&long))]),
            ],
            &[
                &scheduled_rule(&[("query", Some(&long))]),
                &hunting_query(&[("query", Some("'  '"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
