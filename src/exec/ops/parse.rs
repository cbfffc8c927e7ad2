//! Text extraction: `parse` (kinds simple, regex, relaxed), `parse-where`, `parse-kv`
//! (`parse-operator.md`, `parse-where-operator.md`, `parse-kv-operator.md`).
//!
//! A pattern becomes one regular expression (compiled once): a string literal matches itself
//! (in `kind=regex` it is a regex), `*` skips text lazily, a column captures text lazily
//! (`long`/`int`/`real` columns capture a number). In `simple`, a row that does not match
//! gets nulls (empty strings) in every column and `parse-where` drops it; in `relaxed`,
//! the columns matched before the text ran out are kept.

use std::sync::Arc;

use crate::analyze::param_word;
use crate::diag::Span;
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, OpParam, ParsePart};
use crate::kql::types::ScalarType;

fn capture_for(ty: ScalarType) -> &'static str {
    match ty {
        ScalarType::Int | ScalarType::Long => r"(-?\d+)",
        ScalarType::Real | ScalarType::Decimal => r"(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)",
        _ => "(.*?)",
    }
}

pub(crate) fn parse(
    ex: &mut Exec,
    where_: bool,
    params: &[OpParam],
    source: &ast::Expr,
    pattern: &[ParsePart],
    input: Table,
    span: Span,
) -> Result<Table> {
    let kind = param_word(params, "kind").unwrap_or_else(|| "simple".into());
    // `param_word` lowers the case; `U` (ungreedy) is the flag whose case matters.
    let raw_flags = params
        .iter()
        .find(|p| p.name.name.eq_ignore_ascii_case("flags"))
        .map(|p| p.value.to_string())
        .unwrap_or_default();
    let flags = raw_flags.to_ascii_lowercase();
    let relaxed = kind == "relaxed";
    let mut re = String::from("(?s)");
    if flags.contains('i') {
        re.push_str("(?i)");
    }
    // In regex mode `*` and string columns are greedy unless `flags=U`, and the regex flags
    // `m` and `U` apply (`parse-operator.md`: "U for ungreedy").
    let greedy = kind == "regex";
    if greedy {
        if raw_flags.contains('U') {
            re.push_str("(?U)");
        }
        if raw_flags.contains('m') {
            re.push_str("(?m)");
        }
    }
    re.push('^');
    let mut columns: Vec<(String, ScalarType)> = Vec::new();
    for (i, part) in pattern.iter().enumerate() {
        let last = i + 1 == pattern.len();
        match part {
            ParsePart::Str(lit) => {
                let text = match &lit.value {
                    ast::LitValue::String(s) => s.clone(),
                    _ => lit.raw.clone(),
                };
                if kind == "regex" {
                    re.push_str(&text);
                } else {
                    re.push_str(&regex::escape(&text));
                }
            }
            ParsePart::Star => re.push_str(if last || greedy { ".*" } else { ".*?" }),
            ParsePart::Column(id, ty) => {
                let ty = ty.as_ref().and_then(|t| t.ty).unwrap_or(ScalarType::String);
                let cap = capture_for(ty);
                if (last || greedy) && cap == "(.*?)" {
                    re.push_str("(.*)");
                } else {
                    re.push_str(cap);
                }
                columns.push((id.name.clone(), ty));
            }
        }
    }
    if kind == "regex" && !matches!(pattern.last(), Some(ParsePart::Column(..))) {
        // A regex pattern need not match to the end.
    }
    let regex = ex.ctx.regex(&re).map_err(|m| ExecError::new(m, span))?;
    // Relaxed: a prefix of the pattern may match; build one regex per prefix length.
    let src = ex.eval_column(source, &input)?;
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .map(|(_, t)| ColumnBuilder::new(*t, input.rows))
        .collect();
    let mut keep = vec![true; input.rows];
    let mut buf = String::new();
    for (r, k) in keep.iter_mut().enumerate() {
        buf.clear();
        src.get(r).write_kusto_string(&mut buf);
        match regex.captures(&buf) {
            Some(caps) => {
                for (j, b) in builders.iter_mut().enumerate() {
                    let text = caps.get(j + 1).map_or("", |m| m.as_str());
                    if !b.push_text(text) && where_ {
                        *k = false;
                    }
                }
            }
            None => {
                if where_ {
                    *k = false;
                }
                if relaxed {
                    relaxed_fill(&columns, pattern, &buf, &mut builders, &kind);
                } else {
                    for b in builders.iter_mut() {
                        b.push_null();
                    }
                }
            }
        }
    }
    let mut out = input;
    for ((name, _), b) in columns.iter().zip(builders) {
        let col = Arc::new(b.finish());
        match out.index_of(name) {
            Some(i) => {
                out.columns[i].1 = col.ty;
                out.data[i] = col;
            }
            None => out.push(Arc::from(name.as_str()), col),
        }
    }
    if where_ {
        return Ok(out.filter(&keep));
    }
    Ok(out)
}

/// `kind=relaxed` on a row the whole pattern does not match: walk the pattern piece by piece
/// and keep each column that matched before the text ran out.
fn relaxed_fill(
    columns: &[(String, ScalarType)],
    pattern: &[ParsePart],
    text: &str,
    builders: &mut [ColumnBuilder],
    kind: &str,
) {
    let mut pos = 0usize;
    let mut col = 0usize;
    let mut filled = vec![false; columns.len()];
    let mut i = 0;
    while i < pattern.len() {
        match &pattern[i] {
            ParsePart::Str(lit) => {
                let s = match &lit.value {
                    ast::LitValue::String(s) => s.clone(),
                    _ => lit.raw.clone(),
                };
                match text[pos..].find(&s) {
                    Some(p) if p == 0 || kind != "simple" => pos += p + s.len(),
                    Some(p) => pos += p + s.len(),
                    None => break,
                }
            }
            ParsePart::Star => {}
            ParsePart::Column(..) => {
                // The column runs to the next literal (or the end).
                let next = pattern[i + 1..].iter().find_map(|p| match p {
                    ParsePart::Str(l) => Some(match &l.value {
                        ast::LitValue::String(s) => s.clone(),
                        _ => l.raw.clone(),
                    }),
                    _ => None,
                });
                let end = match next {
                    Some(n) => match text[pos..].find(&n) {
                        Some(p) => pos + p,
                        None => text.len(),
                    },
                    None => text.len(),
                };
                builders[col].push_text(&text[pos..end]);
                filled[col] = true;
                pos = end;
                col += 1;
            }
        }
        i += 1;
    }
    for (j, f) in filled.iter().enumerate() {
        if !f {
            builders[j].push_null();
        }
    }
}

/// `parse-kv Source as (Key:type, …) with (pair_delimiter=…, kv_delimiter=…, quote=…)`.
pub(crate) fn parse_kv(
    ex: &mut Exec,
    source: &ast::Expr,
    columns: &[ast::ColumnDecl],
    with: &[OpParam],
    input: Table,
) -> Result<Table> {
    let one = crate::exec::executor::one_row();
    let mut text_param = |name: &str| -> Result<Option<String>> {
        match with.iter().find(|p| p.name.name.eq_ignore_ascii_case(name)) {
            Some(p) => Ok(Some(ex.eval(&p.value, &one)?.get(0).to_kusto_string())),
            None => Ok(None),
        }
    };
    let pair = text_param("pair_delimiter")?.unwrap_or_else(|| " ".into());
    let kv = text_param("kv_delimiter")?.unwrap_or_else(|| "=".into());
    let quote = text_param("quote")?.unwrap_or_default();
    let regex_param = text_param("regex")?;
    let src = ex.eval_column(source, &input)?;
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .map(|c| ColumnBuilder::new(c.ty.ty.unwrap_or(ScalarType::String), input.rows))
        .collect();
    let re = match &regex_param {
        Some(p) => Some(
            ex.ctx
                .regex(p)
                .map_err(|m| ExecError::new(m, source.span))?,
        ),
        None => None,
    };
    for r in 0..input.rows {
        let text = src.get(r).to_kusto_string();
        let mut found: Vec<(String, String)> = Vec::new();
        match &re {
            Some(re) => {
                for caps in re.captures_iter(&text) {
                    if let (Some(k), Some(v)) = (caps.get(1), caps.get(2)) {
                        found.push((k.as_str().to_string(), v.as_str().to_string()));
                    }
                }
            }
            None => {
                for piece in split_quoted(&text, &pair, &quote) {
                    if let Some((k, v)) = piece.split_once(kv.as_str()) {
                        let unq = |s: &str| -> String {
                            let s = s.trim();
                            for q in quote.chars() {
                                if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
                                    return s[1..s.len() - 1].to_string();
                                }
                            }
                            s.to_string()
                        };
                        found.push((unq(k), unq(v)));
                    }
                }
            }
        }
        for (c, b) in columns.iter().zip(builders.iter_mut()) {
            match found.iter().find(|(k, _)| *k == c.name.name) {
                Some((_, v)) => {
                    b.push_text(v);
                }
                None => b.push_null(),
            }
        }
    }
    let mut out = input;
    for (c, b) in columns.iter().zip(builders) {
        let col: Arc<Column> = Arc::new(b.finish());
        match out.index_of(&c.name.name) {
            Some(i) => {
                out.columns[i].1 = col.ty;
                out.data[i] = col;
            }
            None => out.push(Arc::from(c.name.name.as_str()), col),
        }
    }
    Ok(out)
}

/// Splits on a delimiter, not inside quotes.
fn split_quoted<'a>(text: &'a str, delim: &str, quotes: &str) -> Vec<&'a str> {
    if quotes.is_empty() || delim.is_empty() {
        return text.split(delim).filter(|s| !s.is_empty()).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote: Option<char> = None;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        match in_quote {
            Some(q) if c == q => in_quote = None,
            Some(_) => {}
            None if quotes.contains(c) => in_quote = Some(c),
            None if text[i..].starts_with(delim) => {
                if i > start {
                    out.push(&text[start..i]);
                }
                i += delim.len();
                start = i;
                continue;
            }
            None => {}
        }
        i += c.len_utf8();
    }
    let _ = bytes;
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}
