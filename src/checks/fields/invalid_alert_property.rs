use crate::checks::Context;
use crate::checks::fields::{Case, enum_value};
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an `alertDetailsOverride.alertDynamicProperties[].alertProperty` that the
    /// Sentinel API does not let a rule override. The allowed properties are `AlertLink`,
    /// `ConfidenceLevel`, `ConfidenceScore`, `ExtendedLinks`, `ProductComponentName`,
    /// `ProductName`, `ProviderName`, `RemediationSteps`, `Techniques` and `SubTechniques`
    /// (`AlertPropertyMapping` of the `Microsoft.SecurityInsights` alert rules API). One in the
    /// wrong case gets a safe fix.
    ///
    /// ## Why is this bad?
    /// The rule cannot be deployed with a property the API does not accept.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDynamicProperties:
    ///     - alertProperty: Link
    ///       value: Url
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDynamicProperties:
    ///     - alertProperty: AlertLink
    ///       value: Url
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a known property is safe.
    pub static RULE = ("SL152", "invalid-alert-property", Error);
}

pub const ALERT_PROPERTIES: [&str; 10] = [
    "AlertLink",
    "ConfidenceLevel",
    "ConfidenceScore",
    "ExtendedLinks",
    "ProductComponentName",
    "ProductName",
    "ProviderName",
    "RemediationSteps",
    "Techniques",
    "SubTechniques",
];

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if !file.is_rule() {
        return;
    }
    let items = file
        .root
        .as_ref()
        .and_then(|root| root.at_pointer("/alertDetailsOverride/alertDynamicProperties"))
        .and_then(|node| node.as_sequence());
    for item in items.unwrap_or_default() {
        if let Some(node) = item.get("alertProperty") {
            out.extend(enum_value(
                &RULE,
                node,
                "alertProperty",
                &ALERT_PROPERTIES,
                Case::Insensitive,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    fn rule(property: &str) -> String {
        scheduled_rule(&[(
            "alertDetailsOverride",
            Some(&format!(
                "\n  alertDynamicProperties:\n    - alertProperty: {property}\n      value: Url"
            )),
        )])
    }

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[&rule("AlertLink"), &rule("SubTechniques")],
            &[&rule("alertlink"), &rule("Link"), &rule("Severity")],
        );
        insta::assert_snapshot!(rendered);
    }
}
