use crate::checks::Context;
use crate::checks::attack::data::{attack, is_technique_id};
use crate::checks::attack::string_items;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a well-formed technique id in `relevantTechniques` that is neither an ATT&CK
    /// Enterprise v18.1 technique or sub-technique nor one of the ATT&CK for ICS techniques
    /// Sentinel accepts.
    ///
    /// ## Why is this bad?
    /// An id that does not exist maps the rule to nothing: the MITRE ATT&CK blade and coverage
    /// reports cannot place it, and it usually hides a typo (`T1595` meant, `T1959` written)
    /// or a sub-technique number that ATT&CK never had.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1078.009
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// relevantTechniques:
    ///   - T1078.004
    /// ```
    pub static RULE = ("SL205", "unknown-technique", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((_, items)) = string_items(context.file, "relevantTechniques") else {
        return;
    };
    let attack = attack();
    for (_, node, id) in items {
        if !is_technique_id(id) || attack.technique(id).is_some() {
            continue;
        }
        let parent = id
            .split_once('.')
            .and_then(|(parent, _)| Some((parent, attack.technique(parent)?)));
        let help = match parent {
            Some((parent, parent_technique)) => {
                let mut children: Vec<&str> = attack
                    .techniques()
                    .iter()
                    .filter(|t| t.parent_id() == Some(parent))
                    .map(|t| t.id)
                    .collect();
                children.sort_unstable();
                if children.is_empty() {
                    format!(
                        "`{parent}` ({}) has no sub-techniques; use `{parent}`",
                        parent_technique.name
                    )
                } else {
                    const SHOWN: usize = 8;
                    let mut list = children
                        .iter()
                        .take(SHOWN)
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    if children.len() > SHOWN {
                        list.push_str(&format!(" and {} more", children.len() - SHOWN));
                    }
                    format!(
                        "`{parent}` ({}) has the sub-techniques {list}",
                        parent_technique.name
                    )
                }
            }
            _ if id.starts_with("T08") => format!(
                "`{id}` looks like an ATT&CK for ICS id, but it is not one of the ICS techniques \
                 Sentinel accepts"
            ),
            _ => "check the id on https://attack.mitre.org/techniques/enterprise/".to_string(),
        };
        out.push(
            RULE.diag(
                format!("`{id}` is not an ATT&CK technique (Enterprise v18.1 or ICS)"),
                node.span,
            )
            .with_help(help),
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
                &hunting_query(&[("relevantTechniques", Some("[T1059.001, T0886, T1086]"))]),
            ],
            &[
                &scheduled_rule(&[("relevantTechniques", Some("\n  - T1110.009\n  - T1959"))]),
                &hunting_query(&[("relevantTechniques", Some("[T1190.001, T0899]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
