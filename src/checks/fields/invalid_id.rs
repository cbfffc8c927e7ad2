use crate::checks::Context;
use crate::checks::fields::is_rule_or_hunting;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports an `id` that is not a GUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal
    /// digits) in an analytic rule or a hunting query. An id that only has braces or spaces
    /// around a GUID gets a safe fix.
    ///
    /// ## Why is this bad?
    /// Sentinel uses the id as the name of the alert rule template or saved search: the
    /// deployment fails, or each deployment creates a new copy instead of updating the
    /// existing one.
    ///
    /// ## Example
    /// ```yaml
    /// id: detect-failed-logons-01
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60
    /// ```
    ///
    /// ## Fix safety
    /// Removing braces or spaces around a GUID keeps the id: safe.
    pub static RULE = ("SL110", "invalid-id", Error);
}

/// `8-4-4-4-12` hexadecimal digits, either case.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !is_rule_or_hunting(file) {
        return;
    }
    let Some(node) = file.field("id") else {
        return;
    };
    let Some(id) = node.as_string() else {
        return;
    };
    if is_guid(id) {
        return;
    }
    let inner = id
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim();
    let diagnostic = RULE.diag(format!("`id` is `{id}`, which is not a GUID"), node.span);
    out.push(if is_guid(inner) {
        diagnostic
            .with_help(format!("write the bare GUID: `{inner}`"))
            .with_fix(Fix::safe("remove the braces and spaces", node.span, inner))
    } else {
        diagnostic
            .with_help("use a new GUID (`uuidgen`, `New-Guid`), as 8-4-4-4-12 hexadecimal digits")
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
                &hunting_query(&[("id", Some("9D8C7B6A-5F4E-4D3C-8B2A-1F0E9D8C7B6A"))]),
            ],
            &[
                &scheduled_rule(&[("id", Some("detect-failed-logons-01"))]),
                &hunting_query(&[("id", Some("'{9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a}'"))]),
                &scheduled_rule(&[("id", Some("0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f6"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
