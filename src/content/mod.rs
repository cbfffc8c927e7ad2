//! Discovery, YAML loading with spans, the content models and the query offset map.

pub mod discover;
pub mod model;
pub mod query_map;
pub mod yaml;

pub use model::{ContentFile, ContentKind, EmbeddedQuery, RuleKind};
