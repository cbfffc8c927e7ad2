use crate::checks::Context;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};

declare_rule! {
    /// ## What it does
    /// Reports characters outside ASCII in a YAML content file: curly quotes, non-breaking
    /// spaces, zero-width spaces, accented letters.
    ///
    /// ## Why is this bad?
    /// The Azure-Sentinel repository's validation rejects them, and in a query they are worse:
    /// a curly quote or a non-breaking space pasted from a document makes the KQL invalid or
    /// quietly changes a string that the query compares with.
    ///
    /// ## Example
    /// ```yaml
    /// description: Detects “suspicious” sign-ins
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// description: Detects "suspicious" sign-ins
    /// ```
    pub static RULE = ("SL004", "non-ascii-character", Error);
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let source = &context.file.source;
    // The byte-order mark has its own rule.
    let body_start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reported_lines = Vec::new();
    for (offset, c) in source[body_start..].char_indices() {
        if c.is_ascii() {
            continue;
        }
        let offset = (offset + body_start) as u32;
        // One finding per line is enough to find and fix them all.
        let line = context.file.lines.line_of(offset);
        if reported_lines.last() == Some(&line) {
            continue;
        }
        reported_lines.push(line);
        let span = Span::new(offset, offset + c.len_utf8() as u32);
        let mut diagnostic = RULE.diag(
            format!(
                "non-ASCII character `{}` (U+{:04X})",
                c.escape_debug(),
                c as u32
            ),
            span,
        );
        if let Some(replacement) = ascii_replacement(c) {
            diagnostic = diagnostic.with_help(format!("replace it with `{replacement}`"));
        }
        out.push(diagnostic);
    }
}

fn ascii_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => "\"",
        '\u{2013}' | '\u{2014}' | '\u{2212}' => "-",
        '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202f}' => " ",
        '\u{2026}' => "...",
        '\u{200b}' | '\u{feff}' => "nothing (it is invisible)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::check_rule;

    #[test]
    fn fires_and_passes() {
        let rendered = check_rule(
            &super::RULE,
            &["name: plain \"ascii\"\nquery: T\n"],
            &[
                "name: Detects \u{201c}suspicious\u{201d} sign-ins\nquery: T | where a == 'caf\u{e9}'\n",
            ],
        );
        insta::assert_snapshot!(rendered);
    }
}
