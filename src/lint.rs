//! The `check` pipeline: discover, load (in parallel), run the per-file rules (in parallel),
//! run the cross-file rules, and gather a [`Report`].

use std::path::PathBuf;

use std::collections::BTreeMap;

use crate::catalog::hash::FxHashSet as HashSet;

use rayon::prelude::*;

use crate::catalog::{Catalog, Column};
use crate::checks::{self, content::unreadable_file};
use crate::content::discover::{self, DiscoverError, Discovered};
use crate::content::model::ContentKind;
use crate::content::model::{ContentFile, Loaded};
use crate::diag::{LineIndex, Span};
use crate::kql::types::ScalarType;
use crate::report::{FileResult, Report};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Custom table schema files or directories, layered over the bundled catalog.
    pub tables: Vec<PathBuf>,
    /// Parser files or directories whose functions are callable, beside the checked parsers.
    pub functions: Vec<PathBuf>,
    /// Codes of rules whose findings are dropped.
    pub ignore: Vec<&'static str>,
}

impl Options {
    /// Options from a config file and command-line additions; an unknown rule in `ignore` is
    /// an error that names the closest rule.
    pub fn new(
        config: &crate::config::Config,
        tables: &[PathBuf],
        functions: &[PathBuf],
        ignore: &[String],
    ) -> Result<Self, String> {
        let mut options = Options {
            tables: config.tables.iter().chain(tables).cloned().collect(),
            functions: config.functions.iter().chain(functions).cloned().collect(),
            ignore: Vec::new(),
        };
        for name in config.ignore.iter().chain(ignore) {
            match checks::find_rule(name) {
                Some(rule) => options.ignore.push(rule.code),
                None => {
                    let names: Vec<&str> =
                        checks::all_rules().flat_map(|r| [r.code, r.name]).collect();
                    let hint = crate::diag::suggest(name, names, 1)
                        .first()
                        .map(|best| format!("; did you mean `{best}`?"))
                        .unwrap_or_default();
                    return Err(format!("unknown rule `{name}` in ignore list{hint}"));
                }
            }
        }
        Ok(options)
    }
}

/// What stops a run before any file is checked: these are usage errors (exit 2).
#[derive(Debug)]
pub enum LintError {
    Discover(DiscoverError),
    /// A custom table file named in the config or on the command line is missing or broken.
    Catalog(String),
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LintError::Discover(error) => error.fmt(f),
            LintError::Catalog(message) => f.write_str(message),
        }
    }
}

impl From<DiscoverError> for LintError {
    fn from(error: DiscoverError) -> Self {
        LintError::Discover(error)
    }
}

/// The columns every Log Analytics table has
/// (<https://learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns>).
pub const STANDARD_COLUMNS: [(&str, ScalarType); 9] = [
    ("TenantId", ScalarType::String),
    ("TimeGenerated", ScalarType::DateTime),
    ("Type", ScalarType::String),
    ("_ResourceId", ScalarType::String),
    ("_SubscriptionId", ScalarType::String),
    ("_ItemId", ScalarType::String),
    ("_TimeReceived", ScalarType::DateTime),
    ("_IsBillable", ScalarType::String),
    ("_BilledSize", ScalarType::Real),
];

/// The column that classic custom-log tables (`_CL`, filled by the HTTP Data Collector API or
/// the Log Analytics agent) carry besides the standard ones, set to `RestAPI` or `OpsManager`.
/// Custom table definitions rarely list it, yet rules map entities to it.
pub const CLASSIC_CUSTOM_LOG_COLUMNS: [(&str, ScalarType); 1] =
    [("SourceSystem", ScalarType::String)];

/// The bundled catalog with the project's own definitions layered on: custom tables from the
/// options, and every parser among the checked files and the options' function library as a
/// callable function.
pub fn project_catalog<'f>(
    files: impl IntoIterator<Item = &'f ContentFile>,
    options: &Options,
) -> Result<Catalog, LintError> {
    let mut builder = Catalog::builder();
    let library = function_library(&options.functions)?;
    let checked: Vec<&ContentFile> = files.into_iter().collect();
    let functions = function_definitions(&checked, &library);
    for (&name, file) in &functions {
        let Some(query) = &file.query else { continue };
        builder.add_function(
            name,
            checks::parser_function_params(file),
            query.text.clone(),
        );
    }
    // Custom tables are read into a staging catalog first, to tell the tables the bundle has
    // from the new ones.
    let mut staging = Catalog::empty_builder();
    for path in &options.tables {
        let is_yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        let loaded = if is_yaml {
            staging.load_tables_yaml(path)
        } else {
            staging.merge_custom_tables(path)
        };
        loaded.map_err(|error| LintError::Catalog(error.to_string()))?;
    }
    let staging = staging.build();
    let mut custom: Vec<&str> = staging.table_names().collect();
    custom.sort_unstable();
    for name in custom {
        let Some(table) = staging.table(name) else {
            continue;
        };
        let bundled = Catalog::bundled();
        if bundled.table(name).is_none()
            && (functions.contains_key(name) || bundled.function(name).is_some())
        {
            // The Azure-Sentinel CustomTables declare some ASIM parsers (`imDns`,
            // `imProcessCreate`…) as tables to get past its validation. In a workspace these
            // names are functions, so the function wins.
            continue;
        }
        if bundled.table(name).is_some() {
            // A custom definition overrides the bundled table column by column: the types it
            // declares win (the bundle may be outdated), its new columns are added, and the
            // columns it leaves out stay, since CustomTables files often list only a few.
            builder.override_table(name, table.columns().iter().cloned());
        } else {
            // Every Log Analytics table has the standard columns, whether a schema file lists
            // them or not (custom table definitions seldom do).
            let mut columns = table.columns().to_vec();
            let classic = name.ends_with("_CL").then_some(CLASSIC_CUSTOM_LOG_COLUMNS);
            for (column, ty) in STANDARD_COLUMNS
                .into_iter()
                .chain(classic.into_iter().flatten())
            {
                if !columns.iter().any(|c| &*c.name == column) {
                    columns.push(Column::new(column, ty));
                }
            }
            builder.add_table(name, columns);
        }
    }
    Ok(builder.build())
}

/// The parser that defines each function. A parser among the checked files wins over the
/// function library of the options. When several define one name, the highest `Version` wins,
/// then the last in path order: a repository that keeps an old copy (`ASimNetworkSessionV1/`)
/// beside the new one means the new one (SL008 reports the clash).
pub fn function_definitions<'a>(
    checked: &[&'a ContentFile],
    library: &'a [ContentFile],
) -> BTreeMap<&'a str, &'a ContentFile> {
    let mut chosen: BTreeMap<&str, &ContentFile> = BTreeMap::new();
    let mut from_checked: HashSet<&str> = HashSet::default();
    for (is_checked, file) in checked
        .iter()
        .map(|f| (true, *f))
        .chain(library.iter().map(|f| (false, f)))
    {
        if file.query.is_none() {
            continue;
        }
        for name in file.function_names() {
            if is_checked {
                from_checked.insert(name);
            } else if from_checked.contains(name) {
                continue;
            }
            match chosen.get(name) {
                Some(current) if current.parser_version() > file.parser_version() => {}
                _ => {
                    chosen.insert(name, file);
                }
            }
        }
    }
    chosen
}

/// The parsers under the `[catalog] functions` / `--functions` paths. A path that does not
/// exist is an error; a file there that is not a parser is ignored.
fn function_library(paths: &[PathBuf]) -> Result<Vec<ContentFile>, LintError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = discover::candidate_files(paths)?;
    Ok(discover::load_all(&candidates)
        .into_iter()
        .filter_map(|item| match item {
            Discovered::Loaded(Loaded::Content(file)) if file.kind == ContentKind::Parser => {
                Some(*file)
            }
            _ => None,
        })
        .collect())
}

/// Checks every content file under `paths`. Only a path that does not exist (or a broken custom
/// table file) is an error; a file that cannot be read or parsed is a finding.
pub fn check_paths(paths: &[PathBuf], options: &Options) -> Result<Report, LintError> {
    let candidates = discover::candidate_files(paths)?;
    let discovered = discover::load_all(&candidates);
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut unreadable_messages: Vec<(usize, String)> = Vec::new();
    for item in discovered {
        match item {
            Discovered::Loaded(Loaded::Content(file)) => files.push(*file),
            Discovered::Loaded(Loaded::Skipped(reason)) => skipped.push(reason),
            Discovered::Unreadable(unreadable) => {
                unreadable_messages.push((files.len(), unreadable.message));
                files.push(ContentFile {
                    path: unreadable.path,
                    source: "".into(),
                    lines: LineIndex::new(""),
                    kind: ContentKind::Unknown,
                    kind_inferred: false,
                    root: None,
                    query: None,
                    load_problems: Vec::new(),
                });
            }
        }
    }
    let catalog = project_catalog(&files, options)?;
    let mut results: Vec<FileResult> = files
        .into_par_iter()
        .map(|file| {
            let diagnostics = if file.source.is_empty() && file.kind == ContentKind::Unknown {
                Vec::new()
            } else {
                checks::check_file(&file, &catalog)
            };
            FileResult { file, diagnostics }
        })
        .collect();
    for (index, message) in unreadable_messages {
        if let Some(result) = results.get_mut(index) {
            result
                .diagnostics
                .push(unreadable_file::RULE.diag(message, Span::empty(0)));
        }
    }
    let all: Vec<&ContentFile> = results.iter().map(|r| &r.file).collect();
    let project = checks::check_project(&all);
    for (index, diagnostic) in project {
        results[index].diagnostics.push(diagnostic);
    }
    for result in &mut results {
        result
            .diagnostics
            .retain(|d| !options.ignore.contains(&d.code));
        checks::sort(&mut result.diagnostics);
    }
    Ok(Report::new(results, skipped))
}
