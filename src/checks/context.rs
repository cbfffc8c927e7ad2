//! Everything a check may look at for one file, computed once and shared by every rule.

use std::sync::OnceLock;

use crate::checks::schema::{self, SchemaViolation};
use crate::content::ContentFile;
use crate::kql::{self, Parsed};

pub struct Context<'a> {
    pub file: &'a ContentFile,
    schema_violations: OnceLock<Vec<SchemaViolation>>,
    parsed: OnceLock<Option<Parsed>>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a ContentFile) -> Self {
        Context {
            file,
            schema_violations: OnceLock::new(),
            parsed: OnceLock::new(),
        }
    }

    /// The file's query, parsed once however many rules ask; `None` without a query.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed
            .get_or_init(|| {
                self.file
                    .query
                    .as_ref()
                    .map(|query| kql::parse(&query.text))
            })
            .as_ref()
    }

    /// The JSON Schema violations of the file, validated once however many rules ask.
    pub fn schema_violations(&self) -> &[SchemaViolation] {
        self.schema_violations
            .get_or_init(|| schema::validate(self.file))
    }
}
