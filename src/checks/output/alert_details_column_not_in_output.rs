use crate::checks::Context;
use crate::checks::output::missing_column_help;
use crate::content::query_map::QueryMap;
use crate::content::yaml::Node;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports a column named in `alertDetailsOverride` that the query does not output: a
    /// `{{column}}` placeholder in `alertDisplayNameFormat` or `alertDescriptionFormat`,
    /// `alertSeverityColumnName`, `alertTacticsColumnName`, or the `value` of an
    /// `alertDynamicProperties` item.
    ///
    /// ## Why is this bad?
    /// Sentinel fills these from the columns of each result row. A missing column leaves the
    /// placeholder unreplaced or empty in every alert title and description, and a severity or
    /// tactics column that does not exist silently falls back to the rule's defaults.
    ///
    /// ## Example
    /// ```yaml
    /// query: |
    ///   SigninLogs
    ///   | summarize Failures = count() by IPAddress
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: "{{Failures}} failed sign-ins from {{ClientIP}}"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: "{{Failures}} failed sign-ins from {{IPAddress}}"
    /// ```
    pub static RULE = ("SL703", "alert-details-column-not-in-output", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if !context.file.is_rule() {
        return;
    }
    let Some(details) = context.file.field("alertDetailsOverride") else {
        return;
    };
    let Some(schema) = context.closed_output() else {
        return;
    };
    let mut out_unclosed = Vec::new();
    let mut report = |what: String, column: &str, span: Span| {
        if let Some(help) = missing_column_help(schema, column) {
            out.push(
                RULE.diag(
                    format!("{what} `{column}`, which the query does not output"),
                    span,
                )
                .with_help(help),
            );
        }
    };
    for key in ["alertDisplayNameFormat", "alertDescriptionFormat"] {
        let Some(node) = details.get(key).filter(|n| n.as_string().is_some()) else {
            continue;
        };
        for placeholder in placeholders(&context.file.source, node) {
            match placeholder {
                Placeholder::Column(column, span) => {
                    report(format!("`{key}` shows column"), column, span)
                }
                Placeholder::Unclosed(text, span) => out_unclosed.push(
                    RULE.diag(
                        format!("placeholder `{text}` in `{key}` is not closed with `}}}}`; Sentinel shows it as text"),
                        span,
                    )
                    .with_help("write `{{Column}}`"),
                ),
            }
        }
    }
    for key in ["alertSeverityColumnName", "alertTacticsColumnName"] {
        if let Some(node) = details.get(key)
            && let Some(column) = node.as_string().filter(|c| !c.is_empty())
        {
            report(format!("`{key}` names column"), column, node.span);
        }
    }
    for item in details
        .get("alertDynamicProperties")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        if let Some(node) = item.get("value")
            && let Some(column) = node.as_string()
        {
            let property = item
                .get("alertProperty")
                .and_then(Node::as_str)
                .unwrap_or("?");
            report(
                format!("dynamic property `{property}` reads column"),
                column,
                node.span,
            );
        }
    }
    out.extend(out_unclosed);
}

enum Placeholder<'n> {
    /// `{{Column}}`: the column name and its span in the file.
    Column(&'n str, Span),
    /// `{{Column}` or `{{Column{`: the text up to the stray brace, and its span.
    Unclosed(&'n str, Span),
}

/// The `{{column}}` placeholders of a format string, with the file span of each column name.
fn placeholders<'n>(source: &str, node: &'n Node) -> Vec<Placeholder<'n>> {
    let Some(text) = node.as_str() else {
        return Vec::new();
    };
    let map = QueryMap::for_scalar(source, node);
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{") {
        let start = rest + open + 2;
        // A placeholder with one closing brace: measure it to that brace.
        let close = match text[start..].find("}}") {
            Some(close) => close,
            None => match text[start..].find('}') {
                Some(brace) => brace + 1,
                None => break,
            },
        };
        let inner = &text[start..start + close];
        if let Some(stray) = inner.find(['{', '}']) {
            // `{{SrcIpAddr} with … {{Name}}`: the first placeholder lacks a brace.
            let end = start + stray + 1;
            let span = map.file_span(Span::new((start - 2) as u32, end as u32));
            found.push(Placeholder::Unclosed(&text[start - 2..end], span));
            rest = start + stray + 1;
            continue;
        }
        let name = inner.trim();
        if !name.is_empty() {
            let offset = start + (inner.len() - inner.trim_start().len());
            let span = map.file_span(Span::new(offset as u32, (offset + name.len()) as u32));
            found.push(Placeholder::Column(name, span));
        }
        rest = start + close + 2;
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let good = scheduled_rule(&[(
            "alertDetailsOverride",
            Some(
                "\n  alertDisplayNameFormat: \"{{Failures}} failures from {{IPAddress}}\"\n  alertSeverityColumnName: Failures",
            ),
        )]);
        let bad = scheduled_rule(&[(
            "alertDetailsOverride",
            Some(
                "\n  alertDisplayNameFormat: \"{{Failures}} failures from {{ClientIP}} and {{IPAddress} x\"\n  alertDescriptionFormat: |\n    Seen {{ failures }} times\n  alertTacticsColumnName: Tactics\n  alertDynamicProperties:\n    - alertProperty: ProductName\n      value: Product",
            ),
        )]);
        let rendered = check_rule(&super::RULE, &[&good], &[&bad]);
        insta::assert_snapshot!(rendered);
    }
}
