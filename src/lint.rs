//! The `check` pipeline: discover, load (in parallel), run the per-file rules (in parallel),
//! run the cross-file rules, and gather a [`Report`].

use std::path::{Path, PathBuf};

use crate::catalog::hash::FxHashSet as HashSet;

use rayon::prelude::*;

use crate::catalog::{Catalog, Column, function_library};
use crate::checks::{self, content::unreadable_file};
use crate::config::PathGlob;
use crate::content::discover::{self, DiscoverError, Discovered};
use crate::content::model::ContentKind;
use crate::content::model::{ContentFile, Loaded};
use crate::diag::{LineIndex, Severity, Span};
use crate::kql::types::ScalarType;
use crate::report::{FileResult, Report};
use crate::selection::{self, Selector};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Custom table schema files or directories, layered over the bundled catalog.
    pub tables: Vec<PathBuf>,
    /// Parser files or directories whose functions are callable, beside the checked parsers.
    pub functions: Vec<PathBuf>,
    /// Codes of rules whose findings are dropped: the rules left out by `select`,
    /// `extend-select` and `ignore`.
    pub ignore: Vec<&'static str>,
    /// Codes whose findings get another severity than the rule's default.
    pub severity: Vec<(&'static str, Severity)>,
    /// Globs (relative to `base`) → codes that do not apply to the files they match.
    pub per_file_ignores: Vec<(PathGlob, Vec<&'static str>)>,
    /// Globs (relative to `base`) of files that are neither checked nor loaded.
    pub exclude: Vec<PathGlob>,
    /// The directory globs are relative to: the config file's, or the working directory.
    pub base: PathBuf,
    /// Files or directories loaded for what they define (ids, parsers) but not reported.
    pub context: Vec<PathBuf>,
    /// When set, only these files (absolute paths) among the checked paths are reported.
    pub only: Option<HashSet<PathBuf>>,
}

/// Command-line settings that add to or replace the config file's.
#[derive(Clone, Debug, Default)]
pub struct Overrides<'a> {
    pub tables: &'a [PathBuf],
    pub functions: &'a [PathBuf],
    pub ignore: &'a [String],
    /// Replaces the config's `select` when not empty.
    pub select: &'a [String],
    pub extend_select: &'a [String],
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
        Options::with_overrides(
            config,
            &Overrides {
                tables,
                functions,
                ignore,
                ..Overrides::default()
            },
        )
    }

    pub fn with_overrides(
        config: &crate::config::Config,
        overrides: &Overrides,
    ) -> Result<Self, String> {
        let parse = |list: &mut dyn Iterator<Item = &String>, what: &str| {
            selection::parse_all(list.map(String::as_str)).map_err(|e| format!("{e} in {what}"))
        };
        let select = if overrides.select.is_empty() {
            match &config.select {
                Some(list) => Some(parse(&mut list.iter(), "select")?),
                None => None,
            }
        } else {
            Some(parse(&mut overrides.select.iter(), "--select")?)
        };
        let extend = parse(
            &mut config.extend_select.iter().chain(overrides.extend_select),
            "extend-select",
        )?;
        let ignore = parse(
            &mut config.ignore.iter().chain(overrides.ignore),
            "ignore list",
        )?;
        let enabled = selection::enabled_rules(select.as_deref(), &extend, &ignore);
        let mut severity = Vec::new();
        for (text, level) in &config.severity {
            severity.push((Selector::parse(text)?, *level));
        }
        let mut per_file_ignores = Vec::new();
        for (glob, names) in &config.per_file_ignores {
            let selectors = parse(&mut names.iter(), "per-file-ignores")?;
            let codes = checks::all_rules()
                .filter(|rule| selectors.iter().any(|s| s.matches(rule)))
                .map(|rule| rule.code)
                .collect();
            per_file_ignores.push((PathGlob::new(glob)?, codes));
        }
        Ok(Options {
            tables: config
                .tables
                .iter()
                .chain(overrides.tables)
                .cloned()
                .collect(),
            functions: config
                .functions
                .iter()
                .chain(overrides.functions)
                .cloned()
                .collect(),
            ignore: checks::all_rules()
                .map(|rule| rule.code)
                .filter(|code| !enabled.contains(code))
                .collect(),
            severity: selection::severity_overrides(&severity),
            per_file_ignores,
            exclude: config
                .exclude
                .iter()
                .map(|g| PathGlob::new(g))
                .collect::<Result<_, _>>()?,
            base: canonical(&config.base()),
            context: Vec::new(),
            only: None,
        })
    }

    /// `path` relative to the base directory, `/`-separated (as given when it lies elsewhere).
    pub fn relative(&self, path: &Path) -> String {
        let resolved = canonical(path);
        let shown = resolved.strip_prefix(&self.base).unwrap_or(path);
        shown
            .to_string_lossy()
            .replace('\\', "/")
            .trim_start_matches("./")
            .to_string()
    }

    fn excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let relative = self.relative(path);
        self.exclude.iter().any(|glob| glob.matches(&relative))
    }

    /// Whether a finding of `code` is kept in `path` by `ignore` and `per-file-ignores`.
    pub fn applies(&self, code: &str, path: &Path) -> bool {
        let relative = if self.per_file_ignores.is_empty() {
            String::new()
        } else {
            self.relative(path)
        };
        self.applies_at(code, &relative)
    }

    /// [`Options::applies`] for a path already made relative with [`Options::relative`].
    pub fn applies_at(&self, code: &str, relative: &str) -> bool {
        !self.ignore.contains(&code)
            && !self
                .per_file_ignores
                .iter()
                .any(|(glob, codes)| codes.contains(&code) && glob.matches(relative))
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
    let library = function_library::load(&options.functions)?;
    let checked: Vec<&ContentFile> = files.into_iter().collect();
    let functions = function_library::definitions(&checked, &library);
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
            // A custom definition of a Microsoft table adds the columns the bundle lacks (it may
            // be older than the workspace); the columns it leaves out stay, since CustomTables
            // files often list only a few. For a column both know, the bundled type (the
            // published schema) wins, as in the Azure-Sentinel KQL validation: those files
            // often declare every column a string, and a `ResponseRowCount > 10001` on
            // `LAQueryLogs` is no error.
            builder.merge_table(name, table.columns().iter().cloned());
        } else {
            // Every Log Analytics table has the standard columns, whether a schema file lists
            // them or not (custom table definitions seldom do), and with their own types: the
            // Azure-Sentinel CustomTables declare `TimeGenerated` a `String` in four files,
            // which would make every `TimeGenerated > ago(1d)` an error.
            let mut columns = table.columns().to_vec();
            let classic = name.ends_with("_CL").then_some(CLASSIC_CUSTOM_LOG_COLUMNS);
            for (column, ty) in STANDARD_COLUMNS
                .into_iter()
                .chain(classic.into_iter().flatten())
            {
                match columns.iter_mut().find(|c| &*c.name == column) {
                    Some(declared) => declared.ty = ty,
                    None => columns.push(Column::new(column, ty)),
                }
            }
            builder.add_table(name, columns);
        }
    }
    Ok(builder.build())
}

/// The path with symlinks and `..` resolved, to tell two spellings of one file apart. A link
/// itself is not resolved: inside a walked directory it is reported as a link, not followed,
/// and must not stand in for the file it points at.
pub fn canonical(path: &Path) -> PathBuf {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && let (Some(parent), Some(name)) = (path.parent(), path.file_name())
    {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        return canonical(parent).join(name);
    }
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Checks every content file under `paths`. Only a path that does not exist (or a broken custom
/// table file) is an error; a file that cannot be read or parsed is a finding.
///
/// Files under `options.context`, and those under `paths` left out by `options.only`, are
/// loaded for what they define (ids, parsers) but neither checked on their own nor reported.
pub fn check_paths(paths: &[PathBuf], options: &Options) -> Result<Report, LintError> {
    let mut candidates = discover::candidate_files(paths)?;
    candidates.retain(|path| !options.excluded(path));
    let mut seen: HashSet<PathBuf> = HashSet::default();
    candidates.retain(|path| seen.insert(canonical(path)));
    let (mut reported, mut context): (Vec<PathBuf>, Vec<PathBuf>) = match &options.only {
        None => (candidates, Vec::new()),
        Some(only) => candidates
            .into_iter()
            .partition(|path| only.contains(&canonical(path))),
    };
    if !options.context.is_empty() {
        let mut extra = discover::candidate_files(&options.context)?;
        extra.retain(|path| !options.excluded(path) && seen.insert(canonical(path)));
        context.extend(extra);
    }
    let reported_count = reported.len();
    reported.extend(context);
    let discovered = discover::load_all(&reported);
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut unreadable_messages: Vec<(usize, String)> = Vec::new();
    // Which of `files` are reported: the first `reported_files` of them.
    let mut reported_files = 0;
    for (position, item) in discovered.into_iter().enumerate() {
        let is_reported = position < reported_count;
        match item {
            Discovered::Loaded(Loaded::Content(file)) => files.push(*file),
            Discovered::Loaded(Loaded::Skipped(reason)) => {
                if is_reported {
                    skipped.push(reason);
                }
                continue;
            }
            Discovered::Unreadable(unreadable) => {
                if !is_reported {
                    continue;
                }
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
        if is_reported {
            reported_files = files.len();
        }
    }
    let catalog = project_catalog(&files, options)?;
    let context_files = files.split_off(reported_files);
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
    // The context comes first: what is already in the repository is the original, so a
    // duplicate id between a changed file and an unchanged one is reported on the changed one.
    let all: Vec<&ContentFile> = context_files
        .iter()
        .chain(results.iter().map(|r| &r.file))
        .collect();
    let project = checks::check_project(&all);
    for (index, diagnostic) in project {
        if let Some(result) = index
            .checked_sub(context_files.len())
            .and_then(|i| results.get_mut(i))
        {
            result.diagnostics.push(diagnostic);
        }
    }
    results.par_iter_mut().for_each(|result| {
        let relative = if options.per_file_ignores.is_empty() {
            String::new()
        } else {
            options.relative(Path::new(result.file.path.as_ref()))
        };
        let applies = |code: &str| options.applies_at(code, &relative);
        result.diagnostics.retain(|d| applies(d.code));
        crate::suppress::apply(&result.file, &mut result.diagnostics, &applies);
        for diagnostic in &mut result.diagnostics {
            if let Some((_, severity)) = options
                .severity
                .iter()
                .find(|(code, _)| *code == diagnostic.code)
            {
                diagnostic.severity = *severity;
            }
        }
        checks::sort(&mut result.diagnostics);
    });
    Ok(Report::with_context(results, skipped, context_files))
}
