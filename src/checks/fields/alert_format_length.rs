use crate::checks::Context;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `alertDetailsOverride.alertDisplayNameFormat` that is empty or longer than
    /// 256 characters, and an `alertDescriptionFormat` that is empty or longer than 5000.
    ///
    /// ## Why is this bad?
    /// The formats replace the alert's name and description; Sentinel applies the same limits
    /// as for `name` and `description` and rejects the rule otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: ''
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: Failed sign-ins from {{IPAddress}}
    /// ```
    pub static RULE = ("SL150", "invalid-alert-format-length", Error);
}

pub const LIMITS: [(&str, usize); 2] = [
    ("alertDisplayNameFormat", 256),
    ("alertDescriptionFormat", 5000),
];

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let Some(overrides) = file.field("alertDetailsOverride") else {
        return;
    };
    for (field, max) in LIMITS {
        let Some(entry) = overrides.entry(field) else {
            continue;
        };
        let node = &entry.value;
        let Some(text) = node.as_string() else {
            continue;
        };
        let length = text.chars().count();
        if text.trim().is_empty() {
            out.push(
                RULE.diag(format!("`{field}` is empty"), entry.key.span)
                    .with_help(format!(
                        "write the format, or remove `{field}` to keep the rule's own text"
                    )),
            );
        } else if length > max {
            out.push(
                RULE.diag(
                    format!("`{field}` is {length} characters long; the limit is {max}"),
                    node.span,
                )
                .with_help("shorten it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let long = format!(
            "\n  alertDisplayNameFormat: >-\n{}      xxxxxxx",
            format!("      {}\n", "x".repeat(50)).repeat(5)
        );
        let rendered = check_rule(
            &super::RULE,
            &[&scheduled_rule(&[(
                "alertDetailsOverride",
                Some(
                    "\n  alertDisplayNameFormat: Failed sign-ins from {{IPAddress}}\n  alertDescriptionFormat: |\n    {{Failures}} failures",
                ),
            )])],
            &[
                &scheduled_rule(&[(
                    "alertDetailsOverride",
                    Some("\n  alertDescriptionFormat: ''"),
                )]),
                &scheduled_rule(&[("alertDetailsOverride", Some(&long))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
