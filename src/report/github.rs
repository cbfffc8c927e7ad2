//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

use crate::diag::Severity;
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for (file, diagnostic) in report.diagnostics() {
        let start = file.lines.line_col(&file.source, diagnostic.span.start);
        let end = file.lines.line_col(&file.source, diagnostic.span.end);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} title={},file={},line={},col={},endLine={},endColumn={}::{}\n",
            property(&format!("{} {}", diagnostic.code, diagnostic.name)),
            property(&file.path),
            start.line,
            start.column,
            end.line,
            end.column
                .max(start.column + u32::from(end.line == start.line)),
            data(&message)
        ));
    }
    out
}

/// Escaping of a command's message, as the Actions runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property values, which also reserve `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A `test` run: an error annotation at each failing case (its line in the test file), a
/// warning for each note.
pub fn render_test_run(cases: &[crate::report::TestCase]) -> String {
    let mut out = String::new();
    for case in cases {
        let title = if case.name.is_empty() {
            "sentinel-lint test".to_string()
        } else {
            format!("sentinel-lint test: {}", case.name)
        };
        if case.failed() {
            let mut message = case.message.clone().unwrap_or_default();
            if let Some(diff) = &case.diff {
                message.push('\n');
                message.push_str(diff);
            }
            out.push_str(&format!(
                "::error title={},file={},line={},col={}::{}\n",
                property(&title),
                property(&case.path),
                case.line,
                case.column,
                data(&message)
            ));
        }
        for note in &case.notes {
            out.push_str(&format!(
                "::warning title={},file={},line={},col={}::{}\n",
                property(&title),
                property(&case.path),
                case.line,
                case.column,
                data(note)
            ));
        }
    }
    out
}
