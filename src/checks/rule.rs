//! What a lint rule is: a stable code, a kebab-case name, a default severity and its
//! documentation, which is the rule's own doc comment (so docs and code cannot drift).

use crate::diag::{Diagnostic, Severity, Span};

#[derive(Debug)]
pub struct Rule {
    /// Stable code, `SL` and three digits; the hundreds give the family.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// Markdown in ruff's shape: what it does, why it matters, example, fix.
    pub doc: &'static str,
}

impl Rule {
    /// A diagnostic of this rule at its default severity.
    pub fn diag(&'static self, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(self.code, self.name, self.severity, message, span)
    }

    /// The documentation with the one-space indent of `///` comments removed.
    pub fn documentation(&self) -> String {
        let mut text = String::new();
        for line in self.doc.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text.trim().to_string() + "\n"
    }
}

/// Declares a rule; its doc comment becomes the text `sentinel-lint explain CODE` prints.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub static INVALID_ID = ("SL110", "invalid-id", Error);
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis static $ident:ident = ($code:literal, $name:literal, $severity:ident);) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::checks::Rule = $crate::checks::Rule {
            code: $code,
            name: $name,
            severity: $crate::diag::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
        };
    };
}
