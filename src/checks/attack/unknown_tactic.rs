use crate::checks::Context;
use crate::checks::attack::data::{self, attack};
use crate::checks::attack::{quoted_list, string_items};
use crate::checks::yaml_edit;
use crate::content::model::ContentKind;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, Severity, suggest};

declare_rule! {
    /// ## What it does
    /// Reports a `tactics` entry that is not one of the tactic names Sentinel accepts: the 14
    /// ATT&CK Enterprise tactics written as one word (`InitialAccess`, `CommandAndControl`,
    /// …), the ATT&CK for ICS tactics `ImpairProcessControl` and `InhibitResponseFunction`, and
    /// the legacy `PreAttack`.
    ///
    /// A known tactic written another way (`Command and Control`, `CommandandControl`,
    /// `credential-access`) gets a safe fix to Sentinel's spelling; other names get the closest
    /// matches.
    ///
    /// ## Why is this bad?
    /// Sentinel's API takes tactics from a fixed list with exact spelling: the deployment of a
    /// rule with any other value fails, and the Azure-Sentinel repository's validation rejects
    /// it. Free-form labels (campaign or actor names) belong in `tags`.
    ///
    /// A hunting query's tactics are stored as a tag of its saved search, which the API does
    /// not check: there the finding is a warning, since the query still deploys, but the
    /// ATT&CK views of the hunting page leave out a tactic they cannot read.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - Command and Control
    ///   - Nobelium
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tactics:
    ///   - CommandAndControl
    /// tags:
    ///   - Nobelium
    /// ```
    pub static RULE = ("SL201", "unknown-tactic", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((_, items)) = string_items(context.file, "tactics") else {
        return;
    };
    let attack = attack();
    let deploys_anyway = context.file.kind == ContentKind::HuntingQuery;
    let mut found = Vec::new();
    for (_, node, name) in items {
        if attack.tactic(name).is_some() {
            continue;
        }
        if let Some(tactic) = attack.tactic_loose(name) {
            let canonical = tactic.sentinel_name;
            let mut diagnostic = RULE
                .diag(
                    format!("tactic `{name}` is not spelled the way Sentinel expects"),
                    node.span,
                )
                .with_help(format!(
                    "Sentinel accepts exactly `{canonical}` ({} {})",
                    tactic.attack_id, tactic.name
                ));
            if let Some((span, text)) = yaml_edit::replace_scalar(node, canonical) {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("replace with `{canonical}`"),
                    span,
                    text,
                ));
            }
            found.push(diagnostic);
            continue;
        }
        let names: Vec<&str> = attack.tactics().iter().map(|t| t.sentinel_name).collect();
        let help = if data::is_technique_id(name.trim()) {
            format!("`{name}` is a technique: list it under `relevantTechniques`")
        } else {
            let close = suggest(name, names.iter().copied(), 3);
            if close.is_empty() {
                format!(
                    "Sentinel's tactics are {}; put other labels in `tags`",
                    quoted_list(&names, "and")
                )
            } else {
                format!("did you mean {}?", quoted_list(&close, "or"))
            }
        };
        found.push(
            RULE.diag(format!("unknown tactic `{name}`"), node.span)
                .with_help(help),
        );
    }
    for mut diagnostic in found {
        if deploys_anyway {
            diagnostic.severity = Severity::Warning.min(RULE.severity);
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, hunting_query, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &scheduled_rule(&[(
                    "tactics",
                    Some("\n  - ImpairProcessControl\n  - InhibitResponseFunction\n  - PreAttack"),
                )]),
                &hunting_query(&[("tactics", Some("[CommandAndControl, Impact]"))]),
                // A string instead of a list is for the schema rules.
                &scheduled_rule(&[("tactics", Some("Nobelium"))]),
            ],
            &[
                &scheduled_rule(&[(
                    "tactics",
                    Some("\n  - CommandandControl\n  - Command and Control\n  - credential-access"),
                )]),
                &nrt_rule(&[("tactics", Some("\n  - 'initial access'\n  - Nobelium"))]),
                &hunting_query(&[("tactics", Some("[Persistance, T1078]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
