//! Debug views of the tree: the `--ast` dump and a span-free form for comparing trees.

use crate::kql::ast::Query;

/// A compact, indented dump of the tree (the `--ast` output).
pub fn dump(query: &Query) -> String {
    let full = format!("{query:#?}");
    // The derived dump spells every span out over four lines; fold them to `@start..end`.
    let mut out = String::with_capacity(full.len());
    let mut lines = full.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("span: Span {") {
            let _ = rest;
            let start = lines.next().map(number_of).unwrap_or_default();
            let end = lines.next().map(number_of).unwrap_or_default();
            lines.next();
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}span: {start}..{end},\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn number_of(line: &str) -> String {
    line.trim()
        .trim_end_matches(',')
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_string()
}

/// The derived dump with every span blanked, for comparing trees whatever their positions.
pub fn without_spans(query: &Query) -> String {
    let full = format!("{query:?}");
    let mut out = String::with_capacity(full.len());
    let mut rest = full.as_str();
    const OPEN: &str = "Span { start: ";
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        out.push('_');
        let after = &rest[i..];
        let close = after.find('}').map_or(after.len(), |c| c + 1);
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}
