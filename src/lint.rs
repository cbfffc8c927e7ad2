//! The `check` pipeline: discover, load (in parallel), run the per-file rules (in parallel),
//! run the cross-file rules, and gather a [`Report`].

use std::path::PathBuf;

use rayon::prelude::*;

use crate::catalog::{Catalog, Column, Param};
use crate::checks::{self, content::unreadable_file};
use crate::content::discover::{self, DiscoverError, Discovered};
use crate::content::model::{ContentFile, Loaded};
use crate::content::model::{ContentKind, PARSER_NAME_FIELDS};
use crate::diag::{LineIndex, Span};
use crate::kql::types::ScalarType;
use crate::report::{FileResult, Report};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Custom table schema files or directories, layered over the bundled catalog.
    pub tables: Vec<PathBuf>,
    /// Codes of rules whose findings are dropped.
    pub ignore: Vec<&'static str>,
}

impl Options {
    /// Options from a config file and command-line additions; an unknown rule in `ignore` is
    /// an error that names the closest rule.
    pub fn new(
        config: &crate::config::Config,
        tables: &[PathBuf],
        ignore: &[String],
    ) -> Result<Self, String> {
        let mut options = Options {
            tables: config.tables.iter().chain(tables).cloned().collect(),
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

/// The bundled catalog with the project's own definitions layered on: custom tables from the
/// options, and every parser among the checked files as a callable function.
pub fn project_catalog<'f>(
    files: impl IntoIterator<Item = &'f ContentFile>,
    options: &Options,
) -> Result<Catalog, LintError> {
    let mut builder = Catalog::builder();
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
        if Catalog::bundled().table(name).is_some() {
            // Like the Azure-Sentinel KQL validation: a custom table adds its columns to a
            // bundled table of the same name, so an outdated bundle loses nothing.
            builder.merge_table(name, table.columns().iter().cloned());
        } else {
            // Every Log Analytics table has the standard columns, whether a schema file lists
            // them or not (custom table definitions seldom do).
            let mut columns = table.columns().to_vec();
            for (column, ty) in STANDARD_COLUMNS {
                if !columns.iter().any(|c| &*c.name == column) {
                    columns.push(Column::new(column, ty));
                }
            }
            builder.add_table(name, columns);
        }
    }
    for file in files.into_iter().filter(|f| f.kind == ContentKind::Parser) {
        let Some(query) = &file.query else { continue };
        let name = PARSER_NAME_FIELDS
            .iter()
            .rev()
            .find_map(|key| file.field(key).and_then(|n| n.as_str()))
            .filter(|name| !name.is_empty());
        let Some(name) = name else { continue };
        let params = checks::parser_parameters(file)
            .into_iter()
            .map(|p| Param::scalar(p.name, p.ty, p.default))
            .collect();
        builder.add_function(name, params, query.text.clone());
    }
    Ok(builder.build())
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
