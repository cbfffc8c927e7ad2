//! The `test` runner: finds the test files under the given paths, runs every case against the
//! engine with the rule's window and pinned clock, simulates the alerts, and checks the result
//! against the case's snapshot or count.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::checks::Context;
use crate::content::ContentFile;
use crate::content::discover::{self, Discovered};
use crate::content::model::{ContentKind, Loaded};
use crate::exec::{self, DataSet, RunOptions, Table, Value};
use crate::harness::alerts::{self, Simulation};
use crate::harness::fixture::{self, Case, FixtureError, FixtureValue, TableSource, TestFile};
use crate::harness::rule::RuleSettings;
use crate::harness::snapshot::{self, Snapshot};
use crate::harness::table::ResultTable;
use crate::harness::window::{self, Window};
use crate::harness::{coverage, time};
use crate::lint;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Write new and changed snapshots.
    pub update: bool,
    /// Never write; a missing snapshot fails.
    pub ci: bool,
    /// Also measure which predicates the fixtures exercised.
    pub coverage: bool,
    pub lint: lint::Options,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Passed,
    /// Passed after `--update` wrote its snapshot (new or changed).
    Written {
        new: bool,
    },
    Failed,
}

/// One case's outcome (or a test file that could not be read: then `case` is empty).
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub test_file: Arc<str>,
    pub rule: Arc<str>,
    pub case: String,
    /// 1-based line of the case in the test file.
    pub line: u32,
    pub column: u32,
    pub status: Status,
    /// Why it failed.
    pub message: Option<String>,
    /// The snapshot diff (plain text; the CLI colours it).
    pub diff: Option<String>,
    pub snapshot: Option<PathBuf>,
    /// Things the author should know that did not fail the case: unused fixture rows, alert
    /// warnings of a count-only case.
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
pub struct RunReport {
    pub cases: Vec<CaseResult>,
    /// Snapshots with no case (listed under `--update`).
    pub stale: Vec<PathBuf>,
    pub coverage: Vec<coverage::RuleCoverage>,
}

impl RunReport {
    pub fn passed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.status != Status::Failed)
            .count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }

    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Runs every case found under the options' paths. An error here (a path that does not exist,
/// a broken custom table file) stops the run: exit 2.
pub fn run(options: &Options) -> Result<RunReport, String> {
    let candidates = discover::candidate_files(&options.paths).map_err(|e| e.to_string())?;
    let mut test_files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut content_paths = Vec::new();
    for path in &candidates {
        if fixture::is_test_file(path) {
            test_files.insert(path.clone());
        } else if !path.to_string_lossy().ends_with(snapshot::EXTENSION) {
            content_paths.push(path.clone());
        }
    }
    // A rule named on the command line brings its test file.
    for path in &options.paths {
        if path.is_file() && !fixture::is_test_file(path) {
            let tests = fixture::test_file_for(path);
            if tests.is_file() {
                test_files.insert(tests);
            }
        }
    }
    let mut files: Vec<ContentFile> = discover::load_all(&content_paths)
        .into_iter()
        .filter_map(|item| match item {
            Discovered::Loaded(Loaded::Content(file)) => Some(*file),
            _ => None,
        })
        .collect();
    // The rules of test files given on their own.
    let known: BTreeSet<PathBuf> = files
        .iter()
        .map(|f| canonical(Path::new(&*f.path)))
        .collect();
    let mut extra = Vec::new();
    for tests in &test_files {
        let rule = default_rule_of(tests);
        if rule.is_file() && !known.contains(&canonical(&rule)) {
            extra.push(rule);
        }
    }
    for item in discover::load_all(&extra) {
        if let Discovered::Loaded(Loaded::Content(file)) = item {
            files.push(*file);
        }
    }
    let catalog = lint::project_catalog(&files, &options.lint).map_err(|e| e.to_string())?;
    let by_path: Vec<(PathBuf, &ContentFile)> = files
        .iter()
        .map(|f| (canonical(Path::new(&*f.path)), f))
        .collect();
    let test_files: Vec<PathBuf> = test_files.into_iter().collect();
    let per_file: Vec<(
        Vec<CaseResult>,
        Vec<PathBuf>,
        Option<coverage::RuleCoverage>,
    )> = test_files
        .par_iter()
        .map(|tests| run_file(tests, &by_path, &catalog, options))
        .collect();
    let mut report = RunReport::default();
    let mut rule_dirs = BTreeSet::new();
    for (cases, dirs, coverage) in per_file {
        report.cases.extend(cases);
        rule_dirs.extend(dirs);
        report.coverage.extend(coverage);
    }
    report.stale = stale_snapshots(&report, &rule_dirs, options, &files);
    Ok(report)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The rule a test file names, without parsing it fully: `rule:` is rare, the sibling is the rule.
fn default_rule_of(tests: &Path) -> PathBuf {
    if let Ok(text) = std::fs::read_to_string(tests)
        && let Some(root) = crate::content::yaml::load(&text).root
        && let Some(rule) = root.get("rule").and_then(|n| n.as_str())
    {
        return tests.parent().unwrap_or(Path::new("")).join(rule);
    }
    let name = tests.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = fixture::SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    let yaml = tests.with_file_name(format!("{stem}.yaml"));
    let yml = tests.with_file_name(format!("{stem}.yml"));
    if !yaml.exists() && yml.exists() {
        yml
    } else {
        yaml
    }
}

fn file_failure(
    test_file: Arc<str>,
    rule: Arc<str>,
    message: String,
    line: u32,
    column: u32,
) -> CaseResult {
    CaseResult {
        test_file,
        rule,
        case: String::new(),
        line,
        column,
        status: Status::Failed,
        message: Some(message),
        diff: None,
        snapshot: None,
        notes: Vec::new(),
    }
}

type FileOutcome = (
    Vec<CaseResult>,
    Vec<PathBuf>,
    Option<coverage::RuleCoverage>,
);

fn run_file(
    tests: &Path,
    files: &[(PathBuf, &ContentFile)],
    catalog: &Catalog,
    options: &Options,
) -> FileOutcome {
    let shown = discover::display_path(tests);
    let parsed = match fixture::load(tests, shown.clone(), catalog) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let first = &errors[0];
            let message: String = errors.iter().map(FixtureError::render).collect();
            return (
                vec![file_failure(
                    shown.clone(),
                    shown,
                    message,
                    first.line,
                    first.column,
                )],
                Vec::new(),
                None,
            );
        }
    };
    let rule_path = canonical(&parsed.rule);
    let Some(rule) = files.iter().find(|(p, _)| *p == rule_path).map(|(_, f)| *f) else {
        let message = format!(
            "no rule, hunting query or parser at {} for this test file",
            parsed.rule.display()
        );
        return (
            vec![file_failure(shown.clone(), shown, message, 1, 1)],
            Vec::new(),
            None,
        );
    };
    let context = Context::new(rule, catalog);
    let (Some(query), Some(ast), Some(analysis)) =
        (&rule.query, context.parsed(), context.analysis())
    else {
        let message = format!("{} has no query to test", rule.path);
        return (
            vec![file_failure(shown, rule.path.clone(), message, 1, 1)],
            Vec::new(),
            None,
        );
    };
    if let Some(error) = ast.errors.first() {
        let at = rule
            .lines
            .line_col(&rule.source, query.map.file_span(error.span).start);
        let message = format!(
            "{}:{}:{}: the query does not parse: {}",
            rule.path, at.line, at.column, error.message
        );
        return (
            vec![file_failure(shown, rule.path.clone(), message, 1, 1)],
            Vec::new(),
            None,
        );
    }
    let settings = RuleSettings::read(rule);
    // A parser runs with its parameters bound to their defaults, as a call that leaves them out.
    let prologue: String = crate::checks::parser_parameters(rule)
        .iter()
        .filter(|_| rule.kind == ContentKind::Parser)
        .map(|p| {
            let value = p.default.clone().unwrap_or_else(|| match p.ty {
                crate::kql::types::ScalarType::String => "\"\"".to_string(),
                ty => format!("{ty}(null)"),
            });
            format!("let {} = {value};\n", p.name)
        })
        .collect();
    let bound =
        (!prologue.is_empty()).then(|| crate::kql::parse(&format!("{prologue}{}", query.text)));
    let root = snapshot::repo_root(&rule_path);
    let rule_relative = snapshot::relative(&root, &rule_path);
    let rule_dir = snapshot::rule_directory(&root, &rule_relative);
    let ordered = snapshot::query_orders_rows(&ast.query);
    let mut tables_read = analysis.tables.clone();
    for table in crate::harness::init::tables_read(&query.text, catalog).0 {
        if !tables_read.contains(&table) {
            tables_read.push(table);
        }
    }
    let setup = CaseSetup {
        tests: &parsed,
        rule,
        settings: &settings,
        catalog,
        ast: bound.as_ref().map_or(&ast.query, |b| &b.query),
        shift: prologue.len() as u32,
        tables_read: &tables_read,
        root: &root,
        rule_relative: &rule_relative,
        ordered,
        options,
    };
    let mut results = Vec::new();
    let mut coverage = options.coverage.then(|| {
        coverage::RuleCoverage::new(
            rule.path.clone(),
            query,
            &ast.query,
            &rule.source,
            &rule.lines,
        )
    });
    for case in &parsed.cases {
        let (result, data) = run_case(&setup, case);
        if let (Some(coverage), Some(data)) = (coverage.as_mut(), data) {
            coverage.measure(catalog, &data, case.now);
        }
        results.push(result);
    }
    if let Some(coverage) = coverage.as_mut() {
        coverage.all_passed = results.iter().all(|r| r.status != Status::Failed);
    }
    (results, vec![rule_dir], coverage)
}

struct CaseSetup<'a> {
    tests: &'a TestFile,
    rule: &'a ContentFile,
    settings: &'a RuleSettings,
    catalog: &'a Catalog,
    ast: &'a crate::kql::ast::Query,
    /// How far the run's query text is ahead of the file's (a parser's parameter prologue).
    shift: u32,
    tables_read: &'a [String],
    root: &'a Path,
    rule_relative: &'a str,
    ordered: bool,
    options: &'a Options,
}

/// Runs one case; also returns the data set it ran on (for coverage).
fn run_case(setup: &CaseSetup, case: &Case) -> (CaseResult, Option<DataSet>) {
    let at = setup
        .tests
        .lines
        .line_col(&setup.tests.source, case.span.start);
    let mut result = CaseResult {
        test_file: setup.tests.path.clone(),
        rule: setup.rule.path.clone(),
        case: case.name.clone(),
        line: at.line,
        column: at.column,
        status: Status::Failed,
        message: None,
        diff: None,
        snapshot: None,
        notes: Vec::new(),
    };
    let window = window::for_rule(setup.settings, case.now);
    let mut unused = Vec::new();
    let data = match data_set(setup, case, window.as_ref(), &mut unused) {
        Ok(data) => data,
        Err(message) => {
            result.message = Some(message);
            return (result, None);
        }
    };
    let run_options = RunOptions {
        now: case.now,
        ..RunOptions::default()
    };
    let table = match exec::run_parsed(setup.ast, setup.catalog, &data, &run_options) {
        Ok(output) => output.table,
        Err(error) => {
            let query = setup.rule.query.as_ref();
            let place = query.filter(|_| error.span.start >= setup.shift).map(|q| {
                let span = crate::diag::Span::new(
                    error.span.start - setup.shift,
                    error.span.end.saturating_sub(setup.shift),
                );
                let at = setup
                    .rule
                    .lines
                    .line_col(&setup.rule.source, q.map.file_span(span).start);
                format!("{}:{}:{}: ", setup.rule.path, at.line, at.column)
            });
            result.message = Some(format!(
                "the query failed: {}{}",
                place.unwrap_or_default(),
                error.message
            ));
            return (result, Some(data));
        }
    };
    let mut table = ResultTable::from_engine(&table);
    if !setup.ordered {
        table.sort_rows();
    }
    let simulation: Option<Simulation> = setup
        .settings
        .raises_alerts()
        .then(|| alerts::simulate(setup.settings, &table));
    result
        .notes
        .extend(unused.iter().map(|u| format!("unused: {u}")));
    if case.expect.is_count() {
        let mut failures = Vec::new();
        if let Some(expected) = case.expect.rows
            && expected != table.len()
        {
            failures.push(format!("expected {expected} rows, got {}", table.len()));
        }
        if let Some(expected) = case.expect.alerts {
            let got = simulation.as_ref().map_or(0, |s| s.alerts.len());
            if expected != got {
                failures.push(format!("expected {expected} alerts, got {got}"));
            }
        }
        if let Some(simulation) = &simulation {
            result.notes.extend(simulation.warnings.iter().cloned());
        }
        if failures.is_empty() {
            result.status = Status::Passed;
        } else {
            result.message = Some(failures.join("; "));
        }
        return (result, Some(data));
    }
    let text = Snapshot {
        rule_path: setup.rule_relative,
        case: &case.name,
        now: case.now,
        window: window.as_ref().map(Window::describe),
        unused: &unused,
        result: &table,
        ordered: setup.ordered,
        rule: setup.settings,
        simulation: simulation.as_ref(),
    }
    .render();
    let path = snapshot::case_path(setup.root, setup.rule_relative, &case.name);
    let shown = snapshot::shown(&path);
    result.snapshot = Some(path.clone());
    // A snapshot that is there but cannot be read (not UTF-8, no permission) is not a missing
    // one: say so, and compare as if it were empty.
    let (accepted, unreadable) = match std::fs::read_to_string(&path) {
        Ok(text) => (Some(text), None),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => (None, None),
        Err(error) => (None, Some(error)),
    };
    let options = setup.options;
    match accepted {
        Some(old) if old == text => result.status = Status::Passed,
        old => {
            let new = old.is_none() && unreadable.is_none();
            if options.update && !options.ci {
                match snapshot::write(&path, &text) {
                    Ok(()) => result.status = Status::Written { new },
                    Err(error) => result.message = Some(format!("cannot write {shown}: {error}")),
                }
            } else {
                result.diff = Some(snapshot::diff(old.as_deref().unwrap_or(""), &text, false));
                result.message = Some(if let Some(error) = &unreadable {
                    format!(
                        "the accepted snapshot {shown} cannot be read ({error}); review the result below, accept it with `sentinel-lint test --update`"
                    )
                } else if new {
                    format!(
                        "no accepted snapshot at {shown}; review it below, accept with `sentinel-lint test --update`"
                    )
                } else {
                    format!(
                        "the result differs from {shown}; accept the change with `sentinel-lint test --update`"
                    )
                });
            }
        }
    }
    (result, Some(data))
}

/// The tables of a case, each offered only the rows inside the run's window; a table the query
/// reads but the case leaves out is empty. Rows left out, and tables the query does not read,
/// are listed in `unused`.
fn data_set(
    setup: &CaseSetup,
    case: &Case,
    window: Option<&Window>,
    unused: &mut Vec<String>,
) -> Result<DataSet, String> {
    let mut data = DataSet::new();
    for table in &case.tables {
        let Some(schema) = setup.catalog.table(&table.name) else {
            continue;
        };
        let columns: Vec<(Arc<str>, crate::kql::types::ScalarType)> = schema
            .columns()
            .iter()
            .map(|c| (c.name.clone(), c.ty))
            .collect();
        let read = setup.tables_read.iter().any(|t| t == &table.name);
        let full = match &table.source {
            TableSource::Inline(rows) => {
                let values: Vec<Vec<Value>> = rows
                    .iter()
                    .map(|row| {
                        columns
                            .iter()
                            .map(|(name, ty)| {
                                row.cells
                                    .iter()
                                    .find(|(column, _)| **column == **name)
                                    .map_or_else(
                                        || default_value(*ty),
                                        |(_, v)| engine_value(v, *ty),
                                    )
                            })
                            .collect()
                    })
                    .collect();
                Table::from_rows(&columns, &values)
            }
            TableSource::File(path) => {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if stem != table.name {
                    let at = setup.tests.error(table.span, "");
                    return Err(format!(
                        "{}:{}:{}: a rows file is named after its table: `{}` holds `{stem}`",
                        at.path,
                        at.line,
                        at.column,
                        path.display()
                    ));
                }
                let mut scratch = DataSet::new();
                scratch
                    .load_file(path, setup.catalog)
                    .map_err(|e| e.to_string())?;
                scratch.get(&table.name).cloned().unwrap_or_default()
            }
        };
        if !read {
            unused.push(format!(
                "table {}: the query does not read it ({} rows)",
                table.name, full.rows
            ));
            continue;
        }
        let offered = match (window, full.index_of("TimeGenerated")) {
            (Some(window), Some(index)) => {
                let column = &full.data[index];
                let mask: Vec<bool> = (0..full.rows)
                    .map(|i| match column.get(i) {
                        Value::DateTime(t) => window.contains(t),
                        _ => false,
                    })
                    .collect();
                for (i, keep) in mask.iter().enumerate() {
                    if !keep {
                        let when = match column.get(i) {
                            Value::DateTime(t) => time::format_datetime(t),
                            _ => "null".into(),
                        };
                        let place = match &table.source {
                            TableSource::Inline(rows) => {
                                format!("line {}", setup.tests.line_of(rows[i].span))
                            }
                            TableSource::File(path) => {
                                format!("{} row {}", discover::display_path(path), i + 1)
                            }
                        };
                        unused.push(format!(
                            "{} row {} ({place}): TimeGenerated {when} is outside the window",
                            table.name,
                            i + 1
                        ));
                    }
                }
                full.filter(&mask)
            }
            _ => full,
        };
        data.insert(table.name.clone(), offered);
    }
    for name in setup.tables_read {
        if data.get(name).is_none()
            && let Some(table) = setup.catalog.table(name)
        {
            let schema = crate::catalog::Schema::new(table.columns().to_vec());
            data.insert(name.clone(), Table::empty(&schema));
        }
    }
    Ok(data)
}

/// A column a fixture row leaves out: empty for strings (never null in Kusto), null otherwise.
fn default_value(ty: crate::kql::types::ScalarType) -> Value {
    match ty {
        crate::kql::types::ScalarType::String => Value::str(""),
        _ => Value::Null,
    }
}

fn engine_value(value: &FixtureValue, ty: crate::kql::types::ScalarType) -> Value {
    use crate::kql::types::ScalarType as T;
    match value {
        FixtureValue::Null => Value::Null,
        FixtureValue::Bool(b) => Value::Bool(*b),
        FixtureValue::Long(n) if ty == T::Int => Value::Int(*n as i32),
        FixtureValue::Long(n) => Value::Long(*n),
        FixtureValue::Real(r) if ty == T::Decimal => Value::Decimal(*r),
        FixtureValue::Real(r) => Value::Real(*r),
        FixtureValue::String(s) => Value::str(s),
        FixtureValue::DateTime(t) => Value::DateTime(*t),
        FixtureValue::TimeSpan(t) => Value::TimeSpan(*t),
        FixtureValue::Guid(g) => exec::value::parse_guid(g).map_or(Value::Null, Value::Guid),
        FixtureValue::Dynamic(json) => {
            Value::Dynamic(exec::value::parse_json_ordered(json).unwrap_or_default())
        }
    }
}

/// Snapshots under the tested rules' directories with no case, and rule directories under
/// `snapshots/` whose rule is gone.
fn stale_snapshots(
    report: &RunReport,
    rule_dirs: &BTreeSet<PathBuf>,
    options: &Options,
    files: &[ContentFile],
) -> Vec<PathBuf> {
    let live: BTreeSet<PathBuf> = report
        .cases
        .iter()
        .filter_map(|c| c.snapshot.clone())
        .collect();
    let mut stale = BTreeSet::new();
    for dir in rule_dirs {
        collect_snapshots(dir, &mut |path| {
            if !live.contains(&path) {
                stale.insert(path);
            }
        });
    }
    // Whole directories of rules that no longer exist, under each tested directory.
    let rules: BTreeSet<PathBuf> = files
        .iter()
        .filter(|f| f.kind != ContentKind::Unknown)
        .map(|f| canonical(Path::new(&*f.path)))
        .collect();
    for path in &options.paths {
        if !path.is_dir() {
            continue;
        }
        let root = snapshot::repo_root(path);
        let relative = snapshot::relative(&root, path);
        let mut base = root.join(snapshot::DIRECTORY);
        for part in relative.split('/').filter(|p| !p.is_empty()) {
            base.push(part);
        }
        collect_snapshots(&base, &mut |snap| {
            let Some(dir) = snap.parent() else { return };
            let Ok(rule_rel) = dir.strip_prefix(root.join(snapshot::DIRECTORY)) else {
                return;
            };
            let candidate = root.join(rule_rel);
            let exists = ["yaml", "yml", "kql", "csl"].iter().any(|ext| {
                rules.contains(&canonical(&candidate.with_extension(ext)))
                    || candidate.with_extension(ext).is_file()
            });
            if !exists && !live.contains(&snap) {
                stale.insert(snap);
            }
        });
    }
    stale.into_iter().collect()
}

fn collect_snapshots(dir: &Path, found: &mut dyn FnMut(PathBuf)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_snapshots(&path, found);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(snapshot::EXTENSION))
        {
            found(canonical(&path));
        }
    }
}
