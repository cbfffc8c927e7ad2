use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `name` that is empty or longer than 256 characters, in an analytic rule or a
    /// hunting query.
    ///
    /// ## Why is this bad?
    /// The name is the display name of the rule and of every alert it raises: the Sentinel API
    /// rejects an empty one and one over 256 characters.
    ///
    /// ## Example
    /// ```yaml
    /// name: ''
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// name: Many failed sign-ins from one IP
    /// ```
    pub static RULE = ("SL112", "invalid-name", Error);
}

pub const MAX: usize = 256;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    let Some(entry) = file.root.as_ref().and_then(|root| root.entry("name")) else {
        return;
    };
    let node = &entry.value;
    let Some(name) = node.as_string() else {
        return;
    };
    let length = name.chars().count();
    if name.trim().is_empty() {
        out.push(
            RULE.diag("`name` is empty", entry.key.span)
                .with_help("give a short title of what the rule detects"),
        );
    } else if length > MAX {
        out.push(
            RULE.diag(
                format!("`name` is {length} characters long; the limit is {MAX}"),
                node.span,
            )
            .with_help("shorten it and move the details to `description`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        // folded scalars: lines joined with spaces
        let long = format!(
            ">-\n{}",
            format!("  {}\n", "x".repeat(50)).repeat(5) + "  xxxxxx"
        );
        let max = format!(
            ">-\n{}",
            format!("  {}\n", "é".repeat(50)).repeat(5) + "  é"
        );
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &hunting_query(&[("name", Some(&max))]),
            ],
            &[
                &scheduled_rule(&[("name", Some("'  '"))]),
                &hunting_query(&[("name", Some(&long))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
