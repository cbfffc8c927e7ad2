use crate::checks::Context;
use crate::checks::fields::{Case, enum_value};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an analytic rule whose `kind` is spelled in another case than `Scheduled` or
    /// `NRT` (`scheduled`), with a safe fix. (A file without `kind` is reported by SL007.)
    ///
    /// ## Why is this bad?
    /// The Sentinel API reads the kind without regard to case, but scripts and queries over a
    /// content repository compare it exactly (`kind == "Scheduled"`) and silently skip the
    /// rule; every other rule spells it `Scheduled` or `NRT`.
    ///
    /// ## Example
    /// ```yaml
    /// kind: scheduled
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Scheduled
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of the kind is safe.
    pub static RULE = ("SL117", "invalid-kind", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    if let Some(node) = file.field("kind") {
        out.extend(enum_value(
            &RULE,
            node,
            "kind",
            &["Scheduled", "NRT"],
            Case::Insensitive,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[]), &nrt_rule(&[])],
            &[
                &scheduled_rule(&[("kind", Some("scheduled"))]),
                &nrt_rule(&[("kind", Some("Nrt"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
