//! Which rules run, and at which severity: `select`, `extend-select`, `ignore` and `severity`
//! of `sentinel-lint.toml` (and the matching command-line flags) resolved against the registry.
//!
//! A selector is a rule code (`SL701`), a rule name (`entity-column-not-in-output`), a prefix of
//! codes (`SL7`, `SL70`, also written `SL7xx`, `SL70x`) or `ALL`. As in ruff, when a rule is
//! matched by both an enabling and a disabling selector, the more specific one wins (a code
//! beats a prefix, a longer prefix beats a shorter one), and a tie goes to the disabling one:
//! `select = ["SL7"]` with `ignore = ["SL701"]` runs every SL7xx rule but SL701, and
//! `ignore = ["SL7"]` with `extend-select = ["SL701"]` runs SL701 alone of them.

use std::fmt;

use crate::checks::{Rule, all_rules, find_rule};
use crate::diag::{Severity, suggest};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// As written, for messages and `sentinel-lint config`.
    pub text: String,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    All,
    /// `SL` followed by zero to three digits.
    Prefix(String),
    Code(&'static str),
}

impl Selector {
    /// Parses a selector; one that matches no rule is an error naming the closest rule.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let trimmed = text.trim();
        let kind = if trimmed.eq_ignore_ascii_case("ALL") {
            Kind::All
        } else if let Some(rule) = find_rule(trimmed) {
            Kind::Code(rule.code)
        } else {
            let upper = trimmed.to_ascii_uppercase();
            let prefix = upper.trim_end_matches('X');
            let digits = prefix.strip_prefix("SL");
            let well_formed = digits
                .is_some_and(|d| d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit()))
                // The `x`s stand for the remaining digits: `SL7xx`, not `SLx`; `SL7x1` is not a
                // prefix.
                && (upper.len() == prefix.len() || upper.len() == 5)
                && upper.len() <= 5
                && !trimmed.is_empty();
            if !well_formed || !all_rules().any(|rule| rule.code.starts_with(prefix)) {
                return Err(unknown(trimmed));
            }
            Kind::Prefix(prefix.to_string())
        };
        Ok(Selector {
            text: trimmed.to_string(),
            kind,
        })
    }

    pub fn matches(&self, rule: &Rule) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Kind::Code(code) => rule.code == *code,
        }
    }

    /// Whether the rule of `code` is selected.
    pub fn matches_code(&self, code: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Prefix(prefix) => code.starts_with(prefix.as_str()),
            Kind::Code(own) => *own == code,
        }
    }

    /// How narrowly the selector picks rules: `ALL` = `SL` < `SL7` < `SL70` < `SL701` (the
    /// full code, as a prefix) < a code or name.
    fn specificity(&self) -> usize {
        match &self.kind {
            Kind::All => 2,
            Kind::Prefix(prefix) => prefix.len(),
            Kind::Code(_) => 6,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn unknown(text: &str) -> String {
    let names: Vec<&str> = all_rules().flat_map(|r| [r.code, r.name]).collect();
    let hint = suggest(text, names, 1)
        .first()
        .map(|best| format!("; did you mean `{best}`?"))
        .unwrap_or_default();
    format!(
        "unknown rule or prefix `{text}`{hint} (a code such as `SL701`, a name, a prefix such as `SL7` or `SL7xx`, or `ALL`)"
    )
}

/// Parses every selector of a list; the first bad one is the error.
pub fn parse_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Vec<Selector>, String> {
    texts.into_iter().map(Selector::parse).collect()
}

/// The codes of the rules that run. `select` of `None` means every rule.
pub fn enabled_rules(
    select: Option<&[Selector]>,
    extend_select: &[Selector],
    ignore: &[Selector],
) -> Vec<&'static str> {
    let all = [Selector {
        text: "ALL".into(),
        kind: Kind::All,
    }];
    let select = select.unwrap_or(&all);
    all_rules()
        .filter(|rule| {
            let best = |selectors: &mut dyn Iterator<Item = &Selector>| {
                selectors
                    .filter(|s| s.matches(rule))
                    .map(Selector::specificity)
                    .max()
            };
            let on = best(&mut select.iter().chain(extend_select));
            let off = best(&mut ignore.iter());
            match (on, off) {
                (Some(on), Some(off)) => on > off,
                (Some(_), None) => true,
                (None, _) => false,
            }
        })
        .map(|rule| rule.code)
        .collect()
}

/// The severity of every rule whose severity is overridden: the most specific selector wins,
/// then the last written.
pub fn severity_overrides(overrides: &[(Selector, Severity)]) -> Vec<(&'static str, Severity)> {
    all_rules()
        .filter_map(|rule| {
            let mut best: Option<(usize, Severity)> = None;
            for (selector, severity) in overrides {
                if selector.matches(rule)
                    && best.is_none_or(|(spec, _)| selector.specificity() >= spec)
                {
                    best = Some((selector.specificity(), *severity));
                }
            }
            best.map(|(_, severity)| (rule.code, severity))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Vec<Selector> {
        parse_all(list.iter().copied()).unwrap()
    }

    #[test]
    fn selectors_take_codes_names_prefixes_and_all() {
        assert!(Selector::parse("SL701").is_ok());
        assert!(Selector::parse("entity-column-not-in-output").is_ok());
        assert!(Selector::parse("SL7").is_ok());
        assert!(Selector::parse("sl7xx").is_ok());
        assert!(Selector::parse("ALL").is_ok());
        let error = Selector::parse("SL799").unwrap_err();
        assert!(error.contains("unknown rule or prefix `SL799`"), "{error}");
        assert!(Selector::parse("SL7x1").is_err());
        assert!(Selector::parse("SLx").is_err());
        assert!(Selector::parse("").is_err());
        let error = Selector::parse("duplicat-key").unwrap_err();
        assert!(error.contains("did you mean `duplicate-key`"), "{error}");
    }

    #[test]
    fn the_more_specific_selector_wins() {
        let enabled = enabled_rules(Some(&parse(&["SL7"])), &[], &parse(&["SL701"]));
        assert!(enabled.iter().all(|c| c.starts_with("SL7")));
        assert!(!enabled.contains(&"SL701") && enabled.contains(&"SL702"));
        let enabled = enabled_rules(None, &parse(&["SL701"]), &parse(&["SL7"]));
        assert!(enabled.contains(&"SL701") && !enabled.contains(&"SL702"));
        assert!(enabled.contains(&"SL001"));
        // A tie goes to ignore.
        let enabled = enabled_rules(Some(&parse(&["SL7"])), &[], &parse(&["SL7xx"]));
        assert!(enabled.is_empty());
    }

    #[test]
    fn severity_overrides_prefer_the_code_to_the_prefix() {
        let overrides = severity_overrides(&[
            (Selector::parse("SL701").unwrap(), Severity::Info),
            (Selector::parse("SL7").unwrap(), Severity::Warning),
        ]);
        assert!(overrides.contains(&("SL701", Severity::Info)));
        assert!(overrides.contains(&("SL702", Severity::Warning)));
    }
}
