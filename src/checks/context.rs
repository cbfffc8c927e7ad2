//! Everything a check may look at for one file, computed once and shared by every rule.

use std::sync::OnceLock;

use crate::checks::schema::{self, SchemaViolation};
use crate::content::ContentFile;

pub struct Context<'a> {
    pub file: &'a ContentFile,
    schema_violations: OnceLock<Vec<SchemaViolation>>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a ContentFile) -> Self {
        Context {
            file,
            schema_violations: OnceLock::new(),
        }
    }

    /// The JSON Schema violations of the file, validated once however many rules ask.
    pub fn schema_violations(&self) -> &[SchemaViolation] {
        self.schema_violations
            .get_or_init(|| schema::validate(self.file))
    }
}
