use crate::checks::Context;
use crate::content::yaml::{LoadProblem, MAX_ALIAS_NODES, MAX_DEPTH};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports YAML nested deeper than 128 levels, or whose aliases expand to more than
    /// 100,000 nodes (a "billion laughs" file).
    ///
    /// ## Why is this bad?
    /// No Sentinel content looks like this; such a file is broken or hostile, and expanding it
    /// would exhaust memory. The rest of the file is not checked.
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
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let deep = format!("query: T\nx: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let rendered = check_rule(&super::RULE, &["query: T\nx: [[[1]]]\n"], &[&deep]);
        insta::assert_snapshot!(rendered);
    }
}
