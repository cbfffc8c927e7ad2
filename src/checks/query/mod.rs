//! Rules about the KQL query itself: syntax (SL5xx) and analysis (SL6xx).

pub mod kql_syntax_error;
