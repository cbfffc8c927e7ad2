use crate::checks::Context;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, Span};

declare_rule! {
    /// ## What it does
    /// Reports an analytic rule without `kind`. A file with `queryFrequency` or
    /// `triggerOperator` but no `kind` is checked as a Scheduled rule.
    ///
    /// ## Why is this bad?
    /// The Sentinel API needs `kind` to know what it is creating; deployment tooling that
    /// builds ARM templates from the file either fails or guesses.
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 1h
    /// # no kind
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Scheduled
    /// ```
    pub static RULE = ("SL007", "missing-kind", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.kind_inferred {
        return;
    }
    let end = file.source.len() as u32;
    let separator = if file.source.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    out.push(
        RULE.diag(
            "analytic rule has no `kind`; it is checked as a Scheduled rule",
            file.missing_field_span(),
        )
        .with_help("add `kind: Scheduled` (or `kind: NRT`)")
        .with_fix(Fix::safe(
            "add `kind: Scheduled`",
            Span::empty(end),
            format!("{separator}kind: Scheduled\n"),
        )),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let without_kind = scheduled_rule(&[("kind", None)]);
        let rendered = check_rule(&super::RULE, &[&scheduled_rule(&[])], &[&without_kind]);
        insta::assert_snapshot!(rendered);
    }
}
