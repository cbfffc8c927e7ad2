//! String functions: case, length, slicing, joining, splitting, searching and rewriting
//! text. Regular-expression functions live in `regex.rs`.
//!
//! Positions and lengths count characters (Unicode scalar values), as Kusto's do.

use std::sync::Arc;

use super::args::{array, dyn_value, dynamic_text, int, string, text};
use super::{EvalContext, Registry, ret_bool, ret_dynamic, ret_long, ret_string};
use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::strings::{Matcher, TermMode};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.column("tolower", 1, 1, ret_string, tolower);
    r.column("toupper", 1, 1, ret_string, toupper);
    r.column("strlen", 1, 1, ret_long, strlen);

    r.row("substring", 2, 3, ret_string, substring);
    r.row("strcat", 1, 64, ret_string, strcat);
    r.row("strcat_delim", 3, 65, ret_string, strcat_delim);
    r.row("strcat_array", 2, 2, ret_string, strcat_array);
    r.row("array_strcat", 2, 2, ret_string, strcat_array);
    r.row("split", 2, 3, ret_dynamic, split);
    r.row("replace_string", 3, 3, ret_string, replace_string);
    r.row("indexof", 2, 5, ret_long, indexof);
    r.row("countof", 2, 3, ret_long, countof_plain);
    r.row("reverse", 1, 1, ret_string, reverse);
    r.row("strrep", 2, 3, ret_string, strrep);
    r.row("string_size", 1, 1, ret_long, string_size);
    r.row("translate", 3, 3, ret_string, translate);
    r.row("isascii", 1, 1, ret_bool, isascii);
    r.row("make_string", 1, 64, ret_string, make_string);
    r.row("parse_command_line", 2, 2, ret_dynamic, parse_command_line);
    r.row("parse_csv", 1, 1, ret_dynamic, parse_csv);
    r.row(
        "unicode_codepoints_from_string",
        1,
        1,
        ret_dynamic,
        codepoints,
    );
    r.row("to_utf8", 1, 1, ret_dynamic, to_utf8);
    r.row("has_any_index", 2, 2, ret_long, has_any_index);
}

/// Maps a string argument through `f` once per distinct string.
pub fn map_string(arg: &ArgColumn, rows: usize, f: impl Fn(&str) -> String) -> Column {
    match arg.as_strs() {
        Some(s) => Column::from_strs(s.map_dict(|x| Arc::from(f(x).as_str()))),
        None if arg.is_scalar() => {
            let out = f(&arg.get(0).to_kusto_string());
            Column::constant(
                crate::kql::types::ScalarType::String,
                &Value::str(&out),
                rows,
            )
        }
        None => {
            // A non-string column: convert each row.
            let vals: Vec<String> = (0..rows)
                .map(|i| f(&arg.get(i).to_kusto_string()))
                .collect();
            Column::from_strings(&vals)
        }
    }
}

fn tolower(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    Ok(map_string(&args[0], rows, |s| {
        if s.is_ascii() {
            s.to_ascii_lowercase()
        } else {
            s.to_lowercase()
        }
    }))
}

fn toupper(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    Ok(map_string(&args[0], rows, |s| {
        if s.is_ascii() {
            s.to_ascii_uppercase()
        } else {
            s.to_uppercase()
        }
    }))
}

fn strlen(args: &[ArgColumn], rows: usize, _: &EvalContext) -> Result<Column, String> {
    // Kusto counts UTF-16 code units? No: it counts Unicode characters (strlen-function.md).
    let count = |s: &str| s.chars().count() as i64;
    match args[0].as_strs() {
        Some(s) => Ok(Column::from_i64(
            crate::kql::types::ScalarType::Long,
            s.map_rows(count),
            None,
        )),
        None => {
            let vals: Vec<i64> = (0..rows)
                .map(|i| count(&args[0].get(i).to_kusto_string()))
                .collect();
            Ok(Column::from_i64(
                crate::kql::types::ScalarType::Long,
                vals,
                None,
            ))
        }
    }
}

/// Character-based slice `[start, start+len)` clamped to the string.
fn char_slice(s: &str, start: usize, len: Option<usize>) -> String {
    let it = s.chars().skip(start);
    match len {
        Some(n) => it.take(n).collect(),
        None => it.collect(),
    }
}

/// `substring(source, start[, length])` (`substring-function.md`): a negative start counts
/// from the end (`substring("123456", -2, 2)` is `56`); a start past the end gives "".
fn substring(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let n = s.chars().count() as i64;
    let Some(mut start) = int(&a[1]) else {
        return string("");
    };
    if start < 0 {
        start = (n + start).max(0);
    }
    if start >= n {
        return string("");
    }
    let len = match a.get(2) {
        None => None,
        Some(v) => match int(v) {
            Some(l) if l >= 0 => Some(l as usize),
            Some(_) => return string(""),
            None => None,
        },
    };
    string(char_slice(&s, start as usize, len))
}

/// `strcat(a, b, …)`: the `tostring` forms joined; null contributes nothing.
fn strcat(a: &[Value], _: &EvalContext) -> Value {
    let mut out = String::new();
    for v in a {
        v.write_kusto_string(&mut out);
    }
    string(out)
}

/// `strcat_delim(delimiter, a, b, …)`.
fn strcat_delim(a: &[Value], _: &EvalContext) -> Value {
    let delim = text(&a[0]);
    let mut out = String::new();
    for (i, v) in a[1..].iter().enumerate() {
        if i > 0 {
            out.push_str(&delim);
        }
        v.write_kusto_string(&mut out);
    }
    string(out)
}

/// `strcat_array(array, delimiter)` (`strcat-array-function.md`): the elements' string forms
/// joined by the delimiter.
fn strcat_array(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return string("");
    };
    let delim = text(&a[1]);
    let parts: Vec<String> = items.iter().map(dynamic_text).collect();
    string(parts.join(&delim))
}

/// `split(source, delimiter[, index])` (`split-function.md`): an array of the parts; with an
/// index, an array of that part alone (empty when there is none). `split("", "_")` is `[""]`.
fn split(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let delim = text(&a[1]);
    let parts: Vec<&str> = if delim.is_empty() {
        vec![&s]
    } else {
        s.split(delim.as_ref()).collect()
    };
    let items: Vec<Dynamic> = match a.get(2) {
        Some(v) => match int(v) {
            Some(i) if i >= 0 && (i as usize) < parts.len() => {
                vec![Dynamic::string(parts[i as usize])]
            }
            _ => Vec::new(),
        },
        None => parts.into_iter().map(Dynamic::string).collect(),
    };
    dyn_value(Dynamic::array(items))
}

/// `replace_string(text, lookup, rewrite)`: every non-overlapping occurrence replaced.
fn replace_string(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let lookup = text(&a[1]);
    if lookup.is_empty() {
        return string(s);
    }
    string(s.replace(lookup.as_ref(), &text(&a[2])))
}

/// The search window of `indexof`/`indexof_regex` as character positions, or `None` (null)
/// for an invalid start, length or occurrence (`indexof-function.md`).
pub(super) struct Window {
    pub start: usize,
    /// Exclusive end (characters) that a match must not pass.
    pub end: usize,
    pub occurrence: usize,
}

pub(super) fn window(a: &[Value], chars: usize, negative_start_from_end: bool) -> Option<Window> {
    let n = chars as i64;
    let mut start = match a.get(2) {
        Some(v) => int(v)?,
        None => 0,
    };
    if start < 0 {
        if !negative_start_from_end {
            return None;
        }
        start += n;
        if start < 0 {
            return None;
        }
    }
    let length = match a.get(3) {
        Some(v) => int(v)?,
        None => -1,
    };
    if length < -1 {
        return None;
    }
    let occurrence = match a.get(4) {
        Some(v) => int(v)?,
        None => 1,
    };
    if occurrence < 0 {
        return None;
    }
    // The documented examples (`indexof("abcdefg","cde",1,2)` is -1, yet
    // `indexof("abcdefgabcdefg","cde",1,10,2)` is 9) fit a window of `length + 1` characters.
    let end = if length == -1 {
        n
    } else {
        (start + length + 1).min(n)
    };
    Some(Window {
        start: start as usize,
        end: end.max(start) as usize,
        occurrence: occurrence.max(1) as usize,
    })
}

/// Byte offset of every character boundary of `s`, plus its length.
pub(super) fn char_offsets(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    v.push(s.len());
    v
}

/// `indexof(source, lookup[, start[, length[, occurrence]]])` (`indexof-function.md`).
fn indexof(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let lookup = text(&a[1]);
    let offsets = char_offsets(&s);
    let chars = offsets.len() - 1;
    let Some(w) = window(a, chars, true) else {
        return Value::Null;
    };
    if w.start > chars {
        return Value::Long(-1);
    }
    let lookup_chars = lookup.chars().count();
    let mut seen = 0;
    let mut i = w.start;
    while i + lookup_chars <= w.end {
        if s[offsets[i]..].starts_with(lookup.as_ref()) {
            seen += 1;
            if seen == w.occurrence {
                return Value::Long(i as i64);
            }
        }
        i += 1;
    }
    Value::Long(-1)
}

/// `countof(source, search[, "normal"])` (`countof-function.md`): plain matches may overlap.
/// The regex kind is in `regex.rs`, which registers over this name when it is given.
fn countof_plain(a: &[Value], ctx: &EvalContext) -> Value {
    if let Some(kind) = a.get(2)
        && text(kind).eq_ignore_ascii_case("regex")
    {
        return super::regex::countof_regex(a, ctx);
    }
    let s = text(&a[0]);
    let search = text(&a[1]);
    if search.is_empty() {
        return Value::Long(0);
    }
    let mut count = 0;
    let mut from = 0;
    while let Some(at) = s[from..].find(search.as_ref()) {
        count += 1;
        let next = from + at;
        // Advance one character so that matches may overlap.
        from = next + s[next..].chars().next().map_or(1, char::len_utf8);
    }
    Value::Long(count)
}

/// `reverse(value)`: the characters of the string form in reverse order.
fn reverse(a: &[Value], _: &EvalContext) -> Value {
    string(text(&a[0]).chars().rev().collect::<String>())
}

/// The longest string `strrep` builds (Kusto caps results of string functions; here 1 MB).
const MAX_REPEAT_BYTES: usize = 1 << 20;

/// `strrep(value, multiplier[, delimiter])`.
fn strrep(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let Some(n) = int(&a[1]) else {
        return string("");
    };
    let delim = a.get(2).map(text).unwrap_or_default();
    if n <= 0 {
        return string("");
    }
    let unit = s.len() + delim.len();
    let n = (n as usize).min(MAX_REPEAT_BYTES / unit.max(1)).max(1);
    let parts = vec![s.as_ref(); n];
    string(parts.join(&delim))
}

/// `string_size(value)`: the size in bytes of the UTF-8 text.
fn string_size(a: &[Value], _: &EvalContext) -> Value {
    Value::Long(text(&a[0]).len() as i64)
}

/// `translate(searchList, replacementList, source)` (`translatefunction.md`): each character
/// of the search list becomes the character at the same position of the replacement list, or
/// its last character when the list is shorter; an empty replacement list deletes them.
fn translate(a: &[Value], _: &EvalContext) -> Value {
    let search: Vec<char> = text(&a[0]).chars().collect();
    let replace: Vec<char> = text(&a[1]).chars().collect();
    let source = text(&a[2]);
    let out: String = source
        .chars()
        .filter_map(|c| match search.iter().position(|&x| x == c) {
            None => Some(c),
            Some(_) if replace.is_empty() => None,
            Some(i) => Some(
                *replace
                    .get(i)
                    .unwrap_or_else(|| &replace[replace.len() - 1]),
            ),
        })
        .collect();
    string(out)
}

/// `isascii(value)`: every character is ASCII.
fn isascii(a: &[Value], _: &EvalContext) -> Value {
    Value::Bool(text(&a[0]).is_ascii())
}

/// `make_string(codepoint or array of codepoints, …)`: the string of those Unicode code
/// points; an invalid code point gives null (the empty string).
fn make_string(a: &[Value], _: &EvalContext) -> Value {
    let mut out = String::new();
    for v in a {
        let points: Vec<i64> = match v {
            Value::Dynamic(Dynamic::Array(items)) => {
                let mut pts = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item {
                        Dynamic::Long(x) => pts.push(*x),
                        _ => return string(""),
                    }
                }
                pts
            }
            other => match int(other) {
                Some(x) => vec![x],
                None => return string(""),
            },
        };
        for p in points {
            match u32::try_from(p).ok().and_then(char::from_u32) {
                Some(c) => out.push(c),
                None => return string(""),
            }
        }
    }
    string(out)
}

/// `has_any_index(source, values)` (`has-any-index-function.md`): the index of the first
/// value found in the source as a term (`has`, case-insensitive); -1 when none is, or the
/// array is empty.
fn has_any_index(a: &[Value], _: &EvalContext) -> Value {
    let source = text(&a[0]);
    let Some(values) = array(&a[1]) else {
        return Value::Long(-1);
    };
    for (i, v) in values.iter().enumerate() {
        let needle = dynamic_text(v);
        if Matcher::has(&needle, false, TermMode::Whole).test_public(&source) {
            return Value::Long(i as i64);
        }
    }
    Value::Long(-1)
}

/// `unicode_codepoints_from_string(s)`: the code points as an array of longs.
fn codepoints(a: &[Value], _: &EvalContext) -> Value {
    let items = text(&a[0])
        .chars()
        .map(|c| Dynamic::Long(c as i64))
        .collect();
    dyn_value(Dynamic::array(items))
}

/// `to_utf8(s)`: the UTF-8 bytes as an array of longs.
fn to_utf8(a: &[Value], _: &EvalContext) -> Value {
    let items = text(&a[0])
        .bytes()
        .map(|b| Dynamic::Long(b as i64))
        .collect();
    dyn_value(Dynamic::array(items))
}

/// `parse_command_line(command, "windows")` (`parse-command-line-function.md`): the arguments
/// as `CommandLineToArgvW` splits them: whitespace separates arguments, double quotes group,
/// `2n` backslashes before a quote give `n` backslashes and a quote toggle, `2n+1` give `n`
/// and a literal quote, and `""` inside quotes is a literal quote.
fn parse_command_line(a: &[Value], _: &EvalContext) -> Value {
    if !text(&a[1]).eq_ignore_ascii_case("windows") {
        return Value::Null;
    }
    let args = windows_argv(&text(&a[0]));
    dyn_value(Dynamic::array(
        args.iter().map(|s| Dynamic::string(s)).collect(),
    ))
}

fn windows_argv(cmd: &str) -> Vec<String> {
    let chars: Vec<char> = cmd.chars().collect();
    let mut args = Vec::new();
    let mut i = 0;
    let n = chars.len();
    loop {
        while i < n && (chars[i] == ' ' || chars[i] == '\t') {
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut arg = String::new();
        let mut in_quotes = false;
        while i < n {
            let c = chars[i];
            if (c == ' ' || c == '\t') && !in_quotes {
                break;
            }
            if c == '\\' {
                let mut k = 0;
                while i < n && chars[i] == '\\' {
                    k += 1;
                    i += 1;
                }
                if i < n && chars[i] == '"' {
                    arg.extend(std::iter::repeat_n('\\', k / 2));
                    if k % 2 == 1 {
                        arg.push('"');
                        i += 1;
                    }
                } else {
                    arg.extend(std::iter::repeat_n('\\', k));
                }
                continue;
            }
            if c == '"' {
                if in_quotes && i + 1 < n && chars[i + 1] == '"' {
                    arg.push('"');
                    i += 2;
                    continue;
                }
                in_quotes = !in_quotes;
                i += 1;
                continue;
            }
            arg.push(c);
            i += 1;
        }
        args.push(arg);
    }
    args
}

/// `parse_csv(text)` (`parse-csv-function.md`): the fields of the first record; `"` quotes a
/// field, `""` inside quotes is a quote, and quoted fields may hold commas and line feeds.
fn parse_csv(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => fields.push(std::mem::take(&mut field)),
            '\n' => break,
            '\r' if chars.peek() == Some(&'\n') => break,
            _ => field.push(c),
        }
    }
    fields.push(field);
    dyn_value(Dynamic::array(
        fields.iter().map(|s| Dynamic::string(s)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::windows_argv;

    #[test]
    fn command_lines_split_as_windows_does() {
        assert_eq!(
            windows_argv(r#"echo "hello world!""#),
            ["echo", "hello world!"]
        );
        assert_eq!(windows_argv(r#"a\\\"b c"#), [r#"a\"b"#, "c"]);
        assert_eq!(windows_argv(r#"a\\\\"b c" d"#), [r#"a\\b c"#, "d"]);
        assert_eq!(windows_argv(r"C:\dir\x.exe  -y"), [r"C:\dir\x.exe", "-y"]);
    }
}
