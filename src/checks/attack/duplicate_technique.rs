use crate::checks::Context;
use crate::checks::attack::string_items;
use crate::checks::yaml_edit;
use crate::content::yaml::Node;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a technique id listed twice in `relevantTechniques`.
    ///
    /// ## Why is this bad?
    /// The repetition adds nothing and usually hides a slip, such as a sub-technique meant
    /// where its parent was pasted again.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1078
    ///   - T1078
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// relevantTechniques:
    ///   - T1078
    /// ```
    pub static RULE = ("SL204", "duplicate-technique", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let Some((items, strings)) = string_items(file, "relevantTechniques") else {
        return;
    };
    let mut seen: Vec<(String, &Node)> = Vec::new();
    for (index, node, id) in strings {
        let key = id.trim().to_ascii_uppercase();
        if let Some((_, first)) = seen.iter().find(|(seen_key, _)| *seen_key == key) {
            let mut diagnostic = RULE
                .diag(
                    format!("technique `{key}` is listed more than once"),
                    node.span,
                )
                .with_label(first.span, "first listed here");
            if let Some(span) = yaml_edit::remove_item(file, items, index) {
                diagnostic =
                    diagnostic.with_fix(Fix::safe("remove the repeated technique", span, ""));
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
                &scheduled_rule(&[("relevantTechniques", Some("\n  - T1110\n  - T1110.001"))]),
                &hunting_query(&[]),
            ],
            &[
                &scheduled_rule(&[(
                    "relevantTechniques",
                    Some("\n  - T1110\n  - T1110.001\n  - T1110"),
                )]),
                &hunting_query(&[("relevantTechniques", Some("[T1059, t1059]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
