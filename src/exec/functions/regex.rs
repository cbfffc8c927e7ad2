//! Functions driven by a regular expression. Patterns are RE2 syntax as Kusto's; the `regex`
//! crate reads the same syntax in linear time. Each pattern is compiled once per query
//! through [`EvalContext::regex`], which caches it and bounds its size.

use std::borrow::Cow;
use std::sync::Arc;

use regex::Regex;

use super::args::{dyn_value, dynamic, int, rows_try, string, text};
use super::string::{char_offsets, window};
use super::{EvalContext, Registry, ret_dynamic, ret_long, ret_string};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("extract", 3, 4, ret_extract, extract);
    r.try_row("extract_all", 2, 3, ret_dynamic, extract_all);
    r.try_row("extractall", 2, 3, ret_dynamic, extract_all);
    r.try_row("replace_regex", 3, 3, ret_string, replace_regex);
    r.try_row("replace", 3, 3, ret_string, replace);
    r.try_row("trim", 2, 2, ret_string, trim);
    r.try_row("trim_start", 2, 2, ret_string, trim_start);
    r.try_row("trim_end", 2, 2, ret_string, trim_end);
    r.try_row("indexof_regex", 2, 5, ret_long, indexof_regex);
}

/// `extract(regex, group, source, typeof(T))` returns T; the type argument arrives as a
/// constant of that type.
fn ret_extract(args: &[ScalarType]) -> ScalarType {
    args.get(3).copied().unwrap_or(ScalarType::String)
}

/// RE2 reads a `{` that opens no repetition (`x{`, `a{b}`) as a literal; the `regex` crate
/// rejects it. Such braces are escaped so that every pattern RE2 takes compiles here.
pub(super) fn re2_braces(pattern: &str) -> Cow<'_, str> {
    let bytes = pattern.as_bytes();
    let is_repetition = |at: usize| {
        let rest = &pattern[at + 1..];
        let Some(close) = rest.find('}') else {
            return false;
        };
        let body = &rest[..close];
        let (min, max) = body.split_once(',').unwrap_or((body, "0"));
        !min.is_empty()
            && min.bytes().all(|b| b.is_ascii_digit())
            && max.bytes().all(|b| b.is_ascii_digit())
    };
    let mut out: Option<String> = None;
    let mut in_class = false;
    let mut i = 0;
    while i < bytes.len() {
        let char_len = |at: usize| pattern[at..].chars().next().map_or(1, char::len_utf8);
        // One token: an escape with the character it escapes, or one character.
        let len = if bytes[i] == b'\\' && i + 1 < bytes.len() {
            1 + char_len(i + 1)
        } else {
            char_len(i)
        };
        let literal_brace = match bytes[i] {
            b'[' if !in_class => {
                in_class = true;
                false
            }
            b']' if in_class => {
                in_class = false;
                false
            }
            b'{' => !in_class && !is_repetition(i),
            _ => false,
        };
        if literal_brace {
            out.get_or_insert_with(|| pattern[..i].to_string())
                .push_str("\\{");
        } else if let Some(o) = out.as_mut() {
            o.push_str(&pattern[i..i + len]);
        }
        i += len;
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(pattern),
    }
}

fn compile(ctx: &EvalContext, pattern: &str) -> Result<Arc<Regex>, String> {
    ctx.regex(pattern)
}

/// `extract(regex, captureGroup, source[, typeLiteral])` (`extract-function.md`): the text of
/// the group in the first match, converted to the type when one is given; null when there is
/// no match or the conversion fails.
fn extract(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let ty = ret_extract(&args.iter().map(ArgColumn::ty).collect::<Vec<_>>());
    rows_try(args, rows, ty, |a| extract_row(a, ty, ctx))
}

fn extract_row(a: &[Value], ty: ScalarType, ctx: &EvalContext) -> Result<Value, String> {
    let re = compile(ctx, &text(&a[0]))?;
    let Some(group) = int(&a[1]) else {
        return Ok(Value::Null);
    };
    let source = text(&a[2]);
    let found = re
        .captures(&source)
        .and_then(|c| usize::try_from(group).ok().and_then(|g| c.get(g)))
        .map(|m| m.as_str().to_string());
    Ok(match found {
        None if ty == ScalarType::String => string(""),
        None => Value::Null,
        Some(s) => super::conversion::convert(&string(s), ty),
    })
}

/// `extract_all(regex, [captureGroups,] source)` (`extract-all-function.md`): every match;
/// one group (or none) gives an array of strings, several an array of arrays; no match null.
fn extract_all(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    let re = compile(ctx, &text(&a[0]))?;
    let (groups_arg, source) = if a.len() == 3 {
        (Some(&a[1]), text(&a[2]))
    } else {
        (None, text(&a[1]))
    };
    let group_count = re.captures_len() - 1;
    let groups: Vec<usize> = match groups_arg {
        Some(v) => {
            let Dynamic::Array(items) = dynamic(v) else {
                return Err("extract_all: captureGroups must be a dynamic array".into());
            };
            let mut out = Vec::new();
            for item in items.iter() {
                let index = match item {
                    Dynamic::Long(i) => usize::try_from(*i).ok(),
                    Dynamic::String(name) => {
                        re.capture_names().position(|n| n == Some(name.as_ref()))
                    }
                    _ => None,
                };
                match index {
                    Some(i) if i >= 1 && i <= group_count => out.push(i),
                    _ => {
                        return Err(format!(
                            "extract_all: capture group {} is not in the expression",
                            item.to_json_string()
                        ));
                    }
                }
            }
            out
        }
        None if group_count == 0 => vec![0],
        None => (1..=group_count).collect(),
    };
    let mut rows = Vec::new();
    for caps in re.captures_iter(&source) {
        let cell = |g: usize| Dynamic::string(caps.get(g).map_or("", |m| m.as_str()));
        if groups.len() == 1 {
            rows.push(cell(groups[0]));
        } else {
            rows.push(Dynamic::array(groups.iter().map(|&g| cell(g)).collect()));
        }
    }
    if rows.is_empty() {
        return Ok(Value::Null);
    }
    Ok(dyn_value(Dynamic::array(rows)))
}

/// RE2's rewrite string (`\0`…`\9` for groups, `\\` for a backslash) as the `regex` crate's
/// replacement syntax (`${n}`, `$$` for a dollar).
fn rewrite_template(rewrite: &str) -> String {
    let mut out = String::with_capacity(rewrite.len() + 4);
    let mut chars = rewrite.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(d) if d.is_ascii_digit() => {
                    out.push_str("${");
                    out.push(*d);
                    out.push('}');
                    chars.next();
                }
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                }
                _ => out.push('\\'),
            },
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out
}

/// `replace_regex(source, regex, rewrite)` (`replace-regex-function.md`): every
/// non-overlapping match replaced by the rewrite, in which `\n` is group n.
fn replace_regex(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    let re = compile(ctx, &text(&a[1]))?;
    let source = text(&a[0]);
    let out = re.replace_all(&source, rewrite_template(&text(&a[2])).as_str());
    Ok(string(out))
}

/// `replace(regex, rewrite, source)`: the deprecated spelling of `replace_regex`.
fn replace(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    replace_regex(&[a[2].clone(), a[0].clone(), a[1].clone()], ctx)
}

fn trim_with(a: &[Value], ctx: &EvalContext, start: bool, end: bool) -> Result<Value, String> {
    let pattern = text(&a[0]);
    // Validate the pattern alone first so the error names what the user wrote.
    compile(ctx, &pattern)?;
    let mut s: &str = &text(&a[1]);
    let owned;
    if start {
        let re = compile(ctx, &format!("^(?:{pattern})+"))?;
        if let Some(m) = re.find(s) {
            owned = s[m.end()..].to_string();
            s = &owned;
        }
    }
    if end {
        let re = compile(ctx, &format!("(?:{pattern})+$"))?;
        if let Some(m) = re.find(s) {
            return Ok(string(&s[..m.start()]));
        }
    }
    Ok(string(s))
}

/// `trim(regex, source)` (`trim-function.md`): leading and trailing matches removed.
fn trim(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    trim_with(a, ctx, true, true)
}

fn trim_start(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    trim_with(a, ctx, true, false)
}

fn trim_end(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    trim_with(a, ctx, false, true)
}

/// `indexof_regex(source, regex[, start[, length[, occurrence]]])`
/// (`indexof-regex-function.md`): as `indexof`, with non-overlapping regex matches; unlike
/// `indexof`, a negative start is null (the page's `idx5`).
fn indexof_regex(a: &[Value], ctx: &EvalContext) -> Result<Value, String> {
    let re = compile(ctx, &text(&a[1]))?;
    let s = text(&a[0]);
    let offsets = char_offsets(&s);
    let chars = offsets.len() - 1;
    let Some(w) = window(a, chars, false) else {
        return Ok(Value::Null);
    };
    if w.start > chars {
        return Ok(Value::Long(-1));
    }
    let end_byte = offsets[w.end.min(chars)];
    let hay = &s[..end_byte];
    let mut seen = 0;
    for m in re.find_iter(&hay[offsets[w.start]..]) {
        seen += 1;
        if seen == w.occurrence {
            let byte = offsets[w.start] + m.start();
            let at = offsets.partition_point(|&o| o < byte);
            return Ok(Value::Long(at as i64));
        }
    }
    Ok(Value::Long(-1))
}

/// `countof(source, regex, "regex")`: non-overlapping matches. An invalid pattern counts 0
/// here: the plain `countof` row function cannot fail.
pub(super) fn countof_regex(a: &[Value], ctx: &EvalContext) -> Value {
    match compile(ctx, &text(&a[1])) {
        Ok(re) => Value::Long(re.find_iter(&text(&a[0])).count() as i64),
        Err(_) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite_template;

    #[test]
    fn literal_braces_compile_as_re2_reads_them() {
        use super::re2_braces;
        assert_eq!(re2_braces("a{2,3}b{4}"), "a{2,3}b{4}");
        assert_eq!(re2_braces(r"WinEnum{|x\){\$y"), r"WinEnum\{|x\)\{\$y");
        assert_eq!(re2_braces("[{]{"), r"[{]\{");
        assert_eq!(re2_braces("é{"), r"é\{");
        assert!(
            ::regex::Regex::new(&re2_braces(r"Invoke-WinEnum{|Set-Speaker\(\$Volume\){\$w"))
                .is_ok()
        );
    }

    #[test]
    fn rewrites_become_regex_crate_templates() {
        assert_eq!(rewrite_template(r"was: \1"), "was: ${1}");
        assert_eq!(rewrite_template(r"\0$"), "${0}$$");
        assert_eq!(rewrite_template(r"a\\b"), r"a\b");
    }
}
