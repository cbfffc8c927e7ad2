use crate::checks::Context;
use crate::checks::attack::data::{Status, attack};
use crate::checks::attack::string_items;
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a technique in `relevantTechniques` that ATT&CK (Enterprise v18.1) has revoked
    /// or deprecated. For a revoked technique that ATT&CK re-created under a new id (most were
    /// turned into sub-techniques of the same name), the help names it and an unsafe fix swaps
    /// the id.
    ///
    /// ## Why is this bad?
    /// Revoked and deprecated techniques are gone from the current matrix: Sentinel's MITRE
    /// ATT&CK view no longer shows the rule under them, so coverage looks thinner than it is,
    /// and readers are sent to a page that says "this technique has been revoked".
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1086   # PowerShell, revoked
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// relevantTechniques:
    ///   - T1059.001   # Command and Scripting Interpreter: PowerShell
    /// ```
    pub static RULE = ("SL206", "deprecated-technique", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((_, items)) = string_items(context.file, "relevantTechniques") else {
        return;
    };
    let attack = attack();
    for (_, node, id) in items {
        let Some(technique) = attack.technique(id) else {
            continue;
        };
        let what = match technique.status {
            Status::Active => continue,
            Status::Revoked => "revoked",
            Status::Deprecated => "deprecated",
        };
        let mut diagnostic = RULE.diag(
            format!(
                "technique `{id}` ({}) is {what} in ATT&CK v18.1",
                technique.name
            ),
            node.span,
        );
        match technique.replacement.and_then(|r| attack.technique(r)) {
            Some(replacement) => {
                diagnostic = diagnostic.with_help(format!(
                    "ATT&CK now has it as `{}` ({})",
                    replacement.id, replacement.name
                ));
                if let Some((span, text)) = yaml_edit::replace_scalar(node, replacement.id) {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("replace with `{}`", replacement.id),
                        span,
                        text,
                    ));
                }
            }
            None => {
                diagnostic =
                    diagnostic.with_help("map the rule to a current technique, or remove this one");
            }
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
                &hunting_query(&[("relevantTechniques", Some("[T1059.001, T0800, T9999]"))]),
            ],
            &[
                &hunting_query(&[("relevantTechniques", Some("\n  - T1086"))]),
                &scheduled_rule(&[
                    ("tactics", Some("\n  - CommandAndControl")),
                    ("relevantTechniques", Some("\n  - T1043")),
                ]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
