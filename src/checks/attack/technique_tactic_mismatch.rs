use crate::checks::Context;
use crate::checks::attack::data::attack;
use crate::checks::attack::{quoted_list, string_items};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a technique in `relevantTechniques` that belongs to none of the tactics in
    /// `tactics`, according to ATT&CK (Enterprise v18.1, and the ICS techniques Sentinel
    /// accepts). A sub-technique belongs to its parent's tactics as well as its own; the legacy
    /// `PreAttack` counts as `Reconnaissance` and `ResourceDevelopment`. The help names the
    /// tactic(s) to add.
    ///
    /// ## Why is this bad?
    /// Sentinel shows a rule in the MITRE ATT&CK matrix under each tactic and technique pair;
    /// a technique without one of its tactics sits nowhere in the matrix, and the Sentinel
    /// portal does not let you pick a technique without first picking its tactic. It usually
    /// means a tactic was forgotten or the wrong technique id was written.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - InitialAccess
    /// relevantTechniques:
    ///   - T1110   # Brute Force: CredentialAccess
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tactics:
    ///   - InitialAccess
    ///   - CredentialAccess
    /// relevantTechniques:
    ///   - T1110
    /// ```
    pub static RULE = ("SL207", "technique-tactic-mismatch", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let Some((_, techniques)) = string_items(file, "relevantTechniques") else {
        return;
    };
    let tactics_entry = file.root.as_ref().and_then(|root| root.entry("tactics"));
    let tactics_node = tactics_entry.map(|entry| &entry.value);
    // A `tactics` of the wrong type is the schema rules' business.
    if tactics_node.is_some_and(|node| node.as_sequence().is_none() && !node.is_null()) {
        return;
    }
    let attack = attack();
    let mut rule_tactics: Vec<&str> = Vec::new();
    for node in tactics_node
        .and_then(|node| node.as_sequence())
        .unwrap_or(&[])
    {
        // Misspelled tactics count as what they stand for (SL201 reports the spelling); a
        // value no tactic matches makes the list unreliable, so say nothing.
        let Some(name) = node.as_string() else {
            return;
        };
        match attack.tactic_loose(name) {
            Some(tactic) if tactic.sentinel_name == "PreAttack" => {
                rule_tactics.extend(["PreAttack", "Reconnaissance", "ResourceDevelopment"]);
            }
            Some(tactic) => rule_tactics.push(tactic.sentinel_name),
            None => return,
        }
    }
    for (_, node, id) in techniques {
        let Some(technique) = attack.technique(id) else {
            continue;
        };
        let belongs_to = attack.tactics_of(technique);
        if belongs_to
            .iter()
            .any(|tactic| rule_tactics.contains(tactic))
        {
            continue;
        }
        let name = if technique.name.is_empty() {
            String::new()
        } else {
            format!(" ({})", technique.name)
        };
        let message = format!(
            "technique `{id}`{name} belongs to {}, which {} not among the tactics",
            quoted_list(&belongs_to, "and"),
            if belongs_to.len() == 1 { "is" } else { "are" },
        );
        let help = if belongs_to.len() == 1 {
            format!("add `{}` to `tactics`", belongs_to[0])
        } else {
            format!("add {} to `tactics`", quoted_list(&belongs_to, "or"))
        };
        let mut diagnostic = RULE.diag(message, node.span).with_help(help);
        if let Some(entry) = tactics_entry {
            diagnostic = diagnostic.with_label(entry.key.span, "the tactics are listed here");
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
                // A sub-technique counts under its parent's tactics.
                &scheduled_rule(&[
                    ("tactics", Some("\n  - DefenseEvasion")),
                    ("relevantTechniques", Some("\n  - T1078.004")),
                ]),
                // Misspelled tactics count as the tactic they stand for.
                &hunting_query(&[
                    ("tactics", Some("\n  - Command and Control")),
                    ("relevantTechniques", Some("\n  - T1071")),
                ]),
                &hunting_query(&[
                    ("tactics", Some("\n  - PreAttack")),
                    ("relevantTechniques", Some("\n  - T1595")),
                ]),
                // ICS techniques use the ICS table.
                &scheduled_rule(&[
                    ("tactics", Some("\n  - InhibitResponseFunction")),
                    ("relevantTechniques", Some("\n  - T0800")),
                ]),
                // An unknown tactic makes the comparison meaningless.
                &scheduled_rule(&[("tactics", Some("\n  - Nobelium"))]),
            ],
            &[
                &scheduled_rule(&[
                    ("tactics", Some("\n  - InitialAccess")),
                    (
                        "relevantTechniques",
                        Some("\n  - T1078\n  - T1110\n  - T1098"),
                    ),
                ]),
                &hunting_query(&[("tactics", None), ("relevantTechniques", Some("[T0800]"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
