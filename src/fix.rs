//! Applies fixes to files: only under `--fix`, only non-overlapping edits, and atomically (the
//! new text goes to a temporary file beside the original, which is then renamed over it), so
//! that an interrupted run never leaves a half-written rule behind.

use std::io::Write;
use std::path::Path;

use crate::diag::{Applicability, Diagnostic, Edit};

/// The text with every applicable fix of `diagnostics` applied, and how many fixes were.
/// Fixes whose edits overlap an earlier fix are left for the next run.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .map(|fix| fix.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let overlaps = edits.iter().any(|edit| {
            chosen.iter().any(|taken| {
                edit.span.start < taken.span.end && taken.span.start < edit.span.end
                    || edit.span == taken.span
            })
        });
        let in_bounds = edits.iter().all(|edit| {
            (edit.span.end as usize) <= text.len()
                && text.is_char_boundary(edit.span.start as usize)
                && text.is_char_boundary(edit.span.end as usize)
        });
        if overlaps || !in_bounds {
            continue;
        }
        chosen.extend(edits);
        applied += 1;
    }
    chosen.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in chosen {
        out.push_str(&text[at..edit.span.start as usize]);
        out.push_str(&edit.replacement);
        at = edit.span.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Replaces the file's content atomically.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = directory.join(format!(".{name}.sentinel-lint-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(metadata) = std::fs::metadata(path) {
            std::fs::set_permissions(&temporary, metadata.permissions())?;
        }
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Fix, Severity, Span};

    fn with_fix(fix: Fix) -> Diagnostic {
        Diagnostic::new("SL000", "test", Severity::Error, "m", Span::empty(0)).with_fix(fix)
    }

    #[test]
    fn applies_safe_fixes_and_skips_overlaps_and_unsafe() {
        let text = "severity: medium\nkind: scheduled\n";
        let diagnostics = [
            with_fix(Fix::safe("case", Span::new(10, 16), "Medium")),
            with_fix(Fix::safe("overlap", Span::new(12, 14), "xx")),
            with_fix(Fix::unsafe_("kind", Span::new(23, 32), "Scheduled")),
        ];
        let (fixed, count) = apply(text, &diagnostics, false);
        assert_eq!(fixed, "severity: Medium\nkind: scheduled\n");
        assert_eq!(count, 1);
        let (fixed, count) = apply(text, &diagnostics, true);
        assert_eq!(fixed, "severity: Medium\nkind: Scheduled\n");
        assert_eq!(count, 2);
    }
}
