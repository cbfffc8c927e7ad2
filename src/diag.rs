//! Positions and diagnostics: the vocabulary every room speaks.
//!
//! A [`Span`] is a half-open byte range into one source text. Lines and columns are computed
//! once per file by [`LineIndex`], never stored in spans, so that spans stay cheap to copy and
//! the same span type serves a YAML file and a bare KQL query.

use std::fmt;
use std::sync::Arc;

/// A half-open byte range `[start, end)` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: u32) -> Self {
        Span { start: at, end: at }
    }

    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        Span::new(clamp_u32(range.start), clamp_u32(range.end))
    }

    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn shift(self, by: u32) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A 1-based line and a 1-based column counted in characters, as editors and SARIF count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line of a text, for turning byte offsets into line and column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(clamp_u32(i + 1));
            }
        }
        LineIndex { line_starts }
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Line and character column of a byte offset; offsets inside a multi-byte character or past
    /// the end are clamped rather than trusted.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(clamp_u32(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        LineCol {
            line: clamp_u32(line + 1),
            column: clamp_u32(column),
        }
    }

    /// The text of the 0-based `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line) as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |&next| next as usize);
        text[start.min(text.len())..end.min(text.len())].trim_end_matches(['\n', '\r'])
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether a fix may run without a person looking at it (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning of the content; `--fix` applies it.
    Safe,
    /// May change what the rule does; shown, applied only with `--unsafe-fixes`.
    Unsafe,
}

/// One replacement of a byte range of the file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, span: Span, replacement: impl Into<String>) -> Self {
        Fix {
            message: message.into(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }

    pub fn unsafe_(message: impl Into<String>, span: Span, replacement: impl Into<String>) -> Self {
        Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(message, span, replacement)
        }
    }
}

/// A secondary place that explains the primary one; it may sit in another file
/// (the first use of a duplicated rule id, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// `None`: the file of the diagnostic itself.
    pub file: Option<Arc<str>>,
}

/// One finding. Its spans are byte ranges into the text of the file it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            code,
            name,
            severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    pub fn with_label_in(mut self, file: Arc<str>, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: Some(file),
        });
        self
    }
}

/// The closest candidates to `name` by edit distance, best first, for "did you mean" help.
/// A case-only difference always ranks first.
pub fn suggest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    max: usize,
) -> Vec<&'c str> {
    let lower: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    let chars = lower.len();
    let limit = (chars / 3).max(2);
    let (mut other, mut prev, mut cur) = (Vec::new(), Vec::new(), Vec::new());
    let mut scored: Vec<(usize, &'c str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            if candidate == name {
                return None;
            }
            if candidate.eq_ignore_ascii_case(name) {
                return Some((0, candidate));
            }
            // The distance is at least the difference in length: most candidates end here.
            if candidate.chars().count().abs_diff(chars) > limit {
                return None;
            }
            other.clear();
            other.extend(candidate.chars().map(|c| c.to_ascii_lowercase()));
            let distance = bounded_distance(&lower, &other, limit, &mut prev, &mut cur)?;
            Some((distance + 1, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// The edit distance of `a` and `b` if it is at most `limit`: a row whose every cell exceeds
/// the limit ends the computation (most candidates of a "did you mean" end early).
fn bounded_distance(
    a: &[char],
    b: &[char],
    limit: usize,
    prev: &mut Vec<usize>,
    cur: &mut Vec<usize>,
) -> Option<usize> {
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let v = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            cur[j + 1] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain edit distance, the reference the bounded one is tested against.
    fn levenshtein(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        let mut current = vec![0; b.len() + 1];
        for (i, ca) in a.chars().enumerate() {
            current[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let substitution = previous[j] + usize::from(ca != cb);
                current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            }
            std::mem::swap(&mut previous, &mut current);
        }
        previous[b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_levenshtein() {
        let words = [
            "UserId",
            "userid",
            "UserIds",
            "Other",
            "TimeGenerated",
            "TimeGenrated",
            "çd",
            "cd",
            "",
        ];
        for a in words {
            for b in words {
                let chars = |s: &str| s.chars().collect::<Vec<char>>();
                let full = levenshtein(a, b);
                for limit in 0..4 {
                    let bounded = bounded_distance(
                        &chars(a),
                        &chars(b),
                        limit,
                        &mut Vec::new(),
                        &mut Vec::new(),
                    );
                    assert_eq!(bounded, (full <= limit).then_some(full), "{a} {b} {limit}");
                }
            }
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_text(text, 1), "çd");
    }

    #[test]
    fn suggestions_rank_case_first() {
        let got = suggest("userid", ["UserId", "UserIds", "Other"], 3);
        assert_eq!(got, vec!["UserId", "UserIds"]);
    }
}
