//! JUnit XML: one test case per checked file, failing with its errors (warnings are listed in
//! `system-out`), for CI systems that show test reports.

use std::fmt::Write;

use crate::diag::Severity;
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let failing = report
        .files
        .iter()
        .filter(|r| r.diagnostics.iter().any(|d| d.severity == Severity::Error))
        .count();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"sentinel-lint\" tests=\"{}\" failures=\"{failing}\">",
        counts.files
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"sentinel-lint check\" tests=\"{}\" failures=\"{failing}\" errors=\"0\">",
        counts.files
    );
    for result in &report.files {
        let file = &result.file;
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(file.kind.describe()),
            escape(&file.path)
        );
        if result.diagnostics.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut errors = String::new();
        let mut others = String::new();
        for diagnostic in &result.diagnostics {
            let at = file.lines.line_col(&file.source, diagnostic.span.start);
            let line = format!(
                "{}:{}:{}: {} {}[{}] {}\n",
                file.path,
                at.line,
                at.column,
                diagnostic.severity,
                diagnostic.code,
                diagnostic.name,
                diagnostic.message
            );
            if diagnostic.severity == Severity::Error {
                errors.push_str(&line);
            } else {
                others.push_str(&line);
            }
        }
        if !errors.is_empty() {
            let count = errors.lines().count();
            let _ = writeln!(
                out,
                "      <failure message=\"{count} error{}\" type=\"sentinel-lint\">{}</failure>",
                if count == 1 { "" } else { "s" },
                escape(&errors)
            );
        }
        if !others.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&others));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A `test` run: one test suite per test file, one test case per case, failing with its
/// message and diff.
pub fn render_test_run(cases: &[crate::report::TestCase]) -> String {
    let failing = cases.iter().filter(|c| c.failed()).count();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"sentinel-lint test\" tests=\"{}\" failures=\"{failing}\">",
        cases.len()
    );
    let mut suites: Vec<&str> = cases.iter().map(|c| c.path.as_str()).collect();
    suites.dedup();
    for suite in suites {
        let members: Vec<&crate::report::TestCase> =
            cases.iter().filter(|c| c.path == suite).collect();
        let failures = members.iter().filter(|c| c.failed()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
            escape(suite),
            members.len()
        );
        for case in members {
            let name = if case.name.is_empty() {
                "(test file)"
            } else {
                &case.name
            };
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                escape(&case.rule),
                escape(name),
                escape(&case.path),
                case.line
            );
            if !case.failed() && case.notes.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if case.failed() {
                let mut body = case.message.clone().unwrap_or_default();
                if let Some(diff) = &case.diff {
                    body.push('\n');
                    body.push_str(diff);
                }
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"sentinel-lint test\">{}</failure>",
                    escape(
                        case.message
                            .as_deref()
                            .unwrap_or("failed")
                            .lines()
                            .next()
                            .unwrap_or("")
                    ),
                    escape(&body)
                );
            }
            if !case.notes.is_empty() {
                let _ = writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    escape(&case.notes.join("\n"))
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
