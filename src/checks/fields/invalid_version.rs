use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::content::yaml::ScalarType;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `version` that is not three dot-separated numbers (`1.0.0`), in an analytic
    /// rule or a hunting query, including one written as a YAML number (`version: 1.0`). A
    /// version of one or two numbers gets an unsafe fix padding it with `.0`.
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
    ///
    /// ## Fix safety
    /// Padding `1.0` to `1.0.0` is a guess at the author's intent: unsafe.
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
    let is_number = matches!(
        node.scalar_type(),
        Some(ScalarType::Int | ScalarType::Float)
    );
    let Some(version) = (if is_number {
        node.as_str()
    } else {
        node.as_string()
    }) else {
        return;
    };
    if is_version(version) {
        return;
    }
    let what = if is_number { ", a number," } else { "," };
    let diagnostic = RULE.diag(
        format!("`version` is `{version}`{what} not `MAJOR.MINOR.PATCH`"),
        node.span,
    );
    let padded = match version.split('.').count() {
        1 => format!("{version}.0.0"),
        2 => format!("{version}.0"),
        _ => String::new(),
    };
    out.push(if is_version(&padded) {
        diagnostic
            .with_help(format!("write three numbers separated by dots: `{padded}`"))
            .with_fix(Fix::unsafe_(format!("write `{padded}`"), node.span, padded))
    } else {
        diagnostic.with_help("write three numbers separated by dots, e.g. `1.0.0`")
    });
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
                &scheduled_rule(&[("version", Some("2"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
