use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `version` that is not three dot-separated numbers (`1.0.0`), in an analytic
    /// rule or a hunting query. (A version written as a bare number, `1.0`, is a YAML number
    /// and is reported by SL101 `invalid-field-type`.)
    ///
    /// ## Why is this bad?
    /// Sentinel compares template versions to offer updates of installed rules; a version it
    /// cannot parse is rejected by the Azure-Sentinel validation and never offered.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1.0.0-beta
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1.0.1
    /// ```
    pub static RULE = ("SL115", "invalid-version", Error);
}

fn is_version(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    let Some(node) = file.field("version") else {
        return;
    };
    let Some(version) = node.as_string() else {
        return;
    };
    if !is_version(version) {
        out.push(
            RULE.diag(
                format!("`version` is `{version}`, not `MAJOR.MINOR.PATCH`"),
                node.span,
            )
            .with_help("write three numbers separated by dots, e.g. `1.0.0`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[("version", Some("'10.2.13'"))]),
                &hunting_query(&[]),
            ],
            &[
                &scheduled_rule(&[("version", Some("1.0.0-beta"))]),
                &hunting_query(&[("version", Some("v1"))]),
                &scheduled_rule(&[("version", Some("'1.0'"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
