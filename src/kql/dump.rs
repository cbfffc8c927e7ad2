//! Debug views of the tree: the `--ast` dump and a span-free form for comparing trees.
//!
//! Both start from the derived one-line `Debug` output, which is linear in the size of the
//! tree (the derived pretty form is not: its indentation adapters nest once per level).

use crate::kql::ast::Query;

/// A compact, indented dump of the tree (the `--ast` output): spans fold to `@start..end`,
/// small nodes stay on one line.
pub fn dump(query: &Query) -> String {
    let flat = format!("{query:?}");
    let flat = fold_spans(&flat).replace(", quoted: false", "");
    reindent(&flat)
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

/// `span: Span { start: 1, end: 2 }` → `span: @1..2`
fn fold_spans(flat: &str) -> String {
    let mut out = String::with_capacity(flat.len());
    let mut rest = flat;
    const OPEN: &str = "Span { start: ";
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let close = after.find('}').unwrap_or(after.len());
        let inner = &after[..close];
        let (start, end) = inner.split_once(", end: ").unwrap_or((inner, ""));
        out.push('@');
        out.push_str(start.trim());
        out.push_str("..");
        out.push_str(end.trim());
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Breaks a one-line `Debug` text into indented lines, keeping groups shorter than a line
/// together. Quoted strings are copied as they are.
fn reindent(flat: &str) -> String {
    const WIDTH: usize = 80;
    let bytes = flat.as_bytes();
    // Matching closer of every opener, outside strings.
    let mut close_of = vec![usize::MAX; bytes.len()];
    let mut stack = Vec::new();
    let mut in_str = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_str {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_str = false;
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'{' | b'(' | b'[' => stack.push(i),
                b'}' | b')' | b']' => {
                    if let Some(open) = stack.pop() {
                        close_of[open] = i;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    let mut out = String::with_capacity(flat.len() * 2);
    let mut depth = 0usize;
    let mut inline_until = 0usize;
    let mut in_str = false;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth.min(100) {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if in_str || i < inline_until {
            if in_str && b == b'\\' {
                out.push_str(&flat[i..i + 2.min(bytes.len() - i)]);
                i += 2;
                continue;
            }
            if b == b'"' && i >= inline_until {
                in_str = false;
            }
            let ch_len = utf8_len(b);
            out.push_str(&flat[i..(i + ch_len).min(bytes.len())]);
            i += ch_len;
            continue;
        }
        match b {
            b'"' => {
                in_str = true;
                out.push('"');
            }
            b'{' | b'(' | b'[' => {
                let close = close_of[i];
                if close != usize::MAX && close - i <= WIDTH {
                    inline_until = close + 1;
                    out.push(b as char);
                } else {
                    out.push(b as char);
                    depth += 1;
                    newline(&mut out, depth);
                    // Skip the space after `{`.
                    if bytes.get(i + 1) == Some(&b' ') {
                        i += 1;
                    }
                }
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                if out.ends_with(' ') {
                    out.pop();
                }
                newline(&mut out, depth);
                out.push(b as char);
            }
            b',' if bytes.get(i + 1) == Some(&b' ') => {
                out.push(',');
                newline(&mut out, depth);
                i += 1;
            }
            _ => {
                let ch_len = utf8_len(b);
                out.push_str(&flat[i..(i + ch_len).min(bytes.len())]);
                i += ch_len;
                continue;
            }
        }
        i += 1;
    }
    out.push('\n');
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}
