//! The KQL front end: lexer, parser, AST. Knows nothing of YAML or Sentinel.
pub mod types;
