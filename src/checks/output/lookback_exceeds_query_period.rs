use std::collections::HashMap;

use crate::checks::Context;
use crate::checks::fields::duration;
use crate::content::RuleKind;
use crate::declare_rule;
use crate::diag::{Diagnostic, Span};
use crate::kql::lexer::{self, Token, TokenKind};

declare_rule! {
    /// ## What it does
    /// Reports an `ago(…)` in a Scheduled rule's query that reaches further back than the
    /// rule's `queryPeriod` (or, without one, than the 14 days Sentinel allows).
    ///
    /// ## Why is this bad?
    /// Sentinel runs the query over `queryPeriod` of data only, whatever the query says. A
    /// query that asks for `ago(30d)` under `queryPeriod: 1d` silently sees one day: a
    /// baseline, a "first seen" comparison or a threshold built on 30 days is wrong without
    /// any error.
    ///
    /// ## Example
    /// ```yaml
    /// queryPeriod: 1d
    /// query: |
    ///   SigninLogs
    ///   | where TimeGenerated > ago(30d)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// queryPeriod: 14d
    /// queryFrequency: 1d
    /// query: |
    ///   SigninLogs
    ///   | where TimeGenerated > ago(14d)
    /// ```
    pub static RULE = ("SL712", "lookback-exceeds-query-period", Warning);
}

const TICKS_PER_SECOND: f64 = 10_000_000.0;
const MAX_PERIOD_SECONDS: u64 = 14 * duration::DAY;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let file = context.file;
    if file.rule_kind() != Some(RuleKind::Scheduled) {
        return;
    }
    let Some(query) = &file.query else { return };
    let period = file
        .field("queryPeriod")
        .and_then(|node| node.as_str())
        .and_then(duration::parse);
    let (limit, limit_name) = match period {
        Some(seconds) if seconds <= MAX_PERIOD_SECONDS => (seconds, "its `queryPeriod` gives it"),
        _ => (MAX_PERIOD_SECONDS, "Sentinel gives it at most"),
    };
    // One finding per query, at its furthest lookback: the fix is one change of period.
    let too_far: Vec<Lookback> = lookbacks(&query.text)
        .into_iter()
        .filter(|lookback| lookback.ticks / TICKS_PER_SECOND > limit as f64)
        .collect();
    let Some(furthest) = too_far.iter().max_by(|a, b| a.ticks.total_cmp(&b.ticks)) else {
        return;
    };
    let seconds = (furthest.ticks / TICKS_PER_SECOND) as u64;
    let mut message = format!(
        "the query looks back {} but {limit_name} {} of data",
        duration::format(seconds),
        duration::format(limit),
    );
    if too_far.len() > 1 {
        message.push_str(&format!("; {} of its lookbacks exceed that", too_far.len()));
    }
    let mut diagnostic = RULE.diag(message, query.map.file_span(furthest.span));
    if let Some(period_node) = file.field("queryPeriod") {
        diagnostic = diagnostic.with_label(period_node.span, "the rule's query period");
    }
    out.push(diagnostic.with_help(
        "raise `queryPeriod` (at most 14d; 2d or more needs `queryFrequency` of 1h or more), or shorten the lookback",
    ));
}

struct Lookback {
    ticks: f64,
    span: Span,
}

/// Every `ago(<timespan>)` in the query, resolving names bound by `let name = <timespan>;`.
/// Token-based on purpose: the lookback is a fact of the text, whatever the query's shape.
fn lookbacks(text: &str) -> Vec<Lookback> {
    let (tokens, _) = lexer::lex(text);
    let word = |token: &Token| &text[token.span.range()];
    let mut bound: HashMap<&str, f64> = HashMap::new();
    for window in tokens.windows(5) {
        let [let_, name, equals, value, end] = window else {
            continue;
        };
        if word(let_) == "let"
            && name.kind == TokenKind::Ident
            && equals.kind == TokenKind::Eq
            && value.kind == TokenKind::TimeSpan
            && end.kind == TokenKind::Semi
            && let Some(ticks) = timespan_ticks(word(value))
        {
            bound.insert(word(name), ticks);
        }
    }
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != TokenKind::Ident || word(token) != "ago" {
            continue;
        }
        let [open, argument, close] = match tokens.get(i + 1..i + 4) {
            Some([a, b, c]) => [a, b, c],
            _ => continue,
        };
        if open.kind != TokenKind::LParen || close.kind != TokenKind::RParen {
            continue;
        }
        let ticks = match argument.kind {
            TokenKind::TimeSpan => timespan_ticks(word(argument)),
            TokenKind::Ident => bound.get(word(argument)).copied(),
            _ => None,
        };
        if let Some(ticks) = ticks {
            found.push(Lookback {
                ticks,
                span: token.span.cover(close.span),
            });
        }
    }
    found
}

fn timespan_ticks(text: &str) -> Option<f64> {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    Some(number.parse::<f64>().ok()? * lexer::timespan_unit_ticks(unit)?)
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{check_rule, scheduled_rule};

    #[test]
    fn fires_and_passes() {
        let within = scheduled_rule(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n  | summarize count() by IPAddress",
            ),
        )]);
        let too_far = scheduled_rule(&[(
            "query",
            Some(
                "|\n  SigninLogs\n  | where TimeGenerated > ago(30d)\n  | summarize count() by IPAddress",
            ),
        )]);
        let through_let = scheduled_rule(&[(
            "query",
            Some(
                "|\n  let lookback = 2d;\n  SigninLogs\n  | where TimeGenerated > ago(lookback)\n  | summarize count() by IPAddress",
            ),
        )]);
        let rendered = check_rule(&super::RULE, &[&within], &[&too_far, &through_let]);
        insta::assert_snapshot!(rendered);
    }
}
