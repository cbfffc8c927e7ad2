use crate::checks::Context;
use crate::checks::attack::quoted_list;
use crate::checks::connectors::data::connectors;
use crate::checks::connectors::required_connectors;
use crate::checks::yaml_edit;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, suggest};

/// Connector ids that Sentinel content used to carry and that the connector now has under
/// another id: (old, current). `Microsoft365Defender` was written in the Microsoft 365
/// Defender hunting queries of 2021-2022; the connector's id is `MicrosoftThreatProtection`.
const RENAMED: &[(&str, &str)] = &[("Microsoft365Defender", "MicrosoftThreatProtection")];

declare_rule! {
    /// ## What it does
    /// Reports a `requiredDataConnectors[].connectorId` that is not a known data connector id:
    /// neither in the list the Azure-Sentinel repository's validation accepts nor among the
    /// connectors of the Content Hub solutions. An id in the wrong case or with spaces gets a
    /// safe fix; an old id of a renamed connector (`Microsoft365Defender`) gets an unsafe fix
    /// to the current one; other ids get the closest known ones.
    ///
    /// ## Why is this bad?
    /// Sentinel uses the connector ids to tell whether the rule's data is there: with an
    /// unknown id the rule template shows its data source as missing for ever, and the
    /// Azure-Sentinel repository's validation rejects the file.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectorySignin
    ///     dataTypes:
    ///       - SigninLogs
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: AzureActiveDirectory
    ///     dataTypes:
    ///       - SigninLogs
    /// ```
    pub static RULE = ("SL401", "unknown-connector-id", Warning);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let catalog = connectors();
    for connector in required_connectors(context.file) {
        let Some(node) = connector.get("connectorId") else {
            continue;
        };
        let Some(id) = node.as_string() else {
            continue;
        };
        if catalog.get(id).is_some() {
            continue;
        }
        if let Some(&(_, current)) = RENAMED.iter().find(|(old, _)| *old == id) {
            let mut diagnostic = RULE
                .diag(
                    format!("connector id `{id}` is an old name of `{current}`"),
                    node.span,
                )
                .with_help(format!(
                    "Sentinel and the Azure-Sentinel validation know the connector as `{current}`"
                ));
            if let Some((span, text)) = yaml_edit::replace_scalar(node, current) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("replace with `{current}`"),
                    span,
                    text,
                ));
            }
            out.push(diagnostic);
            continue;
        }
        if let Some(known) = catalog.get_loose(id) {
            let mut diagnostic = RULE
                .diag(
                    format!("connector id `{id}` is written `{}`", known.id),
                    node.span,
                )
                .with_help("connector ids are compared exactly");
            if let Some((span, text)) = yaml_edit::replace_scalar(node, known.id) {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("replace with `{}`", known.id),
                    span,
                    text,
                ));
            }
            out.push(diagnostic);
            continue;
        }
        let close = suggest(id, catalog.ids(), 3);
        let help = if close.is_empty() {
            "use the id of the data connector that fills the tables in `dataTypes`".to_string()
        } else {
            format!("did you mean {}?", quoted_list(&close, "or"))
        };
        out.push(
            RULE.diag(format!("unknown data connector id `{id}`"), node.span)
                .with_help(help),
        );
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
                &nrt_rule(&[]),
                &hunting_query(&[]),
                // An id only the solutions' mapping knows.
                &hunting_query(&[(
                    "requiredDataConnectors",
                    Some(
                        "\n  - connectorId: 1Password\n    dataTypes:\n      - OnePasswordEventLogs_CL",
                    ),
                )]),
                &scheduled_rule(&[("requiredDataConnectors", Some("[]"))]),
            ],
            &[
                &scheduled_rule(&[(
                    "requiredDataConnectors",
                    Some(
                        "\n  - connectorId: azureactivedirectory\n    dataTypes:\n      - SigninLogs\n  - connectorId: AzureActiveDirectorySignin\n    dataTypes:\n      - SigninLogs",
                    ),
                )]),
                &hunting_query(&[(
                    "requiredDataConnectors",
                    Some(
                        "\n  - connectorId: MyHomegrownConnector\n    dataTypes:\n      - Custom_CL\n  - connectorId: Azure Active Directory\n    dataTypes:\n      - SigninLogs\n  - connectorId: Microsoft365Defender\n    dataTypes:\n      - DeviceProcessEvents",
                    ),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
