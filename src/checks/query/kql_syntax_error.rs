use crate::checks::Context;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports KQL that does not parse, at the line and column of the `.yaml` (or `.kql`) file
    /// where the query breaks, whatever the YAML style the query is written in.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses to save a rule whose query does not parse, and a hunting query that
    /// does not parse fails when someone runs it during an incident.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | where ResultType == "0" and
    ///   | summarize count() by UserPrincipalName
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | where ResultType == "0"
    ///   | summarize count() by UserPrincipalName
    /// ```
    pub static RULE = ("SL500", "kql-syntax-error", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(query), Some(parsed)) = (&context.file.query, context.parsed()) else {
        return;
    };
    for error in &parsed.errors {
        let mut span = error.span;
        // "found end of query" reads best right after the last word, not on the blank line or
        // closing quote that follows it.
        if span.is_empty()
            && query
                .text
                .get(span.start as usize..)
                .is_some_and(|rest| rest.trim().is_empty())
        {
            span = Span::empty(query.text.trim_end().len() as u32);
        }
        out.push(RULE.diag(error.message.clone(), query.map.file_span(span)));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query};

    #[test]
    fn fires_and_passes() {
        let broken_block = hunting_query(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  | where ResultType == \"0\" and\n  | summarize count() by UserPrincipalName",
            ),
        )]);
        let broken_quoted = hunting_query(&[(
            "query",
            Some("\"SigninLogs | where UserPrincipalName == \\\"x\\\" | project (\""),
        )]);
        let rendered = check_rule(
            &super::RULE,
            &[&hunting_query(&[]), "// kql\nSigninLogs | take 1\n"],
            &[
                &broken_block,
                &broken_quoted,
                "// kql\nSigninLogs\n| where\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
