//! Rules about suppression comments (`# sentinel-lint: ignore[SL701] reason`); the comments
//! themselves are read and applied by [`crate::suppress`], after every other rule has run.

pub mod invalid_suppression;
pub mod suppression_without_reason;
pub mod unused_suppression;
