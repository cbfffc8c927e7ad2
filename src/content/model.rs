//! What a content file is: an analytic rule, a hunting query, a parser, or a bare KQL file.
//!
//! The model is a typed view over the YAML tree rather than a deserialized struct: every check
//! needs the span of the node it talks about, and a struct would lose exactly that.

use std::sync::Arc;

use crate::content::query_map::QueryMap;
use crate::content::yaml::{self, LoadProblem, Node};
use crate::diag::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    Scheduled,
    Nrt,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Scheduled => "Scheduled",
            RuleKind::Nrt => "NRT",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentKind {
    AnalyticRule(RuleKind),
    HuntingQuery,
    /// A saved function: a parser (`FunctionName`/`FunctionAlias`) with its query.
    Parser,
    /// A `.kql` or `.csl` file: the whole file is the query.
    KqlFile,
    /// A YAML file that could not be read far enough to tell what it is.
    Unknown,
}

impl ContentKind {
    pub fn describe(self) -> &'static str {
        match self {
            ContentKind::AnalyticRule(RuleKind::Scheduled) => "scheduled analytic rule",
            ContentKind::AnalyticRule(RuleKind::Nrt) => "NRT analytic rule",
            ContentKind::HuntingQuery => "hunting query",
            ContentKind::Parser => "parser",
            ContentKind::KqlFile => "KQL file",
            ContentKind::Unknown => "unreadable YAML",
        }
    }
}

/// A query inside a content file, with the map back to the file.
#[derive(Clone, Debug)]
pub struct EmbeddedQuery {
    /// The YAML key that holds it (`query`, `FunctionQuery`, …), or `None` for a `.kql` file.
    pub field: Option<&'static str>,
    pub text: String,
    pub map: QueryMap,
    /// The span of the scalar in the file.
    pub span: Span,
}

/// One loaded file, read and parsed once; every check reads from here.
#[derive(Debug)]
pub struct ContentFile {
    /// The path as shown to users (relative to where the tool runs when possible).
    pub path: Arc<str>,
    pub source: Arc<str>,
    pub lines: LineIndex,
    pub kind: ContentKind,
    /// True when the kind was guessed: scheduling fields present but `kind` missing.
    pub kind_inferred: bool,
    pub root: Option<Node>,
    pub query: Option<EmbeddedQuery>,
    pub load_problems: Vec<LoadProblem>,
}

impl ContentFile {
    /// The top-level value of `key`, if the file is a YAML mapping that has it.
    pub fn field(&self, key: &str) -> Option<&Node> {
        self.root.as_ref()?.get(key)
    }

    /// Where to point when a top-level key is missing: the document's first key (the whole
    /// mapping would underline the entire file).
    pub fn missing_field_span(&self) -> Span {
        match self.root.as_ref().and_then(Node::as_mapping) {
            Some([first, ..]) => first.key.span,
            _ => Span::empty(0),
        }
    }

    /// The function a parser defines: `FunctionAlias`, else `FunctionName`, else `ParserName`,
    /// else `LookupTableName`. A name that is not an identifier (the templates' `<parser
    /// function name>`) defines none.
    pub fn function_name(&self) -> Option<&str> {
        if self.kind != ContentKind::Parser {
            return None;
        }
        [
            "FunctionAlias",
            "FunctionName",
            "ParserName",
            "LookupTableName",
        ]
        .iter()
        .find_map(|key| self.field(key).and_then(|n| n.as_str()))
        .filter(|name| is_identifier(name))
    }

    /// Every name a parser's function is called by: [`Self::function_name`], then the
    /// `EquivalentBuiltInFunction` alias that the ASIM library functions and parsers declare
    /// (`ASIM_ResolveDvcFQDN` is also `_ASIM_ResolveDvcFQDN`), as `FunctionAlias` is one.
    pub fn function_names(&self) -> impl Iterator<Item = &str> {
        let primary = self.function_name();
        let alias = primary
            .and_then(|_| self.field("EquivalentBuiltInFunction"))
            .and_then(|n| n.as_str())
            .filter(|name| is_identifier(name) && Some(*name) != primary);
        primary.into_iter().chain(alias)
    }

    /// A parser's version (`Parser.Version`, else `Version`/`version`) as numbers, for choosing
    /// between two parsers of one function: `'0.2.0'` is `[0, 2, 0]`.
    pub fn parser_version(&self) -> Vec<u32> {
        let text = self
            .field("Parser")
            .and_then(|p| p.get("Version"))
            .or_else(|| self.field("Version"))
            .or_else(|| self.field("version"))
            .and_then(|v| v.as_str());
        text.map(|t| {
            t.split('.')
                .map(|part| {
                    let digits: String = part.chars().filter(char::is_ascii_digit).collect();
                    digits.parse().unwrap_or(0)
                })
                .collect()
        })
        .unwrap_or_default()
    }

    pub fn is_rule(&self) -> bool {
        matches!(self.kind, ContentKind::AnalyticRule(_))
    }

    /// Analytic rules and hunting queries share the metadata fields (tactics, techniques,
    /// connectors, entity mappings); parsers have none of them.
    pub fn is_rule_or_hunting_query(&self) -> bool {
        self.is_rule() || self.kind == ContentKind::HuntingQuery
    }

    pub fn rule_kind(&self) -> Option<RuleKind> {
        match self.kind {
            ContentKind::AnalyticRule(kind) => Some(kind),
            _ => None,
        }
    }

    /// Text of the span, for messages.
    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.range()).unwrap_or("")
    }
}

/// Why a file was not taken as content (shown with `--verbose`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: Arc<str>,
    pub reason: String,
}

pub enum Loaded {
    Content(Box<ContentFile>),
    Skipped(Skipped),
}

/// The fields that name a parser or saved function. `LookupTableName` names the lookup tables
/// the ASIM parsers keep as functions (`AADSTSErrorCodes`, read by five authentication parsers
/// with `lookup AADSTSErrorCodes on ResultType`).
pub const PARSER_NAME_FIELDS: [&str; 4] = [
    "FunctionName",
    "FunctionAlias",
    "ParserName",
    "LookupTableName",
];

/// The fields that hold a parser's query, in the order Azure-Sentinel tooling looks for them.
pub const PARSER_QUERY_FIELDS: [&str; 4] =
    ["FunctionQuery", "ParserQuery", "LookupTableQuery", "query"];

/// Queries longer than this are neither parsed nor analyzed (SL006 says so). Sentinel takes at
/// most 10,000 characters in an analytic rule's query, and the largest file of the
/// Azure-Sentinel corpus is 20 KB; parsing and analysis cost about 0.4 s and 35 MB per MiB of
/// query, so the limit keeps one hostile file from holding a run for seconds.
pub const MAX_QUERY_BYTES: usize = 1024 * 1024;

/// Classifies and loads one file's text. `extension` decides between YAML and KQL.
pub fn load_text(path: Arc<str>, source: Arc<str>, is_kql: bool) -> Loaded {
    let lines = LineIndex::new(&source);
    if is_kql && source.len() > MAX_QUERY_BYTES {
        return Loaded::Content(Box::new(ContentFile {
            path,
            lines,
            kind: ContentKind::KqlFile,
            kind_inferred: false,
            root: None,
            query: None,
            load_problems: vec![LoadProblem::QueryTooLarge {
                span: Span::empty(0),
                bytes: source.len(),
            }],
            source,
        }));
    }
    if is_kql {
        let text = source
            .strip_prefix('\u{feff}')
            .unwrap_or(&source)
            .to_string();
        let offset = (source.len() - text.len()) as u32;
        let map = QueryMap::identity(text.len());
        let map = if offset == 0 {
            map
        } else {
            QueryMap::shifted(text.len(), offset)
        };
        let span = Span::new(offset, source.len() as u32);
        return Loaded::Content(Box::new(ContentFile {
            path,
            source: source.clone(),
            lines,
            kind: ContentKind::KqlFile,
            kind_inferred: false,
            root: None,
            query: Some(EmbeddedQuery {
                field: None,
                text,
                map,
                span,
            }),
            load_problems: Vec::new(),
        }));
    }
    let loaded = yaml::load(&source);
    let has_problems = !loaded.problems.is_empty();
    let Some(root) = loaded.root else {
        if has_problems {
            return Loaded::Content(Box::new(ContentFile {
                path,
                source,
                lines,
                kind: ContentKind::Unknown,
                kind_inferred: false,
                root: None,
                query: None,
                load_problems: loaded.problems,
            }));
        }
        return Loaded::Skipped(Skipped {
            path,
            reason: "empty YAML document".into(),
        });
    };
    let Some((kind, inferred, query_field)) = classify(&root) else {
        if has_problems && root.as_mapping().is_some() {
            return Loaded::Content(Box::new(ContentFile {
                path,
                source,
                lines,
                kind: ContentKind::Unknown,
                kind_inferred: false,
                root: Some(root),
                query: None,
                load_problems: loaded.problems,
            }));
        }
        let reason = if root.as_mapping().is_none() {
            format!("the document is {}, not a mapping", root.type_name())
        } else {
            "no `kind: Scheduled|NRT`, no `FunctionName`/`FunctionAlias`/`ParserName`/`LookupTableName` with a query, and no `query`"
                .to_string()
        };
        return Loaded::Skipped(Skipped { path, reason });
    };
    let mut problems = loaded.problems;
    let query = query_field.and_then(|field| {
        let node = root.get(field)?;
        let text = node.as_str()?;
        if text.len() > MAX_QUERY_BYTES {
            problems.push(LoadProblem::QueryTooLarge {
                span: node.span,
                bytes: text.len(),
            });
            return None;
        }
        let text = text.to_string();
        Some(EmbeddedQuery {
            field: Some(field),
            map: QueryMap::for_scalar(&source, node),
            text,
            span: node.span,
        })
    });
    Loaded::Content(Box::new(ContentFile {
        path,
        source,
        lines,
        kind,
        kind_inferred: inferred,
        root: Some(root),
        query,
        load_problems: problems,
    }))
}

/// The classification rules of the issue tracker's foundation issue, in order: rule, parser,
/// hunting query.
fn classify(root: &Node) -> Option<(ContentKind, bool, Option<&'static str>)> {
    root.as_mapping()?;
    let has = |key: &str| root.get(key).is_some();
    match root.get("kind").and_then(Node::as_str) {
        Some(kind) if kind.eq_ignore_ascii_case("Scheduled") => {
            return Some((
                ContentKind::AnalyticRule(RuleKind::Scheduled),
                false,
                Some("query"),
            ));
        }
        Some(kind) if kind.eq_ignore_ascii_case("NRT") => {
            return Some((
                ContentKind::AnalyticRule(RuleKind::Nrt),
                false,
                Some("query"),
            ));
        }
        _ => {}
    }
    if !has("kind") && (has("queryFrequency") || has("triggerOperator")) {
        return Some((
            ContentKind::AnalyticRule(RuleKind::Scheduled),
            true,
            Some("query"),
        ));
    }
    // ASIM parsers in Azure-Sentinel name themselves with `ParserName`; saved functions with
    // `FunctionName`/`FunctionAlias`.
    if PARSER_NAME_FIELDS.into_iter().any(has)
        && let Some(field) = PARSER_QUERY_FIELDS.into_iter().find(|field| has(field))
    {
        return Some((ContentKind::Parser, false, Some(field)));
    }
    if root.get("query").and_then(Node::as_str).is_some() {
        return Some((ContentKind::HuntingQuery, false, Some("query")));
    }
    None
}

/// A KQL identifier: a letter or `_`, then letters, digits or `_`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
