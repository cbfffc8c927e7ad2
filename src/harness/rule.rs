//! The settings of a rule that decide what Sentinel does with its query's result, read from
//! the content file. Values the API would reject are the linter's business (SL1xx); here a
//! missing or unusable setting falls back to the default the analytics rule wizard uses, and
//! the fallback is said in the result so that a snapshot never hides it.

use crate::checks::fields::duration;
use crate::content::yaml::Node;
use crate::content::{ContentFile, ContentKind, RuleKind};

/// `triggerOperator`, in the API's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerOperator {
    GreaterThan,
    LessThan,
    Equal,
    NotEqual,
}

impl TriggerOperator {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.to_ascii_lowercase().as_str() {
            "gt" | "greaterthan" => TriggerOperator::GreaterThan,
            "lt" | "lessthan" => TriggerOperator::LessThan,
            "eq" | "equal" => TriggerOperator::Equal,
            "ne" | "notequal" => TriggerOperator::NotEqual,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            TriggerOperator::GreaterThan => "gt",
            TriggerOperator::LessThan => "lt",
            TriggerOperator::Equal => "eq",
            TriggerOperator::NotEqual => "ne",
        }
    }

    pub fn holds(self, count: usize, threshold: usize) -> bool {
        match self {
            TriggerOperator::GreaterThan => count > threshold,
            TriggerOperator::LessThan => count < threshold,
            TriggerOperator::Equal => count == threshold,
            TriggerOperator::NotEqual => count != threshold,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregation {
    SingleAlert,
    AlertPerResult,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMapping {
    pub identifier: String,
    pub column: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMapping {
    pub entity_type: String,
    pub fields: Vec<FieldMapping>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsOverride {
    pub display_name_format: Option<String>,
    pub description_format: Option<String>,
    pub severity_column: Option<String>,
    pub tactics_column: Option<String>,
    /// `alertDynamicProperties`: (alertProperty, column).
    pub dynamic: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchingMethod {
    AllEntities,
    AnyAlert,
    Selected,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    pub method: MatchingMethod,
    pub lookback: String,
    pub reopen_closed: bool,
    pub by_entities: Vec<String>,
    pub by_alert_details: Vec<String>,
    pub by_custom_details: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incidents {
    /// `createIncident: false`.
    None,
    /// One incident per alert (grouping disabled).
    PerAlert,
    Grouped(Grouping),
}

/// Everything the simulation needs from a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSettings {
    pub kind: ContentKind,
    pub name: String,
    pub description: String,
    pub severity: String,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    /// Seconds; `None` for content that is not a Scheduled rule.
    pub query_period: Option<u64>,
    pub query_frequency: Option<u64>,
    pub trigger: (TriggerOperator, usize),
    pub suppression: Option<u64>,
    pub aggregation: Aggregation,
    pub entities: Vec<EntityMapping>,
    pub custom_details: Vec<(String, String)>,
    pub details: DetailsOverride,
    pub incidents: Incidents,
    /// Settings that were missing or unusable, with the default used instead.
    pub defaults_used: Vec<String>,
}

/// The analytics rule wizard's defaults: run every 5 hours over the last 5 hours, alert when
/// the query returns more than 0 results
/// (<https://learn.microsoft.com/azure/sentinel/create-analytics-rules>).
pub const DEFAULT_PERIOD: u64 = 5 * duration::HOUR;
pub const DEFAULT_TRIGGER: (TriggerOperator, usize) = (TriggerOperator::GreaterThan, 0);

fn string(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::as_str).map(str::to_string)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_sequence)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

impl RuleSettings {
    pub fn read(file: &ContentFile) -> RuleSettings {
        let field = |key: &str| file.field(key);
        let mut defaults_used = Vec::new();
        let rule_kind = file.rule_kind();
        let seconds = |key: &str| field(key).and_then(Node::as_str).and_then(duration::parse);
        let (query_period, query_frequency) = match rule_kind {
            Some(RuleKind::Scheduled) => {
                let period = seconds("queryPeriod").unwrap_or_else(|| {
                    defaults_used.push(format!(
                        "no valid `queryPeriod`: the wizard's default {} is used",
                        duration::format(DEFAULT_PERIOD)
                    ));
                    DEFAULT_PERIOD
                });
                (
                    Some(period),
                    Some(seconds("queryFrequency").unwrap_or(period)),
                )
            }
            _ => (None, None),
        };
        let trigger = match rule_kind {
            Some(RuleKind::Scheduled) => {
                let operator = field("triggerOperator")
                    .and_then(Node::as_str)
                    .and_then(TriggerOperator::parse);
                let threshold = field("triggerThreshold")
                    .and_then(Node::as_i64)
                    .and_then(|n| usize::try_from(n).ok());
                match (operator, threshold) {
                    (Some(operator), Some(threshold)) => (operator, threshold),
                    _ => {
                        defaults_used.push(
                            "no valid `triggerOperator`/`triggerThreshold`: the wizard's default `gt 0` is used"
                                .to_string(),
                        );
                        (
                            operator.unwrap_or(DEFAULT_TRIGGER.0),
                            threshold.unwrap_or(DEFAULT_TRIGGER.1),
                        )
                    }
                }
            }
            // NRT rules have no threshold: any result raises alerts.
            _ => DEFAULT_TRIGGER,
        };
        let suppression = match field("suppressionEnabled").and_then(Node::as_bool) {
            Some(true) => seconds("suppressionDuration"),
            _ => None,
        };
        let aggregation = match field("eventGroupingSettings")
            .and_then(|n| n.get("aggregationKind"))
            .and_then(Node::as_str)
        {
            Some(kind) if kind.eq_ignore_ascii_case("AlertPerResult") => {
                Aggregation::AlertPerResult
            }
            _ => Aggregation::SingleAlert,
        };
        let entities = field("entityMappings")
            .and_then(Node::as_sequence)
            .unwrap_or(&[])
            .iter()
            .filter_map(|mapping| {
                let entity_type = mapping.get("entityType")?.as_str()?.to_string();
                let fields = mapping
                    .get("fieldMappings")
                    .and_then(Node::as_sequence)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|field| {
                        Some(FieldMapping {
                            identifier: field.get("identifier")?.as_str()?.to_string(),
                            column: field.get("columnName")?.as_str()?.to_string(),
                        })
                    })
                    .collect();
                Some(EntityMapping {
                    entity_type,
                    fields,
                })
            })
            .collect();
        let custom_details = field("customDetails")
            .and_then(Node::as_mapping)
            .unwrap_or(&[])
            .iter()
            .filter_map(|entry| {
                Some((
                    entry.key.as_str()?.to_string(),
                    entry.value.as_str()?.to_string(),
                ))
            })
            .collect();
        let override_node = field("alertDetailsOverride");
        let get = |key: &str| string(override_node.and_then(|n| n.get(key)));
        let details = DetailsOverride {
            display_name_format: get("alertDisplayNameFormat"),
            description_format: get("alertDescriptionFormat"),
            severity_column: get("alertSeverityColumnName"),
            tactics_column: get("alertTacticsColumnName"),
            dynamic: override_node
                .and_then(|n| n.get("alertDynamicProperties"))
                .and_then(Node::as_sequence)
                .unwrap_or(&[])
                .iter()
                .filter_map(|item| {
                    Some((
                        item.get("alertProperty")?.as_str()?.to_string(),
                        item.get("value")?.as_str()?.to_string(),
                    ))
                })
                .collect(),
        };
        let incidents = incidents(field("incidentConfiguration"));
        RuleSettings {
            kind: file.kind,
            name: string(field("name")).unwrap_or_default(),
            description: string(field("description"))
                .map(|d| d.trim_end().to_string())
                .unwrap_or_default(),
            severity: string(field("severity")).unwrap_or_else(|| "Medium".into()),
            tactics: strings(field("tactics")),
            techniques: strings(field("relevantTechniques")),
            query_period,
            query_frequency,
            trigger,
            suppression,
            aggregation,
            entities,
            custom_details,
            details,
            incidents,
            defaults_used,
        }
    }

    pub fn raises_alerts(&self) -> bool {
        matches!(self.kind, ContentKind::AnalyticRule(_))
    }
}

/// `incidentConfiguration`; incident creation is on by default
/// (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#incident-settings>).
fn incidents(node: Option<&Node>) -> Incidents {
    let Some(node) = node else {
        return Incidents::PerAlert;
    };
    if node.get("createIncident").and_then(Node::as_bool) == Some(false) {
        return Incidents::None;
    }
    let Some(grouping) = node.get("groupingConfiguration") else {
        return Incidents::PerAlert;
    };
    if grouping.get("enabled").and_then(Node::as_bool) != Some(true) {
        return Incidents::PerAlert;
    }
    let method = match grouping.get("matchingMethod").and_then(Node::as_str) {
        Some(m) if m.eq_ignore_ascii_case("AnyAlert") => MatchingMethod::AnyAlert,
        Some(m) if m.eq_ignore_ascii_case("Selected") => MatchingMethod::Selected,
        _ => MatchingMethod::AllEntities,
    };
    Incidents::Grouped(Grouping {
        method,
        lookback: string(grouping.get("lookbackDuration")).unwrap_or_else(|| "5h".into()),
        reopen_closed: grouping.get("reopenClosedIncident").and_then(Node::as_bool) == Some(true),
        by_entities: strings(grouping.get("groupByEntities")),
        by_alert_details: strings(grouping.get("groupByAlertDetails")),
        by_custom_details: strings(grouping.get("groupByCustomDetails")),
    })
}
