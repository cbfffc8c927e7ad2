use crate::checks::Context;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an analytic rule whose `customDetails` has more than 20 entries.
    ///
    /// ## Why is this bad?
    /// Sentinel surfaces at most 20 custom details per alert and rejects a rule with more.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   Detail1: Column1
    ///   # … 21 entries
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// customDetails:
    ///   Detail1: Column1
    ///   # … at most 20 entries; pack the rest in one dynamic column
    /// ```
    pub static RULE = ("SL140", "too-many-custom-details", Error);
}

pub const MAX: usize = 20;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let Some(entry) = file
        .root
        .as_ref()
        .and_then(|root| root.entry("customDetails"))
    else {
        return;
    };
    let Some(entries) = entry.value.as_mapping() else {
        return;
    };
    if entries.len() <= MAX {
        return;
    }
    out.push(
        RULE.diag(
            format!(
                "`customDetails` has {} entries; the limit is {MAX}",
                entries.len()
            ),
            entry.key.span,
        )
        .with_label(entries[MAX].key.span, "entry 21 is here")
        .with_help(
            "keep the 20 most useful ones, or `pack()` the others into one column and map that",
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn details(count: usize) -> String {
        let mut text = String::new();
        for i in 1..=count {
            text.push_str(&format!("\n  Detail{i}: Column{i}"));
        }
        text
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[("customDetails", Some(&details(20)))])],
            &[&scheduled_rule(&[("customDetails", Some(&details(21)))])],
        );
        insta::assert_snapshot!(rendered);
    }
}
