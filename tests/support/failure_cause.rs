//! Grouping failures by cause, shared by the corpus run (`support/corpus_run.rs`) and the
//! documentation examples (`kql_docs.rs`): one missing function is one group, whatever values
//! its messages quote.

/// `message` with its literal values blanked out: a quoted string becomes `'…'`, a run of
/// digits `#`.
pub fn blank_literals(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                out.push('…');
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push(c);
            }
            d if d.is_ascii_digit() => {
                out.push('#');
                while chars.peek().is_some_and(|n| n.is_ascii_digit()) {
                    chars.next();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `s` trimmed and cut to `n` characters, with `…` when cut.
pub fn truncate(s: &str, n: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
