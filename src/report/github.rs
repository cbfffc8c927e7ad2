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
