//! Name binding, types and the output schema of every KQL operator.
//!
//! [`analyze`] walks a parsed query the way Kusto.Language's binder does: it resolves table,
//! column and function names against a [`Catalog`], types every expression, and computes the
//! ordered columns each operator outputs. The column naming rules (`count_`, `sum_X`, `Column1`,
//! `x1` for clashes, join's `1` suffix, union's `name_type`) follow Kusto.Language, checked
//! against it on the Azure-Sentinel corpus.
//!
//! The prime directive is no false alarms: whenever a schema cannot be known (a table missing
//! from the catalog, `bag_unpack`, `_GetWatchlist`, a plugin), it is marked open and nothing
//! that depends on it is reported. Errors that follow from another error (an expression over an
//! unknown column) are not reported either.
//!
//! Agreement with Kusto.Language on the Azure-Sentinel 2022-02 corpus is measured by
//! `tests/oracle_schema.rs` against committed oracle verdicts. Deliberate differences: an
//! unresolved type never decides a column's type or splits a union column (Kusto.Language lets
//! `unknown` win), and nothing is reported over an unknown table's columns.
//!
//! Files: `binder.rs` (names, scopes, functions), `expr.rs` (scalar expressions and
//! aggregates), `ops.rs` (the pipe operators), with `join.rs`, `union.rs` and `find.rs` for the
//! operators that combine tables; `builder.rs` (projection column naming), `types.rs` (type
//! rules).

mod binder;
mod builder;
pub mod codes;
mod expr;
mod find;
mod join;
mod ops;
pub(crate) use ops::tuple_members;
// Operator parameters and name patterns, read the same way by the engine.
pub(crate) use ops::{param, param_word, wildcard_match};
mod types;
mod union;

use crate::catalog::{Catalog, Schema};
use crate::diag::Diagnostic;
use crate::kql::ast;
use crate::kql::types::ScalarType;

pub(crate) use binder::arity_text;
pub(crate) use expr::literal_type;
pub(crate) use types::promoted;

/// The common type of `iff`/`case` branches (the engine types its results with it).
pub(crate) fn common_type(types: &[ScalarType]) -> ScalarType {
    types::common(types)
}

/// The type of an arithmetic operation, as the analysis computes it.
pub(crate) fn arithmetic_type(
    op: crate::kql::ast::BinaryOp,
    a: ScalarType,
    b: ScalarType,
) -> Option<ScalarType> {
    types::arithmetic(op, a, b)
}

/// What the last statement of a query produces.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    Table(Schema),
    Scalar(ScalarType),
    /// No query statement (only `let`s), or nothing known.
    None,
}

/// The result of [`analyze`].
#[derive(Clone, Debug)]
pub struct Analysis {
    pub output: Output,
    /// Catalog tables the query reads, in first-use order.
    pub tables: Vec<String>,
    /// Catalog functions (workspace, ASIM, user) the query calls, in first-use order.
    pub functions: Vec<String>,
    /// Findings; spans are byte offsets into the query text.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The output schema when the query ends in a tabular statement.
    pub fn schema(&self) -> Option<&Schema> {
        match &self.output {
            Output::Table(s) => Some(s),
            _ => None,
        }
    }
}

/// Analyzes a parsed query against a catalog. Never panics.
pub fn analyze(query: &ast::Query, catalog: &Catalog) -> Analysis {
    binder::Binder::new(catalog).analyze_query(query)
}

/// Analyzes a function body with its parameters in scope, as the workspace binds them when the
/// function is called: a scalar parameter is a value of its type, a tabular one (`T:(*)`,
/// `T:(TimeGenerated:datetime)`) an open table with at least the columns it declares.
pub fn analyze_with_params(
    query: &ast::Query,
    catalog: &Catalog,
    params: &[crate::catalog::Param],
) -> Analysis {
    let mut binder = binder::Binder::new(catalog);
    binder.bind_params(params);
    binder.analyze_query(query)
}

/// Analyzes a query and also returns the output schema of every pipe operator, keyed by the
/// operator's address in `query`: the engine gives its results these names and types.
pub fn analyze_recording(
    query: &ast::Query,
    catalog: &Catalog,
) -> (Analysis, crate::catalog::hash::FxHashMap<usize, Schema>) {
    let (analysis, schemas) = binder::Binder::new(catalog).analyze_query_recording(query, true);
    let schemas = schemas
        .into_iter()
        .map(|(k, v)| (k, std::rc::Rc::unwrap_or_clone(v)))
        .collect();
    (analysis, schemas)
}

/// Parses and analyzes a query text: a convenience for tests and tools.
pub fn analyze_text(text: &str, catalog: &Catalog) -> Analysis {
    let parsed = crate::kql::parse(text);
    analyze(&parsed.query, catalog)
}
