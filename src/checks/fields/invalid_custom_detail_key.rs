use crate::checks::Context;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a key of `customDetails` that does not start with a letter, holds characters
    /// other than letters, digits and `_`, or is longer than 20 characters.
    ///
    /// ## Why is this bad?
    /// The key becomes the name of the custom detail in the alert and the incident; Sentinel
    /// accepts only `^[a-zA-Z]+\w*$` of at most 20 characters and rejects the rule otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   Source IP: SourceIP
    ///   _internal: Detail
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// customDetails:
    ///   SourceIP: SourceIP
    ///   Internal: Detail
    /// ```
    pub static RULE = ("SL141", "invalid-custom-detail-key", Error);
}

pub const MAX: usize = 20;

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
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        let well_formed = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let length = key.chars().count();
        let cleaned: String = key
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .skip_while(|c| !c.is_ascii_alphabetic())
            .take(MAX)
            .collect();
        let hint = if cleaned.is_empty() {
            String::new()
        } else {
            format!(", e.g. `{cleaned}`")
        };
        if !well_formed {
            out.push(
                RULE.diag(
                    format!("custom detail key `{key}` must start with a letter and hold only letters, digits and `_`"),
                    entry.key.span,
                )
                .with_help(format!("rename it{hint}")),
            );
        } else if length > MAX {
            out.push(
                RULE.diag(
                    format!(
                        "custom detail key `{key}` is {length} characters long; the limit is {MAX}"
                    ),
                    entry.key.span,
                )
                .with_help(format!("shorten it{hint}")),
            );
        }
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
                Some("\n  Matches_Dest_IPs: Dest\n  A1234567890123456789: X"),
            )])],
            &[
                &scheduled_rule(&[("customDetails", Some("\n  Source IP: SourceIP"))]),
                &scheduled_rule(&[("customDetails", Some("\n  _internal: Detail"))]),
                &scheduled_rule(&[(
                    "customDetails",
                    Some("\n  AuthenticationMethodUsed: Method"),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
