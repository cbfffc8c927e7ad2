//! Where each byte of a YAML scalar's value sits in the file.
//!
//! A query reaches the KQL parser unescaped and unindented; its errors must still point at the
//! right character of the `.yaml`. We re-read the scalar's source text by the rules of its style
//! (block literal, folded, plain, single- or double-quoted) and record, for every byte of the
//! value we rebuild, the file offset it came from. The rebuilt value is compared with the YAML
//! parser's: if they ever differ, the map degrades to pointing at the scalar's start rather than
//! at a wrong character.

use crate::content::yaml::{Node, ScalarStyle};
use crate::diag::Span;

/// Offsets into the file for every byte of a scalar value, plus one for the end.
///
/// Stored as runs, one per stretch of bytes that sit side by side in the file (about one per
/// line): every loaded query keeps its map until the run ends, and a plain offset per byte
/// took four times the query's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryMap {
    runs: Box<[Run]>,
    /// The number of offsets: the value's length plus one.
    len: u32,
    exact: bool,
    /// The length of the file: no mapped offset lies past it. A block scalar at the very end
    /// of a file without a final line break still gets one in its value (YAML's clip
    /// chomping), and that byte has no character of its own.
    limit: u32,
    /// When the map is not exact, the length in bytes of the one character every offset
    /// points at.
    anchor_width: u32,
}

/// Offsets `start..` of the value (up to the next run) sit at `file`, `file + step`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    start: u32,
    file: u32,
    /// 1 for consecutive bytes, 0 for bytes that all map to one place.
    step: u32,
}

impl QueryMap {
    /// A map for text that is the whole file (a `.kql` file): byte `i` is at `i`.
    pub fn identity(len: usize) -> Self {
        QueryMap::shifted(len, 0)
    }

    /// A map for text that starts `offset` bytes into the file (after a byte-order mark).
    pub fn shifted(len: usize, offset: u32) -> Self {
        QueryMap {
            runs: Box::new([Run {
                start: 0,
                file: offset,
                step: 1,
            }]),
            len: len as u32 + 1,
            exact: true,
            limit: len as u32 + offset,
            anchor_width: 1,
        }
    }

    fn from_offsets(offsets: &[u32], exact: bool) -> Self {
        let mut runs: Vec<Run> = Vec::new();
        let mut i = 0;
        while i < offsets.len() {
            let file = offsets[i];
            let step = match offsets.get(i + 1) {
                Some(&next) if next == file => 0,
                _ => 1,
            };
            let mut j = i + 1;
            while j < offsets.len() && offsets[j] == file.wrapping_add(step * (j - i) as u32) {
                j += 1;
            }
            runs.push(Run {
                start: i as u32,
                file,
                step,
            });
            i = j;
        }
        QueryMap {
            runs: runs.into_boxed_slice(),
            len: offsets.len() as u32,
            exact,
            limit: u32::MAX,
            anchor_width: 1,
        }
    }

    /// Builds the map of `node`, a scalar of `source`.
    pub fn for_scalar(source: &str, node: &Node) -> Self {
        let mut map = QueryMap::unclamped(source, node);
        map.limit = source.len() as u32;
        if !map.exact {
            // Every byte points at the scalar's first character; a span must cover all of it,
            // since the renderers slice the file there (a block scalar may well start with `é`).
            let at = map.file_offset(0) as usize;
            map.anchor_width = source
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, |c| c.len_utf8() as u32);
        }
        map
    }

    fn unclamped(source: &str, node: &Node) -> Self {
        let Some(scalar) = node.as_scalar() else {
            return QueryMap::fallback(0, node.span.start);
        };
        let start = node.span.start as usize;
        let rebuilt = match scalar.style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                block_indicator(source, start).and_then(|indicator| {
                    block_scalar(source, indicator, scalar.style == ScalarStyle::Folded)
                })
            }
            ScalarStyle::Plain => flow_scalar(source, start, node.span.end as usize, Quote::None),
            ScalarStyle::SingleQuoted => {
                flow_scalar(source, start + 1, node.span.end as usize, Quote::Single)
            }
            ScalarStyle::DoubleQuoted => {
                flow_scalar(source, start + 1, node.span.end as usize, Quote::Double)
            }
        };
        match rebuilt {
            Some(rebuilt) if rebuilt.text == scalar.value => {
                QueryMap::from_offsets(&rebuilt.offsets, true)
            }
            Some(rebuilt) => QueryMap::reconcile(rebuilt, &scalar.value, node.span.start),
            None => QueryMap::fallback(scalar.value.len(), node.span.start),
        }
    }

    /// The YAML parser and the spec sometimes disagree on trailing line breaks (a last blank
    /// line at the end of the file, say). When the two texts differ only in trailing
    /// whitespace, every character still maps exactly; the extra breaks map to the end.
    fn reconcile(rebuilt: Rebuilt, value: &str, at: u32) -> Self {
        let common = rebuilt
            .text
            .bytes()
            .zip(value.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let only_whitespace_differs = rebuilt.text[common..].trim().is_empty()
            && value
                .get(common..)
                .is_some_and(|rest| rest.trim().is_empty());
        if !only_whitespace_differs {
            return QueryMap::fallback(value.len(), at);
        }
        let end = rebuilt.offsets[common.min(rebuilt.offsets.len() - 1)];
        let mut offsets = rebuilt.offsets[..common].to_vec();
        offsets.resize(value.len() + 1, end);
        QueryMap::from_offsets(&offsets, true)
    }

    fn fallback(len: usize, at: u32) -> Self {
        QueryMap {
            runs: Box::new([Run {
                start: 0,
                file: at,
                step: 0,
            }]),
            len: len as u32 + 1,
            exact: false,
            limit: u32::MAX,
            anchor_width: 1,
        }
    }

    /// Whether every byte maps to its own character in the file.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The file offset of byte `offset` of the value.
    pub fn file_offset(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len.saturating_sub(1));
        let i = self.runs.partition_point(|r| r.start <= offset);
        let file = match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(run) => run.file + run.step * (offset - run.start),
            None => 0,
        };
        file.min(self.limit)
    }

    /// The file span of a span of the value. An empty span stays empty; a span that crosses
    /// lines keeps its start and end characters.
    pub fn file_span(&self, span: Span) -> Span {
        let start = self.file_offset(span.start);
        if !self.exact {
            if span.is_empty() {
                return Span::empty(start);
            }
            return Span::new(start, (start + self.anchor_width).min(self.limit));
        }
        if span.is_empty() {
            // The end of the value sits right after its last character, not at whatever closes
            // the scalar (a quote, the next key).
            let len = self.len - 1;
            if span.start == len && len > 0 {
                return Span::empty((self.file_offset(len - 1) + 1).min(self.limit));
            }
            return Span::empty(start);
        }
        // The end is exclusive: map the last byte and step past it, so that a span ending at a
        // folded line break does not stretch to the next line's indentation.
        let last = self.file_offset(span.end - 1);
        Span::new(start, (last + 1).min(self.limit).max(start))
    }
}

struct Rebuilt {
    text: String,
    offsets: Vec<u32>,
}

impl Rebuilt {
    fn new() -> Self {
        Rebuilt {
            text: String::new(),
            offsets: Vec::new(),
        }
    }

    fn push_str(&mut self, text: &str, at: usize) {
        self.text.push_str(text);
        self.offsets
            .extend((0..text.len()).map(|i| (at + i) as u32));
    }

    /// A character that stands for other source text (an escape, a folded line break): all its
    /// bytes point at `at`.
    fn push_char_from(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.offsets
            .extend(std::iter::repeat_n(at as u32, c.len_utf8()));
    }

    fn finish(mut self, end: usize) -> Self {
        self.offsets.push(end as u32);
        self
    }
}

/// The lines of `source` from `from`: (start offset, text without line ending).
fn lines_from(source: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= source.len() {
            return None;
        }
        let rest = &source[at..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let line_start = at;
        at += advance;
        Some((line_start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The `|` or `>` that opens the block scalar whose content starts at `content_start` (the
/// parser's span begins at the content): the last non-blank line above it, which must end in a
/// block header, possibly followed by a comment.
fn block_indicator(source: &str, content_start: usize) -> Option<usize> {
    let mut line_end = source[..content_start].rfind('\n')?;
    loop {
        let line_start = source[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = source[line_start..line_end].trim_end_matches('\r');
        let code = match line.find(" #") {
            Some(i) => &line[..i],
            None => line,
        }
        .trim_end();
        if !code.is_empty() {
            let header_start = code.rfind(['|', '>'])?;
            let header = &code[header_start + 1..];
            if header.chars().all(|c| matches!(c, '-' | '+' | '1'..='9')) {
                return Some(line_start + header_start);
            }
            return None;
        }
        if line_start == 0 {
            return None;
        }
        line_end = line_start - 1;
    }
}

/// A `|` or `>` scalar whose indicator sits at `start`.
fn block_scalar(source: &str, start: usize, folded: bool) -> Option<Rebuilt> {
    let header_end = source[start..].find('\n').map(|i| start + i + 1)?;
    let header = source[start + 1..header_end].trim_end();
    let header = header.split('#').next().unwrap_or("").trim();
    let mut chomping = '\0';
    let mut explicit_indent = None;
    for c in header.chars() {
        match c {
            '-' | '+' => chomping = c,
            '1'..='9' => explicit_indent = c.to_digit(10).map(|d| d as usize),
            _ => return None,
        }
    }
    // The block's lines end at the first non-empty line indented less than the content.
    let parent_indent = {
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        indent_of(&source[line_start..start])
    };
    let mut indent = explicit_indent.map(|extra| parent_indent + extra);
    let mut content: Vec<(usize, &str)> = Vec::new();
    for (line_start, line) in lines_from(source, header_end) {
        let is_blank = line.trim_start_matches(' ').is_empty();
        if is_blank {
            content.push((line_start, line));
            continue;
        }
        let line_indent = indent_of(line);
        let block_indent = *indent.get_or_insert(line_indent);
        if line_indent < block_indent || (line_indent <= parent_indent && block_indent > 0) {
            break;
        }
        content.push((line_start, line));
    }
    let indent = indent.unwrap_or(0);
    // Trailing blank lines belong to chomping, not to the text.
    let last_text = content
        .iter()
        .rposition(|(_, line)| !line.trim_start_matches(' ').is_empty());
    let (body, trailing) = match last_text {
        Some(i) => content.split_at(i + 1),
        None => content.split_at(0),
    };

    let mut out = Rebuilt::new();
    let mut previous_was_text = false;
    let mut previous_more_indented = false;
    let mut pending_break: Option<usize> = None;
    let mut pending_blank_lines: Vec<usize> = Vec::new();
    for &(line_start, line) in body {
        let line_end = line_start + line.len();
        let is_blank = line.len() <= indent && line.trim_start_matches(' ').is_empty();
        if is_blank {
            pending_blank_lines.push(line_end);
            continue;
        }
        let text = &line[indent.min(line.len())..];
        let more_indented = text.starts_with([' ', '\t']);
        if let Some(break_at) = pending_break.take() {
            if folded {
                // A single line break between two ordinary lines folds into a space; blank lines
                // in between each give one line break; more-indented lines keep their breaks.
                if pending_blank_lines.is_empty() && !more_indented && !previous_more_indented {
                    out.push_char_from(' ', break_at);
                } else {
                    if more_indented || previous_more_indented {
                        out.push_char_from('\n', break_at);
                    }
                    for &blank in &pending_blank_lines {
                        out.push_char_from('\n', blank);
                    }
                }
            } else {
                out.push_char_from('\n', break_at);
                for &blank in &pending_blank_lines {
                    out.push_char_from('\n', blank);
                }
            }
        } else {
            for &blank in &pending_blank_lines {
                out.push_char_from('\n', blank);
            }
        }
        pending_blank_lines.clear();
        out.push_str(text, line_start + indent.min(line.len()));
        previous_was_text = true;
        previous_more_indented = more_indented;
        pending_break = Some(line_end);
    }
    let mut end = pending_break.unwrap_or(header_end);
    if chomping != '-' {
        if let Some(break_at) = pending_break {
            out.push_char_from('\n', break_at);
            end = break_at + 1;
        }
        if chomping == '+' {
            for &blank in pending_blank_lines.iter() {
                out.push_char_from('\n', blank);
            }
            for &(line_start, line) in trailing {
                out.push_char_from('\n', line_start + line.len());
            }
        }
    }
    let _ = previous_was_text;
    Some(out.finish(end))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
}

/// A plain or quoted scalar whose content starts at `from` (after the opening quote).
fn flow_scalar(source: &str, from: usize, span_end: usize, quote: Quote) -> Option<Rebuilt> {
    let bytes = source.as_bytes();
    let mut out = Rebuilt::new();
    let mut i = from;
    // Whitespace is held back until we know it is not trailing whitespace before a line break.
    let mut held_spaces: Option<usize> = None;
    let end_limit = if quote == Quote::None {
        span_end.min(source.len())
    } else {
        source.len()
    };
    while i < end_limit {
        let c = bytes[i];
        match (quote, c) {
            (Quote::Single, b'\'') => {
                if bytes.get(i + 1) == Some(&b'\'') {
                    flush_spaces(&mut out, source, &mut held_spaces, i);
                    out.push_str("'", i);
                    i += 2;
                    continue;
                }
                flush_spaces(&mut out, source, &mut held_spaces, i);
                return Some(out.finish(i));
            }
            (Quote::Double, b'"') => {
                flush_spaces(&mut out, source, &mut held_spaces, i);
                return Some(out.finish(i));
            }
            (Quote::Double, b'\\') => {
                flush_spaces(&mut out, source, &mut held_spaces, i);
                let escape_start = i;
                let next = *bytes.get(i + 1)?;
                i += 2;
                let c = match next {
                    b'0' => '\0',
                    b'a' => '\x07',
                    b'b' => '\x08',
                    b't' | b'\t' => '\t',
                    b'n' => '\n',
                    b'v' => '\x0b',
                    b'f' => '\x0c',
                    b'r' => '\r',
                    b'e' => '\x1b',
                    b' ' => ' ',
                    b'"' => '"',
                    b'/' => '/',
                    b'\\' => '\\',
                    b'N' => '\u{85}',
                    b'_' => '\u{a0}',
                    b'L' => '\u{2028}',
                    b'P' => '\u{2029}',
                    b'x' | b'u' | b'U' => {
                        let digits = match next {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let hex = source.get(i..i + digits)?;
                        i += digits;
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                    }
                    b'\r' | b'\n' => {
                        // An escaped line break joins the lines with nothing in between.
                        if next == b'\r' && bytes.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                            i += 1;
                        }
                        continue;
                    }
                    _ => return None,
                };
                out.push_char_from(c, escape_start);
            }
            (_, b' ' | b'\t') => {
                held_spaces.get_or_insert(i);
                i += 1;
            }
            (_, b'\r' | b'\n') => {
                // Trailing whitespace before a break is dropped; the break folds into a space,
                // or into one newline per blank line that follows.
                held_spaces = None;
                let break_at = i;
                let mut blank_lines = Vec::new();
                i = skip_line_break(bytes, i);
                loop {
                    let line_start = i;
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                        i += 1;
                    }
                    if i < bytes.len() && matches!(bytes[i], b'\r' | b'\n') {
                        blank_lines.push(line_start);
                        i = skip_line_break(bytes, i);
                    } else {
                        break;
                    }
                }
                if i >= end_limit {
                    break;
                }
                if blank_lines.is_empty() {
                    out.push_char_from(' ', break_at);
                } else {
                    for blank in blank_lines {
                        out.push_char_from('\n', blank);
                    }
                }
            }
            _ => {
                flush_spaces(&mut out, source, &mut held_spaces, i);
                let char_len = utf8_len(c);
                let text = source.get(i..i + char_len)?;
                out.push_str(text, i);
                i += char_len;
            }
        }
    }
    if quote != Quote::None {
        return None;
    }
    Some(out.finish(end_limit))
}

fn flush_spaces(out: &mut Rebuilt, source: &str, held: &mut Option<usize>, upto: usize) {
    if let Some(from) = held.take() {
        out.push_str(&source[from..upto], from);
    }
}

fn skip_line_break(bytes: &[u8], i: usize) -> usize {
    if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::load;

    fn map_of(source: &str, key: &str) -> (String, QueryMap) {
        let root = load(source).root.unwrap();
        let node = root.at_pointer(&format!("/{key}")).unwrap();
        let map = QueryMap::for_scalar(source, node);
        (node.as_str().unwrap().to_string(), map)
    }

    /// Every non-space character of the value must map to the same character in the file.
    fn assert_exact(source: &str, key: &str) {
        let (value, map) = map_of(source, key);
        assert!(map.is_exact(), "map for {key:?} fell back; value {value:?}");
        for (i, c) in value.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let at = map.file_offset(i as u32) as usize;
            let found = source[at..].chars().next();
            // An escaped character points at its backslash.
            assert!(
                found == Some(c) || found == Some('\\'),
                "byte {i} of {value:?}: found {found:?}"
            );
        }
    }

    /// Found by the `content` fuzz target: a block scalar that ends the file without a line
    /// break still gets one in its value, and the span of a KQL error at the end of the query
    /// (an unclosed bracket) went one byte past the file.
    #[test]
    fn block_scalar_at_the_end_of_a_file_without_a_line_break_maps_inside_it() {
        for source in [
            "query: |\n  T | where e(",
            "query: >\n  T | where e(",
            "query: |\n  T\n  | where e(",
        ] {
            let (value, map) = map_of(source, "query");
            assert!(value.ends_with('\n'), "{value:?}");
            let len = value.len() as u32;
            let whole = map.file_span(Span::new(0, len));
            assert_eq!(whole.end as usize, source.len(), "{source:?}");
            assert_eq!(map.file_span(Span::empty(len)).end as usize, source.len());
            assert_eq!(map.file_offset(len) as usize, source.len());
        }
    }

    /// Found by the `content` fuzz target: a NUL ends a block scalar for the YAML parser but
    /// not for the rebuild, so the map falls back to the scalar's start. That start was one
    /// byte wide even when the scalar began with a multi-byte character, and the renderers,
    /// which slice the file at a span's ends, were handed a span ending inside it.
    #[test]
    fn fallback_span_covers_a_whole_multibyte_character() {
        let source = "query: |\n  \u{fffd}et x = 1;\n  T\n  | s F\0\0irst\nnext: 1\n";
        let (value, map) = map_of(source, "query");
        assert!(
            !map.is_exact(),
            "the rebuild now agrees; find another fallback case"
        );
        let whole = map.file_span(Span::new(0, value.len() as u32));
        assert_eq!(
            &source[whole.start as usize..whole.end as usize],
            "\u{fffd}"
        );
        let first = map.file_span(Span::new(0, 1));
        assert!(source.is_char_boundary(first.end as usize));
        assert!(map.file_span(Span::empty(0)).is_empty());
    }

    #[test]
    fn literal_block() {
        assert_exact(
            "query: |\n  T\n  | where x == 1\n\n  | take 1\nnext: 1\n",
            "query",
        );
        assert_exact("query: |-\n    T\n      | take 1\n", "query");
        assert_exact("query: |+\n  T\n\n\nnext: 1\n", "query");
        assert_exact("a:\n  query: |\n    T\n    | take 1\n  b: 2\n", "a/query");
    }

    #[test]
    fn folded_block() {
        assert_exact(
            "query: >\n  T\n  | where x\n\n  | take 1\n    indented\n  back\n",
            "query",
        );
        assert_exact("query: >-\n  SecurityEvent\n  | take 1\n", "query");
    }

    #[test]
    fn quoted_and_plain() {
        assert_exact("query: 'T | where a == ''x'''\n", "query");
        assert_exact("query: \"T | where a == \\\"x\\\"\\n| take 1\"\n", "query");
        assert_exact("query: \"T\n  | where a ==\n\n  1\"\n", "query");
        assert_exact("query: T | where a\n  | take 1\n", "query");
        assert_exact("query: \"é \\u00e9 x\"\n", "query");
    }

    #[test]
    fn error_span_lands_on_the_right_line() {
        let source = "id: 1\nquery: |\n  T\n  | where x ==\n";
        let (value, map) = map_of(source, "query");
        let at = value.find("==").unwrap() as u32;
        let span = map.file_span(Span::new(at, at + 2));
        assert_eq!(&source[span.range()], "==");
    }

    #[test]
    fn crlf_literal_block() {
        assert_exact("query: |\r\n  T\r\n  | take 1\r\nnext: 1\r\n", "query");
    }
}
