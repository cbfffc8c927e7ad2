use crate::checks::Context;
use crate::content::yaml::LoadProblem;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid YAML, files that hold more than one YAML document, and
    /// aliases to the node that contains them (`a: &x [*x]`), which no loader can expand.
    ///
    /// ## Why is this bad?
    /// Sentinel, the Azure-Sentinel repository's validation and ARM deployments all refuse a
    /// file that does not parse; nothing in it is deployed. A second document (after `---`) is
    /// silently ignored by most tools.
    ///
    /// ## Example
    /// ```yaml
    /// tactics: [Persistence
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tactics: [Persistence]
    /// ```
    pub static RULE = ("SL001", "yaml-syntax-error", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for problem in &context.file.load_problems {
        match problem {
            LoadProblem::Syntax { message, span } => {
                out.push(RULE.diag(format!("invalid YAML: {message}"), *span));
            }
            LoadProblem::RecursiveAlias { span } => out.push(
                RULE.diag("alias refers to the node that contains it", *span)
                    .with_help("a recursive structure cannot be loaded; write the value out"),
            ),
            LoadProblem::MultipleDocuments { span } => out.push(
                RULE.diag(
                    "a second YAML document starts here; only the first is read",
                    *span,
                )
                .with_help("keep one rule, query or parser per file"),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &["id: x\nquery: T\n"],
            &[
                "name: x\nquery: T\ntactics: [Persistence\n",
                "query: T\n---\nquery: U\n",
                "query: T\nx: &x [1, *x]\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
