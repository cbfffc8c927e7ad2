//! The lint rules, one file per rule, grouped in families:
//!
//! | family | codes | folder |
//! |---|---|---|
//! | content (loading, YAML) | SL0xx | `content/` |
//! | fields | SL1xx | `fields/` |
//! | ATT&CK | SL2xx | `attack/` |
//! | entities, custom details, alert details | SL3xx | `entities/` |
//! | data connectors | SL4xx | `connectors/` |
//! | KQL syntax | SL5xx | `query/` |
//! | KQL analysis | SL6xx | `query/` |
//! | rule against the query's output | SL7xx | `output/` |
//! | suppression comments | SL9xx | `suppressions/` |
//!
//! Every rule file declares its [`Rule`] with [`declare_rule!`](crate::declare_rule) and a
//! `check` function; [`registry`] lists them all. Checks are pure: they read a [`Context`] and
//! push diagnostics, they never print or re-read files.

pub mod attack;
pub mod connectors;
pub mod content;
mod context;
pub mod entities;
pub mod fields;
pub mod output;
pub mod query;
pub mod registry;
mod rule;
pub mod schema;
pub mod suppressions;
#[cfg(test)]
pub mod testing;
pub mod yaml_edit;

pub use context::{Context, ParserParameter, parser_function_params, parser_parameters};
pub use registry::{Check, Registered, all_rules, find_rule};
pub use rule::Rule;

use crate::catalog::Catalog;
use crate::content::ContentFile;
use crate::diag::Diagnostic;

/// Runs every per-file rule on one file; diagnostics come back sorted by position.
pub fn check_file(file: &ContentFile, catalog: &Catalog) -> Vec<Diagnostic> {
    let context = Context::new(file, catalog);
    let mut diagnostics = Vec::new();
    for registered in registry::REGISTRY {
        if let Check::File(check) = registered.check {
            check(&context, &mut diagnostics);
        }
    }
    sort(&mut diagnostics);
    diagnostics
}

/// Runs the rules that compare files with each other (duplicate ids). Each finding comes with
/// the index of the file it belongs to.
pub fn check_project(files: &[&ContentFile]) -> Vec<(usize, Diagnostic)> {
    let mut found = Vec::new();
    for registered in registry::REGISTRY {
        if let Check::Project(check) = registered.check {
            found.extend(check(files));
        }
    }
    found
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
}
