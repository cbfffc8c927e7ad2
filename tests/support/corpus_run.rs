//! Runs every analytic rule and hunting query of the Azure-Sentinel corpus (`../shared/corpus`)
//! through the engine, twice: over empty tables, then over three synthetic typed rows in every
//! table the queries read. Shared by `tests/corpus_run.rs` (which holds the floors) and
//! `examples/corpus_run.rs` (which prints the report).
//!
//! The catalog is the project catalog `check --tables --functions` builds: the corpus's
//! `CustomTables` as custom tables, its parsers as callable functions. The three-row data set is
//! written as JSON Lines, one file per table, and loaded the way `query run --data` loads it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use sentinel_lint::catalog::Catalog;
use sentinel_lint::content::discover::{self, Discovered};
use sentinel_lint::content::model::Loaded;
use sentinel_lint::content::{ContentFile, ContentKind};
use sentinel_lint::diag::Severity;
use sentinel_lint::exec::{DataSet, RunOptions};
use sentinel_lint::kql::types::ScalarType;
use sentinel_lint::lint;

/// `now()` for every run: the synthetic datetimes lie in the hour before it.
pub const NOW: &str = "2024-01-01T00:00:00Z";
const NOW_TICKS: i64 = 19_723 * 864_000_000_000;
/// The engine's own time limit per query; a run that ignores it is stopped by the backstop.
const QUERY_TIME_LIMIT: Duration = Duration::from_secs(20);
const BACKSTOP: Duration = Duration::from_secs(60);

/// The corpus snapshot, relative to the crate; `None` when `../shared` is absent.
pub fn corpus_root() -> Option<PathBuf> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/azure-sentinel-2022-02");
    path.is_dir().then_some(path)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Ran,
    Unsupported,
    OtherError,
    Panic,
    Timeout,
}

impl Outcome {
    fn code(self) -> &'static str {
        match self {
            Outcome::Ran => "ran",
            Outcome::Unsupported => "unsupported",
            Outcome::OtherError => "error",
            Outcome::Panic => "panic",
            Outcome::Timeout => "timeout",
        }
    }

    fn from_code(code: &str) -> Option<Outcome> {
        [
            Outcome::Ran,
            Outcome::Unsupported,
            Outcome::OtherError,
            Outcome::Panic,
            Outcome::Timeout,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Ran => "ran to completion",
            Outcome::Unsupported => "\"unsupported\" error",
            Outcome::OtherError => "other error",
            Outcome::Panic => "panic",
            Outcome::Timeout => "timeout",
        }
    }
}

/// The result of one data set's pass over the corpus.
#[derive(Default)]
pub struct Pass {
    pub counts: BTreeMap<Outcome, usize>,
    /// Failures grouped by cause: (outcome, cause) → files.
    pub causes: BTreeMap<(Outcome, String), Vec<String>>,
}

impl Pass {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn ran(&self) -> usize {
        self.counts.get(&Outcome::Ran).copied().unwrap_or(0)
    }

    pub fn rate(&self) -> f64 {
        100.0 * self.ran() as f64 / self.total().max(1) as f64
    }
}

pub struct CorpusRun {
    /// Analytic rules and hunting queries found.
    pub queries: usize,
    /// Those with an analysis error: excluded from the figures, as the check takes the queries
    /// that bind cleanly.
    pub bind_errors: Vec<(String, String)>,
    pub empty: Pass,
    pub rows: Pass,
    pub tables_with_rows: usize,
}

struct Query {
    path: String,
    text: String,
}

fn load(paths: &[PathBuf]) -> Vec<ContentFile> {
    let candidates = discover::candidate_files(paths).expect("corpus paths exist");
    discover::load_all(&candidates)
        .into_iter()
        .filter_map(|d| match d {
            Discovered::Loaded(Loaded::Content(file)) => Some(*file),
            _ => None,
        })
        .collect()
}

/// A content file's path relative to the corpus root, for the report.
fn relative(path: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    path.strip_prefix(root.as_ref())
        .map(|p| p.trim_start_matches('/'))
        .unwrap_or(path)
        .to_string()
}

/// The corpus loaded: its catalog, the queries that bind cleanly (in a fixed order, so that a
/// worker process and its supervisor agree on indexes) and the tables they read.
pub struct Prepared {
    catalog: Arc<Catalog>,
    queries: usize,
    bind_errors: Vec<(String, String)>,
    runnable: Vec<Query>,
    tables: BTreeSet<String>,
}

pub fn prepare(root: &Path) -> Prepared {
    let files = load(&[root.to_path_buf()]);
    let mut options = lint::Options::default();
    let custom = root.join(".script/tests/KqlvalidationsTests/CustomTables");
    if custom.is_dir() {
        options.tables.push(custom);
    }
    for parsers in ["Parsers", "ASIM"] {
        let dir = root.join(parsers);
        if dir.is_dir() {
            options.functions.push(dir);
        }
    }
    let catalog = lint::project_catalog(&files, &options).expect("the corpus catalog builds");
    let mut queries: Vec<Query> = files
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                ContentKind::AnalyticRule(_) | ContentKind::HuntingQuery
            )
        })
        .filter_map(|f| {
            f.query.as_ref().map(|q| Query {
                path: relative(&f.path, root),
                text: q.text.clone(),
            })
        })
        .collect();
    queries.sort_by(|a, b| a.path.cmp(&b.path));
    let total = queries.len();
    let mut bind_errors = Vec::new();
    let mut runnable = Vec::new();
    let mut tables = BTreeSet::new();
    for q in queries {
        // A syntax error or an analysis error: the query does not bind cleanly.
        let parsed = sentinel_lint::kql::parse(&q.text);
        if let Some(e) = parsed.errors.first() {
            bind_errors.push((q.path.clone(), format!("syntax: {}", e.message)));
            continue;
        }
        let analysis = sentinel_lint::analyze::analyze(&parsed.query, &catalog);
        match analysis
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            Some(d) => bind_errors.push((q.path.clone(), d.message.clone())),
            None => {
                collect_tables(&analysis.tables, &analysis.functions, &catalog, &mut tables);
                runnable.push(q);
            }
        }
    }
    Prepared {
        catalog: Arc::new(catalog),
        queries: total,
        bind_errors,
        runnable,
        tables,
    }
}

/// Which data a pass runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    Empty,
    ThreeRows,
}

impl Data {
    fn name(self) -> &'static str {
        match self {
            Data::Empty => "empty",
            Data::ThreeRows => "rows",
        }
    }

    fn from_name(name: &str) -> Option<Data> {
        match name {
            "empty" => Some(Data::Empty),
            "rows" => Some(Data::ThreeRows),
            _ => None,
        }
    }
}

/// The data set of a pass; the three-row one is written to `scratch` as JSON Lines, one file per
/// table, and loaded as `query run --data` loads it. Returns it with the count of tables.
fn data_set(prepared: &Prepared, data: Data, scratch: &Path) -> (DataSet, usize) {
    if data == Data::Empty {
        return (DataSet::new(), 0);
    }
    std::fs::create_dir_all(scratch).expect("scratch directory");
    for entry in std::fs::read_dir(scratch)
        .expect("scratch is readable")
        .flatten()
    {
        let _ = std::fs::remove_file(entry.path());
    }
    let mut written = 0;
    for name in &prepared.tables {
        if let Some(table) = prepared.catalog.table(name) {
            let text = synthetic_rows(table.columns());
            std::fs::write(scratch.join(format!("{name}.jsonl")), text).expect("write rows");
            written += 1;
        }
    }
    let mut set = DataSet::new();
    set.load_path(scratch, &prepared.catalog)
        .unwrap_or_else(|e| panic!("the synthetic rows load: {e}"));
    (set, written)
}

/// Starts each result line of a worker.
const MARK: &str = "@corpus-run-result@";

/// The environment variable that turns a test process into a worker: `PASS:FROM`.
pub const WORKER_ENV: &str = "CORPUS_RUN_WORKER";

/// Worker mode: runs the queries of one pass from index `from` on, printing one
/// `MARK<TAB>index<TAB>outcome<TAB>cause` line per query, flushed, so that the supervisor knows how
/// far it got if the process dies (a stack overflow aborts a process; it cannot be caught).
pub fn worker(root: &Path, scratch: &Path, spec: &str) {
    use std::io::Write as _;
    let (pass, from) = spec.split_once(':').expect("PASS:FROM");
    let data = Data::from_name(pass).expect("a pass name");
    let from: usize = from.parse().expect("an index");
    let prepared = prepare(root);
    let (set, _) = data_set(&prepared, data, scratch);
    let set = Arc::new(set);
    let mut out = std::io::stdout().lock();
    for (i, q) in prepared.runnable.iter().enumerate().skip(from) {
        let (outcome, cause) = run_one(q, &prepared.catalog, &set);
        // A line of its own: the test harness may have written on the current line already.
        let _ = writeln!(
            out,
            "\n{MARK}\t{i}\t{}\t{}",
            outcome.code(),
            cause.replace(['\t', '\n'], " ")
        );
        let _ = out.flush();
    }
}

/// Runs the corpus, each pass in worker processes started from `exe` with `args` (the test
/// binary re-running itself), restarting after a worker dies on a query.
pub fn run_corpus(root: &Path, scratch: &Path, exe: &Path, args: &[&str]) -> CorpusRun {
    let prepared = prepare(root);
    let tables_with_rows = prepared
        .tables
        .iter()
        .filter(|t| prepared.catalog.table(t).is_some())
        .count();
    let empty = supervise(&prepared, Data::Empty, scratch, exe, args);
    let rows = supervise(&prepared, Data::ThreeRows, scratch, exe, args);
    CorpusRun {
        queries: prepared.queries,
        bind_errors: prepared.bind_errors,
        empty,
        rows,
        tables_with_rows,
    }
}

fn supervise(prepared: &Prepared, data: Data, scratch: &Path, exe: &Path, args: &[&str]) -> Pass {
    use std::io::BufRead as _;
    let mut pass = Pass::default();
    let n = prepared.runnable.len();
    let mut next = 0;
    while next < n {
        let mut child = std::process::Command::new(exe)
            .args(args)
            .env(WORKER_ENV, format!("{}:{next}", data.name()))
            .env("CORPUS_RUN_SCRATCH", scratch)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start a corpus worker");
        let stdout = child.stdout.take().expect("piped stdout");
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let Some(at) = line.find(MARK) else {
                continue;
            };
            let mut parts = line[at..].splitn(4, '\t');
            parts.next();
            let (Some(i), Some(code), Some(cause)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (Ok(i), Some(outcome)) = (i.parse::<usize>(), Outcome::from_code(code)) else {
                continue;
            };
            record(
                &mut pass,
                outcome,
                cause.to_string(),
                &prepared.runnable[i].path,
            );
            next = i + 1;
        }
        let _ = child.wait();
        if next < n {
            // The worker died on query `next` without reporting it.
            record(
                &mut pass,
                Outcome::Panic,
                "the process aborted (stack overflow or another fatal error)".into(),
                &prepared.runnable[next].path,
            );
            next += 1;
        }
    }
    pass
}

fn record(pass: &mut Pass, outcome: Outcome, cause: String, path: &str) {
    *pass.counts.entry(outcome).or_default() += 1;
    if outcome != Outcome::Ran {
        pass.causes
            .entry((outcome, cause))
            .or_default()
            .push(path.to_string());
    }
}

/// The tables a query reads, with those read by the workspace functions (parsers) it calls.
fn collect_tables(
    direct: &[String],
    functions: &[String],
    catalog: &Catalog,
    out: &mut BTreeSet<String>,
) {
    out.extend(direct.iter().cloned());
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = functions.to_vec();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(f) = catalog.function(&name) else {
            continue;
        };
        if let sentinel_lint::catalog::FunctionBody::Query(body) = &f.body {
            let analysis = sentinel_lint::analyze::analyze_text(body, catalog);
            out.extend(analysis.tables.iter().cloned());
            todo.extend(analysis.functions.iter().cloned());
        }
    }
}

fn run_one(q: &Query, catalog: &Arc<Catalog>, data: &Arc<DataSet>) -> (Outcome, String) {
    let options = RunOptions {
        now: NOW_TICKS,
        limits: sentinel_lint::exec::Limits {
            timeout: QUERY_TIME_LIMIT,
            ..Default::default()
        },
    };
    let (tx, rx) = mpsc::channel();
    let text = q.text.clone();
    let (catalog, data) = (Arc::clone(catalog), Arc::clone(data));
    // A deep query recurses deeply in a debug build: give the run the main thread's room.
    let spawned = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                sentinel_lint::exec::run(&text, &catalog, &data, &options)
                    .map(|_| ())
                    .map_err(|e| e.message)
            }));
            let _ = tx.send(result.map_err(|p| panic_message(&p)));
        });
    if let Err(e) = spawned {
        panic!("cannot start a query thread: {e}");
    }
    match rx.recv_timeout(BACKSTOP) {
        Ok(Ok(Ok(()))) => (Outcome::Ran, String::new()),
        Ok(Ok(Err(message))) => classify(&message),
        Ok(Err(panic)) => (Outcome::Panic, normalize(&panic)),
        // The thread is left to finish on its own: a thread cannot be stopped from outside.
        Err(_) => (Outcome::Timeout, "no answer within the backstop".into()),
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic without a message".into())
}

fn classify(message: &str) -> (Outcome, String) {
    let lower = message.to_lowercase();
    // The engine turns its own panics into this error; they are panics all the same.
    let outcome = if lower.starts_with("internal error") {
        Outcome::Panic
    } else if lower.contains("time limit") || lower.contains("timed out") {
        Outcome::Timeout
    } else if [
        "unsupported",
        "not supported",
        "not implemented",
        "unknown function",
        // The engine's "the engine does not run `summarize`" for an operator it lacks.
        "does not run",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        Outcome::Unsupported
    } else {
        Outcome::OtherError
    };
    (outcome, normalize(message))
}

/// A failure's cause for grouping: the first line of the message with its literal values
/// blanked out, so that one missing function is one group.
fn normalize(message: &str) -> String {
    let out = crate::failure_cause::blank_literals(message);
    crate::failure_cause::truncate(out.lines().next().unwrap_or_default(), 160)
}

// ---------------------------------------------------------------------------------------------
// Synthetic rows
// ---------------------------------------------------------------------------------------------

/// Three JSON Lines rows for a table: plausible values for each column's type and name.
pub fn synthetic_rows(columns: &[sentinel_lint::catalog::Column]) -> String {
    let mut out = String::new();
    for i in 0..3 {
        let mut row = serde_json::Map::new();
        for column in columns {
            row.insert(
                column.name.to_string(),
                synthetic_value(&column.name, column.ty, i),
            );
        }
        let _ = writeln!(out, "{}", serde_json::Value::Object(row));
    }
    out
}

fn synthetic_value(name: &str, ty: ScalarType, i: usize) -> serde_json::Value {
    use serde_json::json;
    let lower = name.to_ascii_lowercase();
    match ty {
        ScalarType::Bool => json!(i != 1),
        ScalarType::Int | ScalarType::Long => {
            if lower.contains("eventid") {
                json!([4624, 4625, 4688][i])
            } else if lower.contains("port") {
                json!([443, 3389, 22][i])
            } else {
                json!(i as i64 + 1)
            }
        }
        ScalarType::Real | ScalarType::Decimal => json!(i as f64 + 1.5),
        ScalarType::DateTime => {
            // 10, 20 and 30 minutes before `now`.
            json!(format!("2023-12-31T23:{}0:00Z", 5 - i))
        }
        ScalarType::TimeSpan => json!(format!("00:0{}:00", i + 1)),
        ScalarType::Guid => json!(format!("00000000-0000-4000-8000-00000000000{}", i + 1)),
        ScalarType::Dynamic => [
            json!({"Name": "value1", "Value": "1", "Type": "String", "Address": "10.1.2.3"}),
            json!(["item1", "item2"]),
            json!({"key": "value3", "count": 3}),
        ][i]
            .clone(),
        ScalarType::String => json!(synthetic_string(name, &lower, i)),
        ScalarType::Unknown => serde_json::Value::Null,
    }
}

fn synthetic_string(name: &str, lower: &str, i: usize) -> String {
    let is_ip = lower.ends_with("ip")
        || lower.contains("ipaddr")
        || lower.contains("ip_addr")
        || lower.contains("ipaddress")
        || name.contains("IP")
        || lower.ends_with("addr");
    if is_ip {
        return ["10.1.2.3", "192.168.10.20", "203.0.113.7"][i].into();
    }
    if lower.contains("url") || lower.contains("uri") {
        return [
            "https://contoso.com/index.html",
            "http://10.1.2.3/a?b=1",
            "https://example.org/",
        ][i]
            .into();
    }
    if lower.contains("upn") || lower.contains("email") || lower.contains("userprincipal") {
        return ["alice@contoso.com", "bob@contoso.com", "admin@contoso.com"][i].into();
    }
    if lower.contains("account") || lower.contains("user") {
        return ["alice", "CONTOSO\\bob", "admin"][i].into();
    }
    if lower.contains("computer") || lower.contains("host") || lower.contains("device") {
        return ["host1.contoso.com", "WS-02", "srv3"][i].into();
    }
    if lower.contains("commandline") || lower.contains("processname") || lower == "process" {
        return [
            "cmd.exe /c whoami",
            "powershell.exe -enc AAAA",
            "C:\\Windows\\notepad.exe",
        ][i]
            .into();
    }
    format!("{name}{}", i + 1)
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

pub fn report(run: &CorpusRun) -> String {
    let mut out = String::new();
    let runnable = run.queries - run.bind_errors.len();
    let _ = writeln!(
        out,
        "Corpus run: {} analytic rules and hunting queries, {} bind cleanly ({} with analysis \
         errors, excluded); synthetic rows in {} tables; now = {NOW}",
        run.queries,
        runnable,
        run.bind_errors.len(),
        run.tables_with_rows
    );
    for (label, pass) in [
        ("empty tables", &run.empty),
        ("3 synthetic rows", &run.rows),
    ] {
        let _ = writeln!(
            out,
            "\n## {label}: {:.2}% ran ({}/{})",
            pass.rate(),
            pass.ran(),
            pass.total()
        );
        for (outcome, n) in &pass.counts {
            let _ = writeln!(out, "- {}: {n}", outcome.label());
        }
        let mut causes: Vec<_> = pass.causes.iter().collect();
        causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        if !causes.is_empty() {
            let _ = writeln!(out, "\n### Failures by cause ({label})\n");
        }
        for ((outcome, cause), files) in causes {
            let _ = writeln!(
                out,
                "- {} × {}: {cause} (e.g. {})",
                files.len(),
                outcome.label(),
                files[0]
            );
            // Every file of a crash: each one is a bug to fix, not a feature to add.
            if *outcome == Outcome::Panic {
                for file in files.iter().skip(1) {
                    let _ = writeln!(out, "  - {file}");
                }
            }
        }
    }
    if !run.bind_errors.is_empty() {
        let _ = writeln!(
            out,
            "\n## Excluded: analysis errors ({})\n",
            run.bind_errors.len()
        );
        for (path, message) in &run.bind_errors {
            let _ = writeln!(out, "- {path}: {message}");
        }
    }
    out
}
