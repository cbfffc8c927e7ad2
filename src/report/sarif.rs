//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! Paths are relative to the source root (the git working tree that holds the working
//! directory, else the working directory) under the `%SRCROOT%` base id, as code scanning
//! expects. Every result carries a `partialFingerprints` entry, the baseline's
//! location-independent fingerprint (see [`crate::baseline`]) with its occurrence number, so
//! that code scanning keeps tracking a finding when lines move. Each rule carries its
//! `sentinel-lint explain` text as `help`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::checks::{Rule, all_rules};
use crate::content::ContentFile;
use crate::diag::{Diagnostic, Severity};
use crate::report::Report;

/// The `partialFingerprints` key; its version changes if the fingerprint ever does.
pub const FINGERPRINT_KEY: &str = "sentinelLintFingerprint/v1";

/// Where relative paths start: the git working tree of the working directory, or the
/// working directory.
pub fn source_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    crate::git::toplevel(&cwd).unwrap_or_else(|| crate::lint::canonical(&cwd))
}

/// `path` relative to `root` with `/` separators, if it lies under it.
pub fn relative_path(root: &Path, path: &str) -> Option<String> {
    let absolute = crate::lint::canonical(Path::new(path));
    absolute
        .strip_prefix(root)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

pub fn render(report: &Report) -> String {
    render_with_root(report, &source_root())
}

pub fn render_with_root(report: &Report, root: &Path) -> String {
    let mut rules: Vec<_> = all_rules().collect();
    rules.sort_by_key(|rule| rule.code);
    let rule_index = |code: &str| rules.iter().position(|rule| rule.code == code);
    let descriptors: Vec<Value> = rules.iter().map(|rule| descriptor(rule)).collect();
    let location = |path: &str| match relative_path(root, path) {
        Some(relative) => json!({"uri": uri(&relative), "uriBaseId": "%SRCROOT%"}),
        None => json!({"uri": uri(&crate::lint::canonical(Path::new(path)).to_string_lossy())}),
    };
    let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
    let results: Vec<Value> = report
        .diagnostics()
        .map(|(file, diagnostic)| {
            let fingerprint = crate::baseline::fingerprint(file, diagnostic);
            let occurrence = occurrences
                .entry((file.path.to_string(), fingerprint.clone()))
                .or_default();
            *occurrence += 1;
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
                        "message": {"text": sentence(&label.message)},
                        "physicalLocation": {
                            "artifactLocation": location(&path),
                            "region": {"startLine": at.line, "startColumn": at.column},
                        },
                    }))
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index(diagnostic.code),
                "level": level(diagnostic.severity),
                "message": {"text": message(diagnostic)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location(&file.path),
                        "region": region(file, diagnostic),
                    },
                }],
                "partialFingerprints": {
                    FINGERPRINT_KEY: format!("{fingerprint}:{occurrence}"),
                },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let mut root_uri = uri(&root.to_string_lossy());
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(descriptors)},
            "invocations": [{"executionSuccessful": true}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn driver(rules: Vec<Value>) -> Value {
    let mut driver = json!({
        "name": "sentinel-lint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(home) = homepage() {
        driver["informationUri"] = Value::String(home.to_string());
    }
    driver
}

/// The project's published address (`homepage` in Cargo.toml), if it has one.
fn homepage() -> Option<&'static str> {
    option_env!("CARGO_PKG_HOMEPAGE").filter(|h| !h.is_empty())
}

fn descriptor(rule: &Rule) -> Value {
    let documentation = rule.documentation();
    let what = section(&documentation, "## What it does");
    let summary = match what.find(". ") {
        Some(end) => what[..=end].to_string(),
        None => what.clone(),
    };
    let mut descriptor = json!({
        "id": rule.code,
        "name": pascal_case(rule.name),
        "shortDescription": {"text": sentence(&summary)},
        "fullDescription": {"text": sentence(&what)},
        "help": {
            "text": format!("{} ({})\n\n{documentation}", rule.name, rule.code),
            "markdown": format!("# {} ({})\n\n{documentation}", rule.name, rule.code),
        },
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": [rule.name]},
    });
    if let Some(uri) = help_uri(rule) {
        descriptor["helpUri"] = Value::String(uri);
    }
    descriptor
}

/// The rule's page, when the build knows where the project's documentation lives
/// (`homepage` in Cargo.toml); the full text is always in `help`.
fn help_uri(rule: &Rule) -> Option<String> {
    let home = homepage()?;
    Some(format!(
        "{}/rules/{}",
        home.trim_end_matches('/'),
        rule.code
    ))
}

/// The paragraph under a `## ` heading, joined into one line.
fn section(documentation: &str, heading: &str) -> String {
    documentation
        .lines()
        .skip_while(|line| line.trim() != heading)
        .skip(1)
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("## "))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// SARIF rule names are identifiers (`DuplicateKey`); the kebab-case name is in the tags.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// SARIF messages are sentences: they end with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn message(diagnostic: &Diagnostic) -> String {
    let mut message = sentence(&diagnostic.message);
    if let Some(help) = &diagnostic.help {
        message.push_str("\nHelp: ");
        message.push_str(&sentence(help));
    }
    message
}

fn region(file: &ContentFile, diagnostic: &Diagnostic) -> Value {
    let start = file.lines.line_col(&file.source, diagnostic.span.start);
    let end = file.lines.line_col(&file.source, diagnostic.span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI for a path: relative paths stay relative; absolute ones get `file://`. Spaces and
/// other reserved characters are percent-encoded.
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
