use crate::checks::Context;
use crate::content::yaml::LoadProblem;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a mapping key that appears twice in the same mapping.
    ///
    /// ## Why is this bad?
    /// YAML forbids duplicate keys. Loaders disagree on what to do: some keep the first value,
    /// most keep the last, the .NET loader used by the Azure-Sentinel validation throws. Either
    /// way one of the two values is silently lost.
    ///
    /// ## Example
    /// ```yaml
    /// severity: Low
    /// severity: High
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// severity: High
    /// ```
    pub static RULE = ("SL002", "duplicate-key", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for problem in &context.file.load_problems {
        if let LoadProblem::DuplicateKey { key, span, first } = problem {
            out.push(
                RULE.diag(format!("key `{key}` appears twice in this mapping"), *span)
                    .with_label(*first, "first defined here")
                    .with_help("remove one of them; most loaders keep only the last value"),
            );
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
            &["name: x\nquery: T\nseverity: Low\n"],
            &["name: x\nseverity: Low\nquery: T\nseverity: High\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
