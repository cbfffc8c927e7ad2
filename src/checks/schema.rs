//! Applies the JSON Schemas of `schemas/` to a file. The violations are computed once per file
//! (see [`Context::schema_violations`](crate::checks::Context::schema_violations)) and reported
//! by the rules of the `fields` family that own each kind of violation.

use crate::content::ContentFile;

/// The kind of schema keyword that failed, which decides the rule that reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViolationKind {
    /// A required property is absent: its name.
    Required(String),
    /// A value has the wrong JSON type: the expected type(s).
    Type(String),
    /// A property the format does not know: its name.
    UnknownProperty(String),
    /// Any other keyword (enum, pattern, limits): reported by the dedicated field rules, which
    /// give sharper messages and fixes, so the schema only records them.
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaViolation {
    pub kind: ViolationKind,
    /// JSON pointer to the instance that failed (the parent object for `Required` and
    /// `UnknownProperty`).
    pub pointer: String,
    pub message: String,
}

/// Placeholder until the schemas land: no violations.
pub fn validate(_file: &ContentFile) -> Vec<SchemaViolation> {
    Vec::new()
}
