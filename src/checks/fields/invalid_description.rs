use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `description` that is empty or longer than 5000 characters, in an analytic
    /// rule or a hunting query.
    ///
    /// ## Why is this bad?
    /// The description is what an analyst reads to triage the alert: the Sentinel API rejects
    /// an empty one and one over 5000 characters.
    ///
    /// ## Example
    /// ```yaml
    /// description: |
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// description: |
    ///   Detects an IP address with many failed Azure AD sign-ins in one hour.
    /// ```
    pub static RULE = ("SL113", "invalid-description", Error);
}

pub const MAX: usize = 5000;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    let Some(entry) = file
        .root
        .as_ref()
        .and_then(|root| root.entry("description"))
    else {
        return;
    };
    let node = &entry.value;
    let Some(description) = node.as_string() else {
        return;
    };
    let length = description.chars().count();
    if description.trim().is_empty() {
        out.push(
            RULE.diag("`description` is empty", entry.key.span)
                .with_help("say what the rule detects, why it matters and how to triage it"),
        );
    } else if length > MAX {
        out.push(
            RULE.diag(
                format!("`description` is {length} characters long; the limit is {MAX}"),
                node.span,
            )
            .with_help("shorten it; link to a longer write-up instead"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let long = format!("|\n{}  x", format!("  {}\n", "x".repeat(49)).repeat(100));
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[]), &hunting_query(&[])],
            &[
                &scheduled_rule(&[("description", Some("|\n\n"))]),
                &hunting_query(&[("description", Some(&long))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
