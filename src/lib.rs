//! sentinel-lint: lints and tests Microsoft Sentinel content (analytic rules, hunting queries,
//! parsers) and the KQL inside it.
//!
//! The rooms, in the order data flows through them (see `ARCHITECTURE.md` in the repository):
//! [`content`] loads files, [`kql`] parses queries, [`catalog`] knows tables and functions,
//! [`analyze`] infers what queries output, [`checks`] holds the lint rules, [`report`] renders.

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
