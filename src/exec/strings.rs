//! The string operators, as `datatypes-string-operators.md` and `has-operator.md` define them:
//! `has` matches whole terms (runs of letters and digits), `contains` any substring,
//! `hasprefix`/`hassuffix` the start/end of a term; all case-insensitive unless `_cs`.
//! Over a string column each operator runs once per distinct string (dictionary), then maps.

use std::collections::HashSet;

use memchr::memmem;

use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::functions::EvalContext;
use crate::exec::value::{Dynamic, Value};
use crate::kql::ast::{InOp, StrOp, StrOpKind};
use crate::kql::types::ScalarType;

#[inline]
fn is_term_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermMode {
    Whole,
    Prefix,
    Suffix,
}

/// A compiled string predicate with one constant needle.
pub(crate) struct Matcher {
    kind: Kind,
    needle: String,
    finder: memmem::Finder<'static>,
    cs: bool,
    regex: Option<std::sync::Arc<regex::Regex>>,
    buf: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Has(TermMode),
    Contains,
    StartsWith,
    EndsWith,
    Regex,
}

impl Matcher {
    fn new(kind: Kind, needle: &str, cs: bool) -> Matcher {
        let needle = if cs {
            needle.to_string()
        } else {
            lower(needle)
        };
        let finder = memmem::Finder::new(needle.as_bytes()).into_owned();
        Matcher {
            kind,
            needle,
            finder,
            cs,
            regex: None,
            buf: String::new(),
        }
    }

    pub(crate) fn has(needle: &str, cs: bool, mode: TermMode) -> Matcher {
        Matcher::new(Kind::Has(mode), needle, cs)
    }

    /// Whether `hay` matches.
    pub(crate) fn test_public(&mut self, hay: &str) -> bool {
        self.test(hay)
    }

    fn test(&mut self, hay: &str) -> bool {
        let h: &str = if self.cs || self.kind == Kind::Regex {
            hay
        } else if hay.is_ascii() {
            self.buf.clear();
            self.buf.push_str(hay);
            self.buf.make_ascii_lowercase();
            &self.buf
        } else {
            self.buf = hay.to_lowercase();
            &self.buf
        };
        match self.kind {
            Kind::Contains => self.finder.find(h.as_bytes()).is_some(),
            Kind::StartsWith => h.starts_with(&self.needle),
            Kind::EndsWith => h.ends_with(&self.needle),
            Kind::Regex => self.regex.as_ref().is_some_and(|r| r.is_match(h)),
            Kind::Has(mode) => {
                let n = self.needle.as_bytes();
                if n.is_empty() {
                    return true;
                }
                let hb = h.as_bytes();
                let need_left = is_term_byte(n[0]) && mode != TermMode::Suffix;
                let need_right = is_term_byte(n[n.len() - 1]) && mode != TermMode::Prefix;
                for pos in self.finder.find_iter(hb) {
                    let left_ok = !need_left || pos == 0 || !is_term_byte(hb[pos - 1]);
                    let end = pos + n.len();
                    let right_ok = !need_right || end == hb.len() || !is_term_byte(hb[end]);
                    // `hasprefix` needs the start of a term, `hassuffix` its end.
                    let prefix_ok = mode != TermMode::Prefix
                        || pos == 0
                        || !is_term_byte(hb[pos - 1])
                        || !is_term_byte(n[0]);
                    let suffix_ok = mode != TermMode::Suffix
                        || end == hb.len()
                        || !is_term_byte(hb[end])
                        || !is_term_byte(n[n.len() - 1]);
                    if left_ok && right_ok && prefix_ok && suffix_ok {
                        return true;
                    }
                }
                false
            }
        }
    }
}

/// Evaluates `lhs` against a string predicate, once per distinct string when possible.
fn apply(lhs: &ArgColumn, rows: usize, mut f: impl FnMut(&str) -> bool) -> ArgColumn {
    match lhs {
        ArgColumn::Scalar(v, _) => {
            ArgColumn::Scalar(Value::Bool(f(&v.to_kusto_string())), ScalarType::Bool)
        }
        ArgColumn::Column(c) => {
            let out: Vec<bool> = match c.strs() {
                Some(s) => s.map_rows(f),
                None => {
                    let mut buf = String::new();
                    (0..rows)
                        .map(|i| {
                            buf.clear();
                            c.get(i).write_kusto_string(&mut buf);
                            f(&buf)
                        })
                        .collect()
                }
            };
            ArgColumn::from_column(Column::from_bools(out, None))
        }
    }
}

fn negate_result(v: ArgColumn) -> ArgColumn {
    match v {
        ArgColumn::Scalar(Value::Bool(b), t) => ArgColumn::Scalar(Value::Bool(!b), t),
        ArgColumn::Column(c) => match c.bools() {
            Some(b) => ArgColumn::from_column(Column::from_bools(
                b.iter().map(|x| !x).collect(),
                c.valid.clone(),
            )),
            None => ArgColumn::Column(c),
        },
        other => other,
    }
}

/// `lhs <op> rhs` for the word operators.
pub(crate) fn str_op(
    sop: StrOp,
    lhs: &ArgColumn,
    rhs: &ArgColumn,
    rows: usize,
    ctx: &EvalContext,
) -> Result<ArgColumn, String> {
    let (kind, negated, cs) = match sop.op {
        StrOpKind::Legacy(word) => {
            let w = word.to_ascii_lowercase();
            let negated = w.starts_with("not") || w.starts_with('!');
            let cs = w.ends_with("cs");
            let kind = if w.contains("contains") {
                Kind::Contains
            } else if w.contains("hasprefix") {
                Kind::Has(TermMode::Prefix)
            } else if w.contains("hassuffix") {
                Kind::Has(TermMode::Suffix)
            } else if w.contains("has") {
                Kind::Has(TermMode::Whole)
            } else if w.contains("startswith") {
                Kind::StartsWith
            } else if w.contains("endswith") {
                Kind::EndsWith
            } else {
                return Err(format!("the operator `{word}` is not known"));
            };
            (kind, negated, cs)
        }
        StrOpKind::Has => (Kind::Has(TermMode::Whole), sop.negated, sop.case_sensitive),
        StrOpKind::HasPrefix => (Kind::Has(TermMode::Prefix), sop.negated, sop.case_sensitive),
        StrOpKind::HasSuffix => (Kind::Has(TermMode::Suffix), sop.negated, sop.case_sensitive),
        StrOpKind::Contains => (Kind::Contains, sop.negated, sop.case_sensitive),
        StrOpKind::StartsWith => (Kind::StartsWith, sop.negated, sop.case_sensitive),
        StrOpKind::EndsWith => (Kind::EndsWith, sop.negated, sop.case_sensitive),
        StrOpKind::MatchesRegex => (Kind::Regex, sop.negated, true),
        StrOpKind::Like => (Kind::Regex, sop.negated, true),
    };
    let is_like = matches!(sop.op, StrOpKind::Like);
    let result = match rhs {
        ArgColumn::Scalar(v, _) => {
            let needle = v.to_kusto_string();
            let mut m = Matcher::new(kind, &needle, cs);
            if kind == Kind::Regex {
                let pattern = if is_like {
                    like_to_regex(&needle)
                } else {
                    needle.clone()
                };
                m.regex = Some(ctx.regex(&pattern)?);
            }
            apply(lhs, rows, |s| m.test(s))
        }
        ArgColumn::Column(c) => {
            let mut out = Vec::with_capacity(rows);
            for i in 0..rows {
                let needle = c.get(i).to_kusto_string();
                let mut m = Matcher::new(kind, &needle, cs);
                if kind == Kind::Regex {
                    let pattern = if is_like {
                        like_to_regex(&needle)
                    } else {
                        needle.clone()
                    };
                    m.regex = Some(ctx.regex(&pattern)?);
                }
                out.push(m.test(&lhs.get(i).to_kusto_string()));
            }
            ArgColumn::from_column(Column::from_bools(out, None))
        }
    };
    Ok(if negated {
        negate_result(result)
    } else {
        result
    })
}

/// SQL-style `like`: `%` any run, `_` one character.
fn like_to_regex(p: &str) -> String {
    let mut out = String::from("(?is)^");
    for c in p.chars() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

/// `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`.
pub(crate) fn in_op(
    lhs: &ArgColumn,
    op: InOp,
    items: &[Value],
    negated: bool,
    ci: bool,
    rows: usize,
) -> crate::exec::Result<ArgColumn> {
    let result = match op {
        InOp::HasAny | InOp::HasAll => {
            let mut matchers: Vec<Matcher> = items
                .iter()
                .map(|v| Matcher::has(&v.to_kusto_string(), false, TermMode::Whole))
                .collect();
            let all = op == InOp::HasAll;
            apply(lhs, rows, |s| {
                if all {
                    matchers.iter_mut().all(|m| m.test(s))
                } else {
                    matchers.iter_mut().any(|m| m.test(s))
                }
            })
        }
        InOp::In if lhs.ty() == ScalarType::String => {
            let set: HashSet<String> = items
                .iter()
                .map(|v| {
                    let s = match v {
                        Value::Dynamic(Dynamic::String(s)) => s.to_string(),
                        v => v.to_kusto_string(),
                    };
                    if ci { lower(&s) } else { s }
                })
                .collect();
            apply(lhs, rows, |s| {
                if ci {
                    set.contains(&lower(s))
                } else {
                    set.contains(s)
                }
            })
        }
        InOp::In => {
            let eq = |v: &Value| -> Option<bool> {
                if v.is_null() {
                    return None;
                }
                Some(items.iter().any(|item| {
                    if ci {
                        lower(&v.to_kusto_string()) == lower(&item.to_kusto_string())
                    } else {
                        v.kusto_eq(item)
                    }
                }))
            };
            if lhs.is_scalar() {
                let r = eq(&lhs.get(0)).map_or(Value::Null, Value::Bool);
                ArgColumn::Scalar(r, ScalarType::Bool)
            } else {
                let vals: Vec<Value> = (0..rows)
                    .map(|i| eq(&lhs.get(i)).map_or(Value::Null, Value::Bool))
                    .collect();
                ArgColumn::from_column(Column::from_values(ScalarType::Bool, &vals))
            }
        }
    };
    Ok(if negated {
        negate_result(result)
    } else {
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(h: &str, n: &str) -> bool {
        Matcher::has(n, false, TermMode::Whole).test(h)
    }

    #[test]
    fn has_matches_whole_terms() {
        assert!(has("admin.42", "admin"));
        assert!(!has("Administrator.7", "admin"));
        assert!(has("North America", "america"));
        assert!(!has("North America", "amer"));
        assert!(has("svc_backup.3", "backup"));
        assert!(has("a b c", "b c"));
        assert!(Matcher::has("amer", false, TermMode::Prefix).test("North America"));
        assert!(Matcher::has("rth", false, TermMode::Suffix).test("North America"));
        assert!(!Matcher::has("Admin", true, TermMode::Whole).test("admin.1"));
    }
}
