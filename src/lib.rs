//! sentinel-lint: lints and tests Microsoft Sentinel content (analytic rules, hunting queries,
//! parsers) and the KQL inside it.
//!
//! The rooms, in the order data flows through them (see `ARCHITECTURE.md` in the repository):
//! [`content`] loads files, [`kql`] parses queries, [`catalog`] knows tables and functions,
//! [`analyze`] infers what queries output, [`checks`] holds the lint rules, [`report`] renders.

// Bad input gets a diagnostic, never a panic: library code outside tests may not unwrap,
// expect or panic; the few justified exceptions (data compiled into the binary and checked
// whole by the tests) carry an `allow` saying so.
//
// `clippy::indexing_slicing` stays off on purpose. The columnar engine (`exec`) indexes, in
// hundreds of places, vectors whose lengths it established itself (a column per output
// column, a value per row), and rewriting each as `get(..)?` would bury that reasoning in
// error paths that cannot be reached. A slip there is still not a crash: `exec::run_parsed`
// runs the query on a worker thread and turns a panic into an "internal error" diagnostic.
// The parser and analyzer are fuzzed (see `fuzz/`) for the same class of bug.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod analyze;
pub mod baseline;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod exec;
pub mod fix;
pub mod git;
pub mod harness;
pub mod kql;
pub mod lint;
pub mod report;
pub mod selection;
pub mod suppress;
