//! Aggregation functions for `summarize`, `make-series`, `top-nested` and friends, one family
//! per file. An aggregate folds the rows of every group at once: it receives the group id of
//! each row and returns one value per group, as a column (several columns for `arg_max`,
//! `percentiles`, …). Nulls are skipped, as Kusto does (`summarize-operator.md`).

mod collect;
mod count;
mod minmax;
mod stats;
mod sum;

use crate::exec::column::Column;
use crate::exec::eval::ArgColumn;
use crate::exec::table::Table;

/// The group of each row and the number of groups.
#[derive(Clone, Copy)]
pub struct Groups<'a> {
    pub ids: &'a [u32],
    pub n: usize,
}

impl Groups<'_> {
    /// The rows of each group, in row order.
    pub fn lists(&self) -> Vec<Vec<u32>> {
        let mut counts = vec![0usize; self.n];
        for &g in self.ids {
            counts[g as usize] += 1;
        }
        let mut lists: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (i, &g) in self.ids.iter().enumerate() {
            lists[g as usize].push(i as u32);
        }
        lists
    }
}

/// One aggregate call over grouped rows.
pub struct AggCall<'a> {
    pub name: &'a str,
    /// The evaluated arguments (`*` is not among them: see `star`).
    pub args: &'a [ArgColumn],
    /// `*` was an argument (`arg_max(x, *)`, `count(*)`, `take_any(*)`).
    pub star: bool,
    pub groups: Groups<'a>,
    /// The input rows (for `*`).
    pub input: &'a Table,
    /// The names of the `by` columns (left out of `*`).
    pub by_names: &'a [String],
    /// The names of the argument columns, when they are plain columns.
    pub arg_names: &'a [Option<String>],
}

/// An aggregate's output: one or more named columns (`None`: the default name).
pub type AggOutput = Vec<(Option<String>, Column)>;

pub type AggFn = fn(&AggCall) -> Result<AggOutput, String>;

/// Looks an aggregate up by name.
pub fn lookup(name: &str) -> Option<AggFn> {
    count::lookup(name)
        .or_else(|| sum::lookup(name))
        .or_else(|| minmax::lookup(name))
        .or_else(|| collect::lookup(name))
        .or_else(|| stats::lookup(name))
}

/// The predicate argument of an `*if` aggregate as a mask (null counts as false).
pub(crate) fn predicate(call: &AggCall, index: usize) -> Result<Vec<bool>, String> {
    let p = call
        .args
        .get(index)
        .ok_or_else(|| format!("`{}` needs a predicate", call.name))?;
    Ok(crate::exec::eval::to_mask(p, call.groups.ids.len()))
}

pub(crate) fn arg<'a>(call: &'a AggCall, index: usize) -> Result<&'a ArgColumn, String> {
    call.args
        .get(index)
        .ok_or_else(|| format!("`{}` needs an argument", call.name))
}

pub(crate) fn one(c: Column) -> AggOutput {
    vec![(None, c)]
}
