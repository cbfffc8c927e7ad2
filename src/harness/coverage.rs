//! `test --coverage`: which `where`/`filter` predicates and `iff`/`case` conditions of a rule's
//! query the fixtures made true and made false.
//!
//! Each predicate is measured over the rows that reach it, by running two probes through the
//! engine: the query text up to the operator that holds the predicate (the rows that reach
//! it), and the same followed by `| where (<predicate>) == true` (the rows that make it true).
//! A row counts as false when the predicate is not true for it (false or null): that is what
//! `where` drops. No rule
//! knowledge reaches the engine; a probe it cannot run (a predicate that reads a column made by
//! the same operator, an `mv-apply` body) is reported as not measured.

use std::sync::Arc;

use crate::catalog::Catalog;
use crate::content::EmbeddedQuery;
use crate::exec::{self, DataSet, RunOptions};
use crate::kql::ast::{self, Expr, ExprKind, OpKind, PipeOp, Statement, StatementKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PredicateKind {
    Where,
    Iff,
    CaseBranch,
}

impl PredicateKind {
    pub fn describe(&self) -> &'static str {
        match self {
            PredicateKind::Where => "where",
            PredicateKind::Iff => "iff",
            PredicateKind::CaseBranch => "case",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Predicate {
    pub kind: PredicateKind,
    /// The predicate as written.
    pub text: String,
    /// 1-based line and column in the rule file.
    pub line: u32,
    pub column: u32,
    /// The probe queries that measure it: the rows reaching it, and those making it true.
    reach: String,
    truth: String,
    pub made_true: bool,
    pub made_false: bool,
    /// Rows that reached it, over all cases.
    pub reached: usize,
    /// The engine could not run the probe in some case.
    pub unmeasured: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RuleCoverage {
    pub rule: Arc<str>,
    pub predicates: Vec<Predicate>,
    /// Every case of the rule passed.
    pub all_passed: bool,
}

impl RuleCoverage {
    /// The predicates of a query; `source` and `lines` are the rule file's, for positions.
    pub fn new(
        rule: Arc<str>,
        query: &EmbeddedQuery,
        ast: &ast::Query,
        source: &str,
        lines: &crate::diag::LineIndex,
    ) -> Self {
        let mut finder = Finder {
            text: &query.text,
            found: Vec::new(),
            prefix_end: 0,
        };
        for statement in &ast.statements {
            finder.prefix_end = statement.span.start as usize;
            finder.statement(statement);
        }
        let predicates = finder
            .found
            .into_iter()
            .map(|(kind, span, (reach, truth))| {
                let at = lines.line_col(source, query.map.file_span(span).start);
                Predicate {
                    kind,
                    text: query.text[span.range()].trim().to_string(),
                    line: at.line,
                    column: at.column,
                    reach,
                    truth,
                    made_true: false,
                    made_false: false,
                    reached: 0,
                    unmeasured: None,
                }
            })
            .collect();
        RuleCoverage {
            rule,
            predicates,
            all_passed: true,
        }
    }

    /// Runs every probe over one case's data.
    pub fn measure(&mut self, catalog: &Catalog, data: &DataSet, now: i64) {
        let options = RunOptions {
            now,
            ..RunOptions::default()
        };
        for predicate in &mut self.predicates {
            let rows = |text: &str| exec::run(text, catalog, data, &options).map(|r| r.table.rows);
            match (rows(&predicate.reach), rows(&predicate.truth)) {
                (Ok(reached), Ok(made_true)) => {
                    predicate.reached += reached;
                    predicate.made_true |= made_true > 0;
                    predicate.made_false |= reached > made_true;
                }
                (Err(error), _) | (_, Err(error)) => {
                    predicate.unmeasured.get_or_insert(error.message);
                }
            }
        }
    }

    /// Predicates the fixtures never made both true and false.
    pub fn gaps(&self) -> impl Iterator<Item = &Predicate> {
        self.predicates
            .iter()
            .filter(|p| p.unmeasured.is_none() && !(p.made_true && p.made_false))
    }

    /// Every case passed, yet some measured filter was never false: the tests cannot tell the
    /// rule from one without that filter.
    pub fn filters_never_false(&self) -> bool {
        self.all_passed
            && self
                .predicates
                .iter()
                .any(|p| p.kind == PredicateKind::Where && p.unmeasured.is_none() && !p.made_false)
    }
}

struct Finder<'a> {
    text: &'a str,
    /// (kind, span of the predicate, probe texts)
    found: Vec<(PredicateKind, crate::diag::Span, (String, String))>,
    /// Where the statement being walked starts: the statements before it are the probe's
    /// prologue (its `let`s).
    prefix_end: usize,
}

impl Finder<'_> {
    fn statement(&mut self, statement: &Statement) {
        match &statement.kind {
            StatementKind::Let { value, .. } => match value {
                ast::LetValue::Expr(expr) => self.expr(expr),
                // A function body runs with its caller's arguments: nothing to measure alone.
                ast::LetValue::Function(_) => {}
            },
            StatementKind::Expr(expr) => self.expr(expr),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Pipeline { source, ops } => {
                self.expr(source);
                for op in ops {
                    self.op(expr, op);
                }
            }
            ExprKind::Paren(inner) | ExprKind::Brackets(inner) => self.expr(inner),
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::In { lhs, list, .. } => {
                self.expr(lhs);
                list.iter().for_each(|e| self.expr(e));
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| self.expr(&a.value)),
            ExprKind::Source(op) => self.nested_op(op),
            _ => {}
        }
    }

    /// Tabular expressions inside an operator (join's right side, union legs).
    fn nested_op(&mut self, op: &PipeOp) {
        match &op.kind {
            OpKind::Join { right, .. } | OpKind::Lookup { right, .. } => self.expr(right),
            OpKind::Union { legs, .. } => legs.iter().for_each(|e| self.expr(e)),
            _ => {}
        }
    }

    fn probe(&self, pipeline: &Expr, op: &PipeOp, predicate: &Expr) -> (String, String) {
        let prologue = &self.text[..self.prefix_end];
        // The pipeline up to the operator, without the `|` that introduces it.
        let head = self.text[pipeline.span.start as usize..op.span.start as usize]
            .trim_end()
            .trim_end_matches('|')
            .trim_end();
        let predicate = &self.text[predicate.span.range()];
        let reach = format!("{prologue}{head}");
        let truth = format!("{reach}\n| where ({predicate}) == true");
        (reach, truth)
    }

    fn op(&mut self, pipeline: &Expr, op: &PipeOp) {
        let mut conditions = Vec::new();
        match &op.kind {
            OpKind::Where(predicate) => {
                let probe = self.probe(pipeline, op, predicate);
                self.found
                    .push((PredicateKind::Where, predicate.span, probe));
                collect_conditions(predicate, &mut conditions);
            }
            OpKind::Extend(items) | OpKind::Project(items) | OpKind::Serialize(items) => {
                for item in items {
                    collect_conditions(&item.expr, &mut conditions);
                }
            }
            OpKind::Summarize { aggregates, by, .. } => {
                for item in aggregates.iter().chain(by) {
                    collect_conditions(&item.expr, &mut conditions);
                }
            }
            OpKind::Join { .. } | OpKind::Lookup { .. } | OpKind::Union { .. } => {
                self.nested_op(op)
            }
            _ => {}
        }
        for (kind, condition) in conditions {
            let probe = self.probe(pipeline, op, condition);
            self.found.push((kind, condition.span, probe));
        }
    }
}

/// The conditions of `iff`/`iif` and `case` calls inside an expression.
fn collect_conditions<'e>(expr: &'e Expr, out: &mut Vec<(PredicateKind, &'e Expr)>) {
    match &expr.kind {
        ExprKind::Call { name, args, target } => {
            let lower = name.name.to_ascii_lowercase();
            if target.is_none() && (lower == "iff" || lower == "iif") && args.len() == 3 {
                out.push((PredicateKind::Iff, &args[0].value));
            } else if target.is_none() && lower == "case" && args.len() >= 3 {
                for pair in args[..args.len() - 1].chunks(2) {
                    if pair.len() == 2 {
                        out.push((PredicateKind::CaseBranch, &pair[0].value));
                    }
                }
            }
            for arg in args {
                collect_conditions(&arg.value, out);
            }
        }
        ExprKind::Paren(inner) | ExprKind::Brackets(inner) => collect_conditions(inner, out),
        ExprKind::Unary { operand, .. } => collect_conditions(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect_conditions(lhs, out);
            collect_conditions(rhs, out);
        }
        ExprKind::In { lhs, list, .. } => {
            collect_conditions(lhs, out);
            for item in list {
                collect_conditions(item, out);
            }
        }
        ExprKind::Between { lhs, low, high, .. } => {
            collect_conditions(lhs, out);
            collect_conditions(low, out);
            collect_conditions(high, out);
        }
        ExprKind::Member { target, .. } => collect_conditions(target, out),
        ExprKind::Index { target, index } => {
            collect_conditions(target, out);
            collect_conditions(index, out);
        }
        _ => {}
    }
}
