use crate::checks::Context;
use crate::checks::fields::is_column_identifier;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a value of `customDetails` that is not a column name: it must start with a
    /// letter or `_` and hold only letters, digits and `_` (at most 500 characters).
    ///
    /// ## Why is this bad?
    /// Each custom detail takes its value from a column of the query results. An expression or
    /// a name with spaces is not a column, so Sentinel rejects the rule.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   Count: count()
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # query: ... | summarize Attempts = count() by ...
    /// customDetails:
    ///   Count: Attempts
    /// ```
    pub static RULE = ("SL142", "invalid-custom-detail-value", Error);
}

pub const MAX: usize = 500;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let entries = file
        .field("customDetails")
        .and_then(|node| node.as_mapping())
        .unwrap_or_default();
    for entry in entries {
        let Some(value) = entry.value.as_string() else {
            continue;
        };
        if is_column_identifier(value) && value.len() <= MAX {
            continue;
        }
        let key = entry.key.as_str().unwrap_or_default();
        let message = if value.trim().is_empty() {
            format!("custom detail `{key}` has an empty column name")
        } else if value.len() > MAX {
            format!(
                "custom detail `{key}` names a column of {} characters; the limit is {MAX}",
                value.len()
            )
        } else {
            format!("custom detail `{key}` is `{value}`, which is not a column name")
        };
        out.push(
            RULE.diag(message, entry.value.span).with_help(
                "name a column of the query results; compute expressions in the query (`extend Name = …`) and use that column",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[(
                "customDetails",
                Some("\n  Users: Users\n  Private: _Hidden1"),
            )])],
            &[
                &scheduled_rule(&[("customDetails", Some("\n  Count: count()"))]),
                &scheduled_rule(&[("customDetails", Some("\n  Name: 'Account Name'"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
