//! The KQL front end: lexer, parser, AST. Knows nothing of YAML or Sentinel.
//!
//! - [`parse`] never fails and never panics: it returns a tree (with `Error` nodes where text
//!   was broken) and the [`SyntaxError`]s, one per mistake, each with a byte [`Span`].
//! - `Display` on [`ast::Query`] prints valid KQL back; [`dump::dump`] is the `--ast` view.
//! - [`roundtrip_check`] parses, prints, reparses and compares the trees without spans.
//!
//! What is valid follows Kusto.Language (checked against it over the Azure-Sentinel corpus
//! and mutations of it), including its leniencies: many keywords as names, `where A = 1`,
//! `[expr]`, a lone `@`, queries starting with `where`.
pub mod ast;
pub mod dump;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod types;

use crate::diag::Span;

/// The result of parsing one query text: always a tree, plus the syntax errors found.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub query: ast::Query,
    pub errors: Vec<SyntaxError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Written for a content author: what was expected and what was found.
    pub message: String,
    pub span: Span,
}

/// Parses a KQL query text (statements separated by `;`). Never panics.
pub fn parse(text: &str) -> Parsed {
    parser::parse(text)
}

/// Parses `text`, prints the tree as KQL, parses that again and compares both trees
/// ignoring spans. `Err` explains the first difference.
pub fn roundtrip_check(text: &str) -> Result<(), String> {
    let first = parse(text);
    if !first.errors.is_empty() {
        return Err(format!(
            "the original does not parse: {}",
            first.errors[0].message
        ));
    }
    let printed = first.query.to_string();
    let second = parse(&printed);
    if let Some(e) = second.errors.first() {
        return Err(format!(
            "the printed query does not parse: {} at {}..{}\n{printed}",
            e.message, e.span.start, e.span.end
        ));
    }
    let a = dump::without_spans(&first.query);
    let b = dump::without_spans(&second.query);
    if a != b {
        let at = a
            .bytes()
            .zip(b.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let from = at.saturating_sub(200);
        let ctx_a = a.get(from..(at + 200).min(a.len())).unwrap_or("");
        let ctx_b = b.get(from..(at + 200).min(b.len())).unwrap_or("");
        return Err(format!(
            "the reparsed tree differs:\n--- original\n{ctx_a}\n--- reparsed\n{ctx_b}\n--- printed\n{printed}"
        ));
    }
    Ok(())
}
