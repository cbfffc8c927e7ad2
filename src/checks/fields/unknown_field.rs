use crate::checks::Context;
use crate::checks::fields::display_path;
use crate::checks::schema::{self, ViolationKind};
use crate::declare_rule;
use crate::diag::{Diagnostic, Fix, suggest};

declare_rule! {
    /// ## What it does
    /// Reports a key that the format of an analytic rule or a hunting query does not know, at
    /// the top level or inside a known object (`incidentConfiguration`, `entityMappings`, …),
    /// with the closest known key as a suggestion. A key that differs from a known one only in
    /// case gets a safe fix.
    ///
    /// ## Why is this bad?
    /// An unknown key is almost always a typo (`entityMapping`, `queryfrequency`, `Tags`): the
    /// setting the author meant is silently missing, and the Azure-Sentinel validation rejects
    /// the file.
    ///
    /// ## Example
    /// ```yaml
    /// entityMapping:
    ///   - entityType: IP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// entityMappings:
    ///   - entityType: IP
    /// ```
    ///
    /// ## Fix safety
    /// Renaming a key that differs from a known one only in case is safe (unless the right key is
    /// already there). Other suggestions are advice, not fixes.
    pub static RULE = ("SL102", "unknown-field", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    let (Some(kind), Some(root)) = (schema::schema_kind(file), file.root.as_ref()) else {
        return;
    };
    for violation in context.schema_violations() {
        let ViolationKind::UnknownProperty(name) = &violation.kind else {
            continue;
        };
        let Some(parent) = root.at_pointer(&violation.pointer) else {
            continue;
        };
        let Some(entry) = parent.entry(name) else {
            continue;
        };
        let allowed = schema::allowed_keys(kind, &violation.pointer);
        let place = if violation.pointer.is_empty() {
            format!("a {}", file.kind.describe())
        } else {
            format!("`{}`", display_path(&violation.pointer))
        };
        let diagnostic = RULE.diag(format!("unknown field `{name}` in {place}"), entry.key.span);
        let diagnostic = match suggest(name, allowed.iter().copied(), 1).first() {
            Some(best) if best.eq_ignore_ascii_case(name) && parent.get(best).is_none() => {
                diagnostic
                    .with_help(format!("did you mean `{best}`? keys are case-sensitive"))
                    .with_fix(Fix::safe(
                        format!("rename to `{best}`"),
                        entry.key.span,
                        *best,
                    ))
            }
            Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
            None if allowed.len() <= 8 => diagnostic.with_help(format!(
                "remove it; this mapping takes only {}",
                crate::checks::fields::list_and(&allowed)
            )),
            None => {
                diagnostic.with_help("remove it, or check its spelling against the format's fields")
            }
        };
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
                &hunting_query(&[("tags", Some("\n  - Solorigate"))]),
                &scheduled_rule(&[("customDetails", Some("\n  AnyName: Column"))]),
            ],
            &[
                &scheduled_rule(&[("entityMappings", None), ("entityMapping", Some("[]"))]),
                &scheduled_rule(&[("queryFrequency", None), ("queryfrequency", Some("1h"))]),
                &hunting_query(&[("Tags", Some("\n  - OMIGOD"))]),
                &scheduled_rule(&[(
                    "incidentConfiguration",
                    Some("\n  createIncident: true\n  groupingConfiguraton:\n    enabled: false"),
                )]),
                &scheduled_rule(&[("owner", Some("SOC team"))]),
                &scheduled_rule(&[(
                    "eventGroupingSettings",
                    Some("\n  aggregationKind: SingleAlert\n  perEntity: true"),
                )]),
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
