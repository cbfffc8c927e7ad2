//! Everything a check may look at for one file, computed once and shared by every rule.

use std::sync::OnceLock;

use crate::analyze::{self, Analysis};
use crate::catalog::Catalog;
use crate::checks::schema::{self, SchemaViolation};
use crate::content::{ContentFile, ContentKind};
use crate::kql::{self, Parsed};

pub struct Context<'a> {
    pub file: &'a ContentFile,
    /// The bundled tables and functions plus the project's own (custom tables, parsers).
    pub catalog: &'a Catalog,
    schema_violations: OnceLock<Vec<SchemaViolation>>,
    parsed: OnceLock<Option<Parsed>>,
    analysis: OnceLock<Option<Analysis>>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a ContentFile, catalog: &'a Catalog) -> Self {
        Context {
            file,
            catalog,
            schema_violations: OnceLock::new(),
            parsed: OnceLock::new(),
            analysis: OnceLock::new(),
        }
    }

    /// The JSON Schema violations of the file, validated once however many rules ask.
    pub fn schema_violations(&self) -> &[SchemaViolation] {
        self.schema_violations
            .get_or_init(|| schema::validate(self.file))
    }

    /// The file's query, parsed once however many rules ask; `None` without a query.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed
            .get_or_init(|| {
                self.file
                    .query
                    .as_ref()
                    .map(|query| kql::parse(&query.text))
            })
            .as_ref()
    }

    /// What the query reads and outputs, analyzed once; spans are offsets into the query text.
    /// A parser's body is analyzed with its parameters in scope, as Sentinel binds it.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.analysis
            .get_or_init(|| {
                self.file.query.as_ref()?;
                // Defaults do not matter to the analysis: only names and types are bound.
                let params = match self.file.kind {
                    ContentKind::Parser => parser_function_params(self.file),
                    _ => Vec::new(),
                };
                Some(analyze::analyze_with_params(
                    &self.parsed()?.query,
                    self.catalog,
                    &params,
                ))
            })
            .as_ref()
    }

    /// The query's output columns, when the analysis knows them all (`None` for an open or
    /// unknown schema: nothing may then be reported about missing columns).
    pub fn closed_output(&self) -> Option<&crate::catalog::Schema> {
        self.analysis()?.schema().filter(|schema| !schema.open)
    }
}

/// A parameter a parser declares (`FunctionParams`, `ParserParams`, `FunctionParameters`:
/// lists of `{Name, Type, Default}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserParameter {
    pub name: String,
    pub ty: crate::kql::types::ScalarType,
    /// The default as written; a parameter with one may be left out of a call.
    pub default: Option<String>,
}

/// The parameters a parser declares, those with a valid name and a known type.
pub fn parser_parameters(file: &ContentFile) -> Vec<ParserParameter> {
    let list = ["FunctionParams", "ParserParams", "FunctionParameters"]
        .into_iter()
        .find_map(|key| file.field(key)?.as_sequence());
    let mut declared = Vec::new();
    for item in list.unwrap_or(&[]) {
        let (Some(name), Some(ty)) = (
            item.get("Name").and_then(|n| n.as_str()),
            item.get("Type").and_then(|t| t.as_str()),
        ) else {
            continue;
        };
        let valid_name = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.chars().next().is_some_and(|c| !c.is_ascii_digit());
        if let (true, Some(ty)) = (valid_name, crate::kql::types::ScalarType::parse(ty)) {
            declared.push(ParserParameter {
                name: name.to_string(),
                ty,
                default: item
                    .get("Default")
                    .and_then(|d| d.as_str())
                    .map(str::to_string),
            });
        }
    }
    declared
}

/// All the parameters a parser declares, in order, as a function of the catalog: the scalar
/// ones of [`parser_parameters`], and the tabular ones, written `Name: T:(TimeGenerated:datetime)`
/// or `Name: T` with `Type: table` (the ASIM library functions), which bind the table passed
/// with `invoke` or as an argument.
pub fn parser_function_params(file: &ContentFile) -> Vec<crate::catalog::Param> {
    use crate::catalog::{Param, parse_params};
    let list = ["FunctionParams", "ParserParams", "FunctionParameters"]
        .into_iter()
        .find_map(|key| file.field(key)?.as_sequence());
    let mut scalars = parser_parameters(file).into_iter().peekable();
    let mut params = Vec::new();
    for item in list.unwrap_or(&[]) {
        let Some(name) = item.get("Name").and_then(|n| n.as_str()) else {
            continue;
        };
        let ty = item.get("Type").and_then(|t| t.as_str()).unwrap_or("");
        let tabular = ty.trim().eq_ignore_ascii_case("table") || name.contains(":(");
        if tabular {
            let declared = if name.contains(':') {
                parse_params(name)
            } else {
                vec![Param::tabular(name.trim())]
            };
            params.extend(
                declared
                    .into_iter()
                    .filter(|p| matches!(p.ty, crate::catalog::ParamType::Tabular(_))),
            );
        } else if let Some(p) = scalars.next_if(|p| p.name == name) {
            params.push(Param::scalar(p.name, p.ty, p.default));
        }
    }
    params
}
