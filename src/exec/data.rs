//! Input tables: JSON Lines (`.jsonl`, `.json` with one object a line), CSV (`.csv`, a header
//! row of column names) and YAML row files (`.yaml`/`.yml`, a list of mappings), one file per
//! table named after it (`SecurityEvent.csv`), or a directory of them.
//!
//! Rows are typed by the catalog's schema of the table: a value that does not fit its
//! column's type is an error naming the file, line and column, and so is a column the table
//! does not have. A table the catalog does not know gets a schema inferred from its data:
//! a column whose values are all integers is `long`; all numbers, `real`; all `true`/`false`,
//! `bool`; all ISO 8601 dates (`2024-01-01`, `2024-01-01T10:00:00Z`), `datetime`; JSON
//! objects or arrays, `dynamic`; anything else (or a mix), `string` (`dynamic` for a JSON mix).
//! Columns keep the order of their first appearance.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::catalog::hash::FxHashMap;
use crate::exec::column::{Column, ColumnBuilder, StrBuilder};
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value, parse_datetime, parse_json_ordered};
use crate::kql::types::ScalarType;

/// Named input tables.
#[derive(Clone, Debug, Default)]
pub struct DataSet {
    tables: FxHashMap<String, Table>,
}

/// A data file that cannot be read or typed: where and why.
#[derive(Clone, Debug, PartialEq)]
pub struct DataError {
    pub path: String,
    /// 1-based line, when the error is in one row.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for DataError {}

fn err(path: &Path, line: Option<usize>, message: impl Into<String>) -> DataError {
    DataError {
        path: path.display().to_string(),
        line,
        message: message.into(),
    }
}

impl DataSet {
    pub fn new() -> Self {
        DataSet::default()
    }

    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    pub fn insert(&mut self, name: impl Into<String>, table: Table) {
        self.tables.insert(name.into(), table);
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.tables.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// Loads a data file, or every data file of a directory (not recursively).
    pub fn load_path(&mut self, path: &Path, catalog: &Catalog) -> Result<(), DataError> {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| err(path, None, format!("cannot read the directory: {e}")))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && table_format(p).is_some())
                .collect();
            files.sort();
            for f in files {
                self.load_file(&f, catalog)?;
            }
            return Ok(());
        }
        if !path.is_file() {
            return Err(err(path, None, "no such file or directory"));
        }
        self.load_file(path, catalog)
    }

    /// Loads one file as the table its name (without extension) names.
    pub fn load_file(&mut self, path: &Path, catalog: &Catalog) -> Result<(), DataError> {
        let Some(format) = table_format(path) else {
            return Err(err(
                path,
                None,
                "not a data file (expected .csv, .jsonl, .json, .yaml or .yml)",
            ));
        };
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| err(path, None, format!("cannot read: {e}")))?;
        let schema: Option<Vec<(Arc<str>, ScalarType)>> = catalog
            .table(&name)
            .map(|t| t.columns().iter().map(|c| (c.name.clone(), c.ty)).collect());
        let table = match format {
            Format::Csv => load_csv(path, &text, schema.as_deref())?,
            Format::JsonLines => {
                let rows = json_lines(path, &text)?;
                rows_to_table(path, rows, schema.as_deref())?
            }
            Format::Yaml => {
                let rows = yaml_rows(path, &text)?;
                rows_to_table(path, rows, schema.as_deref())?
            }
        };
        self.tables.insert(name, table);
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    JsonLines,
    Yaml,
}

fn table_format(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(Format::Csv),
        "jsonl" | "json" | "ndjson" => Some(Format::JsonLines),
        "yaml" | "yml" => Some(Format::Yaml),
        _ => None,
    }
}

/// One row read from JSON or YAML: its line and its fields in order.
type Row = (usize, Vec<(Arc<str>, Dynamic)>);

fn json_lines(path: &Path, text: &str) -> Result<Vec<Row>, DataError> {
    let trimmed = text.trim_start();
    // A whole-file JSON array of objects is accepted too.
    if trimmed.starts_with('[') {
        let Some(Dynamic::Array(items)) = parse_json_ordered(trimmed) else {
            return Err(err(path, Some(1), "invalid JSON"));
        };
        return items
            .iter()
            .enumerate()
            .map(|(i, d)| match d {
                Dynamic::Bag(fields) => Ok((i + 1, fields.as_ref().clone())),
                _ => Err(err(
                    path,
                    Some(1),
                    format!("item {} is not an object", i + 1),
                )),
            })
            .collect();
    }
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_json_ordered(line) {
            Some(Dynamic::Bag(fields)) => rows.push((i + 1, fields.as_ref().clone())),
            Some(_) => return Err(err(path, Some(i + 1), "a row must be a JSON object")),
            None => return Err(err(path, Some(i + 1), "invalid JSON")),
        }
    }
    Ok(rows)
}

fn yaml_dynamic(node: &crate::content::yaml::Node) -> Dynamic {
    use crate::content::yaml::{NodeKind, ScalarType as Y};
    match &node.kind {
        NodeKind::Scalar(s) => match node.scalar_type() {
            Some(Y::Null) => Dynamic::Null,
            Some(Y::Bool) => Dynamic::Bool(s.value.eq_ignore_ascii_case("true")),
            Some(Y::Int) => node
                .as_i64()
                .map_or(Dynamic::string(&s.value), Dynamic::Long),
            Some(Y::Float) => node
                .as_f64()
                .map_or(Dynamic::string(&s.value), Dynamic::Real),
            _ => Dynamic::string(&s.value),
        },
        NodeKind::Sequence(items) => Dynamic::array(items.iter().map(yaml_dynamic).collect()),
        NodeKind::Mapping(entries) => Dynamic::bag(
            entries
                .iter()
                .map(|e| {
                    (
                        Arc::from(e.key.as_str().unwrap_or_default()),
                        yaml_dynamic(&e.value),
                    )
                })
                .collect(),
        ),
    }
}

fn yaml_rows(path: &Path, text: &str) -> Result<Vec<Row>, DataError> {
    let loaded = crate::content::yaml::load(text);
    let lines = crate::diag::LineIndex::new(text);
    if let Some(p) = loaded.problems.first() {
        use crate::content::yaml::LoadProblem;
        let (message, span) = match p {
            LoadProblem::Syntax { message, span } => (message.clone(), *span),
            LoadProblem::DuplicateKey { key, span, .. } => {
                (format!("duplicate key `{key}`"), *span)
            }
            LoadProblem::TooDeep { span } => ("nested too deeply".to_string(), *span),
            #[allow(unreachable_patterns)]
            _ => ("invalid YAML".to_string(), crate::diag::Span::default()),
        };
        let at = lines.line_col(text, span.start);
        return Err(err(path, Some(at.line as usize), message));
    }
    let Some(root) = loaded.root else {
        return Ok(Vec::new());
    };
    // A list of rows, or a mapping with a `rows` list.
    let items = match root.as_sequence() {
        Some(items) => items.to_vec(),
        None => match root
            .as_mapping()
            .and_then(|m| m.iter().find(|e| e.key.as_str() == Some("rows")))
            .and_then(|e| e.value.as_sequence())
        {
            Some(items) => items.to_vec(),
            None => return Err(err(path, Some(1), "expected a list of rows (mappings)")),
        },
    };
    let mut rows = Vec::new();
    for item in &items {
        let line = lines.line_col(text, item.span.start).line as usize;
        match yaml_dynamic(item) {
            Dynamic::Bag(fields) => rows.push((line, fields.as_ref().clone())),
            _ => return Err(err(path, Some(line), "a row must be a mapping")),
        }
    }
    Ok(rows)
}

/// The type inferred for a column of values (see the module docs).
fn infer_type<'a>(values: impl Iterator<Item = &'a Dynamic>) -> ScalarType {
    let mut ty: Option<ScalarType> = None;
    for v in values {
        let t = match v {
            Dynamic::Null => continue,
            Dynamic::Bool(_) => ScalarType::Bool,
            Dynamic::Long(_) => ScalarType::Long,
            Dynamic::Real(_) => ScalarType::Real,
            Dynamic::String(s) => {
                if looks_like_datetime(s) {
                    ScalarType::DateTime
                } else {
                    ScalarType::String
                }
            }
            Dynamic::DateTime(_) => ScalarType::DateTime,
            Dynamic::TimeSpan(_) => ScalarType::TimeSpan,
            Dynamic::Guid(_) => ScalarType::Guid,
            Dynamic::Array(_) | Dynamic::Bag(_) => ScalarType::Dynamic,
        };
        ty = Some(match (ty, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some(ScalarType::Long), ScalarType::Real)
            | (Some(ScalarType::Real), ScalarType::Long) => ScalarType::Real,
            (Some(ScalarType::DateTime), ScalarType::String)
            | (Some(ScalarType::String), ScalarType::DateTime) => ScalarType::String,
            _ => ScalarType::Dynamic,
        });
    }
    ty.unwrap_or(ScalarType::String)
}

fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && parse_datetime(s).is_some()
}

fn rows_to_table(
    path: &Path,
    rows: Vec<Row>,
    schema: Option<&[(Arc<str>, ScalarType)]>,
) -> Result<Table, DataError> {
    let columns: Vec<(Arc<str>, ScalarType)> = match schema {
        Some(s) => {
            for (line, fields) in &rows {
                if let Some((k, _)) = fields.iter().find(|(k, _)| !s.iter().any(|(n, _)| n == k)) {
                    return Err(err(
                        path,
                        Some(*line),
                        format!("the table has no column `{k}`"),
                    ));
                }
            }
            s.to_vec()
        }
        None => {
            let mut names: Vec<Arc<str>> = Vec::new();
            for (_, fields) in &rows {
                for (k, _) in fields {
                    if !names.contains(k) {
                        names.push(k.clone());
                    }
                }
            }
            names
                .into_iter()
                .map(|n| {
                    let ty = infer_type(
                        rows.iter()
                            .filter_map(|(_, f)| f.iter().find(|(k, _)| *k == n).map(|(_, v)| v)),
                    );
                    (n, ty)
                })
                .collect()
        }
    };
    // A catalog table has hundreds of columns and the rows name a few: only those get a
    // builder, the rest are made null once at the end.
    let named: std::collections::HashSet<&str> = rows
        .iter()
        .flat_map(|(_, fields)| fields.iter().map(|(k, _)| &**k))
        .collect();
    let used: Vec<bool> = columns
        .iter()
        .map(|(name, _)| named.contains(&**name))
        .collect();
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .zip(&used)
        .map(|((_, t), used)| ColumnBuilder::new(*t, if *used { rows.len() } else { 0 }))
        .collect();
    for (line, fields) in &rows {
        for (i, (name, ty)) in columns.iter().enumerate() {
            if !used[i] {
                continue;
            }
            let v = fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            let b = &mut builders[i];
            match v {
                None | Some(Dynamic::Null) => b.push_null(),
                Some(Dynamic::String(s)) if *ty != ScalarType::String => {
                    if *ty == ScalarType::Dynamic {
                        b.push(&Value::Dynamic(Dynamic::parse_json(s)));
                    } else if !b.push_text(s) {
                        return Err(type_error(
                            path,
                            *line,
                            name,
                            &Value::String(s.clone()),
                            *ty,
                        ));
                    }
                }
                Some(d) => {
                    let value = match (ty, d) {
                        (ScalarType::Dynamic, d) => Value::Dynamic(d.clone()),
                        (ScalarType::String, Dynamic::String(s)) => Value::String(s.clone()),
                        (ScalarType::String, d) => Value::String(Arc::from(d.to_json_string())),
                        (_, d) => d.to_value(),
                    };
                    let fits = match (ty, &value) {
                        (ScalarType::Bool, Value::Bool(_)) => true,
                        (ScalarType::Int | ScalarType::Long, Value::Long(_)) => true,
                        (
                            ScalarType::Real | ScalarType::Decimal,
                            Value::Long(_) | Value::Real(_),
                        ) => true,
                        (ScalarType::String | ScalarType::Dynamic, _) => true,
                        (ScalarType::DateTime | ScalarType::TimeSpan, Value::Long(_)) => false,
                        _ => false,
                    };
                    if !fits {
                        return Err(type_error(path, *line, name, &value, *ty));
                    }
                    b.push(&value);
                }
            }
        }
    }
    let n = rows.len();
    Ok(Table::new(
        columns
            .iter()
            .zip(builders)
            .zip(&used)
            .map(|(((name, ty), b), used)| {
                let column = if *used {
                    b.finish()
                } else {
                    Column::nulls(*ty, n)
                };
                (name.clone(), Arc::new(column))
            })
            .collect(),
        n,
    ))
}

fn type_error(path: &Path, line: usize, column: &str, v: &Value, ty: ScalarType) -> DataError {
    err(
        path,
        Some(line),
        format!("column `{column}`: `{}` is not a {ty}", v.to_kusto_string()),
    )
}

/// Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, newlines inside
/// quotes). Calls `f(line, fields)` for each record.
fn csv_records(
    text: &str,
    mut f: impl FnMut(usize, &[std::borrow::Cow<'_, str>]) -> Result<(), DataError>,
) -> Result<(), DataError> {
    use std::borrow::Cow;
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    // Skip a byte-order mark.
    if text.starts_with('\u{feff}') {
        i = 3;
    }
    while i < b.len() {
        fields.clear();
        let record_line = line;
        loop {
            if i < b.len() && b[i] == b'"' {
                i += 1;
                let mut s = String::new();
                let mut start = i;
                loop {
                    match memchr::memchr(b'"', &b[i..]) {
                        Some(p) => {
                            let q = i + p;
                            if b.get(q + 1) == Some(&b'"') {
                                s.push_str(&text[start..q + 1]);
                                i = q + 2;
                                start = i;
                            } else {
                                s.push_str(&text[start..q]);
                                i = q + 1;
                                break;
                            }
                        }
                        None => {
                            s.push_str(&text[start..]);
                            i = b.len();
                            break;
                        }
                    }
                }
                line += s.bytes().filter(|c| *c == b'\n').count();
                // Anything up to the delimiter after the closing quote is kept.
                let rest_start = i;
                while i < b.len() && b[i] != b',' && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                s.push_str(&text[rest_start..i]);
                fields.push(Cow::Owned(s));
            } else {
                let start = i;
                while i < b.len() && b[i] != b',' && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                fields.push(Cow::Borrowed(&text[start..i]));
            }
            if i < b.len() && b[i] == b',' {
                i += 1;
                continue;
            }
            if i < b.len() && b[i] == b'\r' {
                i += 1;
            }
            if i < b.len() && b[i] == b'\n' {
                i += 1;
                line += 1;
            }
            break;
        }
        if fields.len() == 1 && fields[0].is_empty() {
            continue;
        }
        f(record_line, &fields)?;
    }
    Ok(())
}

fn load_csv(
    path: &Path,
    text: &str,
    schema: Option<&[(Arc<str>, ScalarType)]>,
) -> Result<Table, DataError> {
    if let Some(s) = schema {
        return match load_csv_typed(path, text, s, true)? {
            Ok(t) => Ok(t),
            Err((line, message)) => Err(err(path, Some(line), message)),
        };
    }
    // No schema: infer the types from the first rows, then parse straight into typed
    // columns; a column whose later values do not fit falls back to string.
    let mut sample: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<String> = Vec::new();
    let _ = csv_records(text, |_, fields| {
        if header.is_empty() {
            header = fields.iter().map(|f| f.trim().to_string()).collect();
            return Ok(());
        }
        sample.push(fields.iter().map(|f| f.to_string()).collect());
        if sample.len() >= 1000 {
            return Err(err(path, None, "enough"));
        }
        Ok(())
    });
    let mut types: Vec<(Arc<str>, ScalarType)> = header
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let mut b = StrBuilder::default();
            for row in &sample {
                b.push(row.get(k).map_or("", String::as_str));
            }
            let ty = infer_text_column(b.finish()).ty;
            (Arc::from(n.as_str()), ty)
        })
        .collect();
    loop {
        match load_csv_typed(path, text, &types, false)? {
            Ok(t) => return Ok(t),
            Err((_, message)) => {
                // The message starts with the failed column's index.
                let k: usize = message
                    .split(':')
                    .next()
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(0);
                if types[k].1 == ScalarType::String {
                    return Err(err(path, None, message));
                }
                types[k].1 = ScalarType::String;
            }
        }
    }
}

/// A value that does not fit: its line and the message.
type Misfit = (usize, String);

/// The columns and row count of one chunk of CSV rows, or the value that did not fit.
/// The columns one chunk of rows filled (`None` for the schema's columns the header does not
/// name), and its row count.
type Chunk = Result<Result<(Vec<Option<Column>>, usize), Misfit>, DataError>;

/// Parses CSV rows into columns of known types. `Ok(Err((line, message)))` for a value that
/// does not fit (with `strict`, a user-facing message; else `"{column index}:"` first).
/// Large files without quotes are split at line ends and parsed on all cores.
fn load_csv_typed(
    path: &Path,
    text: &str,
    schema: &[(Arc<str>, ScalarType)],
    strict: bool,
) -> Result<Result<Table, Misfit>, DataError> {
    let body_start = text.find('\n').map_or(text.len(), |p| p + 1);
    let mut header: Vec<String> = Vec::new();
    csv_records(&text[..body_start], |_, fields| {
        header = fields.iter().map(|f| f.trim().to_string()).collect();
        Ok(())
    })?;
    let mut map = Vec::new();
    for n in &header {
        match schema.iter().position(|(c, _)| &**c == n.as_str()) {
            Some(p) => map.push(p),
            None => {
                return Err(err(path, Some(1), format!("the table has no column `{n}`")));
            }
        }
    }
    let body = &text[body_start..];
    let threads = rayon::current_num_threads().max(1);
    let chunks: Vec<(usize, &str)> =
        if body.len() > (4 << 20) && threads > 1 && memchr::memchr(b'"', body.as_bytes()).is_none()
        {
            let n = threads * 2;
            let mut out = Vec::with_capacity(n);
            let mut start = 0;
            let mut line = 2;
            for k in 1..=n {
                let mut end = if k == n {
                    body.len()
                } else {
                    body.len() * k / n
                };
                if end < body.len() {
                    end = match memchr::memchr(b'\n', &body.as_bytes()[end..]) {
                        Some(p) => end + p + 1,
                        None => body.len(),
                    };
                }
                if end <= start {
                    continue;
                }
                let chunk = &body[start..end];
                out.push((line, chunk));
                line += memchr::memchr_iter(b'\n', chunk.as_bytes()).count();
                start = end;
            }
            out
        } else {
            vec![(2, body)]
        };
    use rayon::prelude::*;
    let parts: Vec<Chunk> = chunks
        .par_iter()
        .map(|(line, chunk)| parse_rows(path, chunk, *line, &header, &map, schema, strict))
        .collect();
    let mut columns: Vec<Vec<Column>> = vec![Vec::new(); schema.len()];
    let mut rows = 0;
    for part in parts {
        match part? {
            Ok((cols, n)) => {
                rows += n;
                for (k, c) in cols.into_iter().enumerate() {
                    if let Some(c) = c {
                        columns[k].push(c);
                    }
                }
            }
            Err(misfit) => return Ok(Err(misfit)),
        }
    }
    Ok(Ok(Table::new(
        schema
            .iter()
            .zip(columns)
            .map(|((n, t), parts)| {
                // A catalog table has hundreds of columns and a fixture names a few: the rest
                // are nulls, made once here rather than pushed row by row.
                let col = match parts.len() {
                    0 => Column::nulls(*t, rows),
                    1 => parts
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| Column::nulls(*t, 0)),
                    _ => {
                        let refs: Vec<&Column> = parts.iter().collect();
                        Column::concat(*t, &refs)
                    }
                };
                (n.clone(), Arc::new(col))
            })
            .collect(),
        rows,
    )))
}

fn parse_rows(
    path: &Path,
    text: &str,
    first_line: usize,
    header: &[String],
    map: &[usize],
    schema: &[(Arc<str>, ScalarType)],
    strict: bool,
) -> Chunk {
    // Only the columns the header names get a builder; `slot[k]` is the builder of schema
    // column `k`.
    let estimate = estimated_rows(text);
    let mut slot: Vec<Option<usize>> = vec![None; schema.len()];
    let mut builders: Vec<ColumnBuilder> = Vec::new();
    for &target in map {
        if slot[target].is_none() {
            slot[target] = Some(builders.len());
            builders.push(ColumnBuilder::new(schema[target].1, estimate));
        }
    }
    let builder_of: Vec<usize> = map.iter().map(|&t| slot[t].unwrap_or(0)).collect();
    let mut rows = 0usize;
    let mut failure: Option<Misfit> = None;
    let mut seen = vec![false; builders.len()];
    let result = csv_records(text, |line, fields| {
        let line = line + first_line - 1;
        if fields.len() > map.len() {
            return Err(err(
                path,
                Some(line),
                format!("{} fields for {} columns", fields.len(), map.len()),
            ));
        }
        seen.iter_mut().for_each(|s| *s = false);
        for (k, field) in fields.iter().enumerate() {
            let target = builder_of[k];
            seen[target] = true;
            if !builders[target].push_text(field) {
                let ty = builders[target].ty();
                let message = if strict {
                    format!("column `{}`: `{field}` is not a {ty}", header[k])
                } else {
                    format!(
                        "{}: column `{}`: `{field}` is not a {ty}",
                        map[k], header[k]
                    )
                };
                failure = Some((line, message));
                return Err(err(path, Some(line), "stop"));
            }
        }
        for (b, s) in builders.iter_mut().zip(&seen) {
            if !s {
                b.push_null();
            }
        }
        rows += 1;
        Ok(())
    });
    if let Some(f) = failure {
        return Ok(Err(f));
    }
    result?;
    let mut built: Vec<Option<Column>> = builders.into_iter().map(|b| Some(b.finish())).collect();
    let columns = slot
        .iter()
        .map(|b| b.and_then(|b| built.get_mut(b).and_then(Option::take)))
        .collect();
    Ok(Ok((columns, rows)))
}

/// The rows of a CSV chunk, from the line length of its first 64 KiB with a little to spare:
/// builders sized right neither grow nor hold twice the memory they need.
fn estimated_rows(text: &str) -> usize {
    let sample = &text.as_bytes()[..text.len().min(64 << 10)];
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    let per_line = (sample.len() / lines).max(1);
    text.len() / per_line + text.len() / per_line / 32 + 16
}

/// Types a CSV column of text by its distinct values (see the module docs).
fn infer_text_column(s: crate::exec::column::StrColumn) -> Column {
    let values: Vec<&str> = s
        .dict
        .iter()
        .map(|x| x.trim())
        .filter(|x| !x.is_empty())
        .collect();
    let ty = if values.is_empty() {
        ScalarType::String
    } else if values.iter().all(|v| v.parse::<i64>().is_ok()) {
        ScalarType::Long
    } else if values.iter().all(|v| v.parse::<f64>().is_ok()) {
        ScalarType::Real
    } else if values
        .iter()
        .all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
    {
        ScalarType::Bool
    } else if values.iter().all(|v| looks_like_datetime(v)) {
        ScalarType::DateTime
    } else if values
        .iter()
        .all(|v| v.starts_with('{') || v.starts_with('['))
    {
        ScalarType::Dynamic
    } else {
        ScalarType::String
    };
    if ty == ScalarType::String {
        return Column::from_strs(s);
    }
    // Parse each distinct value once, then map the rows.
    let parsed: Vec<Column> = s
        .dict
        .iter()
        .map(|v| {
            let mut b = ColumnBuilder::new(ty, 1);
            b.push_text(v);
            b.finish()
        })
        .collect();
    let mut b = ColumnBuilder::new(ty, s.codes.len());
    for &c in &s.codes {
        b.push(&parsed[c as usize].get(0));
    }
    b.finish()
}
