//! `sentinel-lint test`: a rule's behaviour as a reviewed, versioned artefact.
//!
//! A case ([`fixture`]) gives the rule's input tables and a pinned clock; the runner
//! ([`runner`]) offers each table only the rows inside the rule's lookback window ([`window`]),
//! runs the query with the engine, simulates what Sentinel does with the result ([`alerts`],
//! [`incidents`]) and compares both with the accepted snapshot ([`snapshot`]).
//!
//! Layout, in the repository being tested:
//!
//! ```text
//! sentinel-lint.toml                       (optional; marks the repository root, as .git does)
//! Detections/SigninLogs/Spray.yaml         the rule
//! Detections/SigninLogs/Spray.tests.yaml   its cases (see `fixture`)
//! snapshots/Detections/SigninLogs/Spray/<case>.snap.yaml   one accepted snapshot per case
//! ```
//!
//! `exec` knows nothing of rules: everything Sentinel-specific lives here.

pub mod alerts;
pub mod coverage;
pub mod fixture;
pub mod incidents;
pub mod init;
pub mod rule;
pub mod runner;
pub mod snapshot;
pub mod table;
pub mod time;
pub mod window;
