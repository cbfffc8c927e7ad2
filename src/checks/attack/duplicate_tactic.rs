use crate::checks::Context;
use crate::checks::attack::data::attack;
use crate::checks::attack::string_items;
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a tactic listed twice in `tactics`, including twice under two spellings of the
    /// same tactic (`InitialAccess` and `Initial Access`).
    ///
    /// ## Why is this bad?
    /// The repetition adds nothing and hints at a copy-and-paste slip; Sentinel's API rejects
    /// some duplicated enum lists, and the rule's MITRE coverage is counted twice by tools that
    /// read the file.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - Persistence
    ///   - Persistence
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tactics:
    ///   - Persistence
    /// ```
    pub static RULE = ("SL202", "duplicate-tactic", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let Some((items, strings)) = string_items(file, "tactics") else {
        return;
    };
    let attack = attack();
    let mut seen: Vec<(&str, &crate::content::yaml::Node)> = Vec::new();
    for (index, node, name) in strings {
        let key = attack
            .tactic_loose(name)
            .map_or(name, |tactic| tactic.sentinel_name);
        if let Some((_, first)) = seen.iter().find(|(seen_key, _)| *seen_key == key) {
            let mut diagnostic = RULE
                .diag(
                    format!("tactic `{key}` is listed more than once"),
                    node.span,
                )
                .with_label(first.span, "first listed here");
            if let Some(span) = yaml_edit::remove_item(file, items, index) {
                diagnostic = diagnostic.with_fix(Fix::safe("remove the repeated tactic", span, ""));
            }
            out.push(diagnostic);
        } else {
            seen.push((key, node));
        }
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
                &scheduled_rule(&[("tactics", Some("\n  - Persistence\n  - Execution"))]),
                &hunting_query(&[]),
            ],
            &[
                &scheduled_rule(&[(
                    "tactics",
                    Some("\n  - Persistence\n  - Execution\n  - Persistence"),
                )]),
                &hunting_query(&[("tactics", Some("[InitialAccess, Initial Access]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
