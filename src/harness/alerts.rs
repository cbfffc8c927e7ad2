//! What Sentinel makes of a rule's query result: whether the rule triggers, the alerts it
//! raises, and what each alert carries. Each step follows one page of Microsoft's Sentinel
//! documentation, cited on the function that implements it; where the documentation is silent
//! the choice is said there too.
//!
//! The simulation works on a [`ResultTable`] (cells in Kusto's string form), which is all
//! Sentinel itself sees of a result: entity identifiers, custom details and `{{column}}`
//! placeholders are strings in the alert.

use crate::checks::attack::data::attack;
use crate::checks::entities::catalog::{self, EntityType};
use crate::checks::fields::too_many_alert_placeholders::placeholders;
use crate::content::{ContentKind, RuleKind};
use crate::harness::incidents;
use crate::harness::rule::{Aggregation, EntityMapping, RuleSettings, TriggerOperator};
use crate::harness::table::ResultTable;

/// One entity of an alert: its type and the identifiers that had a value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entity {
    pub entity_type: String,
    pub identifiers: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub display_name: String,
    pub description: String,
    pub severity: String,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    /// `alertDynamicProperties` that got a value: (property, value).
    pub dynamic: Vec<(String, String)>,
    pub entities: Vec<Entity>,
    /// Each custom detail with its values, one per event, as strings.
    pub custom_details: Vec<(String, Vec<String>)>,
    /// The result rows (0-based) the alert is made of.
    pub events: Vec<usize>,
    /// The alert that summarises every event when per-result alerts hit the cap.
    pub summary: bool,
    /// The incident this alert goes to, numbered from 1 in this run; `None` when the rule
    /// creates no incidents.
    pub incident: Option<usize>,
    /// The values alert grouping compares (empty without grouping by entities or details).
    pub grouping_key: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub rows: usize,
    pub operator: TriggerOperator,
    pub threshold: usize,
    pub fired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub trigger: Trigger,
    pub aggregation: Aggregation,
    pub alerts: Vec<Alert>,
    /// Seconds during which the rule would not run again, when suppression is on and it fired.
    pub suppressed_for: Option<u64>,
    pub incidents: usize,
    /// What the alerts lost or fell back on (a dropped identifier or entity, a placeholder
    /// without value…), each said once, in the order found.
    pub warnings: Vec<String>,
}

/// The most alerts one run of a Scheduled rule raises
/// (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#event-grouping>).
pub const SCHEDULED_ALERT_CAP: usize = 150;
/// The most alerts one run of an NRT rule raises
/// (<https://learn.microsoft.com/azure/sentinel/near-real-time-rules#considerations>).
pub const NRT_ALERT_CAP: usize = 30;
/// The most entities one alert carries, shared equally by the entity mappings
/// (<https://learn.microsoft.com/azure/sentinel/map-data-fields-to-entities>).
pub const ENTITY_CAP: usize = 500;

/// Account names Sentinel drops when the Account is identified by `Name`
/// (<https://learn.microsoft.com/azure/sentinel/entities-reference#account>).
pub const BUILT_IN_ACCOUNT_NAMES: [&str; 11] = [
    "ADMIN",
    "ADMINISTRATOR",
    "SYSTEM",
    "ROOT",
    "ANONYMOUS",
    "AUTHENTICATED USER",
    "NETWORK",
    "NULL",
    "LOCAL SYSTEM",
    "LOCALSYSTEM",
    "NETWORK SERVICE",
];

/// The severities an alert can have (`alertSeverityColumnName` values outside them fall back).
pub const SEVERITIES: [&str; 4] = ["Informational", "Low", "Medium", "High"];

/// Warnings in the order found, each once; a counted one (`… in 2 of 5 events …`) adds up
/// over the alerts of the run.
#[derive(Default)]
struct Warnings(Vec<Warning>);

enum Warning {
    Plain(String),
    Counted {
        head: String,
        tail: String,
        count: usize,
        events: usize,
    },
}

impl Warnings {
    fn add(&mut self, warning: String) {
        if !self
            .0
            .iter()
            .any(|w| matches!(w, Warning::Plain(text) if *text == warning))
        {
            self.0.push(Warning::Plain(warning));
        }
    }

    fn count(&mut self, head: String, tail: &str, count: usize, events: usize) {
        for warning in &mut self.0 {
            if let Warning::Counted {
                head: h,
                count: c,
                events: e,
                ..
            } = warning
                && *h == head
            {
                *c += count;
                *e += events;
                return;
            }
        }
        self.0.push(Warning::Counted {
            head,
            tail: tail.to_string(),
            count,
            events,
        });
    }

    fn finish(self) -> Vec<String> {
        self.0
            .into_iter()
            .filter_map(|w| match w {
                Warning::Plain(text) => Some(text),
                Warning::Counted { count: 0, .. } => None,
                Warning::Counted {
                    head,
                    tail,
                    count,
                    events,
                } => Some(format!("{head} {count} of {events} events{tail}")),
            })
            .collect()
    }
}

/// Simulates one run of the rule over its query's result.
pub fn simulate(rule: &RuleSettings, result: &ResultTable) -> Simulation {
    let trigger = trigger(rule, result.len());
    let mut warnings = Warnings::default();
    for default in &rule.defaults_used {
        warnings.add(default.clone());
    }
    let groups = if trigger.fired {
        event_groups(rule, result.len())
    } else {
        Vec::new()
    };
    let mut alerts: Vec<Alert> = groups
        .into_iter()
        .map(|(events, summary)| build_alert(rule, result, events, summary, &mut warnings))
        .collect();
    let incidents = incidents::assign(rule, &mut alerts);
    Simulation {
        trigger,
        aggregation: rule.aggregation,
        suppressed_for: rule.suppression.filter(|_| trigger.fired),
        alerts,
        incidents,
        warnings: warnings.finish(),
    }
}

/// The trigger: the number of result rows against `triggerOperator`/`triggerThreshold`
/// (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#alert-threshold>:
/// "The threshold applies separately to each time the rule runs"). NRT rules have no threshold
/// and raise alerts for any result
/// (<https://learn.microsoft.com/azure/sentinel/near-real-time-rules>).
fn trigger(rule: &RuleSettings, rows: usize) -> Trigger {
    let (operator, threshold) = rule.trigger;
    Trigger {
        rows,
        operator,
        threshold,
        fired: rule.raises_alerts() && operator.holds(rows, threshold),
    }
}

/// Event grouping (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#event-grouping>):
/// "Group all events into a single alert" makes one alert of every row; "Trigger an alert for
/// each event" makes one per row, and past 150 rows "the first 149 events will each generate a
/// unique alert, and the 150th alert will summarize the entire set of returned events". NRT
/// rules do the same with 30 (<https://learn.microsoft.com/azure/sentinel/near-real-time-rules#considerations>).
fn event_groups(rule: &RuleSettings, rows: usize) -> Vec<(Vec<usize>, bool)> {
    let all: Vec<usize> = (0..rows).collect();
    if rule.aggregation == Aggregation::SingleAlert || rows == 0 {
        return vec![(all, false)];
    }
    let cap = match rule.kind {
        ContentKind::AnalyticRule(RuleKind::Nrt) => NRT_ALERT_CAP,
        _ => SCHEDULED_ALERT_CAP,
    };
    if rows <= cap {
        return all.into_iter().map(|row| (vec![row], false)).collect();
    }
    let mut groups: Vec<(Vec<usize>, bool)> = (0..cap - 1).map(|row| (vec![row], false)).collect();
    groups.push((all, true));
    groups
}

fn build_alert(
    rule: &RuleSettings,
    result: &ResultTable,
    events: Vec<usize>,
    summary: bool,
    warnings: &mut Warnings,
) -> Alert {
    // Sentinel does not document which event fills a grouped alert's details; the harness
    // takes the first, the row a reader sees first in the snapshot.
    let first = events.first().copied();
    let (display_name, description, severity, tactics, techniques, dynamic) =
        alert_details(rule, result, first, warnings);
    let entities = entities(rule, result, &events, warnings);
    let custom_details = custom_details(rule, result, &events, warnings);
    Alert {
        display_name,
        description,
        severity,
        tactics,
        techniques,
        dynamic,
        entities,
        custom_details,
        events,
        summary,
        incident: None,
        grouping_key: Vec::new(),
    }
}

type Details = (
    String,
    String,
    String,
    Vec<String>,
    Vec<String>,
    Vec<(String, String)>,
);

/// Alert details override (<https://learn.microsoft.com/azure/sentinel/customize-alert-details>):
/// `{{column}}` placeholders in the name and description take the event's values; "if the
/// selected field has no value in a given instance, the alert details for that instance will
/// revert to the defaults" of the rule; a severity or tactics column whose value is empty or
/// "doesn't match the field data type" reverts to the rule's severity or tactics. Dynamic
/// properties (`alertDynamicProperties`) are set only when their column has a value; the
/// `Techniques` property replaces the rule's techniques.
fn alert_details(
    rule: &RuleSettings,
    result: &ResultTable,
    row: Option<usize>,
    warnings: &mut Warnings,
) -> Details {
    let value = |column: &str| -> Option<String> {
        let index = result.column(column)?;
        let cell = result.cell(row?, index);
        (!cell.is_empty()).then(|| cell.text().to_string())
    };
    let format = |field: &str,
                  template: &Option<String>,
                  default: &str,
                  warnings: &mut Warnings| {
        let Some(template) = template else {
            return default.to_string();
        };
        let mut out = String::new();
        let mut last = 0;
        for range in placeholders(template) {
            out.push_str(&template[last..range.start]);
            let column = template[range.start + 2..range.end - 2].trim();
            match value(column) {
                Some(text) => out.push_str(&text),
                None => {
                    let why = if result.column(column).is_none() {
                        "is not in the query output"
                    } else {
                        "has no value"
                    };
                    warnings.add(format!(
                        "alertDetailsOverride.{field}: `{{{{{column}}}}}` {why}; the alert keeps the rule's default"
                    ));
                    return default.to_string();
                }
            }
            last = range.end;
        }
        out.push_str(&template[last..]);
        out
    };
    let display_name = format(
        "alertDisplayNameFormat",
        &rule.details.display_name_format,
        &rule.name,
        warnings,
    );
    let description = format(
        "alertDescriptionFormat",
        &rule.details.description_format,
        &rule.description,
        warnings,
    );
    let mut severity = rule.severity.clone();
    if let Some(column) = &rule.details.severity_column {
        match value(column).and_then(|v| SEVERITIES.iter().find(|s| s.eq_ignore_ascii_case(&v))) {
            Some(valid) => severity = valid.to_string(),
            None => warnings.add(format!(
                "alertDetailsOverride.alertSeverityColumnName: `{column}` has no valid severity ({}); the rule's `{}` is kept",
                SEVERITIES.join(", "),
                rule.severity
            )),
        }
    }
    let mut tactics = rule.tactics.clone();
    if let Some(column) = &rule.details.tactics_column {
        let parsed = value(column).and_then(|text| {
            let names: Option<Vec<String>> = list(&text)
                .into_iter()
                .map(|name| {
                    attack()
                        .tactic_loose(&name)
                        .map(|t| t.sentinel_name.to_string())
                })
                .collect();
            names.filter(|n| !n.is_empty())
        });
        match parsed {
            Some(names) => tactics = names,
            None => warnings.add(format!(
                "alertDetailsOverride.alertTacticsColumnName: `{column}` has no valid tactics; the rule's tactics are kept"
            )),
        }
    }
    let mut techniques = rule.techniques.clone();
    let mut dynamic = Vec::new();
    for (property, column) in &rule.details.dynamic {
        match value(column) {
            Some(text) if property == "Techniques" => techniques = list(&text),
            Some(text) => dynamic.push((property.clone(), text)),
            None => warnings.add(format!(
                "alertDetailsOverride.alertDynamicProperties.{property}: `{column}` has no value; the property is not set"
            )),
        }
    }
    (
        display_name,
        description,
        severity,
        tactics,
        techniques,
        dynamic,
    )
}

/// A list written in one cell: a JSON array (`["a","b"]`) or comma-separated text.
fn list(text: &str) -> Vec<String> {
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text) {
        return items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect();
    }
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Entity mapping (<https://learn.microsoft.com/azure/sentinel/map-data-fields-to-entities>,
/// <https://learn.microsoft.com/azure/sentinel/entities-reference>): each event gives one
/// entity per mapping, from the identifiers whose column has a value. A column the query does
/// not output, or an empty value, gives no identifier; an entity left without one of its
/// type's required identifier sets is not created; an Account identified by a built-in name
/// (`SYSTEM`, `ADMINISTRATOR`…) is dropped; identical entities are one; and an alert carries
/// at most 500 entities, "divided equally across all entity mappings".
fn entities(
    rule: &RuleSettings,
    result: &ResultTable,
    events: &[usize],
    warnings: &mut Warnings,
) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let per_mapping = ENTITY_CAP / rule.entities.len().max(1);
    for (index, mapping) in rule.entities.iter().enumerate() {
        let entity_type = catalog::entity_type_loose(&mapping.entity_type);
        let type_name = entity_type.map_or(mapping.entity_type.as_str(), |t| t.name);
        let columns: Vec<Option<usize>> = mapping
            .fields
            .iter()
            .map(|field| {
                let column = result.column(&field.column);
                if column.is_none() {
                    warnings.add(format!(
                        "entityMappings[{index}] {type_name}.{}: column `{}` is not in the query output; the identifier is dropped",
                        field.identifier, field.column
                    ));
                }
                column
            })
            .collect();
        let mut count = 0;
        let mut empty = vec![0usize; mapping.fields.len()];
        let mut dropped = 0;
        for &row in events {
            let mut identifiers = Vec::new();
            for (i, (field, column)) in mapping.fields.iter().zip(&columns).enumerate() {
                let Some(column) = column else { continue };
                let cell = result.cell(row, *column);
                if cell.is_empty() {
                    empty[i] += 1;
                    continue;
                }
                let identifier = entity_type
                    .and_then(|t| t.identifier_ignore_case(&field.identifier))
                    .unwrap_or(field.identifier.as_str());
                identifiers.push((identifier.to_string(), cell.text().to_string()));
            }
            if !identified(entity_type, mapping, &identifiers) {
                dropped += 1;
                continue;
            }
            let entity = Entity {
                entity_type: type_name.to_string(),
                identifiers,
            };
            if out.contains(&entity) {
                continue;
            }
            if count == per_mapping {
                warnings.add(format!(
                    "entityMappings[{index}] {type_name}: more than {per_mapping} entities in one alert; the rest are not extracted"
                ));
                break;
            }
            count += 1;
            out.push(entity);
        }
        for ((field, column), n) in mapping.fields.iter().zip(&columns).zip(&empty) {
            if column.is_some() {
                warnings.count(
                    format!(
                        "entityMappings[{index}] {type_name}.{}: column `{}` is empty in",
                        field.identifier, field.column
                    ),
                    "; the identifier is dropped there",
                    *n,
                    events.len(),
                );
            }
        }
        let needs = entity_type.map_or_else(
            || "an identifier".to_string(),
            EntityType::describe_required,
        );
        warnings.count(
            format!("entityMappings[{index}] {type_name}: entity dropped from"),
            &format!(": no required identifier left (needs {needs})"),
            dropped,
            events.len(),
        );
    }
    out
}

fn identified(
    entity_type: Option<&EntityType>,
    mapping: &EntityMapping,
    identifiers: &[(String, String)],
) -> bool {
    if identifiers.is_empty() {
        return false;
    }
    let names: Vec<&str> = identifiers.iter().map(|(id, _)| id.as_str()).collect();
    if let Some(entity_type) = entity_type {
        if !entity_type.is_satisfied_by(&names) {
            return false;
        }
        if entity_type.name == "Account"
            && mapping.fields.iter().any(|f| f.identifier == "Name")
            && identifiers.iter().any(|(id, value)| {
                id == "Name"
                    && BUILT_IN_ACCOUNT_NAMES.contains(&value.to_ascii_uppercase().as_str())
            })
        {
            return false;
        }
    }
    true
}

/// Custom details (<https://learn.microsoft.com/azure/sentinel/surface-custom-details-in-alerts>):
/// each detail surfaces its column in the alert's `ExtendedProperties`, where Sentinel writes it
/// as a list of strings, one per event of the alert (see the `SecurityAlert` schema,
/// <https://learn.microsoft.com/azure/sentinel/security-alert-schema>). A column the query does
/// not output surfaces nothing.
fn custom_details(
    rule: &RuleSettings,
    result: &ResultTable,
    events: &[usize],
    warnings: &mut Warnings,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (key, column) in &rule.custom_details {
        let Some(index) = result.column(column) else {
            warnings.add(format!(
                "customDetails.{key}: column `{column}` is not in the query output; the detail is left out"
            ));
            continue;
        };
        let values = events
            .iter()
            .map(|&row| result.cell(row, index).text().to_string())
            .collect();
        out.push((key.clone(), values));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::rule::{DetailsOverride, FieldMapping, Incidents};
    use crate::harness::table::Cell;
    use crate::kql::types::ScalarType;

    fn rule() -> RuleSettings {
        RuleSettings {
            kind: ContentKind::AnalyticRule(RuleKind::Scheduled),
            name: "Rule".into(),
            description: "Default description".into(),
            severity: "Medium".into(),
            tactics: vec!["Collection".into()],
            techniques: vec!["T1074".into()],
            query_period: Some(3600),
            query_frequency: Some(3600),
            trigger: (TriggerOperator::GreaterThan, 0),
            suppression: None,
            aggregation: Aggregation::SingleAlert,
            entities: Vec::new(),
            custom_details: Vec::new(),
            details: DetailsOverride::default(),
            incidents: Incidents::PerAlert,
            defaults_used: Vec::new(),
        }
    }

    fn table(columns: &[&str], rows: &[&[&str]]) -> ResultTable {
        ResultTable {
            columns: columns
                .iter()
                .map(|c| (c.to_string(), ScalarType::String))
                .collect(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|v| Cell::Text(v.to_string())).collect())
                .collect(),
        }
    }

    #[test]
    fn trigger_compares_the_row_count() {
        let mut rule = rule();
        rule.trigger = (TriggerOperator::GreaterThan, 2);
        let two = table(&["A"], &[&["x"], &["y"]]);
        assert!(!simulate(&rule, &two).trigger.fired);
        rule.trigger = (TriggerOperator::Equal, 2);
        let simulation = simulate(&rule, &two);
        assert!(simulation.trigger.fired);
        assert_eq!(simulation.alerts.len(), 1);
        assert_eq!(simulation.alerts[0].events, [0, 1]);
    }

    #[test]
    fn alert_per_result_is_capped_with_a_summary_alert() {
        let mut rule = rule();
        rule.aggregation = Aggregation::AlertPerResult;
        let rows: Vec<Vec<Cell>> = (0..200).map(|i| vec![Cell::Text(i.to_string())]).collect();
        let result = ResultTable {
            columns: vec![("A".into(), ScalarType::String)],
            rows,
        };
        let simulation = simulate(&rule, &result);
        assert_eq!(simulation.alerts.len(), 150);
        assert_eq!(simulation.alerts[148].events, [148]);
        assert!(simulation.alerts[149].summary);
        assert_eq!(simulation.alerts[149].events.len(), 200);
        rule.kind = ContentKind::AnalyticRule(RuleKind::Nrt);
        assert_eq!(simulate(&rule, &result).alerts.len(), 30);
    }

    #[test]
    fn entities_lose_missing_identifiers_and_unidentified_entities() {
        let mut rule = rule();
        rule.entities = vec![
            EntityMapping {
                entity_type: "Account".into(),
                fields: vec![
                    FieldMapping {
                        identifier: "Name".into(),
                        column: "User".into(),
                    },
                    FieldMapping {
                        identifier: "FullName".into(),
                        column: "UserId".into(),
                    },
                ],
            },
            EntityMapping {
                entity_type: "IP".into(),
                fields: vec![FieldMapping {
                    identifier: "Address".into(),
                    column: "ClientIP".into(),
                }],
            },
        ];
        let result = table(&["User"], &[&["alice"], &["alice"], &["SYSTEM"], &[""]]);
        let simulation = simulate(&rule, &result);
        assert_eq!(
            simulation.alerts[0].entities,
            [Entity {
                entity_type: "Account".into(),
                identifiers: vec![("Name".into(), "alice".into())],
            }]
        );
        assert_eq!(
            simulation.warnings,
            [
                "entityMappings[0] Account.FullName: column `UserId` is not in the query output; the identifier is dropped",
                "entityMappings[0] Account.Name: column `User` is empty in 1 of 4 events; the identifier is dropped there",
                "entityMappings[0] Account: entity dropped from 2 of 4 events: no required identifier left (needs one of `FullName`, `Sid`, `Name`, `AadUserId`, `PUID` or `ObjectGuid`)",
                "entityMappings[1] IP.Address: column `ClientIP` is not in the query output; the identifier is dropped",
                "entityMappings[1] IP: entity dropped from 4 of 4 events: no required identifier left (needs `Address`)",
            ]
        );
    }

    #[test]
    fn details_override_substitutes_or_reverts() {
        let mut rule = rule();
        rule.aggregation = Aggregation::AlertPerResult;
        rule.details.display_name_format = Some("Spray from {{ IP }}".into());
        rule.details.severity_column = Some("Sev".into());
        rule.details.tactics_column = Some("Tactics".into());
        rule.details.dynamic = vec![("Techniques".into(), "Tech".into())];
        rule.custom_details = vec![("Where".into(), "IP".into())];
        let result = table(
            &["IP", "Sev", "Tactics", "Tech"],
            &[
                &[
                    "1.2.3.4",
                    "high",
                    "credential access, Execution",
                    "[\"T1110\"]",
                ],
                &["", "Severe", "", ""],
            ],
        );
        let simulation = simulate(&rule, &result);
        let first = &simulation.alerts[0];
        assert_eq!(first.display_name, "Spray from 1.2.3.4");
        assert_eq!(first.severity, "High");
        assert_eq!(first.tactics, ["CredentialAccess", "Execution"]);
        assert_eq!(first.techniques, ["T1110"]);
        assert_eq!(
            first.custom_details,
            [("Where".to_string(), vec!["1.2.3.4".to_string()])]
        );
        let second = &simulation.alerts[1];
        assert_eq!(second.display_name, "Rule");
        assert_eq!(second.severity, "Medium");
        assert_eq!(second.tactics, ["Collection"]);
        assert_eq!(second.techniques, ["T1074"]);
    }

    #[test]
    fn hunting_queries_raise_nothing() {
        let mut rule = rule();
        rule.kind = ContentKind::HuntingQuery;
        let simulation = simulate(&rule, &table(&["A"], &[&["x"]]));
        assert!(!simulation.trigger.fired);
        assert!(simulation.alerts.is_empty());
    }
}
