//! `scan [with_match_id=Id] [order by …] [partition by …] [declare (c:type[=default], …)]
//! with (step s1 [output=all|last|none]: Condition [=> c = Expr, …]; …)` (`scan-operator.md`):
//! a state machine over the rows in order. The matching logic is the page's, step by step:
//! each row is tried against the steps from the last to the first; a step matches when the
//! previous step has a sequence going and the row meets its condition (the sequence moves on
//! to this step), or when it has one itself, or is the first step (the sequence stays, with
//! this row as the step's latest). `s1.Col` in a condition or an assignment reads the state
//! the match would use. A first step that matches with no sequence going starts one, and
//! `with_match_id` numbers them from 0.
//!
//! Not on the page, so chosen here: `output=last` emits a step's latest row when its sequence
//! leaves the step (or the input ends); with `partition by`, each partition has its own state
//! and the match ids run on across partitions, which keeps them distinct.

use std::sync::Arc;

use crate::analyze::param;
use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::executor::{Exec, one_row};
use crate::exec::ops::group::group_ids;
use crate::exec::ops::sort;
use crate::exec::table::Table;
use crate::exec::value::Value;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, Expr, ExprKind, Ident, OpParam, ParamType};
use crate::kql::types::ScalarType;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    All,
    Last,
    None,
}

struct Step {
    output: Output,
    condition: Expr,
    /// (index of the declared column among all columns, value).
    assignments: Vec<(usize, Expr)>,
}

/// A sequence: the latest row of each step it went through, and its match id.
#[derive(Clone)]
struct Sequence {
    rows: Vec<Option<Vec<Value>>>,
    id: i64,
}

/// What `scan` needs besides the rows: the columns of a row (input then declared), the steps
/// with their `sN.Col` references rewritten to hidden columns, and the declared defaults.
struct Machine {
    columns: Vec<(Arc<str>, ScalarType)>,
    defaults: Vec<Value>,
    steps: Vec<Step>,
    /// The columns of an evaluation: a row's, then each step's state columns.
    context: Vec<(Arc<str>, ScalarType)>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn scan(
    ex: &mut Exec,
    params: &[OpParam],
    order_by: &[ast::SortKey],
    partition_by: &[Expr],
    declare: &[ast::Param],
    steps: &[ast::ScanStep],
    input: Table,
    span: Span,
) -> Result<Table> {
    let input = if order_by.is_empty() {
        input
    } else {
        sort::sort(ex, order_by, input)?
    };
    let match_id = match param(params, "with_match_id").map(|e| &e.kind) {
        Some(ExprKind::Name(id)) => Some(id.name.clone()),
        Some(_) => {
            return Err(ExecError::new("`with_match_id` needs a column name", span));
        }
        None => None,
    };
    let machine = Machine::new(ex, declare, steps, &input, span)?;
    let partitions = partitions(ex, partition_by, &input)?;
    let mut counter = 0i64;
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for members in partitions {
        machine.run(ex, &input, &members, &mut counter, &mut rows)?;
    }
    let mut columns = machine.columns.clone();
    if let Some(name) = match_id {
        columns.push((Arc::from(name.as_str()), ScalarType::Long));
    } else {
        for row in &mut rows {
            row.pop();
        }
    }
    Ok(Table::from_rows(&columns, &rows))
}

/// The rows of each partition, in order, partitions in order of first appearance; one
/// partition of every row without `partition by`.
fn partitions(ex: &mut Exec, by: &[Expr], input: &Table) -> Result<Vec<Vec<usize>>> {
    let keys: Vec<Arc<Column>> = by
        .iter()
        .map(|e| ex.eval_column(e, input))
        .collect::<Result<_>>()?;
    let refs: Vec<&Column> = keys.iter().map(|k| &**k).collect();
    let (group, first) = group_ids(&refs, input.rows);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); first.len()];
    for (r, g) in group.iter().enumerate() {
        members[*g as usize].push(r);
    }
    Ok(members)
}

/// The hidden column that stands for `step.column` in a rewritten expression.
fn state_column(step: usize, column: &str) -> String {
    format!("\u{1}scan{step}.{column}")
}

impl Machine {
    fn new(
        ex: &mut Exec,
        declare: &[ast::Param],
        steps: &[ast::ScanStep],
        input: &Table,
        span: Span,
    ) -> Result<Machine> {
        let mut columns = input.columns.clone();
        let mut defaults = Vec::new();
        for d in declare {
            let ty = match &d.ty {
                ParamType::Scalar(t) => t.ty.unwrap_or(ScalarType::Dynamic),
                ParamType::Tabular { .. } => {
                    return Err(ExecError::new(
                        "a `scan` declaration must be a scalar column",
                        d.span,
                    ));
                }
            };
            let value = match &d.default {
                Some(e) => {
                    let v = ex.eval(e, &one_row())?.get(0);
                    Column::from_values(ty, &[v]).get(0)
                }
                None => Value::Null,
            };
            if columns.iter().any(|(n, _)| **n == *d.name.name) {
                return Err(ExecError::new(
                    format!("`{}` is already a column of the input", d.name.name),
                    d.name.span,
                ));
            }
            columns.push((Arc::from(d.name.name.as_str()), ty));
            defaults.push(value);
        }
        let names: Vec<String> = steps.iter().map(|s| s.name.name.clone()).collect();
        let mut prepared = Vec::new();
        for step in steps {
            let output = match step.output.as_ref().map(|o| o.name.to_ascii_lowercase()) {
                None => Output::All,
                Some(o) if o == "all" => Output::All,
                Some(o) if o == "last" => Output::Last,
                Some(o) if o == "none" => Output::None,
                Some(o) => {
                    return Err(ExecError::new(
                        format!("`output={o}`: a step's output is `all`, `last` or `none`"),
                        step.span,
                    ));
                }
            };
            let mut condition = step.condition.clone();
            rewrite(&mut condition, &names, &columns)?;
            let mut assignments = Vec::new();
            for a in &step.assignments {
                let Some(target) = a.names.first() else {
                    continue;
                };
                let Some(index) = columns
                    .iter()
                    .skip(input.columns.len())
                    .position(|(n, _)| **n == *target.name)
                else {
                    return Err(ExecError::new(
                        format!(
                            "`{}` is not declared: a step assigns only the columns of `declare`",
                            target.name
                        ),
                        target.span,
                    ));
                };
                let mut value = a.expr.clone();
                rewrite(&mut value, &names, &columns)?;
                assignments.push((input.columns.len() + index, value));
            }
            prepared.push(Step {
                output,
                condition,
                assignments,
            });
        }
        if prepared.is_empty() {
            return Err(ExecError::new("`scan` needs at least one step", span));
        }
        let mut context = columns.clone();
        for j in 0..prepared.len() {
            for (name, ty) in &columns {
                context.push((Arc::from(state_column(j, name).as_str()), *ty));
            }
        }
        Ok(Machine {
            columns,
            defaults,
            steps: prepared,
            context,
        })
    }

    /// Runs the steps over `members` (rows of `input`, in order), appending each output row
    /// (the row's columns, the declared ones, then its match id) to `out`.
    fn run(
        &self,
        ex: &mut Exec,
        input: &Table,
        members: &[usize],
        counter: &mut i64,
        out: &mut Vec<Vec<Value>>,
    ) -> Result<()> {
        let n = self.steps.len();
        let mut state: Vec<Option<Sequence>> = vec![None; n];
        let mut pending: Vec<Option<Vec<Value>>> = vec![None; n];
        for &r in members {
            let mut base = input.row(r);
            base.extend(self.defaults.iter().cloned());
            for k in (0..n).rev() {
                // Check 1: the previous step's sequence moves on to this step.
                if k > 0
                    && let Some(previous) = &state[k - 1]
                    && self.meets(ex, k, &base, previous)?
                {
                    let mut sequence = state[k - 1].take().unwrap_or_else(|| Sequence {
                        rows: vec![None; n],
                        id: 0,
                    });
                    flush(&mut pending[k - 1], out);
                    flush(&mut pending[k], out);
                    let row = self.assign(ex, k, &base, &sequence)?;
                    sequence.rows[k] = Some(row.clone());
                    self.emit(k, row, sequence.id, &mut pending, out);
                    state[k] = Some(sequence);
                    continue;
                }
                // Check 2: this step's own sequence (or a new one, on the first step).
                let starts = state[k].is_none();
                if starts && k > 0 {
                    continue;
                }
                let mut sequence = state[k].clone().unwrap_or_else(|| Sequence {
                    rows: vec![None; n],
                    id: *counter,
                });
                if self.meets(ex, k, &base, &sequence)? {
                    if starts {
                        *counter += 1;
                    }
                    let row = self.assign(ex, k, &base, &sequence)?;
                    sequence.rows[k] = Some(row.clone());
                    self.emit(k, row, sequence.id, &mut pending, out);
                    state[k] = Some(sequence);
                }
            }
        }
        for p in &mut pending {
            flush(p, out);
        }
        Ok(())
    }

    fn emit(
        &self,
        k: usize,
        mut row: Vec<Value>,
        id: i64,
        pending: &mut [Option<Vec<Value>>],
        out: &mut Vec<Vec<Value>>,
    ) {
        row.push(Value::Long(id));
        match self.steps[k].output {
            Output::All => out.push(row),
            Output::Last => pending[k] = Some(row),
            Output::None => {}
        }
    }

    /// One row holding `base` and the state of `sequence`, to evaluate a step's expressions.
    fn context(&self, base: &[Value], sequence: &Sequence) -> Table {
        let mut row: Vec<Value> = base.to_vec();
        for j in 0..self.steps.len() {
            match sequence.rows.get(j).and_then(Option::as_ref) {
                Some(values) => row.extend(values.iter().cloned()),
                // A step the sequence has not reached reads as nulls, and the declared
                // columns as their defaults (`cumulative_x:long=0` starts a sum at 0).
                None => {
                    let inputs = self.columns.len() - self.defaults.len();
                    row.extend(std::iter::repeat_n(Value::Null, inputs));
                    row.extend(self.defaults.iter().cloned());
                }
            }
        }
        Table::from_rows(&self.context, &[row])
    }

    fn meets(&self, ex: &mut Exec, k: usize, base: &[Value], sequence: &Sequence) -> Result<bool> {
        let table = self.context(base, sequence);
        Ok(ex.eval(&self.steps[k].condition, &table)?.get(0).as_bool() == Some(true))
    }

    /// The row extended by step `k`'s assignments, all computed over the state before them.
    fn assign(
        &self,
        ex: &mut Exec,
        k: usize,
        base: &[Value],
        sequence: &Sequence,
    ) -> Result<Vec<Value>> {
        let mut row = base.to_vec();
        if self.steps[k].assignments.is_empty() {
            return Ok(row);
        }
        let table = self.context(base, sequence);
        for (index, expr) in &self.steps[k].assignments {
            let value = ex.eval(expr, &table)?.get(0);
            row[*index] = Column::from_values(self.columns[*index].1, &[value]).get(0);
        }
        Ok(row)
    }
}

fn flush(pending: &mut Option<Vec<Value>>, out: &mut Vec<Vec<Value>>) {
    if let Some(row) = pending.take() {
        out.push(row);
    }
}

/// Replaces each `step.Column` with the hidden column that holds it.
fn rewrite(e: &mut Expr, steps: &[String], columns: &[(Arc<str>, ScalarType)]) -> Result<()> {
    if let ExprKind::Member { target, name } = &e.kind
        && let ExprKind::Name(step) = &target.kind
        && let Some(j) = steps.iter().position(|s| *s == step.name)
    {
        if !columns.iter().any(|(c, _)| **c == *name.name) {
            return Err(ExecError::new(
                format!("step `{}` has no column `{}`", step.name, name.name),
                name.span,
            ));
        }
        let span = e.span;
        e.kind = ExprKind::Name(Ident {
            name: state_column(j, &name.name),
            span,
            quoted: true,
        });
        return Ok(());
    }
    match &mut e.kind {
        ExprKind::Paren(inner) | ExprKind::Brackets(inner) => rewrite(inner, steps, columns),
        ExprKind::Unary { operand, .. } => rewrite(operand, steps, columns),
        ExprKind::Binary { lhs, rhs, .. } => {
            rewrite(lhs, steps, columns)?;
            rewrite(rhs, steps, columns)
        }
        ExprKind::In { lhs, list, .. } => {
            rewrite(lhs, steps, columns)?;
            list.iter_mut().try_for_each(|x| rewrite(x, steps, columns))
        }
        ExprKind::Between { lhs, low, high, .. } => {
            rewrite(lhs, steps, columns)?;
            rewrite(low, steps, columns)?;
            rewrite(high, steps, columns)
        }
        ExprKind::Member { target, .. } => rewrite(target, steps, columns),
        ExprKind::Index { target, index } => {
            rewrite(target, steps, columns)?;
            rewrite(index, steps, columns)
        }
        ExprKind::Call { target, args, .. } => {
            if let Some(t) = target {
                rewrite(t, steps, columns)?;
            }
            args.iter_mut()
                .try_for_each(|a| rewrite(&mut a.value, steps, columns))
        }
        _ => Ok(()),
    }
}
