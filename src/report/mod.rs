//! Output formats, one file per format, over one [`Report`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::ContentFile;
use crate::content::model::Skipped;
use crate::diag::{Diagnostic, Severity};

/// One checked file and what was found in it.
pub struct FileResult {
    pub file: ContentFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything one `check` run found, in path order.
#[derive(Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub skipped: Vec<Skipped>,
    /// Files loaded for what they define but not reported (`--context`, `--changed-since`);
    /// labels may point into them.
    pub context: Vec<ContentFile>,
    index: HashMap<Arc<str>, usize>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    pub fn new(files: Vec<FileResult>, skipped: Vec<Skipped>) -> Self {
        Report::with_context(files, skipped, Vec::new())
    }

    pub fn with_context(
        files: Vec<FileResult>,
        skipped: Vec<Skipped>,
        context: Vec<ContentFile>,
    ) -> Self {
        let index = files
            .iter()
            .map(|result| &result.file)
            .chain(&context)
            .enumerate()
            .map(|(i, file)| (file.path.clone(), i))
            .collect();
        Report {
            files,
            skipped,
            context,
            index,
        }
    }

    /// A reported or context file by its shown path.
    pub fn file(&self, path: &str) -> Option<&ContentFile> {
        self.index.get(path).and_then(|&i| match self.files.get(i) {
            Some(result) => Some(&result.file),
            None => self.context.get(i - self.files.len()),
        })
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = (&ContentFile, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|result| result.diagnostics.iter().map(move |d| (&result.file, d)))
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            files: self.files.len(),
            ..Counts::default()
        };
        for (_, diagnostic) in self.diagnostics() {
            match diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics()
            .any(|(_, d)| d.severity == Severity::Error)
    }

    /// Every diagnostic in the human format, then the summary line.
    pub fn render_human(&self, style: &human::Style) -> String {
        let mut out = String::new();
        let other = |path: &str| self.file(path).map(|f| (f.source.as_ref(), &f.lines));
        for (file, diagnostic) in self.diagnostics() {
            out.push_str(&human::render(diagnostic, file, style, &other));
            out.push('\n');
        }
        out.push_str(&self.summary());
        out
    }

    pub fn render_plain(&self) -> String {
        self.render_human(&human::Style::plain())
    }

    pub fn summary(&self) -> String {
        let counts = self.counts();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "Checked {}: {}, {}, {}.\n",
            plural(counts.files, "file"),
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            plural(counts.infos, "info"),
        )
    }
}

/// One case of a `test` run, as the formats report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    /// The test file, and the 1-based line and column of the case in it.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The rule file the case tests.
    pub rule: String,
    /// Empty when the test file itself could not be read.
    pub name: String,
    /// `passed`, `written` (by `--update`) or `failed`.
    pub status: &'static str,
    pub message: Option<String>,
    /// The snapshot diff, plain text.
    pub diff: Option<String>,
    /// Things worth knowing that did not fail the case (unused fixture rows…).
    pub notes: Vec<String>,
}

impl TestCase {
    pub fn failed(&self) -> bool {
        self.status == "failed"
    }
}
