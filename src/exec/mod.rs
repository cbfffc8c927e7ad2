//! The KQL engine: runs a query over in-memory tables with Kusto's semantics.
//!
//! Flow: [`run`] parses the query, analyzes it ([`crate::analyze`]) and stops on the first
//! error before anything runs; then the executor (`executor.rs`) walks the statements, each tabular
//! operator (one family per file under `ops/`) turning whole tables into tables, each scalar
//! expression (`eval.rs`, `compare.rs`, `strings.rs`) evaluated a column at a time. Aggregates
//! live under `aggregates/`, scalar functions under `functions/` (a registry). After each
//! operator the result takes the column names and types the analysis computed for it, so the
//! engine and `query schema` agree by construction; where the analysis knows nothing (open
//! schemas, catalog functions) the engine's own naming applies.
//!
//! Storage (`column.rs`): one typed vector per column with a validity mask; strings are
//! dictionary-encoded so that string predicates and functions run once per distinct value.
//!
//! # Semantic questions settled (with the documentation page that settles each)
//! - Null: every type but string has a null; an absent string is empty
//!   (`scalar-data-types/null-values.md`). Comparisons with null yield null, which `where`
//!   treats as false; `and`/`or` use three-valued logic (`false and null` is false, `true or
//!   null` is true) (`logical-operators.md`). Aggregates skip nulls (`count()` counts rows).
//! - `==` on strings is case-sensitive, `=~` case-insensitive (`datatypes-string-operators.md`).
//! - `has` matches whole terms: a term is a maximal run of ASCII letters/digits (and non-ASCII
//!   characters); the needle matches when it occurs with a non-alphanumeric character (or the
//!   edge) on both sides; `hasprefix`/`hassuffix` need the boundary on one side only
//!   (`has-operator.md`, `datatypes-string-operators.md`). Case-insensitive unless `_cs`.
//! - Arithmetic: int op int gives long; integer division truncates toward zero; division or
//!   modulo by zero of integers gives null; reals follow IEEE (`1/0.0` is infinity)
//!   (`scalar-data-types/real.md`, `arithmetic operators`: `numerical-operators.md`).
//! - datetime - datetime is a timespan; datetime ± timespan a datetime; timespan / timespan a
//!   real (`datetime-timespan-arithmetic.md`).
//! - `bin(x, size)`: floor to a multiple of `size`; datetimes bin from 0001-01-01, which for
//!   any whole number of days equals binning from the Unix epoch (`bin-function.md`).
//! - `sort`/`order` default descending; nulls last for descending, first for ascending
//!   (`sort-operator.md`). `top` sorts descending with nulls last by default (`top-operator.md`).
//! - `join` default kind is `innerunique`: the left side is deduplicated on the key (the first
//!   row of each key kept) before an inner join (`join-operator.md`). Null keys never match.
//! - `dcount`/`dcountif` are exact here (Kusto estimates with HyperLogLog; on test-sized data
//!   the exact count is what Kusto returns too) (`dcount-aggregation-function.md`).
//! - Real numbers print with at most 15 significant digits, integral reals without a fraction;
//!   datetimes as `2024-01-01T00:00:00Z` (fraction only when non-zero); timespans as
//!   `[d.]hh:mm:ss[.fffffff]`; dynamics as compact JSON with bag keys in insertion order.
//! - `decimal` is held as a 64-bit real.
//! - `mv-expand`: a null value gives one row with null, an empty array or bag gives no row;
//!   several expressions expand in parallel, padded with nulls; `to typeof(T)` only casts
//!   (`mv-expand-operator.md`).
//! - `take`, `sample`, `take_any` and `innerunique` pick rows in input order (Kusto may pick
//!   any): results are reproducible, and any choice is a valid Kusto answer.
//! - `percentile(s)` use the nearest-rank value of the exact data (Kusto estimates with
//!   T-Digest), so a percentile of longs is a long (`percentiles-aggregation-function.md`).
//! - `make_set`/`make_list` skip nulls and keep first-appearance order; `make_bag` keeps the
//!   first value of a repeated key (`make-set-aggregation-function.md`,
//!   `make-bag-aggregation-function.md`).
//! - `summarize` without `by` gives one row even over no rows (`count()` is 0, `sum()` null);
//!   with `by` over no rows, no row (`summarize-operator.md`).
//! - `make-series`: empty bins take `default` (0 when not given); rows outside `from`..`to`
//!   (end exclusive) are left out (`make-series-operator.md`).
//! - `parse` (simple): a column captures lazily up to the next literal, a typed `long`/`real`
//!   column captures a number; a row that does not match gets nulls (empty strings) in every
//!   column (`parse-operator.md`).
//! - `search "term"`: any column has the term (case-insensitive) (`search-operator.md`).
//! - `union` names legs that are not plain table names `union_arg0`, `union_arg1`, … in
//!   `withsource` (`union-operator.md`).
//! - `fork` and `facet` produce several tables in Kusto; a run returns the first one.
//! - `ingestion_time()` is null: local rows were never ingested (`ingestiontimefunction.md`).
//!
//! # Nothing outside the given tables
//! The engine never reaches a file or the network. `externaldata` is not read: it yields an
//! empty table with its declared columns, and the run carries a warning
//! ([`QueryResult::warnings`], printed by `query run` on stderr with its position) saying so,
//! so a rule that joins against a remote watchlist still runs, over no watchlist rows.

pub mod aggregates;
pub mod column;
mod compare;
pub mod data;
mod eval;
mod executor;
pub mod functions;
mod ops;
pub mod output;
mod strings;
pub mod table;
pub mod value;

use std::time::Duration;

use crate::catalog::Catalog;
use crate::diag::{Severity, Span};
use crate::kql::ast;

pub use column::Column;
pub use data::DataSet;
pub use eval::ArgColumn;
pub use functions::EvalContext;
pub use table::Table;
pub use value::{Dynamic, Value};

/// Bounds on one query run; each exceeded bound is an error naming the operator.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most rows any operator may produce.
    pub max_rows: usize,
    /// Most bytes (roughly) any one intermediate table may hold.
    pub max_memory: usize,
    /// Wall-clock time for the whole query.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rows: 50_000_000,
            max_memory: 4 << 30,
            timeout: Duration::from_secs(300),
        }
    }
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    /// `now()` in ticks of 100 ns since the Unix epoch.
    pub now: i64,
    pub limits: Limits,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            now: current_time(),
            limits: Limits::default(),
        }
    }
}

/// The current time in ticks since the epoch.
pub fn current_time() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_nanos() / 100) as i64)
        .unwrap_or(0)
}

/// The result of a query: the last tabular statement's table (a scalar statement gives a
/// one-row table, as `print` would).
#[derive(Clone, Debug)]
pub struct QueryResult {
    pub table: Table,
    /// What the run did differently from Kusto and went on (see [`ExecWarning`]).
    pub warnings: Vec<ExecWarning>,
}

/// Something the run could not do as Kusto does but went on without: an `externaldata`
/// source is not read (the engine never reaches files or the network) and yields an empty
/// table with its declared columns. The span is the operator's.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecWarning {
    pub message: String,
    pub span: Span,
}

/// An error that stops a query, with the span of the query text at fault.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecError {
    pub message: String,
    pub span: Span,
}

impl ExecError {
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        ExecError {
            message: message.into(),
            span,
        }
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExecError {}

pub type Result<T> = std::result::Result<T, ExecError>;

/// Parses, analyzes and runs a query.
pub fn run(
    query: &str,
    catalog: &Catalog,
    data: &DataSet,
    options: &RunOptions,
) -> Result<QueryResult> {
    let parsed = crate::kql::parse(query);
    if let Some(e) = parsed.errors.first() {
        return Err(ExecError::new(e.message.clone(), e.span));
    }
    run_parsed(&parsed.query, catalog, data, options)
}

/// Analyzes and runs an already parsed query.
pub fn run_parsed(
    query: &ast::Query,
    catalog: &Catalog,
    data: &DataSet,
    options: &RunOptions,
) -> Result<QueryResult> {
    let (analysis, schemas) = crate::analyze::analyze_recording(query, catalog);
    // A table the catalog does not know but the data has is no error: its schema is the
    // data's (inferred, see `data.rs`).
    let known_by_data = |d: &crate::diag::Diagnostic| {
        d.code == crate::analyze::codes::UNKNOWN_TABLE.0
            && data.names().any(|n| d.message.contains(&format!("`{n}`")))
    };
    if let Some(d) = analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && !known_by_data(d))
    {
        return Err(ExecError::new(d.message.clone(), d.span));
    }
    // Deeply nested queries and function calls recurse: run on a thread with a large stack.
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(scope, || {
                let mut ex = executor::Exec::new(catalog, data, options, schemas);
                let table = ex.run_query(query)?;
                Ok(QueryResult {
                    table,
                    warnings: ex.warnings,
                })
            });
        match worker {
            Ok(handle) => match handle.join() {
                Ok(result) => result,
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("a panic");
                    Err(ExecError::new(
                        format!("internal error: the engine failed on this query ({what})"),
                        query.span,
                    ))
                }
            },
            Err(e) => Err(ExecError::new(
                format!("cannot start the engine: {e}"),
                query.span,
            )),
        }
    })
}
