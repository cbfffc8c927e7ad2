//! Suppression comments: an accepted finding is silenced where it stands, with the reason
//! beside it.
//!
//! ```yaml
//! # sentinel-lint: ignore-file[SL4xx] the connector is deployed by another solution
//! query: |
//!   SigninLogs
//!   // sentinel-lint: ignore[SL602] the column comes from a DCR transformation
//!   | where Custom == 1
//! entityMappings:
//!   - entityType: Account   # sentinel-lint: ignore[SL701] mapped by the playbook
//! ```
//!
//! * `ignore[CODES] reason`, in a YAML comment (`#`) or a KQL comment (`//`) inside the query,
//!   silences the findings that start on the comment's line or on the line below it.
//! * `ignore-file[CODES] reason`, in a comment at the top of the file (before any content),
//!   silences them in the whole file.
//!
//! `CODES` is a comma-separated list of rule codes, names or prefixes (`SL4`, `SL4xx`). A
//! suppression without a reason is SL901, one that silences nothing SL902 (with a fix that
//! removes it), one that cannot be read SL903. Those three are never silenced by a comment.

use crate::checks::suppressions::{
    invalid_suppression, suppression_without_reason, unused_suppression,
};
use crate::content::{ContentFile, yaml::Node, yaml::NodeKind};
use crate::diag::{Diagnostic, Fix, Span};
use crate::selection::Selector;

const MARKER: &str = "sentinel-lint:";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The 0-based line of the comment: findings on it and on the next line.
    Line(usize),
    File,
}

#[derive(Debug)]
struct Code {
    selector: Selector,
    span: Span,
    used: bool,
}

#[derive(Debug)]
struct Directive {
    scope: Scope,
    codes: Vec<Code>,
    /// The comment, from its `#` or `//` to its end, in the file.
    span: Span,
    /// What to delete when the directive silences nothing, if it can be deleted safely.
    removal: Option<Span>,
}

/// A comment in file coordinates.
struct Comment {
    /// Offset of `#` / `//`.
    start: u32,
    end: u32,
    /// The comment's text after `#` / `//`, and its file offset when `contiguous`.
    body: String,
    body_offset: u32,
    /// Only comments and blank lines come before it in the file.
    at_top: bool,
    /// Whether the comment's bytes are the file's bytes one for one, so spans inside it can be
    /// computed from the file text and it can be removed.
    contiguous: bool,
}

/// Drops the diagnostics that a suppression comment silences, and adds the diagnostics about
/// the suppressions themselves. `applies` tells whether a rule is on for this file.
pub fn apply(
    file: &ContentFile,
    diagnostics: &mut Vec<Diagnostic>,
    applies: &dyn Fn(&str) -> bool,
) {
    let source: &str = &file.source;
    if !source.contains(MARKER) {
        return;
    }
    let mut invalid = Vec::new();
    let mut directives = Vec::new();
    for comment in comments(file) {
        let Some(after) = comment.body.trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let offset = comment.body_offset + (comment.body.len() - after.len()) as u32;
        match parse(after, offset, &comment) {
            Ok((directive, reason)) => {
                let directive = Directive {
                    scope: match directive.0 {
                        true => Scope::File,
                        false => Scope::Line(file.lines.line_of(comment.start)),
                    },
                    codes: directive.1,
                    span: Span::new(comment.start, comment.end),
                    removal: comment.contiguous.then(|| removal(source, &comment)).flatten(),
                };
                if directive.scope == Scope::File && !comment.at_top {
                    invalid.push(
                        invalid_suppression::RULE
                            .diag(
                                "`ignore-file` is only read in the comments at the top of the file",
                                directive.span,
                            )
                            .with_help(
                                "move the comment above the first key, or use `ignore[...]` on the line of the finding",
                            ),
                    );
                    continue;
                }
                if reason.is_none() {
                    invalid.push(
                        suppression_without_reason::RULE
                            .diag("suppression has no reason", directive.span)
                            .with_help(
                                "say why the finding is accepted after the codes: `ignore[SL701] mapped by the playbook`",
                            ),
                    );
                }
                directives.push(directive);
            }
            Err((message, span)) => invalid.push(
                invalid_suppression::RULE
                    .diag(message, span)
                    .with_help("write `sentinel-lint: ignore[SL701] reason` or `sentinel-lint: ignore-file[SL4xx] reason`"),
            ),
        }
    }
    diagnostics.retain(|diagnostic| {
        let line = file.lines.line_of(diagnostic.span.start);
        let mut silenced = false;
        for directive in &mut directives {
            let covers = match directive.scope {
                Scope::File => true,
                Scope::Line(at) => line == at || line == at + 1,
            };
            if !covers {
                continue;
            }
            for code in &mut directive.codes {
                if code.selector.matches_code(diagnostic.code) {
                    code.used = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
    for directive in &directives {
        let unused: Vec<&Code> = directive.codes.iter().filter(|c| !c.used).collect();
        if unused.is_empty() {
            continue;
        }
        if unused.len() == directive.codes.len() {
            let list: Vec<&str> = unused.iter().map(|c| c.selector.text.as_str()).collect();
            let mut diagnostic = unused_suppression::RULE
                .diag(
                    format!("suppression of {} silences nothing", list.join(", ")),
                    directive.span,
                )
                .with_help("the finding is gone or the rule is off here: remove the comment");
            if let Some(span) = directive.removal {
                diagnostic = diagnostic.with_fix(Fix::safe("remove the suppression", span, ""));
            }
            invalid.push(diagnostic);
            continue;
        }
        for (i, code) in directive.codes.iter().enumerate() {
            if code.used {
                continue;
            }
            // Take the separator with the code: the one before it, or for the first code the
            // one after it.
            let span = if i == 0 {
                Span::new(code.span.start, directive.codes[1].span.start)
            } else {
                Span::new(directive.codes[i - 1].span.end, code.span.end)
            };
            let mut diagnostic = unused_suppression::RULE
                .diag(
                    format!("suppression of {} silences nothing", code.selector.text),
                    code.span,
                )
                .with_help("the finding is gone or the rule is off here: remove the code");
            if directive.removal.is_some() {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("remove {}", code.selector.text),
                    span,
                    "",
                ));
            }
            invalid.push(diagnostic);
        }
    }
    diagnostics.extend(invalid.into_iter().filter(|d| applies(d.code)));
}

type Parsed = ((bool, Vec<Code>), Option<String>);

/// Reads `ignore[CODES] reason` or `ignore-file[CODES] reason`; `text` starts right after the
/// marker, at file offset `offset`.
fn parse(text: &str, offset: u32, comment: &Comment) -> Result<Parsed, (String, Span)> {
    let whole = Span::new(comment.start, comment.end);
    let trimmed = text.trim_start();
    let at = |position: usize| offset + (text.len() - trimmed.len() + position) as u32;
    let (file_wide, rest) = if let Some(rest) = trimmed.strip_prefix("ignore-file[") {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_prefix("ignore[") {
        (false, rest)
    } else {
        return Err((
            "expected `ignore[CODES]` or `ignore-file[CODES]` after `sentinel-lint:`".into(),
            whole,
        ));
    };
    let open = trimmed.len() - rest.len();
    let Some(close) = rest.find(']') else {
        return Err(("the list of codes has no closing `]`".into(), whole));
    };
    let mut codes = Vec::new();
    let mut position = open;
    for part in rest[..close].split(',') {
        let name = part.trim();
        let start = position + (part.len() - part.trim_start().len());
        position += part.len() + 1;
        if name.is_empty() {
            continue;
        }
        // Positions inside a comment are only exact when its bytes are the file's.
        let span = if comment.contiguous {
            Span::new(at(start), at(start + name.len()))
        } else {
            whole
        };
        let selector = Selector::parse(name).map_err(|message| (message, span))?;
        codes.push(Code {
            selector,
            span,
            used: false,
        });
    }
    if codes.is_empty() {
        return Err((
            "a suppression names the codes it silences: `ignore[SL701]`".into(),
            whole,
        ));
    }
    let reason = rest[close + 1..]
        .trim()
        .trim_start_matches([':', '-', '\u{2014}'])
        .trim();
    Ok((
        (file_wide, codes),
        (!reason.is_empty()).then(|| reason.to_string()),
    ))
}

/// The whole line when the comment stands alone on it, otherwise the comment and the blanks
/// before it.
fn removal(source: &str, comment: &Comment) -> Option<Span> {
    let bytes = source.as_bytes();
    let end = comment.end as usize;
    let at_line_end = end == bytes.len() || bytes[end] == b'\n' || bytes[end] == b'\r';
    if !at_line_end {
        return None;
    }
    let line_start = source[..comment.start as usize]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = &source[line_start..comment.start as usize];
    if before.trim().is_empty() {
        let next = source[end..]
            .find('\n')
            .map_or(bytes.len(), |i| end + i + 1);
        Some(Span::new(line_start as u32, next as u32))
    } else {
        let kept = before.trim_end().len();
        Some(Span::new((line_start + kept) as u32, comment.end))
    }
}

/// Every YAML and KQL comment of the file that may hold a suppression.
fn comments(file: &ContentFile) -> Vec<Comment> {
    let source: &str = &file.source;
    let mut found = Vec::new();
    let is_kql_file = file.query.as_ref().is_some_and(|q| q.field.is_none());
    // The first line with content: an `ignore-file` must come before it.
    let first_content = source
        .lines()
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line.trim_start_matches('\u{feff}').trim()))
        })
        .find(|(_, line)| {
            let comment = if is_kql_file {
                line.starts_with("//")
            } else {
                line.starts_with('#')
            };
            !line.is_empty() && !comment && *line != "---"
        })
        .map_or(source.len(), |(start, _)| start) as u32;
    if !is_kql_file {
        let mut scalars = Vec::new();
        if let Some(root) = &file.root {
            scalar_spans(root, &mut scalars);
        }
        let mut offset = 0usize;
        for line in source.split_inclusive('\n') {
            let text = line.trim_end_matches(['\n', '\r']);
            for (i, _) in text.match_indices('#') {
                let start = offset + i;
                let before = text[..i].trim_start_matches('\u{feff}');
                let preceded_by_blank =
                    before.is_empty() || before.ends_with(|c: char| c.is_whitespace());
                let inside_scalar = scalars
                    .iter()
                    .any(|s| s.start as usize <= start && start < s.end as usize);
                if preceded_by_blank && !inside_scalar {
                    found.push(Comment {
                        start: start as u32,
                        end: (offset + text.len()) as u32,
                        body: text[i + 1..].to_string(),
                        body_offset: (start + 1) as u32,
                        at_top: (start as u32) < first_content,
                        contiguous: true,
                    });
                    break;
                }
            }
            offset += line.len();
        }
    }
    if let Some(query) = &file.query {
        for (start, end) in kql_comments(&query.text) {
            let file_start = query.map.file_offset(start as u32);
            let file_end = query.map.file_span(Span::new(start as u32, end as u32)).end;
            let contiguous = query.map.is_exact()
                && (file_end - file_start) as usize == end - start
                && source.get(file_start as usize..file_end as usize)
                    == Some(&query.text[start..end]);
            found.push(Comment {
                start: file_start,
                end: if contiguous { file_end } else { file_start },
                body: query.text[start + 2..end].to_string(),
                body_offset: file_start + 2,
                at_top: is_kql_file && file_start < first_content,
                contiguous,
            });
        }
    }
    found
}

fn scalar_spans(node: &Node, out: &mut Vec<Span>) {
    match &node.kind {
        NodeKind::Scalar(_) => out.push(node.span),
        NodeKind::Sequence(items) => items.iter().for_each(|n| scalar_spans(n, out)),
        NodeKind::Mapping(entries) => entries.iter().for_each(|e| {
            scalar_spans(&e.key, out);
            scalar_spans(&e.value, out);
        }),
    }
}

/// The `//` comments of a KQL text, as byte ranges (marker included, line break excluded),
/// skipping string literals: `"…"`, `'…'` with `\` escapes, verbatim `@"…"`, `@'…'`, and
/// multi-line ```` ```…``` ````.
pub fn kql_comments(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |n| from + n);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let mut end = line_end(i);
                if end > i && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
                found.push((i, end));
                i = end;
            }
            b'`' if text[i..].starts_with("```") => {
                i = text[i + 3..]
                    .find("```")
                    .map_or(text.len(), |n| i + 3 + n + 3);
            }
            b'@' if matches!(bytes.get(i + 1), Some(b'"' | b'\'')) => {
                let quote = bytes[i + 1];
                i += 2;
                while i < bytes.len() && bytes[i] != b'\n' {
                    if bytes[i] == quote {
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}

#[cfg(test)]
pub mod testing {
    use crate::checks::testing::load;
    use crate::diag::Diagnostic;
    use crate::report::human;

    /// The file's diagnostics after suppressions, every rule on.
    pub fn check(path: &str, text: &str) -> (crate::content::ContentFile, Vec<Diagnostic>) {
        let file = load(path, text);
        let mut diagnostics = crate::checks::check_file(&file, crate::catalog::Catalog::bundled());
        super::apply(&file, &mut diagnostics, &|_| true);
        crate::checks::sort(&mut diagnostics);
        (file, diagnostics)
    }

    /// Asserts that `code` stays silent on each `pass` snippet and fires on each `fail`
    /// snippet; the rendered diagnostics of the `fail` snippets, for a snapshot.
    pub fn check_suppression_rule(code: &str, pass: &[&str], fail: &[&str]) -> String {
        let path = |text: &str| {
            if text.starts_with("//") {
                "f.kql"
            } else {
                "f.yaml"
            }
        };
        for text in pass {
            let (_, found) = check(path(text), text);
            assert!(
                found.iter().all(|d| d.code != code),
                "{code} fired on:\n{text}\n{found:#?}"
            );
        }
        let mut out = String::new();
        for text in fail {
            let (file, found) = check(path(text), text);
            let fired: Vec<_> = found.iter().filter(|d| d.code == code).collect();
            assert!(
                !fired.is_empty(),
                "{code} did not fire on:\n{text}\n{found:#?}"
            );
            for diagnostic in fired {
                out.push_str(&human::render(
                    diagnostic,
                    &file,
                    &human::Style::plain(),
                    &|_| None,
                ));
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::testing::check;
    use super::*;
    use crate::checks::testing::scheduled_rule;

    fn codes(path: &str, text: &str) -> Vec<&'static str> {
        check(path, text).1.iter().map(|d| d.code).collect()
    }

    #[test]
    fn kql_comments_skip_strings() {
        let text = "T // one\n| where a == \"//x\" and b == @'c:\\\\' // two\n| where c == ```\n// no\n```";
        let found: Vec<&str> = kql_comments(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, vec!["// one", "// two"]);
    }

    #[test]
    fn yaml_and_kql_comments_silence_findings_on_their_line_or_the_next() {
        let broken = scheduled_rule(&[("severity", Some("Urgent"))]);
        assert!(codes("r.yaml", &broken).contains(&"SL114"));
        let silenced = broken.replace(
            "severity: Urgent",
            "# sentinel-lint: ignore[SL114] set by the deployment pipeline\nseverity: Urgent",
        );
        assert_eq!(codes("r.yaml", &silenced), Vec::<&str>::new());
        let trailing = broken.replace(
            "severity: Urgent",
            "severity: Urgent  # sentinel-lint: ignore[invalid-severity] pipeline",
        );
        assert_eq!(codes("r.yaml", &trailing), Vec::<&str>::new());
        let query = scheduled_rule(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  // sentinel-lint: ignore[SL602] added by a DCR\n  | where Nope == 1",
            ),
        )]);
        assert!(!codes("r.yaml", &query).contains(&"SL602"));
        let too_far = scheduled_rule(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  // sentinel-lint: ignore[SL602] added by a DCR\n  | extend A = 1\n  | where Nope == 1",
            ),
        )]);
        let found = codes("r.yaml", &too_far);
        assert!(
            found.contains(&"SL602") && found.contains(&"SL902"),
            "{found:?}"
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_a_file_suppression() {
        let broken = scheduled_rule(&[("severity", Some("Urgent"))]);
        let text = format!(
            "\u{feff}# sentinel-lint: ignore-file[SL114, SL003] exported by the portal\n{broken}"
        );
        assert_eq!(codes("r.yaml", &text), Vec::<&str>::new());
    }

    #[test]
    fn file_suppressions_take_prefixes() {
        let broken = scheduled_rule(&[("severity", Some("Urgent")), ("version", Some("one"))]);
        let found = codes("r.yaml", &broken);
        assert!(
            found.contains(&"SL114") && found.contains(&"SL115"),
            "{found:?}"
        );
        let silenced = format!("# sentinel-lint: ignore-file[SL1xx] legacy rule\n{broken}");
        assert_eq!(codes("r.yaml", &silenced), Vec::<&str>::new());
        let late = broken.replace(
            "kind: Scheduled",
            "# sentinel-lint: ignore-file[SL1] legacy\nkind: Scheduled",
        );
        assert!(codes("r.yaml", &late).contains(&"SL903"));
    }

    #[test]
    fn the_fix_removes_an_unused_suppression_or_code() {
        let text = scheduled_rule(&[("severity", Some("Urgent"))]).replace(
            "severity: Urgent",
            "# sentinel-lint: ignore[SL701] nothing there\nseverity: Urgent  # sentinel-lint: ignore[SL114, SL115] accepted",
        );
        let (_, found) = check("r.yaml", &text);
        let (fixed, count) = crate::fix::apply(&text, &found, false);
        assert_eq!(count, 2);
        assert!(
            fixed.contains("\nseverity: Urgent  # sentinel-lint: ignore[SL114] accepted\n"),
            "{fixed}"
        );
        assert!(!fixed.contains("SL701"));
        assert!(check("r.yaml", &fixed).1.is_empty());
    }
}
