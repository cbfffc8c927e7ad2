//! Test fixtures: `<rule file stem>.tests.yaml` beside the rule, the only place cases live.
//!
//! ```yaml
//! # content/Detections/SigninLogs/PasswordSprayFromOneIP.tests.yaml
//! now: 2024-05-01T12:00:00Z          # the pinned clock of every case (a case may override it)
//! cases:
//!   - name: one IP fails against twelve accounts
//!     tables:
//!       SigninLogs:                  # inline rows, one mapping per row
//!         - {TimeGenerated: 2024-05-01T11:10:00Z, ResultType: "50126", IPAddress: 203.0.113.7}
//!       AuditLogs: data/audit.jsonl  # or a JSON Lines / CSV / YAML rows file, relative to here
//!   - name: nine accounts stay under the threshold
//!     tables: {SigninLogs: [...]}
//!     alerts: 0                      # a plain count instead of a snapshot (also `rows: N`)
//! ```
//!
//! One file per rule keeps a rule's cases side by side, diffs small, and renames trivial (the
//! file moves with the rule). A different rule file can be named with `rule: Other.yaml`.
//!
//! Every inline value is checked against the catalog type of its column (bundled tables,
//! custom tables from `sentinel-lint.toml`/`--tables`): an unknown table, an unknown column or a
//! value of the wrong type is an error at its file, line and column, never a silent null.
//! How YAML values map onto KQL types:
//!
//! | column type | fixture value |
//! |---|---|
//! | `string` | any scalar, as written (`ResultType: 50126` is `"50126"`) |
//! | `long`, `int` | an integer (quoted or not) |
//! | `real`, `decimal` | a number |
//! | `bool` | `true` / `false` |
//! | `datetime` | ISO 8601 (`2024-05-01T12:00:00Z`; no offset means UTC) |
//! | `timespan` | `5m`, `1h`, `2d`, `100ms`, or `[d.]hh:mm:ss` |
//! | `guid` | `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` |
//! | `dynamic` | any YAML value; a string holding a JSON object or array is parsed |
//!
//! `null` (or `~`) is a null for every type but `string`, which Kusto never makes null.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::content::yaml::{self, Node, NodeKind, ScalarType as YamlType};
use crate::diag::{LineIndex, Span};
use crate::harness::time;
use crate::kql::types::ScalarType;

/// The suffix that marks a test file: `Rule.tests.yaml` tests `Rule.yaml`.
pub const SUFFIXES: [&str; 2] = [".tests.yaml", ".tests.yml"];

/// Whether the path names a test file.
pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| SUFFIXES.iter().any(|s| name.ends_with(s)))
}

/// The test file of a rule file: `Rule.yaml` → `Rule.tests.yaml`.
pub fn test_file_for(rule: &Path) -> PathBuf {
    let stem = rule
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    rule.with_file_name(format!("{stem}.tests.yaml"))
}

/// A typed fixture value, before it becomes an engine value.
#[derive(Clone, Debug, PartialEq)]
pub enum FixtureValue {
    Null,
    Bool(bool),
    Long(i64),
    Real(f64),
    String(String),
    /// 100-ns ticks since the Unix epoch.
    DateTime(i64),
    /// 100-ns ticks.
    TimeSpan(i64),
    Guid(String),
    /// Compact JSON text, keys in the order written (Kusto keeps property order).
    Dynamic(String),
}

/// A problem in a test file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureError {
    pub path: Arc<str>,
    pub span: Span,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The text of the line, for the rendered error.
    pub line_text: String,
}

impl std::fmt::Display for FixtureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl FixtureError {
    /// The error with its source line and a caret under the column.
    pub fn render(&self) -> String {
        let gutter = self.line.to_string();
        let pad = " ".repeat(gutter.len());
        format!(
            "error: {}\n{pad}--> {}:{}:{}\n{pad} |\n{gutter} | {}\n{pad} | {}^\n",
            self.message,
            self.path,
            self.line,
            self.column,
            self.line_text,
            " ".repeat(self.column.saturating_sub(1) as usize)
        )
    }
}

/// One row of an inline table: its cells in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct FixtureRow {
    pub span: Span,
    pub cells: Vec<(String, FixtureValue)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableSource {
    Inline(Vec<FixtureRow>),
    /// A rows file (JSON Lines, CSV, YAML) read by the engine's data set loader.
    File(PathBuf),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FixtureTable {
    pub name: String,
    pub span: Span,
    pub source: TableSource,
}

/// What a case expects besides (or instead of) its snapshot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    pub alerts: Option<usize>,
    pub rows: Option<usize>,
}

impl Expect {
    /// A case with a count expectation is checked by the count alone and has no snapshot.
    pub fn is_count(&self) -> bool {
        self.alerts.is_some() || self.rows.is_some()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub name: String,
    pub span: Span,
    /// The pinned clock, in ticks since the epoch.
    pub now: i64,
    pub tables: Vec<FixtureTable>,
    pub expect: Expect,
}

/// A parsed test file.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// The path as shown to users.
    pub path: Arc<str>,
    pub source: Arc<str>,
    pub lines: LineIndex,
    /// The rule file the cases test.
    pub rule: PathBuf,
    pub cases: Vec<Case>,
}

impl TestFile {
    pub fn error(&self, span: Span, message: impl Into<String>) -> FixtureError {
        located(&self.path, &self.source, &self.lines, span, message.into())
    }

    pub fn line_of(&self, span: Span) -> u32 {
        self.lines.line_col(&self.source, span.start).line
    }
}

fn located(
    path: &Arc<str>,
    source: &str,
    lines: &LineIndex,
    span: Span,
    message: String,
) -> FixtureError {
    let at = lines.line_col(source, span.start);
    FixtureError {
        path: path.clone(),
        span,
        line: at.line,
        column: at.column,
        message,
        line_text: lines.line_text(source, at.line as usize - 1).to_string(),
    }
}

struct Parser<'a> {
    path: Arc<str>,
    source: &'a str,
    lines: LineIndex,
    catalog: &'a Catalog,
    dir: PathBuf,
    errors: Vec<FixtureError>,
}

impl Parser<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        let error = located(&self.path, self.source, &self.lines, span, message.into());
        self.errors.push(error);
    }
}

/// Reads a test file from disk. `shown` is the path as users see it.
pub fn load(
    file: &Path,
    shown: Arc<str>,
    catalog: &Catalog,
) -> Result<TestFile, Vec<FixtureError>> {
    let text = std::fs::read_to_string(file).map_err(|error| {
        vec![FixtureError {
            path: shown.clone(),
            span: Span::empty(0),
            line: 1,
            column: 1,
            message: format!("cannot read: {error}"),
            line_text: String::new(),
        }]
    })?;
    parse(file, shown, &text, catalog)
}

/// Parses a test file's text; every problem is returned, each with its place.
pub fn parse(
    file: &Path,
    shown: Arc<str>,
    text: &str,
    catalog: &Catalog,
) -> Result<TestFile, Vec<FixtureError>> {
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut parser = Parser {
        path: shown.clone(),
        source: text,
        lines: LineIndex::new(text),
        catalog,
        dir: dir.clone(),
        errors: Vec::new(),
    };
    let loaded = yaml::load(text);
    for problem in &loaded.problems {
        let (span, message) = match problem {
            yaml::LoadProblem::Syntax { message, span } => (*span, message.clone()),
            yaml::LoadProblem::DuplicateKey { key, span, .. } => {
                (*span, format!("key `{key}` appears twice in this mapping"))
            }
            yaml::LoadProblem::TooDeep { span } => (*span, "nesting is too deep".into()),
            yaml::LoadProblem::AliasExpansionTooLarge { span } => {
                (*span, "aliases expand to too many nodes".into())
            }
            yaml::LoadProblem::RecursiveAlias { span } => {
                (*span, "an alias to the node that contains it".into())
            }
            yaml::LoadProblem::TooManyItems { span, .. } => {
                (*span, "a mapping or list has too many entries".into())
            }
            yaml::LoadProblem::QueryTooLarge { span, .. } => (*span, "a value is too large".into()),
            yaml::LoadProblem::MultipleDocuments { span } => {
                (*span, "a test file holds one YAML document".into())
            }
        };
        parser.error(span, message);
    }
    let mut cases = Vec::new();
    let mut rule = default_rule(file);
    match loaded.root.as_ref() {
        Some(root) if root.as_mapping().is_some() => {
            for entry in root.as_mapping().unwrap_or(&[]) {
                match entry.key.as_str() {
                    Some("rule" | "now" | "cases") => {}
                    Some(other) => parser.error(
                        entry.key.span,
                        format!(
                            "unknown key `{other}` (a test file has `rule`, `now` and `cases`)"
                        ),
                    ),
                    None => parser.error(entry.key.span, "keys are strings"),
                }
            }
            if let Some(node) = root.get("rule") {
                match node.as_string() {
                    Some(name) => rule = dir.join(name),
                    None => parser.error(node.span, "`rule` is the path of the rule file"),
                }
            }
            let default_now = root
                .get("now")
                .and_then(|node| parser.datetime(node, "now"));
            match root.get("cases").map(|n| (n, n.as_sequence())) {
                Some((_, Some(items))) => {
                    for item in items {
                        if let Some(case) = parser.case(item, default_now, &cases) {
                            cases.push(case);
                        }
                    }
                }
                Some((node, None)) => parser.error(node.span, "`cases` is a list of cases"),
                None => parser.error(
                    Span::empty(0),
                    "a test file needs `cases:`, a list of cases",
                ),
            }
        }
        Some(root) => parser.error(root.span, "a test file is a mapping with `cases:`"),
        None if parser.errors.is_empty() => parser.error(Span::empty(0), "the test file is empty"),
        None => {}
    }
    if !parser.errors.is_empty() {
        return Err(parser.errors);
    }
    Ok(TestFile {
        path: shown,
        source: Arc::from(text),
        lines: parser.lines,
        rule,
        cases,
    })
}

/// `Rule.tests.yaml` → `Rule.yaml` (or `.yml` when only that exists).
fn default_rule(file: &Path) -> PathBuf {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    let yaml = file.with_file_name(format!("{stem}.yaml"));
    let yml = file.with_file_name(format!("{stem}.yml"));
    if !yaml.exists() && yml.exists() {
        yml
    } else {
        yaml
    }
}

impl Parser<'_> {
    fn datetime(&mut self, node: &Node, what: &str) -> Option<i64> {
        match node.as_str().and_then(time::parse_datetime) {
            Some(ticks) if node.as_scalar().is_some() => Some(ticks),
            _ => {
                self.error(
                    node.span,
                    format!("`{what}` is an ISO 8601 datetime such as 2024-05-01T12:00:00Z"),
                );
                None
            }
        }
    }

    fn case(&mut self, node: &Node, default_now: Option<i64>, seen: &[Case]) -> Option<Case> {
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                "a case is a mapping with `name`, `tables` and `now`",
            );
            return None;
        };
        for entry in entries {
            match entry.key.as_str() {
                Some("name" | "now" | "tables" | "alerts" | "rows") => {}
                Some(other) => {
                    let hint =
                        crate::diag::suggest(other, ["name", "now", "tables", "alerts", "rows"], 1)
                            .first()
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                    self.error(
                        entry.key.span,
                        format!("unknown key `{other}` in a case{hint}"),
                    );
                }
                None => self.error(entry.key.span, "keys are strings"),
            }
        }
        let name = match node.get("name") {
            Some(name) if name.as_str().is_some_and(|s| !s.trim().is_empty()) => {
                let text = name.as_str().unwrap_or_default().to_string();
                if seen.iter().any(|case| slug(&case.name) == slug(&text)) {
                    self.error(
                        name.span,
                        format!("another case of this file is already named `{text}`"),
                    );
                }
                text
            }
            Some(name) => {
                self.error(name.span, "a case's `name` is a non-empty string");
                String::new()
            }
            None => {
                self.error(first_key(node), "a case needs a `name`");
                String::new()
            }
        };
        let now = match node.get("now") {
            Some(now) => self.datetime(now, "now"),
            None => {
                if default_now.is_none() {
                    self.error(first_key(node), "a case needs a pinned time: `now: 2024-05-01T12:00:00Z` (here or at the top of the file)");
                }
                default_now
            }
        };
        let mut expect = Expect::default();
        for (key, slot) in [("alerts", &mut expect.alerts), ("rows", &mut expect.rows)] {
            if let Some(value) = node.get(key) {
                match value.as_i64().filter(|n| *n >= 0) {
                    Some(n) => *slot = Some(n as usize),
                    None => self.error(value.span, format!("`{key}` is a count (0 or more)")),
                }
            }
        }
        let mut tables = Vec::new();
        if let Some(tables_node) = node.get("tables") {
            match tables_node.as_mapping() {
                Some(entries) => {
                    for entry in entries {
                        if let Some(table) = self.table(&entry.key, &entry.value) {
                            tables.push(table);
                        }
                    }
                }
                None if tables_node.is_null() => {}
                None => self.error(
                    tables_node.span,
                    "`tables` maps each table name to its rows or to a rows file",
                ),
            }
        }
        Some(Case {
            name,
            span: node.span,
            now: now?,
            tables,
            expect,
        })
    }

    fn table(&mut self, key: &Node, value: &Node) -> Option<FixtureTable> {
        let name = key.as_str()?.to_string();
        let catalog_table = self.catalog.table(&name).cloned();
        if catalog_table.is_none() {
            let names: Vec<&str> = self.catalog.table_names().collect();
            let hint = crate::diag::suggest(&name, names, 1)
                .first()
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    "; declare custom tables in sentinel-lint.toml (`[catalog] tables`) or with --tables".into()
                });
            let function = if self.catalog.function(&name).is_some()
                || self.catalog.builtin(&name).is_some()
            {
                " (it is a function: give the tables it reads instead)"
            } else {
                ""
            };
            self.error(key.span, format!("unknown table `{name}`{function}{hint}"));
            return None;
        }
        let table = catalog_table?;
        if let Some(path) = value.as_string() {
            let file = self.dir.join(path);
            if !file.is_file() {
                self.error(
                    value.span,
                    format!("rows file `{path}` not found (paths are relative to the test file)"),
                );
                return None;
            }
            return Some(FixtureTable {
                name,
                span: key.span,
                source: TableSource::File(file),
            });
        }
        let rows_node = match value.as_sequence() {
            Some(rows) => rows,
            None if value.is_null() => &[],
            None => {
                self.error(
                    value.span,
                    "a table is a list of rows (mappings) or the path of a rows file",
                );
                return None;
            }
        };
        let mut rows = Vec::new();
        for row in rows_node {
            let Some(entries) = row.as_mapping() else {
                self.error(row.span, "a row is a mapping of column names to values");
                continue;
            };
            let mut cells = Vec::new();
            for entry in entries {
                let Some(column_name) = entry.key.as_str() else {
                    continue;
                };
                let Some(column) = table.column(column_name) else {
                    let names: Vec<&str> = table.columns().iter().map(|c| &*c.name).collect();
                    let hint = crate::diag::suggest(column_name, names, 1)
                        .first()
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.error(
                        entry.key.span,
                        format!("table `{name}` has no column `{column_name}`{hint}"),
                    );
                    continue;
                };
                match typed_value(&entry.value, column.ty) {
                    Ok(value) => cells.push((column_name.to_string(), value)),
                    Err(message) => self.error(
                        entry.value.span,
                        format!(
                            "`{name}.{column_name}` is {}: {message}",
                            article(column.ty)
                        ),
                    ),
                }
            }
            rows.push(FixtureRow {
                span: row.span,
                cells,
            });
        }
        Some(FixtureTable {
            name,
            span: key.span,
            source: TableSource::Inline(rows),
        })
    }
}

fn first_key(node: &Node) -> Span {
    match node.as_mapping() {
        Some([first, ..]) => first.key.span,
        _ => node.span,
    }
}

fn article(ty: ScalarType) -> String {
    match ty {
        ScalarType::Int => "an int".into(),
        other => format!("a {other}"),
    }
}

/// The fixture value of a YAML node in a column of type `ty`, or why it does not fit.
pub fn typed_value(node: &Node, ty: ScalarType) -> Result<FixtureValue, String> {
    if ty == ScalarType::Dynamic {
        return Ok(FixtureValue::Dynamic(dynamic_value(node)));
    }
    let Some(scalar) = node.as_scalar() else {
        return Err(format!("found {}", node.type_name()));
    };
    let text = scalar.value.as_str();
    let kind = node.scalar_type();
    if kind == Some(YamlType::Null) {
        return Ok(match ty {
            ScalarType::String => FixtureValue::String(String::new()),
            _ => FixtureValue::Null,
        });
    }
    let found = || format!("`{text}` is not one");
    match ty {
        ScalarType::String | ScalarType::Unknown => Ok(FixtureValue::String(text.to_string())),
        ScalarType::Long | ScalarType::Int => {
            let value: i64 = text.trim().parse().map_err(|_| found())?;
            if ty == ScalarType::Int && i32::try_from(value).is_err() {
                return Err(format!("`{text}` is out of the int range"));
            }
            Ok(FixtureValue::Long(value))
        }
        ScalarType::Real | ScalarType::Decimal => {
            let value: f64 = match text.trim() {
                ".inf" | "+.inf" => f64::INFINITY,
                "-.inf" => f64::NEG_INFINITY,
                ".nan" => f64::NAN,
                other => other.parse().map_err(|_| found())?,
            };
            Ok(FixtureValue::Real(value))
        }
        ScalarType::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(FixtureValue::Bool(true)),
            "false" => Ok(FixtureValue::Bool(false)),
            _ => Err(found()),
        },
        ScalarType::DateTime => time::parse_datetime(text)
            .map(FixtureValue::DateTime)
            .ok_or_else(|| format!("`{text}` is not an ISO 8601 datetime (2024-05-01T12:00:00Z)")),
        ScalarType::TimeSpan => time::parse_timespan(text)
            .map(FixtureValue::TimeSpan)
            .ok_or_else(|| format!("`{text}` is not a timespan (5m, 1h, 00:05:00)")),
        ScalarType::Guid => {
            if crate::checks::fields::invalid_id::is_guid(text) {
                Ok(FixtureValue::Guid(text.to_ascii_lowercase()))
            } else {
                Err(format!("`{text}` is not a guid"))
            }
        }
        ScalarType::Dynamic => unreachable!("handled above"),
    }
}

/// A YAML node as a dynamic value, as compact JSON: mappings and lists keep their shape and
/// key order, plain scalars are typed by the YAML core schema, and a string holding a JSON
/// object or array is taken as that JSON (logs often carry JSON text in dynamic columns).
fn dynamic_value(node: &Node) -> String {
    if let NodeKind::Scalar(scalar) = &node.kind
        && node.scalar_type() == Some(YamlType::String)
    {
        let trimmed = scalar.value.trim();
        if (trimmed.starts_with('{') || trimmed.starts_with('['))
            && serde_json::from_str::<serde_json::Value>(trimmed).is_ok()
        {
            return trimmed.to_string();
        }
    }
    let mut out = String::new();
    write_json(node, &mut out);
    out
}

fn write_json(node: &Node, out: &mut String) {
    match &node.kind {
        NodeKind::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        NodeKind::Mapping(entries) => {
            out.push('{');
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let key = entry.key.as_str().unwrap_or_default();
                out.push_str(&serde_json::Value::from(key).to_string());
                out.push(':');
                write_json(&entry.value, out);
            }
            out.push('}');
        }
        NodeKind::Scalar(_) => out.push_str(&node.to_json().to_string()),
    }
}

/// A case name as a file name: lowercase ASCII letters and digits, other runs become `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "case".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<TestFile, Vec<FixtureError>> {
        parse(
            Path::new("rules/Rule.tests.yaml"),
            Arc::from("rules/Rule.tests.yaml"),
            text,
            Catalog::bundled(),
        )
    }

    #[test]
    fn parses_cases_with_typed_values() {
        let file = parse_text(
            "now: 2024-05-01T12:00:00Z\ncases:\n  - name: one\n    tables:\n      SigninLogs:\n        - {TimeGenerated: 2024-05-01T11:00:00Z, ResultType: 50126, IPAddress: 1.2.3.4}\n  - name: two\n    now: 2024-05-02T00:00:00Z\n    alerts: 0\n",
        )
        .unwrap();
        assert_eq!(file.rule, PathBuf::from("rules/Rule.yaml"));
        assert_eq!(file.cases.len(), 2);
        let TableSource::Inline(rows) = &file.cases[0].tables[0].source else {
            panic!("inline rows");
        };
        assert_eq!(
            rows[0].cells[1],
            (
                "ResultType".to_string(),
                FixtureValue::String("50126".into())
            )
        );
        assert!(matches!(rows[0].cells[0].1, FixtureValue::DateTime(_)));
        assert_eq!(file.cases[1].expect.alerts, Some(0));
        assert!(file.cases[1].now > file.cases[0].now);
    }

    #[test]
    fn errors_point_at_the_value() {
        let errors = parse_text(
            "now: 2024-05-01T12:00:00Z\ncases:\n  - name: bad\n    tables:\n      SigninLogz: []\n      SigninLogs:\n        - {TimeGenerated: yesterday, Nope: 1}\n",
        )
        .unwrap_err();
        let rendered: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            rendered,
            [
                "rules/Rule.tests.yaml:5:7: unknown table `SigninLogz`; did you mean `SigninLogs`?",
                "rules/Rule.tests.yaml:7:27: `SigninLogs.TimeGenerated` is a datetime: `yesterday` is not an ISO 8601 datetime (2024-05-01T12:00:00Z)",
                "rules/Rule.tests.yaml:7:38: table `SigninLogs` has no column `Nope`; did you mean `Type`?",
            ]
        );
    }

    #[test]
    fn the_example_content_fixtures_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut found = 0;
        for path in crate::content::discover::candidate_files(&[dir]).unwrap() {
            if !is_test_file(&path) {
                continue;
            }
            let shown = crate::content::discover::display_path(&path);
            let file = load(&path, shown, Catalog::bundled()).unwrap_or_else(|errors| {
                panic!(
                    "{}",
                    errors.iter().map(FixtureError::render).collect::<String>()
                )
            });
            assert!(file.rule.is_file(), "{}", file.rule.display());
            assert!(file.cases.len() >= 2);
            found += 1;
        }
        assert_eq!(found, 4);
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("One IP sprays 12 accounts!"),
            "one-ip-sprays-12-accounts"
        );
        assert_eq!(slug("???"), "case");
    }
}
