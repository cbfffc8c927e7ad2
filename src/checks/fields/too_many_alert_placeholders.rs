use crate::checks::Context;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports an `alertDetailsOverride.alertDisplayNameFormat` or `alertDescriptionFormat`
    /// with more than 3 `{{column}}` placeholders.
    ///
    /// ## Why is this bad?
    /// Sentinel fills at most 3 dynamic placeholders per format and rejects a rule with more.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: '{{User}} on {{Host}} from {{IP}} at {{Time}}'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: '{{User}} on {{Host}} from {{IP}}'
    /// ```
    pub static RULE = ("SL151", "too-many-alert-placeholders", Error);
}

pub const MAX: usize = 3;

/// The byte ranges of the `{{…}}` placeholders of a text, as Sentinel counts them: `{{`, then
/// no brace, then `}}` (the regex `{{([^{}]*)}}`).
pub fn placeholders(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("{{").map(|i| i + from) {
        let inner = start + 2;
        let close = text[inner..].find(['{', '}']).map(|i| i + inner);
        match close {
            Some(close) if text[close..].starts_with("}}") => {
                found.push(start..close + 2);
                from = close + 2;
            }
            Some(_) => from = start + 1,
            None => break,
        }
    }
    found
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let Some(overrides) = file.field("alertDetailsOverride") else {
        return;
    };
    for field in ["alertDisplayNameFormat", "alertDescriptionFormat"] {
        let Some(node) = overrides.get(field) else {
            continue;
        };
        let Some(text) = node.as_string() else {
            continue;
        };
        let found = placeholders(text);
        if found.len() <= MAX {
            continue;
        }
        let names: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        // Point at the fourth placeholder when the scalar is written as-is in the file.
        let fourth = &text[found[MAX].clone()];
        let span = file
            .text(node.span)
            .find(fourth)
            .map(|offset| {
                let start = node.span.start + offset as u32;
                Span::new(start, start + fourth.len() as u32)
            })
            .unwrap_or(node.span);
        let diagnostic = RULE
            .diag(
                format!(
                    "`{field}` has {} placeholders; the limit is {MAX}",
                    found.len()
                ),
                span,
            )
            .with_help(format!(
                "keep at most {MAX} of {}; combine columns in the query (`strcat`) if needed",
                names.join(", ")
            ));
        out.push(diagnostic);
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
                "alertDetailsOverride",
                Some("\n  alertDisplayNameFormat: '{{User}} on {{Host}} from {{IP}}'"),
            )])],
            &[&scheduled_rule(&[(
                "alertDetailsOverride",
                Some("\n  alertDescriptionFormat: '{{User}} on {{Host}} from {{IP}} at {{Time}}'"),
            )])],
        );
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(super::placeholders("a {{B}} c {{D}} {{").len(), 2);
        assert_eq!(
            super::placeholders("{{{x}} {{a{b}} {{}}"),
            vec![1..6, 15..19]
        );
    }
}
