//! The JSON format: one array of findings, stable and documented in the README.
//!
//! ```json
//! [{"path": "…", "code": "SL121", "name": "missing-scheduling-field", "severity": "error",
//!   "message": "…", "line": 1, "column": 1, "end_line": 1, "end_column": 3,
//!   "start": 0, "end": 2, "help": "…" | null,
//!   "fix": {"message", "applicability", "edits": [{"start", "end", "replacement"}]} | null,
//!   "labels": [{"path", "line", "column", "message"}]}]
//! ```
//! Lines and columns are 1-based, columns count characters; `start`/`end` are byte offsets.

use serde_json::{Value, json};

use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut findings = Vec::new();
    for (file, diagnostic) in report.diagnostics() {
        let start = file.lines.line_col(&file.source, diagnostic.span.start);
        let end = file.lines.line_col(&file.source, diagnostic.span.end);
        let labels: Vec<Value> = diagnostic
            .labels
            .iter()
            .map(|label| {
                let (path, at) = match &label.file {
                    None => (
                        file.path.to_string(),
                        Some(file.lines.line_col(&file.source, label.span.start)),
                    ),
                    Some(path) => (
                        path.to_string(),
                        report
                            .file(path)
                            .map(|other| other.lines.line_col(&other.source, label.span.start)),
                    ),
                };
                json!({
                    "path": path,
                    "line": at.map(|a| a.line),
                    "column": at.map(|a| a.column),
                    "message": label.message,
                })
            })
            .collect();
        let fix = diagnostic.fix.as_ref().map(|fix| {
            json!({
                "message": fix.message,
                "applicability": fix.applicability,
                "edits": fix.edits.iter().map(|edit| json!({
                    "start": edit.span.start,
                    "end": edit.span.end,
                    "replacement": edit.replacement,
                })).collect::<Vec<_>>(),
            })
        });
        findings.push(json!({
            "path": file.path.as_ref(),
            "code": diagnostic.code,
            "name": diagnostic.name,
            "severity": diagnostic.severity,
            "message": diagnostic.message,
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "start": diagnostic.span.start,
            "end": diagnostic.span.end,
            "help": diagnostic.help,
            "fix": fix,
            "labels": labels,
        }));
    }
    let mut text =
        serde_json::to_string_pretty(&Value::Array(findings)).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// A `test` run: `{"cases": [{"path", "line", "column", "rule", "case", "status", "message",
/// "diff", "notes"}], "stale": [...], "passed": N, "failed": M}`.
pub fn render_test_run(cases: &[crate::report::TestCase], stale: &[String]) -> String {
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({"path": c.path, "line": c.line, "column": c.column, "rule": c.rule,
                   "case": c.name, "status": c.status, "message": c.message, "diff": c.diff,
                   "notes": c.notes})
        })
        .collect();
    let failed = cases.iter().filter(|c| c.failed()).count();
    let value =
        json!({"cases": list, "stale": stale, "passed": cases.len() - failed, "failed": failed});
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
