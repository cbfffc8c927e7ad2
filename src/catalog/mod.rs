//! Tables, columns and functions the analysis resolves names against.
