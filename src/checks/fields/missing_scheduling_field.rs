use crate::checks::Context;
use crate::checks::fields::{SCHEDULING_FIELDS, misspelled_key};
use crate::checks::schema::{self, SchemaKind};
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports each of `queryFrequency`, `queryPeriod`, `triggerOperator` and
    /// `triggerThreshold` that a Scheduled rule lacks, with a value to start from. (A key that
    /// is only misspelled is reported by SL102 `unknown-field` instead.)
    ///
    /// ## Why is this bad?
    /// A Scheduled rule cannot run without its schedule and its alert threshold: Sentinel
    /// rejects it.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Scheduled
    /// queryFrequency: 1h
    /// # no queryPeriod, triggerOperator, triggerThreshold
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Scheduled
    /// queryFrequency: 1h
    /// queryPeriod: 1h
    /// triggerOperator: gt
    /// triggerThreshold: 0
    /// ```
    pub static RULE = ("SL121", "missing-scheduling-field", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let Some(root) = file.root.as_ref() else {
        return;
    };
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return;
    }
    let allowed = schema::allowed_keys(SchemaKind::AnalyticRule, "");
    let frequency = file.field("queryFrequency").and_then(|n| n.as_string());
    for field in SCHEDULING_FIELDS {
        if file.field(field).is_some() || misspelled_key(root, field, &allowed).is_some() {
            continue;
        }
        let help = match field {
            "queryFrequency" => {
                "add `queryFrequency: 1h`: how often the query runs (5m to 14d)".to_string()
            }
            "queryPeriod" => format!(
                "add `queryPeriod: {}`: how far back each run looks, at least `queryFrequency`",
                frequency.unwrap_or("1h")
            ),
            "triggerOperator" => {
                "add `triggerOperator: gt`: alert when the results exceed the threshold".to_string()
            }
            _ => "add `triggerThreshold: 0`: with `gt`, alert as soon as the query returns a row"
                .to_string(),
        };
        out.push(
            RULE.diag(
                format!("Scheduled rule has no `{field}`"),
                file.missing_field_span(),
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, nrt_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &[
                &scheduled_rule(&[]),
                &nrt_rule(&[]),
                &scheduled_rule(&[("queryPeriod", None), ("queryperiod", Some("1h"))]),
            ],
            &[
                &scheduled_rule(&[("queryPeriod", None), ("triggerThreshold", None)]),
                &scheduled_rule(&[
                    ("queryFrequency", None),
                    ("queryPeriod", None),
                    ("triggerOperator", None),
                    ("triggerThreshold", None),
                ]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
