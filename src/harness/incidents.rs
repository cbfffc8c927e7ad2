//! Which incident each alert of a run goes to, by the rule's alert grouping
//! (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#alert-grouping>):
//! without grouping every alert gets its own incident; "all the entities match" groups alerts
//! with identical entities; "all alerts" puts every alert in one incident; "the selected
//! entities and details match" groups alerts that share the values of the selected entity
//! types, alert details (`DisplayName`, `Severity`) and custom details. "Up to 150 alerts can be
//! grouped into a single incident"; the excess goes to a new incident.

use crate::harness::alerts::Alert;
use crate::harness::rule::{Incidents, MatchingMethod, RuleSettings};

/// The most alerts one incident holds.
pub const ALERTS_PER_INCIDENT: usize = 150;

/// The grouping key of one alert: the values two alerts must share to land in one incident.
pub fn key(rule: &RuleSettings, alert: &Alert) -> Vec<String> {
    let Incidents::Grouped(grouping) = &rule.incidents else {
        return Vec::new();
    };
    let entity_key = |types: Option<&[String]>| -> Vec<String> {
        let mut keys: Vec<String> = alert
            .entities
            .iter()
            .filter(|e| {
                types.is_none_or(|t| {
                    t.iter()
                        .any(|name| name.eq_ignore_ascii_case(&e.entity_type))
                })
            })
            .map(|e| {
                let ids: Vec<String> = e
                    .identifiers
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                format!("{}({})", e.entity_type, ids.join(", "))
            })
            .collect();
        keys.sort();
        keys
    };
    match grouping.method {
        MatchingMethod::AnyAlert => Vec::new(),
        MatchingMethod::AllEntities => entity_key(None),
        MatchingMethod::Selected => {
            let mut keys = entity_key(Some(&grouping.by_entities));
            for detail in &grouping.by_alert_details {
                let value = match detail.to_ascii_lowercase().as_str() {
                    "displayname" => alert.display_name.clone(),
                    "severity" => alert.severity.clone(),
                    _ => String::new(),
                };
                keys.push(format!("{detail}={value}"));
            }
            for detail in &grouping.by_custom_details {
                let values = alert
                    .custom_details
                    .iter()
                    .find(|(key, _)| key == detail)
                    .map(|(_, values)| values.join(", "))
                    .unwrap_or_default();
                keys.push(format!("{detail}=[{values}]"));
            }
            keys
        }
    }
}

/// Numbers the incidents of the run (from 1, in alert order) and sets each alert's; returns
/// how many incidents there are.
pub fn assign(rule: &RuleSettings, alerts: &mut [Alert]) -> usize {
    match &rule.incidents {
        Incidents::None => 0,
        Incidents::PerAlert => {
            for (i, alert) in alerts.iter_mut().enumerate() {
                alert.incident = Some(i + 1);
            }
            alerts.len()
        }
        Incidents::Grouped(_) => {
            // (key, incident number, alerts in it)
            let mut open: Vec<(Vec<String>, usize, usize)> = Vec::new();
            let mut count = 0;
            for alert in alerts.iter_mut() {
                let key = key(rule, alert);
                alert.grouping_key = key.clone();
                match open
                    .iter_mut()
                    .find(|(k, _, n)| *k == key && *n < ALERTS_PER_INCIDENT)
                {
                    Some((_, number, n)) => {
                        *n += 1;
                        alert.incident = Some(*number);
                    }
                    None => {
                        count += 1;
                        open.push((key, count, 1));
                        alert.incident = Some(count);
                    }
                }
            }
            count
        }
    }
}

/// The grouping in words, for the snapshot header.
pub fn describe(rule: &RuleSettings) -> String {
    match &rule.incidents {
        Incidents::None => "none (createIncident: false)".into(),
        Incidents::PerAlert => "one per alert".into(),
        Incidents::Grouped(grouping) => {
            let mut text = match grouping.method {
                MatchingMethod::AllEntities => "grouped when all entities match".to_string(),
                MatchingMethod::AnyAlert => "all alerts grouped".to_string(),
                MatchingMethod::Selected => {
                    let mut by: Vec<String> = grouping.by_entities.clone();
                    by.extend(grouping.by_alert_details.iter().cloned());
                    by.extend(grouping.by_custom_details.iter().cloned());
                    format!("grouped by {}", by.join(", "))
                }
            };
            text.push_str(&format!(" within {}", grouping.lookback));
            if grouping.reopen_closed {
                text.push_str(", reopening closed incidents");
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::alerts::Entity;
    use crate::harness::rule::Grouping;

    fn alert(ip: &str, severity: &str) -> Alert {
        Alert {
            display_name: "A".into(),
            description: String::new(),
            severity: severity.into(),
            tactics: Vec::new(),
            techniques: Vec::new(),
            dynamic: Vec::new(),
            entities: vec![Entity {
                entity_type: "IP".into(),
                identifiers: vec![("Address".into(), ip.into())],
            }],
            custom_details: Vec::new(),
            events: vec![0],
            summary: false,
            incident: None,
            grouping_key: Vec::new(),
        }
    }

    fn rule(incidents: Incidents) -> RuleSettings {
        let file = crate::content::model::load_text(
            "r.yaml".into(),
            "kind: Scheduled\nquery: T\n".into(),
            false,
        );
        let crate::content::model::Loaded::Content(file) = file else {
            panic!("a rule")
        };
        let mut rule = RuleSettings::read(&file);
        rule.incidents = incidents;
        rule
    }

    fn grouped(method: MatchingMethod, details: &[&str]) -> Incidents {
        Incidents::Grouped(Grouping {
            method,
            lookback: "5h".into(),
            reopen_closed: false,
            by_entities: vec!["IP".into()],
            by_alert_details: details.iter().map(|d| d.to_string()).collect(),
            by_custom_details: Vec::new(),
        })
    }

    fn numbers(rule: &RuleSettings) -> Vec<Option<usize>> {
        let mut alerts = vec![
            alert("1.1.1.1", "Low"),
            alert("2.2.2.2", "Low"),
            alert("1.1.1.1", "High"),
        ];
        assign(rule, &mut alerts);
        alerts.iter().map(|a| a.incident).collect()
    }

    #[test]
    fn alerts_group_by_the_rules_matching_method() {
        assert_eq!(
            numbers(&rule(Incidents::PerAlert)),
            [Some(1), Some(2), Some(3)]
        );
        assert_eq!(numbers(&rule(Incidents::None)), [None, None, None]);
        assert_eq!(
            numbers(&rule(grouped(MatchingMethod::AllEntities, &[]))),
            [Some(1), Some(2), Some(1)]
        );
        assert_eq!(
            numbers(&rule(grouped(MatchingMethod::AnyAlert, &[]))),
            [Some(1), Some(1), Some(1)]
        );
        assert_eq!(
            numbers(&rule(grouped(MatchingMethod::Selected, &["Severity"]))),
            [Some(1), Some(2), Some(3)]
        );
    }

    #[test]
    fn an_incident_holds_at_most_150_alerts() {
        let rule = rule(grouped(MatchingMethod::AnyAlert, &[]));
        let mut alerts: Vec<Alert> = (0..151).map(|_| alert("1.1.1.1", "Low")).collect();
        assert_eq!(assign(&rule, &mut alerts), 2);
        assert_eq!(alerts[150].incident, Some(2));
    }
}
