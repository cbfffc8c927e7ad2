//! Custom table definitions: the Azure-Sentinel CustomTables JSON files and a small YAML form.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{CatalogBuilder, Column};
use crate::kql::types::ScalarType;

/// A custom catalog file that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for CatalogError {}

pub(super) fn read_text(path: &Path) -> Result<String, CatalogError> {
    let bytes = std::fs::read(path).map_err(|e| CatalogError {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

pub(super) fn load_custom_tables(
    builder: &mut CatalogBuilder,
    path: &Path,
    merge: bool,
) -> Result<usize, CatalogError> {
    let files = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| CatalogError {
            path: path.to_path_buf(),
            message: format!("cannot list directory: {e}"),
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            })
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut n = 0;
    for file in files {
        let text = read_text(&file)?;
        let (name, cols) = parse_custom_table_json(&text).map_err(|message| CatalogError {
            path: file.clone(),
            message,
        })?;
        if merge {
            builder.merge_table(name, cols);
        } else {
            builder.add_table(name, cols);
        }
        n += 1;
    }
    Ok(n)
}

/// Reads one CustomTables JSON document: `{"Name":"T","Properties":[{"Name":"c","Type":"string"}]}`.
/// Accepts what the Azure-Sentinel CI's Newtonsoft reader accepts: a BOM, comments, trailing
/// commas, any key case, .NET type names. Columns of unknown types are skipped.
pub fn parse_custom_table_json(text: &str) -> Result<(String, Vec<Column>), String> {
    let cleaned = relax_json(text.trim_start_matches('\u{feff}'));
    let value: serde_json::Value =
        serde_json::from_str(&cleaned).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| "expected a JSON object with `Name` and `Properties`".to_string())?;
    let get = |key: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    };
    let name = get("Name")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| "missing table `Name`".to_string())?;
    let props = get("Properties")
        .and_then(|v| v.as_array())
        .ok_or_else(|| format!("table `{name}`: missing `Properties` array"))?;
    let mut cols = Vec::new();
    for p in props {
        let Some(p) = p.as_object() else { continue };
        let field = |key: &str| {
            p.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
        };
        let (Some(cname), Some(ty)) = (field("Name"), field("Type")) else {
            continue;
        };
        if let Some(ty) = lenient_type(ty) {
            cols.push(Column::new(cname.trim(), ty));
        }
    }
    Ok((name.to_string(), suffix_type_clashes(cols)))
}

/// A column declared twice with different types (`NetworkBytes` as `Double` and as `String`:
/// the union legs of a parser disagree) keeps its first declaration under its own name, and is
/// also there under each type as Kusto names the columns of a `union` whose inputs disagree:
/// `NetworkBytes_real`, `NetworkBytes_string`. Shipped queries use both spellings over one
/// CustomTables file (`ProofpointPOD`), and the Azure-Sentinel CI accepts both. A repeat with
/// the same type is dropped.
fn suffix_type_clashes(cols: Vec<Column>) -> Vec<Column> {
    let clashes = |c: &Column| cols.iter().any(|o| o.name == c.name && o.ty != c.ty);
    let mut out: Vec<Column> = Vec::with_capacity(cols.len());
    for c in &cols {
        let mut variants = vec![c.clone()];
        if clashes(c) {
            variants.push(Column::new(format!("{}_{}", c.name, c.ty), c.ty));
        }
        for column in variants {
            if !out.iter().any(|o| o.name == column.name) {
                out.push(column);
            }
        }
    }
    out
}

/// .NET and stray spellings seen in custom schemas (`SByte` is Kusto's bool, `"string,"`).
fn lenient_type(name: &str) -> Option<ScalarType> {
    let cleaned: String = name
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect::<String>()
        .to_ascii_lowercase();
    ScalarType::parse(&cleaned).or(match cleaned.as_str() {
        "byte" | "int16" | "integer" => Some(ScalarType::Int),
        "uint32" => Some(ScalarType::Long),
        "timestamp" => Some(ScalarType::DateTime),
        _ => None,
    })
}

/// Drops `//` and `/* */` comments and trailing commas outside strings, so serde_json reads
/// what a lenient reader would.
fn relax_json(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    let mut start = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                out.push_str(&text[start..i]);
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                start = i;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                out.push_str(&text[start..i]);
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
                start = i;
            }
            b',' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if matches!(bytes.get(j), Some(b'}') | Some(b']')) {
                    out.push_str(&text[start..i]);
                    start = i + 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[start.min(text.len())..]);
    out
}

/// A minimal YAML tree: enough for the documented tables form.
#[derive(Debug)]
enum Yaml {
    Scalar(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

fn read_yaml(text: &str) -> Result<Option<Yaml>, String> {
    use saphyr_parser::{Event, Parser};
    // Containers under construction; a map holds its pending key.
    enum Frame {
        Seq(Vec<Yaml>),
        Map(Vec<(String, Yaml)>, Option<String>),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Yaml> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| format!("invalid YAML: {e}"))?;
        let value = match event {
            Event::Scalar(s, ..) => Yaml::Scalar(s.into_owned()),
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items)) => Yaml::Seq(items),
                _ => return Err(format!("invalid YAML near line {}", span.start.line())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(entries, _)) => Yaml::Map(entries),
                _ => return Err(format!("invalid YAML near line {}", span.start.line())),
            },
            Event::Alias(_) => Yaml::Scalar(String::new()),
            _ => continue,
        };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(value);
                }
            }
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(entries, pending)) => match pending.take() {
                None => match value {
                    Yaml::Scalar(k) => *pending = Some(k),
                    _ => return Err("YAML mapping keys must be plain strings".to_string()),
                },
                Some(k) => entries.push((k, value)),
            },
        }
    }
    Ok(root)
}

/// Reads `tables: [{name: T, columns: [{name: c, type: string}]}]`.
pub fn parse_tables_yaml(text: &str) -> Result<Vec<(String, Vec<Column>)>, String> {
    let root = read_yaml(text.trim_start_matches('\u{feff}'))?
        .ok_or_else(|| "empty document; expected `tables:`".to_string())?;
    let Some(Yaml::Seq(tables)) = root.get("tables") else {
        return Err("expected a `tables:` list at the top level".to_string());
    };
    let mut out = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let name = t
            .get("name")
            .and_then(Yaml::str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("tables[{i}]: missing `name`"))?;
        let Some(Yaml::Seq(cols)) = t.get("columns") else {
            return Err(format!("table `{name}`: missing `columns` list"));
        };
        let mut columns = Vec::new();
        for (j, c) in cols.iter().enumerate() {
            let cname = c
                .get("name")
                .and_then(Yaml::str)
                .ok_or_else(|| format!("table `{name}` column {j}: missing `name`"))?;
            let ty = c
                .get("type")
                .and_then(Yaml::str)
                .ok_or_else(|| format!("table `{name}` column `{cname}`: missing `type`"))?;
            let ty = lenient_type(ty)
                .ok_or_else(|| format!("table `{name}` column `{cname}`: unknown type `{ty}`"))?;
            columns.push(Column::new(cname.trim(), ty));
        }
        out.push((name.to_string(), columns));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_clash_suffixes() {
        let (_, cols) = parse_custom_table_json(
            r#"{"Name":"P","Properties":[{"Name":"NetworkBytes","Type":"Double"},{"Name":"A","Type":"String"},
               {"Name":"NetworkBytes","Type":"String"},{"Name":"A","Type":"String"}]}"#,
        )
        .unwrap();
        let names: Vec<String> = cols
            .iter()
            .map(|c| format!("{}:{}", c.name, c.ty))
            .collect();
        assert_eq!(
            names,
            [
                "NetworkBytes:real",
                "NetworkBytes_real:real",
                "A:string",
                "NetworkBytes_string:string"
            ]
        );
    }

    #[test]
    fn lenient_json() {
        let text = "\u{feff}{ // c\n \"name\": \"T\", \"properties\": [ {\"name\":\"a\",\"type\":\"SByte\"}, {\"Name\":\"b\",\"Type\":\"Int32\"}, ], }";
        let (name, cols) = parse_custom_table_json(text).unwrap();
        assert_eq!(name, "T");
        assert_eq!(cols.len(), 2);
        assert_eq!(cols[0].ty, ScalarType::Bool);
        assert_eq!(cols[1].ty, ScalarType::Int);
    }

    #[test]
    fn yaml_tables() {
        let t = parse_tables_yaml(
            "tables:\n  - name: T\n    columns:\n      - {name: a, type: string}\n      - name: b\n        type: DateTime\n",
        )
        .unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].1[1].ty, ScalarType::DateTime);
        assert!(parse_tables_yaml("tables: 3").is_err());
        assert!(parse_tables_yaml("[").is_err());
    }
}
