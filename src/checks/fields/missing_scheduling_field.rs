use crate::checks::Context;
use crate::checks::fields::{SCHEDULING_FIELDS, entry_lines, misspelled_key};
use crate::checks::schema::{self, SchemaKind};
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix};

declare_rule! {
    /// ## What it does
    /// Reports each of `queryFrequency`, `queryPeriod`, `triggerOperator` and
    /// `triggerThreshold` that a Scheduled rule lacks, with a value to start from. (A key that
    /// is only misspelled is reported by SL102 `unknown-field` instead.) A file in a
    /// `Hunting Queries` folder that has `kind: Scheduled` and none of the four gets a single
    /// diagnostic on its `kind` instead: it is a hunting query with a stray `kind`.
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
    ///
    /// ## Fix safety
    /// Removing the stray `kind` of a hunting query is unsafe: the author may have meant an
    /// analytic rule.
    pub static RULE = ("SL121", "missing-scheduling-field", Error);
}

fn in_hunting_folder(path: &str) -> bool {
    path.split(['/', '\\'])
        .any(|part| part.eq_ignore_ascii_case("Hunting Queries"))
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let Some(root) = file.root.as_ref() else {
        return;
    };
    if file.rule_kind() != Some(RuleKind::Scheduled) || schema::is_truncated(file) {
        return;
    }
    let allowed = schema::allowed_keys(SchemaKind::AnalyticRule, "");
    let missing: Vec<&str> = SCHEDULING_FIELDS
        .into_iter()
        .filter(|field| {
            file.field(field).is_none() && misspelled_key(root, field, &allowed).is_none()
        })
        .collect();
    // A hunting query that carries `kind: Scheduled` (copied from a rule template) is checked
    // as a rule; the mistake is the `kind` line, not four missing fields.
    if missing.len() == SCHEDULING_FIELDS.len()
        && in_hunting_folder(&file.path)
        && let Some(entry) = root.entry("kind")
    {
        out.push(
            RULE.diag(
                "a file in a `Hunting Queries` folder has `kind: Scheduled` but no schedule",
                entry.value.span,
            )
            .with_help(
                "remove `kind`: hunting queries have none; or, if it is meant to be an analytic rule, add `queryFrequency`, `queryPeriod`, `triggerOperator`, `triggerThreshold` and move it to `Analytic Rules/`",
            )
            .with_fix(Fix::unsafe_("remove `kind`", entry_lines(file, entry), "")),
        );
        return;
    }
    let frequency = file.field("queryFrequency").and_then(|n| n.as_string());
    for field in missing {
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
        let mut rendered = check_rule(
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
        let hunting = scheduled_rule(&[
            ("queryFrequency", None),
            ("queryPeriod", None),
            ("triggerOperator", None),
            ("triggerThreshold", None),
        ]);
        let (file, found) = crate::checks::testing::diagnostics(
            "Hunting Queries/SigninLogs/Failures.yaml",
            &hunting,
        );
        let found: Vec<_> = found
            .iter()
            .filter(|d| d.code == super::RULE.code)
            .collect();
        assert_eq!(found.len(), 1);
        rendered.push_str(&crate::report::human::render(
            found[0],
            &file,
            &crate::report::human::Style::plain(),
            &|_| None,
        ));
        insta::assert_snapshot!(rendered);
    }
}
