use crate::checks::Context;
use crate::checks::fields::grouping_list;
use crate::declare_rule;
use crate::diag::{Diagnostic, suggest};

declare_rule! {
    /// ## What it does
    /// Reports an item of `incidentConfiguration.groupingConfiguration.groupByCustomDetails`
    /// that is not a key of the rule's `customDetails`.
    ///
    /// ## Why is this bad?
    /// Alerts can only be grouped by custom details the rule defines: an unknown key is
    /// rejected by Sentinel, or groups nothing.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   Sensor: SensorName
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByCustomDetails:
    ///       - SensorName
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// customDetails:
    ///   Sensor: SensorName
    /// incidentConfiguration:
    ///   groupingConfiguration:
    ///     groupByCustomDetails:
    ///       - Sensor
    /// ```
    pub static RULE = ("SL135", "unknown-group-by-custom-detail", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let items = grouping_list(file, "groupByCustomDetails");
    if items.is_empty() {
        return;
    }
    let keys: Vec<&str> = file
        .field("customDetails")
        .and_then(|node| node.as_mapping())
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| entry.key.as_str())
        .collect();
    for item in items {
        let Some(name) = item.as_string() else {
            continue;
        };
        if keys.contains(&name) {
            continue;
        }
        let diagnostic = RULE.diag(
            format!("`groupByCustomDetails` lists `{name}`, which is not a key of `customDetails`"),
            item.span,
        );
        let values_match = file
            .field("customDetails")
            .and_then(|node| node.as_mapping())
            .unwrap_or_default()
            .iter()
            .find(|entry| entry.value.as_str() == Some(name))
            .and_then(|entry| entry.key.as_str());
        out.push(
            match (values_match, suggest(name, keys.iter().copied(), 1).first()) {
                (Some(key), _) => diagnostic.with_help(format!(
                    "`{name}` is the column; list the custom detail's key `{key}` instead"
                )),
                (None, Some(best)) => diagnostic.with_help(format!("did you mean `{best}`?")),
                (None, None) if keys.is_empty() => diagnostic.with_help(format!(
                    "define it in `customDetails` (`{name}: <column>`) or remove it"
                )),
                (None, None) => diagnostic.with_help(format!(
                    "use one of the keys of `customDetails`: {}",
                    crate::checks::fields::list(&keys)
                )),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn rule(custom: Option<&str>, grouped: &str) -> String {
        let incident = format!(
            "\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: Selected\n    groupByCustomDetails: {grouped}"
        );
        scheduled_rule(&[
            ("customDetails", custom),
            ("incidentConfiguration", Some(&incident)),
        ])
    }

    #[test]
    fn fires_and_passes() {
        let custom = Some("\n  Sensor: SensorName\n  Protocol: Protocol");
        let rendered = check_rule(
            &super::RULE,
            &[&rule(custom, "[Sensor, Protocol]"), &rule(None, "[]")],
            &[
                &rule(custom, "[SensorName]"),
                &rule(custom, "[Protocl]"),
                &rule(None, "[Sensor]"),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
