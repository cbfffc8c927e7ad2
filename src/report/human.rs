//! The human format: each diagnostic with its source line and the span underlined, as rustc
//! and ruff draw them.

use std::fmt::Write;

use crate::content::ContentFile;
use crate::diag::{Diagnostic, LineIndex, Severity, Span};

/// ANSI styles; all empty for plain output.
#[derive(Clone, Debug)]
pub struct Style {
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub accent: &'static str,
    pub bold: &'static str,
    pub dim: &'static str,
    pub reset: &'static str,
}

impl Style {
    pub fn plain() -> Self {
        Style {
            error: "",
            warning: "",
            info: "",
            accent: "",
            bold: "",
            dim: "",
            reset: "",
        }
    }

    pub fn color() -> Self {
        Style {
            error: "\x1b[1;31m",
            warning: "\x1b[1;33m",
            info: "\x1b[1;36m",
            accent: "\x1b[1;34m",
            bold: "\x1b[1m",
            dim: "\x1b[2m",
            reset: "\x1b[0m",
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The text and line index of another file, for labels that point elsewhere.
pub type OtherFile<'a> = dyn Fn(&str) -> Option<(&'a str, &'a LineIndex)> + 'a;

/// Renders one diagnostic of `file`.
pub fn render(
    diagnostic: &Diagnostic,
    file: &ContentFile,
    style: &Style,
    other: &OtherFile,
) -> String {
    let mut out = String::new();
    let severity_style = style.severity(diagnostic.severity);
    let _ = writeln!(
        out,
        "{severity_style}{}[{}]{reset}{bold} {}: {}{reset}",
        diagnostic.severity,
        diagnostic.code,
        diagnostic.name,
        diagnostic.message,
        reset = style.reset,
        bold = style.bold,
    );
    let position = file.lines.line_col(&file.source, diagnostic.span.start);
    let gutter_width = gutter_width(&file.lines, diagnostic);
    let pad = " ".repeat(gutter_width);
    let _ = writeln!(
        out,
        "{pad}{accent}-->{reset} {}:{}:{}",
        file.path,
        position.line,
        position.column,
        accent = style.accent,
        reset = style.reset
    );
    let _ = writeln!(out, "{pad} {}|{}", style.accent, style.reset);
    snippet(
        &mut out,
        &file.source,
        &file.lines,
        diagnostic.span,
        "",
        '^',
        severity_style,
        gutter_width,
        style,
    );
    for label in &diagnostic.labels {
        match &label.file {
            None => snippet(
                &mut out,
                &file.source,
                &file.lines,
                label.span,
                &label.message,
                '-',
                style.accent,
                gutter_width,
                style,
            ),
            Some(path) => {
                let place = match other(path) {
                    Some((text, lines)) => {
                        let at = lines.line_col(text, label.span.start);
                        format!("{path}:{}:{}", at.line, at.column)
                    }
                    None => path.to_string(),
                };
                let _ = writeln!(
                    out,
                    "{pad} {accent}={reset} note: {}: {place}",
                    label.message,
                    accent = style.accent,
                    reset = style.reset
                );
            }
        }
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} {}={} help: {help}", style.accent, style.reset);
    }
    if let Some(fix) = &diagnostic.fix {
        let safety = match fix.applicability {
            crate::diag::Applicability::Safe => "fix",
            crate::diag::Applicability::Unsafe => "unsafe fix",
        };
        let _ = writeln!(
            out,
            "{pad} {}={} {safety}: {}",
            style.accent, style.reset, fix.message
        );
    }
    out
}

fn gutter_width(lines: &LineIndex, diagnostic: &Diagnostic) -> usize {
    let last = diagnostic
        .labels
        .iter()
        .filter(|label| label.file.is_none())
        .map(|label| label.span.end)
        .chain([diagnostic.span.end])
        .max()
        .unwrap_or(0);
    (lines.line_of(last) + 1).to_string().len()
}

/// Draws the lines that `span` covers (at most three, then an ellipsis) and underlines it.
#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    text: &str,
    lines: &LineIndex,
    span: Span,
    message: &str,
    marker: char,
    marker_style: &str,
    gutter_width: usize,
    style: &Style,
) {
    let first = lines.line_of(span.start);
    let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
    let shown_last = last.min(first + 2);
    for line in first..=shown_last {
        let line_text = lines.line_text(text, line);
        let line_start = lines.line_start(line) as usize;
        let _ = writeln!(
            out,
            "{accent}{:>width$} |{reset} {}",
            line + 1,
            line_text.replace('\t', " "),
            width = gutter_width,
            accent = style.accent,
            reset = style.reset
        );
        let from = (span.start as usize).max(line_start) - line_start;
        let to = (span.end as usize)
            .min(line_start + line_text.len())
            .max(line_start)
            - line_start;
        let columns = |bytes: usize| line_text.get(..bytes).map_or(bytes, |s| s.chars().count());
        let start_column = columns(from.min(line_text.len()));
        let width = columns(to.min(line_text.len()))
            .saturating_sub(start_column)
            .max(1);
        let note = if line == shown_last && !message.is_empty() {
            format!(" {message}")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{pad} {accent}|{reset} {}{marker_style}{}{note}{reset}",
            " ".repeat(start_column),
            marker.to_string().repeat(width),
            pad = " ".repeat(gutter_width),
            accent = style.accent,
            reset = style.reset
        );
    }
    if shown_last < last {
        let _ = writeln!(
            out,
            "{} {}...{}",
            " ".repeat(gutter_width),
            style.accent,
            style.reset
        );
    }
}
