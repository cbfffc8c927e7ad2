//! A YAML tree that remembers where every node came from.
//!
//! Built on the event parser of `saphyr-parser` (the maintained successor of yaml-rust), which
//! reports a span for every event. We build our own small tree rather than a generic value so
//! that every check can point at the exact key or value it is talking about, duplicate keys are
//! seen (generic maps silently drop them), and alias expansion is bounded.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as ParserStyle, ScanError};

use crate::diag::Span;

/// How a scalar was written; the query offset map needs it to find each character in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    /// An explicit tag such as `!!str`, as written (`!!` handle included).
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// One YAML node and the byte range it covers in the file. For a block scalar (`|`, `>`) the
/// span starts at the indicator; for a quoted scalar it includes the quotes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

/// The JSON-like type a plain scalar resolves to under the YAML 1.2 core schema, which is how
/// Sentinel's tooling (and every JSON Schema we apply) sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    Null,
    Bool,
    Int,
    Float,
    String,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The text of a scalar, whatever its resolved type (`5` gives `"5"`).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|scalar| scalar.value.as_str())
    }

    /// The text of a scalar that resolves to a string (quoted, block, or plain non-keyword).
    pub fn as_string(&self) -> Option<&str> {
        match self.scalar_type() {
            Some(ScalarType::String) => self.as_str(),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.scalar_type()? {
            ScalarType::Bool => Some(self.as_str()?.eq_ignore_ascii_case("true")),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.scalar_type()? {
            ScalarType::Int => parse_int(self.as_str()?),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.scalar_type()? {
            ScalarType::Int => parse_int(self.as_str()?).map(|v| v as f64),
            ScalarType::Float => parse_float(self.as_str()?),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.scalar_type() == Some(ScalarType::Null)
    }

    /// The entry for `key` (exact, case-sensitive). With duplicate keys the last one wins, as
    /// in most YAML loaders; the duplicate itself is reported by the loader.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|entry| entry.key.as_str() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The entry whose key matches `key` ignoring ASCII case, for "did you mean" help.
    pub fn entry_ignore_case(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.iter().rev().find(|entry| {
            entry
                .key
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
        })
    }

    pub fn scalar_type(&self) -> Option<ScalarType> {
        let scalar = self.as_scalar()?;
        if scalar.style != ScalarStyle::Plain {
            return Some(match scalar.tag.as_deref() {
                Some("!!int") => ScalarType::Int,
                Some("!!float") => ScalarType::Float,
                Some("!!bool") => ScalarType::Bool,
                _ => ScalarType::String,
            });
        }
        if let Some(tag) = scalar.tag.as_deref() {
            match tag {
                "!!str" => return Some(ScalarType::String),
                "!!null" => return Some(ScalarType::Null),
                _ => {}
            }
        }
        Some(resolve_plain(&scalar.value))
    }

    /// A short name of the node's type, for messages ("expected a string, found a sequence").
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Scalar(_) => match self.scalar_type() {
                Some(ScalarType::Null) => "null",
                Some(ScalarType::Bool) => "a boolean",
                Some(ScalarType::Int) => "an integer",
                Some(ScalarType::Float) => "a number",
                _ => "a string",
            },
        }
    }

    /// The node as JSON, with plain scalars typed by the YAML 1.2 core schema. Used to apply the
    /// JSON Schemas in `schemas/`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => {
                let mut map = serde_json::Map::new();
                for entry in entries {
                    let key = match &entry.key.kind {
                        NodeKind::Scalar(scalar) => scalar.value.clone(),
                        _ => entry.key.to_json().to_string(),
                    };
                    map.insert(key, entry.value.to_json());
                }
                Value::Object(map)
            }
            NodeKind::Scalar(scalar) => match self.scalar_type() {
                Some(ScalarType::Null) => Value::Null,
                Some(ScalarType::Bool) => Value::Bool(scalar.value.eq_ignore_ascii_case("true")),
                Some(ScalarType::Int) => parse_int(&scalar.value)
                    .map(Value::from)
                    .unwrap_or_else(|| Value::String(scalar.value.clone())),
                Some(ScalarType::Float) => parse_float(&scalar.value)
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(scalar.value.clone())),
                _ => Value::String(scalar.value.clone()),
            },
        }
    }

    /// The node at a JSON pointer (`/entityMappings/0/fieldMappings`), as `jsonschema` reports
    /// instance locations.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                NodeKind::Mapping(_) => node.get(&segment)?,
                NodeKind::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }

    /// The key node of the entry at a JSON pointer, when the pointer ends in a mapping key.
    pub fn key_at_pointer(&self, pointer: &str) -> Option<&Node> {
        let (parent, last) = pointer.rsplit_once('/')?;
        let parent = self.at_pointer(parent)?;
        let key = last.replace("~1", "/").replace("~0", "~");
        parent.entry(&key).map(|entry| &entry.key)
    }
}

/// The type a plain (unquoted) scalar with this text resolves to under the YAML 1.2 core schema;
/// writers use it to know when a string must be quoted.
pub fn resolve_plain(value: &str) -> ScalarType {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => ScalarType::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarType::Bool,
        _ if parse_int(value).is_some() => ScalarType::Int,
        _ if is_core_float(value) => ScalarType::Float,
        _ => ScalarType::String,
    }
}

fn parse_int(value: &str) -> Option<i64> {
    let (negative, digits) = match value.as_bytes().first()? {
        b'-' => (true, &value[1..]),
        b'+' => (false, &value[1..]),
        _ => (false, value),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(octal) = digits.strip_prefix("0o") {
        i64::from_str_radix(octal, 8).ok()?
    } else {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn is_core_float(value: &str) -> bool {
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(value, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut digits = 0;
    let mut chars = body.chars().peekable();
    while chars.peek().is_some_and(char::is_ascii_digit) {
        chars.next();
        digits += 1;
    }
    if chars.peek() == Some(&'.') {
        chars.next();
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if matches!(chars.peek(), Some('e' | 'E')) {
        chars.next();
        if matches!(chars.peek(), Some('+' | '-')) {
            chars.next();
        }
        let mut exponent_digits = 0;
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            exponent_digits += 1;
        }
        if exponent_digits == 0 {
            return false;
        }
    }
    chars.next().is_none()
}

fn parse_float(value: &str) -> Option<f64> {
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    let sign = if value.starts_with('-') { -1.0 } else { 1.0 };
    match body {
        ".inf" | ".Inf" | ".INF" => Some(sign * f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => value.parse().ok(),
    }
}

/// What went wrong while loading; the caller turns these into diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    Syntax {
        message: String,
        span: Span,
    },
    DuplicateKey {
        key: String,
        span: Span,
        first: Span,
    },
    TooDeep {
        span: Span,
    },
    AliasExpansionTooLarge {
        span: Span,
    },
    /// A mapping or list with more than [`MAX_COLLECTION_ITEMS`] entries: the item where the
    /// loader stopped.
    TooManyItems {
        span: Span,
    },
    /// A query longer than [`MAX_QUERY_BYTES`](crate::content::model::MAX_QUERY_BYTES): it is
    /// neither parsed nor analyzed. The span is the query's scalar.
    QueryTooLarge {
        span: Span,
        bytes: usize,
    },
    /// An alias to the node that contains it (`a: &x [*x]`): the parser accepts it, since the
    /// anchor is defined, but the tree would be infinite. (An alias to an anchor that is never
    /// defined is a syntax error of the parser.)
    RecursiveAlias {
        span: Span,
    },
    MultipleDocuments {
        span: Span,
    },
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// The first document; after a syntax error, whatever was read before it, with open
    /// containers closed, so that checks still see as much of the file as possible.
    pub root: Option<Node>,
    pub problems: Vec<LoadProblem>,
}

/// Nesting beyond this is no Sentinel content; stopping here keeps recursion over the tree safe.
pub const MAX_DEPTH: usize = 128;
/// Nodes that aliases may add in all; a "billion laughs" file hits this long before memory does.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Entries one mapping or list may have. Sentinel content has a few dozen at most; a file with
/// hundreds of thousands of keys is broken or hostile, and every rule that walks a mapping
/// (unknown fields, duplicate keys, "did you mean") would pay for each of them.
pub const MAX_COLLECTION_ITEMS: usize = 10_000;
/// From this many entries on, a mapping keeps a hash index of its keys for the duplicate check,
/// which would otherwise compare each new key with every earlier one.
const INDEXED_MAPPING: usize = 16;

/// Converts the parser's character indices into byte offsets of the original text.
struct Offsets {
    /// Byte offset of each character, only when the text is not pure ASCII.
    char_to_byte: Option<Vec<u32>>,
    base: u32,
    len: u32,
}

impl Offsets {
    fn new(text: &str, base: u32) -> Self {
        let char_to_byte = (!text.is_ascii()).then(|| {
            let mut table: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            table.push(text.len() as u32);
            table
        });
        Offsets {
            char_to_byte,
            base,
            len: text.len() as u32,
        }
    }

    fn byte(&self, char_index: usize) -> u32 {
        let local = match &self.char_to_byte {
            Some(table) => table.get(char_index).copied().unwrap_or(self.len),
            None => (char_index as u32).min(self.len),
        };
        local + self.base
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        Span::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

enum Frame {
    Sequence {
        start: u32,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: u32,
        anchor: usize,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        /// Index of the first entry of each scalar key, once the mapping is large.
        keys: Option<HashMap<String, usize>>,
    },
}

impl Frame {
    fn len(&self) -> usize {
        match self {
            Frame::Sequence { items, .. } => items.len(),
            Frame::Mapping { entries, .. } => entries.len(),
        }
    }
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
    documents: usize,
    root: Option<Node>,
    problems: Vec<LoadProblem>,
    end: u32,
}

impl Builder {
    fn push_node(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        self.end = self.end.max(node.span.end);
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries,
                pending_key,
                keys,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    if let Some(name) = key.as_str() {
                        if keys.is_none() && entries.len() >= INDEXED_MAPPING {
                            let mut index = HashMap::with_capacity(entries.len() * 2);
                            for (i, entry) in entries.iter().enumerate() {
                                if let Some(earlier) = entry.key.as_str() {
                                    index.entry(earlier.to_string()).or_insert(i);
                                }
                            }
                            *keys = Some(index);
                        }
                        let first = match keys {
                            Some(index) => match index.get(name) {
                                Some(&i) => entries.get(i),
                                None => {
                                    index.insert(name.to_string(), entries.len());
                                    None
                                }
                            },
                            None => entries.iter().find(|e| e.key.as_str() == Some(name)),
                        };
                        if let Some(first) = first {
                            self.problems.push(LoadProblem::DuplicateKey {
                                key: name.to_string(),
                                span: key.span,
                                first: first.key.span,
                            });
                        }
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
    }

    fn close(&mut self, end: u32) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let end = end.max(self.end);
        let (node, anchor) = match frame {
            Frame::Sequence {
                start,
                anchor,
                mut items,
            } => {
                // Every loaded file keeps its tree until the run ends: no spare capacity.
                items.shrink_to_fit();
                // A frame closed early (the file broke off after its start) may have seen no
                // node since: its span must still not end before it starts.
                let end = items.last().map_or(end, |n| end.max(n.span.end)).max(start);
                (
                    Node {
                        span: Span::new(start, end),
                        kind: NodeKind::Sequence(items),
                    },
                    anchor,
                )
            }
            Frame::Mapping {
                start,
                anchor,
                mut entries,
                pending_key,
                ..
            } => {
                // A key without value (the file was cut short) still deserves to be seen.
                if let Some(key) = pending_key {
                    let at = key.span.end;
                    entries.push(Entry {
                        key,
                        value: Node {
                            span: Span::empty(at),
                            kind: NodeKind::Scalar(Scalar {
                                value: String::new(),
                                style: ScalarStyle::Plain,
                                tag: None,
                            }),
                        },
                    });
                }
                entries.shrink_to_fit();
                (
                    Node {
                        span: Span::new(start, end.max(start)),
                        kind: NodeKind::Mapping(entries),
                    },
                    anchor,
                )
            }
        };
        self.push_node(node, anchor);
    }
}

/// Loads the first YAML document of `text`. Never panics; every problem is returned with a span.
pub fn load(text: &str) -> Loaded {
    // The parser would take a byte-order mark as content; the caller reports it separately.
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    };
    let offsets = Offsets::new(body, base);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        documents: 0,
        root: None,
        problems: Vec::new(),
        end: base,
    };
    let mut depth_exceeded = false;
    for event in Parser::new_from_str(body) {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(error) => {
                builder.problems.push(syntax_problem(&error, &offsets));
                break;
            }
        };
        let span = offsets.span(span);
        let adds_item = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if adds_item
            && builder.documents <= 1
            && builder
                .stack
                .last()
                .is_some_and(|frame| frame.len() >= MAX_COLLECTION_ITEMS)
        {
            builder.problems.push(LoadProblem::TooManyItems { span });
            break;
        }
        match event {
            Event::DocumentStart(_) => {
                builder.documents += 1;
                if builder.documents == 2 {
                    builder
                        .problems
                        .push(LoadProblem::MultipleDocuments { span });
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if builder.documents > 1 {
                    continue;
                }
                let mut value = value.into_owned();
                // The scanner grows its strings as it reads; the tree keeps them for the run.
                value.shrink_to_fit();
                let node = Node {
                    span,
                    kind: NodeKind::Scalar(Scalar {
                        value,
                        style: convert_style(style),
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    }),
                };
                builder.push_node(node, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if builder.documents > 1 {
                    continue;
                }
                if builder.stack.len() >= MAX_DEPTH {
                    builder.problems.push(LoadProblem::TooDeep { span });
                    depth_exceeded = true;
                    break;
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Sequence {
                        start: span.start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Mapping {
                        start: span.start,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                        keys: None,
                    }
                };
                builder.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if builder.documents > 1 {
                    continue;
                }
                builder.close(span.end);
            }
            Event::Alias(anchor) => {
                if builder.documents > 1 {
                    continue;
                }
                let Some(target) = builder.anchors.get(&anchor).cloned() else {
                    builder.problems.push(LoadProblem::RecursiveAlias { span });
                    continue;
                };
                let size = count_nodes(&target);
                if size > builder.alias_budget {
                    builder
                        .problems
                        .push(LoadProblem::AliasExpansionTooLarge { span });
                    break;
                }
                builder.alias_budget -= size;
                builder.push_node(target, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    if depth_exceeded {
        // Closing thousands of frames one by one is fine; recursion is what we avoid.
        builder.stack.truncate(1);
    }
    let end = builder.end;
    while !builder.stack.is_empty() {
        builder.close(end);
    }
    Loaded {
        root: builder.root,
        problems: builder.problems,
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        count += 1;
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => pending.extend(items),
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    pending.push(&entry.key);
                    pending.push(&entry.value);
                }
            }
        }
    }
    count
}

fn syntax_problem(error: &ScanError, offsets: &Offsets) -> LoadProblem {
    let at = offsets.byte(error.marker().index());
    let mut message = error.info().to_string();
    if let Some(first) = message.get(..1) {
        let rest = message[1..].to_string();
        message = first.to_lowercase() + &rest;
    }
    LoadProblem::Syntax {
        message,
        span: Span::empty(at),
    }
}

fn convert_style(style: ParserStyle) -> ScalarStyle {
    match style {
        ParserStyle::Plain => ScalarStyle::Plain,
        ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        ParserStyle::Literal => ScalarStyle::Literal,
        ParserStyle::Folded => ScalarStyle::Folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let loaded = load(text);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.root.expect("a document")
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "id: abc\nlist:\n  - one\n  - two\n";
        let node = root(text);
        let entry = node.entry("id").unwrap();
        assert_eq!(&text[entry.key.span.range()], "id");
        assert_eq!(&text[entry.value.span.range()], "abc");
        let second = &node.get("list").unwrap().as_sequence().unwrap()[1];
        assert_eq!(&text[second.span.range()], "two");
    }

    #[test]
    fn spans_are_bytes_after_non_ascii_text() {
        let text = "name: café\nid: x\n";
        let node = root(text);
        assert_eq!(&text[node.get("id").unwrap().span.range()], "x");
    }

    #[test]
    fn byte_order_mark_is_skipped_with_offsets_kept() {
        let text = "\u{feff}id: x\n";
        let node = root(text);
        assert_eq!(&text[node.get("id").unwrap().span.range()], "x");
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let loaded = load("a: 1\nb: 2\na: 3\n");
        assert!(matches!(
            loaded.problems.as_slice(),
            [LoadProblem::DuplicateKey { key, .. }] if key == "a"
        ));
        assert_eq!(loaded.root.unwrap().get("a").unwrap().as_i64(), Some(3));
    }

    #[test]
    fn syntax_error_keeps_what_came_before() {
        let loaded = load("id: x\nname: [unclosed\n");
        assert!(matches!(loaded.problems[0], LoadProblem::Syntax { .. }));
        assert_eq!(loaded.root.unwrap().get("id").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='k' {
            text.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
            previous = name;
        }
        let loaded = load(&text);
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| matches!(p, LoadProblem::AliasExpansionTooLarge { .. }))
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let loaded = load(&text);
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| matches!(p, LoadProblem::TooDeep { .. } | LoadProblem::Syntax { .. }))
        );
    }

    #[test]
    fn plain_scalars_resolve_like_yaml_core_schema() {
        let node = root("a: 5\nb: '5'\nc: true\nd: 1.5\ne: ~\nf: 5m\n");
        assert_eq!(node.get("a").unwrap().as_i64(), Some(5));
        assert_eq!(node.get("b").unwrap().as_string(), Some("5"));
        assert_eq!(node.get("c").unwrap().as_bool(), Some(true));
        assert_eq!(node.get("d").unwrap().as_f64(), Some(1.5));
        assert!(node.get("e").unwrap().is_null());
        assert_eq!(node.get("f").unwrap().as_string(), Some("5m"));
    }

    #[test]
    fn recursive_aliases_are_reported_and_undefined_ones_are_syntax_errors() {
        for text in ["a: &x [1, *x]\n", "a: &x {k: *x}\n"] {
            let loaded = load(text);
            assert!(
                matches!(loaded.problems.as_slice(), [LoadProblem::RecursiveAlias { span }] if &text[span.range()] == "*x"),
                "{text:?}: {:?}",
                loaded.problems
            );
        }
        assert!(matches!(
            load("a: *nope\n").problems.as_slice(),
            [LoadProblem::Syntax { .. }]
        ));
    }

    /// Found by the `content` fuzz target: a list that a syntax error cuts off right after it
    /// starts got a span ending before its start (SL301 then underlined it backwards).
    #[test]
    fn containers_cut_off_by_a_syntax_error_have_ordered_spans() {
        let text = "query: T\nentityMappings:\n  - enti\u{0}ty: Account\n";
        let loaded = load(text);
        assert!(!loaded.problems.is_empty());
        let mut pending = vec![loaded.root.expect("a document")];
        while let Some(node) = pending.pop() {
            assert!(node.span.start <= node.span.end, "{node:?}");
            assert!(node.span.end as usize <= text.len(), "{node:?}");
            match node.kind {
                NodeKind::Scalar(_) => {}
                NodeKind::Sequence(items) => pending.extend(items),
                NodeKind::Mapping(entries) => {
                    pending.extend(entries.into_iter().flat_map(|e| [e.key, e.value]))
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_in_large_mappings_are_found_by_index() {
        let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k5: again\nk99: again\n");
        let loaded = load(&text);
        let keys: Vec<&str> = loaded
            .problems
            .iter()
            .filter_map(|p| match p {
                LoadProblem::DuplicateKey { key, first, .. } => {
                    assert_eq!(&text[first.range()], key.as_str());
                    Some(key.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(keys, ["k5", "k99"]);
    }

    #[test]
    fn collections_are_limited_in_size() {
        let text = format!("a:\n{}", "  - 1\n".repeat(MAX_COLLECTION_ITEMS + 1));
        let loaded = load(&text);
        assert!(matches!(
            loaded.problems.as_slice(),
            [LoadProblem::TooManyItems { .. }]
        ));
        let items = loaded
            .root
            .unwrap()
            .get("a")
            .unwrap()
            .as_sequence()
            .unwrap()
            .len();
        assert_eq!(items, MAX_COLLECTION_ITEMS);
        let keys: String = (0..=MAX_COLLECTION_ITEMS)
            .map(|i| format!("k{i}: 1\n"))
            .collect();
        assert!(matches!(
            load(&keys).problems.as_slice(),
            [LoadProblem::TooManyItems { .. }]
        ));
    }
}
