use crate::checks::Context;
use crate::content::model::MAX_QUERY_BYTES;
use crate::content::yaml::{LoadProblem, MAX_ALIAS_NODES, MAX_COLLECTION_ITEMS, MAX_DEPTH};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports YAML nested deeper than 128 levels, whose aliases expand to more than
    /// 100,000 nodes (a "billion laughs" file), or with a mapping or list of more than 10,000
    /// entries; and a query longer than 1 MiB (1,048,576 bytes), which is not analyzed.
    ///
    /// ## Why is this bad?
    /// No Sentinel content looks like this; such a file is broken or hostile, and expanding it
    /// would exhaust memory. The rest of the file is not checked (for an oversized query: the
    /// query is neither parsed nor analyzed, the other fields are checked).
    ///
    /// ## Example
    /// ```yaml
    /// a: &a [x, x, x, x, x, x, x, x, x, x]
    /// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// # … and so on, each level ten times the last
    /// ```
    ///
    /// ## Use instead
    /// Write the values out; Sentinel content needs neither deep nesting nor aliases.
    pub static RULE = ("SL006", "yaml-too-complex", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for problem in &context.file.load_problems {
        match problem {
            LoadProblem::TooDeep { span } => out.push(RULE.diag(
                format!("YAML nested more than {MAX_DEPTH} levels deep; the rest of the file is not read"),
                *span,
            )),
            LoadProblem::AliasExpansionTooLarge { span } => out.push(RULE.diag(
                format!("aliases expand to more than {MAX_ALIAS_NODES} nodes; the rest of the file is not read"),
                *span,
            )),
            LoadProblem::TooManyItems { span } => out.push(RULE.diag(
                format!("a mapping or list with more than {MAX_COLLECTION_ITEMS} entries; the rest of the file is not read"),
                *span,
            )),
            LoadProblem::QueryTooLarge { span, bytes } => out.push(
                RULE.diag(
                    format!("the query is {bytes} bytes, more than the {MAX_QUERY_BYTES} this tool parses; it is not analyzed"),
                    *span,
                )
                .with_help("move shared logic into a saved function (parser) and call it"),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, diagnostics};

    #[test]
    fn fires_and_passes() {
        let deep = format!("query: T\nx: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let wide = format!("query: T\nx:\n{}", "  - 1\n".repeat(10_001));
        let at_limit = format!("query: T\nx:\n{}", "  - 1\n".repeat(10_000));
        let rendered = check_rule(
            &super::RULE,
            &["query: T\nx: [[[1]]]\n", &at_limit],
            &[&deep, &wide],
        );
        insta::assert_snapshot!(rendered);
    }

    /// The query is left out, the rest of the file is still checked.
    #[test]
    fn oversized_queries_are_not_analyzed() {
        let yaml = format!(
            "kind: Scheduled\nquery: |\n{}",
            "  NoSuchTable | where x == 1\n".repeat(40_000)
        );
        let (file, found) = diagnostics("rule.yaml", &yaml);
        assert!(file.query.is_none());
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        let too_large = found.iter().find(|d| d.code == "SL006").expect("SL006");
        assert!(
            too_large
                .message
                .contains("more than the 1048576 this tool parses"),
            "{}",
            too_large.message
        );
        assert!(
            codes.contains(&"SL116"),
            "query length still checked: {codes:?}"
        );
        assert!(
            codes.contains(&"SL100"),
            "missing fields still checked: {codes:?}"
        );
        assert!(
            !codes.contains(&"SL601"),
            "the query was analyzed: {codes:?}"
        );

        let kql = "T | take 1\n".repeat(100_000);
        let (file, found) = diagnostics("big.kql", &kql);
        assert!(file.query.is_none());
        assert_eq!(found.iter().filter(|d| d.code == "SL006").count(), 1);

        let limit = "T".repeat(crate::content::model::MAX_QUERY_BYTES);
        let (file, found) = diagnostics("limit.kql", &limit);
        assert!(file.query.is_some());
        assert!(!found.iter().any(|d| d.code == "SL006"));
    }
}
