//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//! With `GITHUB_STEP_SUMMARY` set, `check` also appends [`summary`] to the job's summary page.
//!
//! Paths are relative to the repository root (see [`sarif::source_root`]), which is where
//! GitHub resolves annotation paths from, wherever the tool was run.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diag::Severity;
use crate::report::{Report, sarif};

/// How many findings the step summary lists one by one.
pub const SUMMARY_FINDINGS: usize = 20;

pub fn render(report: &Report) -> String {
    let root = sarif::source_root();
    let shown = |path: &str| sarif::relative_path(&root, path).unwrap_or_else(|| path.to_string());
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
            property(&shown(&file.path)),
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

/// A Markdown summary for the job page: counts per code, then the first findings.
pub fn summary(report: &Report) -> String {
    let root = sarif::source_root();
    let counts = report.counts();
    let mut out = String::from("### sentinel-lint\n\n");
    let _ = writeln!(
        out,
        "{} file{} checked: **{} error{}**, {} warning{}, {} info.\n",
        counts.files,
        if counts.files == 1 { "" } else { "s" },
        counts.errors,
        if counts.errors == 1 { "" } else { "s" },
        counts.warnings,
        if counts.warnings == 1 { "" } else { "s" },
        counts.infos,
    );
    let mut per_code: BTreeMap<&str, (&str, Severity, usize)> = BTreeMap::new();
    for (_, diagnostic) in report.diagnostics() {
        let entry =
            per_code
                .entry(diagnostic.code)
                .or_insert((diagnostic.name, diagnostic.severity, 0));
        entry.1 = entry.1.max(diagnostic.severity);
        entry.2 += 1;
    }
    if per_code.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| code | rule | severity | findings |\n|---|---|---|---:|\n");
    for (code, (name, severity, count)) in &per_code {
        let _ = writeln!(out, "| {code} | {name} | {severity} | {count} |");
    }
    let total = counts.errors + counts.warnings + counts.infos;
    let _ = writeln!(
        out,
        "\n{} findings:\n",
        if total > SUMMARY_FINDINGS {
            format!("The first {SUMMARY_FINDINGS} of {total}")
        } else {
            "All".to_string()
        }
    );
    out.push_str("| location | code | severity | message |\n|---|---|---|---|\n");
    for (file, diagnostic) in report.diagnostics().take(SUMMARY_FINDINGS) {
        let at = file.lines.line_col(&file.source, diagnostic.span.start);
        let path = sarif::relative_path(&root, &file.path).unwrap_or_else(|| file.path.to_string());
        let _ = writeln!(
            out,
            "| `{}:{}:{}` | {} | {} | {} |",
            path.replace('`', "'"),
            at.line,
            at.column,
            diagnostic.code,
            diagnostic.severity,
            cell(&diagnostic.message),
        );
    }
    out
}

/// Text that stays inside one Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
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
