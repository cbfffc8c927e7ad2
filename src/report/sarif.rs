//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use serde_json::{Value, json};

use crate::checks::all_rules;
use crate::diag::Severity;
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut rules: Vec<_> = all_rules().collect();
    rules.sort_by_key(|rule| rule.code);
    let rule_index = |code: &str| rules.iter().position(|rule| rule.code == code);
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.name.replace('-', " ")},
                "fullDescription": {"text": rule.documentation()},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "defaultConfiguration": {"level": level(rule.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics()
        .map(|(file, diagnostic)| {
            let start = file.lines.line_col(&file.source, diagnostic.span.start);
            let end = file.lines.line_col(&file.source, diagnostic.span.end);
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let related: Vec<Value> = diagnostic
                .labels
                .iter()
                .enumerate()
                .filter_map(|(id, label)| {
                    let (path, other) = match &label.file {
                        None => (file.path.clone(), file),
                        Some(path) => (path.clone(), report.file(path)?),
                    };
                    let at = other.lines.line_col(&other.source, label.span.start);
                    Some(json!({
                        "id": id,
                        "message": {"text": label.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&path)},
                            "region": {"startLine": at.line, "startColumn": at.column},
                        },
                    }))
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index(diagnostic.code),
                "level": level(diagnostic.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        },
                    },
                }],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sentinel-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI for a path; spaces and other reserved characters are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
