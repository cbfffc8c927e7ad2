use crate::checks::Context;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, Span};

declare_rule! {
    /// ## What it does
    /// Reports a UTF-8 byte-order mark (the bytes `EF BB BF`) at the start of the file.
    ///
    /// ## Why is this bad?
    /// The mark is invisible in editors but not to every tool: some YAML and JSON loaders take
    /// it as part of the first key (`\u{feff}id`), so the rule loses its `id`, and it shows up
    /// as a non-ASCII change in diffs and reviews.
    ///
    /// ## Example
    /// A file saved by an editor set to "UTF-8 with BOM".
    ///
    /// ## Use instead
    /// Save the file as plain UTF-8. `--fix` removes the mark.
    pub static RULE = ("SL003", "byte-order-mark", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if context.file.source.starts_with('\u{feff}') {
        let span = Span::new(0, 3);
        out.push(
            RULE.diag("the file starts with a UTF-8 byte-order mark", span)
                .with_fix(Fix::safe("remove the byte-order mark", span, "")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &["name: x\nquery: T\n"],
            &["\u{feff}name: x\nquery: T\n"],
        );
        insta::assert_snapshot!(rendered);
    }
}
