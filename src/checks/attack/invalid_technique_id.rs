use crate::checks::Context;
use crate::checks::attack::data::{attack, is_technique_id};
use crate::checks::attack::string_items;
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `relevantTechniques` entry that is not an ATT&CK technique id: `T` and four
    /// digits (`T1078`), or a sub-technique, `T` four digits `.` three digits (`T1078.004`).
    /// An id written in lower case or with stray spaces gets a safe fix.
    ///
    /// ## Why is this bad?
    /// Sentinel's API and the Azure-Sentinel repository's validation accept only ids of that
    /// shape; names, tactics or labels in this field make the deployment fail and are lost to
    /// every MITRE coverage view.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - t1078
    ///   - Valid Accounts
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// relevantTechniques:
    ///   - T1078
    /// ```
    pub static RULE = ("SL203", "invalid-technique-id", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((_, items)) = string_items(context.file, "relevantTechniques") else {
        return;
    };
    for (_, node, id) in items {
        if is_technique_id(id) {
            continue;
        }
        let normalized: String = id
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let mut diagnostic = RULE.diag(format!("`{id}` is not an ATT&CK technique id"), node.span);
        if is_technique_id(&normalized) {
            diagnostic = diagnostic.with_help(format!("write it as `{normalized}`"));
            if let Some((span, text)) = yaml_edit::replace_scalar(node, &normalized) {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("replace with `{normalized}`"),
                    span,
                    text,
                ));
            }
        } else if let Some(technique) = attack().technique_named(id) {
            diagnostic = diagnostic.with_help(format!(
                "`{}` is the name of technique `{}`; write its id",
                technique.name, technique.id
            ));
            if let Some((span, text)) = yaml_edit::replace_scalar(node, technique.id) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("replace with `{}`", technique.id),
                    span,
                    text,
                ));
            }
        } else if let Some(tactic) = attack().tactic_loose(id) {
            diagnostic = diagnostic.with_help(format!(
                "`{id}` is a tactic: list it under `tactics` as `{}`",
                tactic.sentinel_name
            ));
        } else {
            diagnostic = diagnostic.with_help(
                "a technique id is `T` and four digits (`T1078`), or a sub-technique id \
                 `T1078.004`; put other labels in `tags`",
            );
        }
        out.push(diagnostic);
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
                &hunting_query(&[("relevantTechniques", Some("[T1059, T1059.001, T0800]"))]),
                // Unknown but well-formed ids are SL205's.
                &scheduled_rule(&[("relevantTechniques", Some("\n  - T9999"))]),
            ],
            &[
                &scheduled_rule(&[(
                    "relevantTechniques",
                    Some("\n  - t1110\n  - 'T1110.001 '\n  - Brute Force"),
                )]),
                &hunting_query(&[("relevantTechniques", Some("[T1059.1, Execution]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
