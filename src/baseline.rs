//! Baselines: adopt the linter on a repository with existing findings by recording them once
//! (`check --write-baseline FILE`) and failing only on new ones (`check --baseline FILE`).
//!
//! The file is JSON, meant to be committed and reviewed:
//!
//! ```json
//! {"version": 1, "findings": [{"path": "Detections/x.yaml", "code": "SL701",
//!   "fingerprint": "4f1c…", "message": "…"}]}
//! ```
//!
//! A finding is known by its file (relative to the baseline file's directory), its code and a
//! fingerprint of what it is about, not where: the code, the text it points at with whitespace
//! runs collapsed, and its message. Lines added or removed elsewhere in the file, or a
//! re-indented query, keep a finding matched; changing the offending text makes it new.
//! Identical findings in one file are counted, so a second copy of a known problem is new.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::ContentFile;
use crate::diag::Diagnostic;
use crate::report::Report;

const VERSION: u32 = 1;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    /// For people reading the file; not compared.
    #[serde(default)]
    message: String,
}

/// What `--baseline` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Findings left out because the baseline has them.
    pub known: usize,
    /// Baseline entries of the checked files that no finding matched any more.
    pub fixed: usize,
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike std's hasher.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The location-independent fingerprint of a finding, 16 hex digits.
pub fn fingerprint(file: &ContentFile, diagnostic: &Diagnostic) -> String {
    let text = file.source.get(diagnostic.span.range()).unwrap_or_default();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{:016x}",
        fnv1a(&[diagnostic.code, &text, &diagnostic.message])
    )
}

/// `path` relative to `base` with `/` separators; as given when it lies elsewhere.
fn relative_to(base: &Path, path: &str) -> String {
    let absolute = crate::lint::canonical(Path::new(path));
    absolute
        .strip_prefix(base)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string())
}

fn base_of(baseline: &Path) -> PathBuf {
    let dir = baseline
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::lint::canonical(dir)
}

/// Writes every finding of the report to `path` (atomically); returns how many.
pub fn write(path: &Path, report: &Report) -> Result<usize, String> {
    let base = base_of(path);
    let mut findings: Vec<Entry> = report
        .diagnostics()
        .map(|(file, diagnostic)| Entry {
            path: relative_to(&base, &file.path),
            code: diagnostic.code.to_string(),
            fingerprint: fingerprint(file, diagnostic),
            message: diagnostic.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
    });
    let count = findings.len();
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::fix::write_atomically(path, &text)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(count)
}

/// Drops the findings that the baseline at `path` records.
pub fn apply(path: &Path, report: &mut Report) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("{}: cannot read baseline: {error}", path.display()))?;
    let baseline: BaselineFile = serde_json::from_str(&text).map_err(|error| {
        format!(
            "{}:{}:{}: not a sentinel-lint baseline: {error}",
            path.display(),
            error.line(),
            error.column()
        )
    })?;
    if baseline.version != VERSION {
        return Err(format!(
            "{}: baseline version {} is not supported (expected {VERSION})",
            path.display(),
            baseline.version
        ));
    }
    let base = base_of(path);
    let mut remaining: HashMap<(String, String, String), usize> = HashMap::new();
    for entry in baseline.findings {
        *remaining
            .entry((entry.path, entry.code, entry.fingerprint))
            .or_default() += 1;
    }
    let mut outcome = Outcome::default();
    let mut checked = Vec::new();
    for result in &mut report.files {
        let file = &result.file;
        let relative = relative_to(&base, &file.path);
        result.diagnostics.retain(|diagnostic| {
            let key = (
                relative.clone(),
                diagnostic.code.to_string(),
                fingerprint(file, diagnostic),
            );
            match remaining.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    outcome.known += 1;
                    false
                }
                _ => true,
            }
        });
        checked.push(relative);
    }
    // Entries of files that were not checked this time (another path, `--changed-since`) are
    // not fixed, only out of sight.
    outcome.fixed = remaining
        .iter()
        .filter(|((path, _, _), _)| checked.contains(path))
        .map(|(_, count)| count)
        .sum();
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{diagnostics, scheduled_rule};

    #[test]
    fn fingerprints_ignore_position_and_indentation() {
        let text = scheduled_rule(&[("severity", Some("Urgent"))]);
        let (file, found) = diagnostics("r.yaml", &text);
        let moved = format!("# a new comment\n\n{text}");
        let (moved_file, moved_found) = diagnostics("r.yaml", &moved);
        let one = fingerprint(&file, &found[0]);
        assert_eq!(one, fingerprint(&moved_file, &moved_found[0]));
        let changed = scheduled_rule(&[("severity", Some("Critical"))]);
        let (changed_file, changed_found) = diagnostics("r.yaml", &changed);
        assert_ne!(one, fingerprint(&changed_file, &changed_found[0]));
    }
}
