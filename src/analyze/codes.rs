//! The diagnostics of the analysis: stable codes in the `SL6xx` family. Their documentation
//! lives with the rules that report them, in `src/checks/query/`.

pub const UNKNOWN_TABLE: (&str, &str) = ("SL601", "unknown-table");
pub const UNKNOWN_COLUMN: (&str, &str) = ("SL602", "unknown-column");
pub const UNKNOWN_FUNCTION: (&str, &str) = ("SL603", "unknown-function");
pub const WRONG_ARGUMENT_COUNT: (&str, &str) = ("SL604", "wrong-argument-count");
pub const OPERATOR_TYPE_MISMATCH: (&str, &str) = ("SL605", "operator-type-mismatch");
pub const AGGREGATE_TYPE_MISMATCH: (&str, &str) = ("SL606", "aggregate-type-mismatch");
pub const JOIN_KEY_MISSING: (&str, &str) = ("SL607", "join-key-missing");
