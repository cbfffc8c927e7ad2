use crate::checks::Context;
use crate::checks::fields::{SCHEDULING_FIELDS, display_path, misspelled_key, object_span};
use crate::checks::schema::{self, ViolationKind};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a field that the format of an analytic rule or a hunting query requires and that
    /// the file lacks: `id`, `name`, `description`, `severity`, `requiredDataConnectors`,
    /// `query` at the top level, and the required keys of nested objects (`createIncident`,
    /// `aggregationKind`, `connectorId`, `fieldMappings`, …), as listed by the JSON Schemas of
    /// `schemas/`.
    ///
    /// The scheduling fields of a Scheduled rule are reported by SL121
    /// (`missing-scheduling-field`), and a key that is only misspelled by SL102
    /// (`unknown-field`), not here.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses to import or deploy a rule without its required fields, and the
    /// Azure-Sentinel validation rejects the pull request.
    ///
    /// ## Example
    /// ```yaml
    /// id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60
    /// name: Many failed sign-ins from one IP
    /// # no severity
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60
    /// name: Many failed sign-ins from one IP
    /// severity: Medium
    /// ```
    pub static RULE = ("SL100", "missing-required-field", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let (Some(kind), Some(root)) = (schema::schema_kind(file), file.root.as_ref()) else {
        return;
    };
    for violation in context.schema_violations() {
        let ViolationKind::Required(name) = &violation.kind else {
            continue;
        };
        let top = violation.pointer.is_empty();
        if top && SCHEDULING_FIELDS.contains(&name.as_str()) {
            continue;
        }
        let Some(parent) = root.at_pointer(&violation.pointer) else {
            continue;
        };
        if misspelled_key(
            parent,
            name,
            &schema::allowed_keys(kind, &violation.pointer),
        )
        .is_some()
        {
            continue;
        }
        let (message, span) = if top {
            (
                format!("{} has no `{name}`", file.kind.describe()),
                file.missing_field_span(),
            )
        } else {
            (
                format!("`{}` has no `{name}`", display_path(&violation.pointer)),
                object_span(parent),
            )
        };
        out.push(RULE.diag(message, span).with_help(help(name)));
    }
}

fn help(name: &str) -> String {
    let what = match name {
        "id" => "a new GUID, e.g. from `uuidgen`",
        "name" => "a short title of at most 256 characters",
        "description" => "what it detects and why, at most 5000 characters",
        "severity" => "`Informational`, `Low`, `Medium` or `High`",
        "requiredDataConnectors" => "the connectors and data types the query reads (`[]` if none)",
        "query" => "the KQL query",
        "createIncident" | "enabled" | "reopenClosedIncident" => "`true` or `false`",
        "aggregationKind" => "`SingleAlert` or `AlertPerResult`",
        "lookbackDuration" => "how far back to group alerts, e.g. `5h`",
        "matchingMethod" => "`AllEntities`, `AnyAlert` or `Selected`",
        "connectorId" => "the id of the data connector",
        "dataTypes" => "the tables the query reads from this connector",
        "entityType" => "the entity type, e.g. `Account`",
        "fieldMappings" => "the identifiers and the columns that fill them",
        "identifier" => "the entity identifier, e.g. `FullName`",
        "columnName" | "value" => "the column of the query results",
        "alertProperty" => "the alert property to override, e.g. `AlertLink`",
        _ => return format!("add `{name}`"),
    };
    format!("add `{name}`: {what}")
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
                &nrt_rule(&[]),
                &hunting_query(&[]),
                // scheduling fields are SL121's, a misspelled key SL102's
                &scheduled_rule(&[("queryPeriod", None)]),
                &scheduled_rule(&[("severity", None), ("Severity", Some("Low"))]),
                // NRT rules may leave out their connectors
                &nrt_rule(&[("requiredDataConnectors", None)]),
            ],
            &[
                &scheduled_rule(&[("severity", None)]),
                &scheduled_rule(&[("requiredDataConnectors", None)]),
                &hunting_query(&[("description", None)]),
                &scheduled_rule(&[(
                    "incidentConfiguration",
                    Some(
                        "\n  groupingConfiguration:\n    enabled: false\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n    matchingMethod: AllEntities",
                    ),
                )]),
                &scheduled_rule(&[("eventGroupingSettings", Some("{}"))]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
