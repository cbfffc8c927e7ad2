//! `evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard, …])`
//! (`basket-plugin.md`): the frequent patterns of the input. A pattern is a set of
//! `column == value` conditions, at most one per column and at most `MaxDimensions` of them;
//! it is frequent when the rows (or their weights) that match it are at least `Threshold` of
//! the whole. Each pattern is one output row: `SegmentId`, `Count`, `Percent`, then every input
//! column holding the pattern's value, or the wildcard where the pattern leaves the column free
//! (null, an empty string for a string column, or the `CustomWildcard` given for its type).
//!
//! Kusto's basket is Apriori over the input's values. It returns only the patterns that no
//! larger pattern with the same count covers (the documented example lists `Damage == "NO",
//! DamageCrops == 0` but not `Damage == "NO"` alone, which matches the same rows); so does
//! this one. Kusto samples to find the first frequent values and documents no row order; here
//! every row is read and the rows come by descending `Count`, then larger patterns first, then
//! in the order their values first appear, so that snapshots are stable.

use std::sync::Arc;

use crate::catalog::hash::FxHashMap;
use crate::diag::Span;
use crate::exec::executor::{Exec, one_row};
use crate::exec::ops::group::{Codes, Interner};
use crate::exec::table::Table;
use crate::exec::value::Value;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, ExprKind};
use crate::kql::types::ScalarType;

const DEFAULT_THRESHOLD: f64 = 0.05;
const DEFAULT_MAX_DIMENSIONS: usize = 5;
/// Patterns kept at one size before the search stops: a guard against inputs whose every
/// combination of values is frequent (a few identical rows of many columns).
const MAX_PATTERNS_PER_SIZE: usize = 100_000;

/// One condition of a pattern: the column's index and the code of its value.
type Item = (usize, u64);

struct Pattern {
    items: Vec<Item>,
    /// The rows that match, ascending.
    rows: Vec<u32>,
    weight: f64,
}

pub(crate) fn basket(ex: &mut Exec, args: &[ast::Arg], input: Table, span: Span) -> Result<Table> {
    let mut threshold = DEFAULT_THRESHOLD;
    let mut weight_column: Option<usize> = None;
    let mut max_dimensions = DEFAULT_MAX_DIMENSIONS;
    let mut wildcards: Vec<Value> = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if i == 1
            && let ExprKind::Name(id) = &arg.value.kind
        {
            weight_column = Some(input.index_of(&id.name).ok_or_else(|| {
                ExecError::new(
                    format!("`basket`: the input has no column `{}`", id.name),
                    id.span,
                )
            })?);
            continue;
        }
        let value = ex.eval(&arg.value, &one_row())?.get(0);
        if matches!(&value, Value::String(s) if &**s == "~") {
            continue;
        }
        match i {
            0 => {
                threshold = value
                    .as_f64()
                    .filter(|t| *t > 0.0 && *t <= 1.0)
                    .ok_or_else(|| {
                        ExecError::new(
                            "`basket`: the threshold must be a number above 0 and at most 1",
                            arg.value.span,
                        )
                    })?;
            }
            1 => {
                return Err(ExecError::new(
                    "`basket`: the weight column must be a column name or '~'",
                    arg.value.span,
                ));
            }
            2 => {
                max_dimensions = value
                    .as_f64()
                    .filter(|n| *n >= 1.0)
                    .map(|n| n as usize)
                    .ok_or_else(|| {
                        ExecError::new(
                            "`basket`: MaxDimensions must be a positive number",
                            arg.value.span,
                        )
                    })?;
            }
            _ => wildcards.push(value),
        }
    }
    let weights: Vec<f64> = match weight_column {
        Some(c) => {
            let column = &input.data[c];
            (0..input.rows)
                .map(|r| column.get(r).as_f64().unwrap_or(0.0))
                .collect()
        }
        None => vec![1.0; input.rows],
    };
    let total: f64 = weights.iter().sum();
    let dimensions: Vec<usize> = (0..input.width())
        .filter(|c| Some(*c) != weight_column)
        .collect();
    let codes: Vec<Codes> = dimensions
        .iter()
        .map(|&c| Interner::default().codes(&input.data[c]))
        .collect();
    let patterns = if total > 0.0 {
        frequent_patterns(&codes, &weights, threshold * total, max_dimensions, span)?
    } else {
        Vec::new()
    };
    let mut closed = closed_patterns(patterns);
    closed.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.items.len().cmp(&a.items.len()))
            .then_with(|| first_rows(a).cmp(&first_rows(b)))
    });

    let mut columns: Vec<(Arc<str>, ScalarType)> = vec![
        (Arc::from("SegmentId"), ScalarType::Long),
        (Arc::from("Count"), ScalarType::Long),
        (Arc::from("Percent"), ScalarType::Real),
    ];
    columns.extend(input.columns.iter().cloned());
    let rows: Vec<Vec<Value>> = closed
        .iter()
        .enumerate()
        .map(|(segment, pattern)| {
            let mut row = vec![
                Value::Long(segment as i64),
                Value::Long(pattern.weight.round() as i64),
                Value::Real(pattern.weight / total * 100.0),
            ];
            for (c, (_, ty)) in input.columns.iter().enumerate() {
                let item = dimensions
                    .iter()
                    .position(|&d| d == c)
                    .and_then(|d| pattern.items.iter().find(|(dim, _)| *dim == d));
                row.push(match (item, pattern.rows.first()) {
                    (Some(_), Some(&r)) => input.data[c].get(r as usize),
                    _ => wildcard(*ty, &wildcards),
                });
            }
            row
        })
        .collect();
    Ok(Table::from_rows(&columns, &rows))
}

/// Where each of a pattern's values first appears: the tie-break that keeps the output order
/// the input's.
fn first_rows(pattern: &Pattern) -> (u32, Vec<usize>) {
    (
        pattern.rows.first().copied().unwrap_or(u32::MAX),
        pattern.items.iter().map(|(dim, _)| *dim).collect(),
    )
}

/// The value that stands for "any value" in a column of type `ty`.
fn wildcard(ty: ScalarType, custom: &[Value]) -> Value {
    let given = custom.iter().find(|v| {
        matches!(
            (ty, v),
            (ScalarType::String, Value::String(_))
                | (ScalarType::Bool, Value::Bool(_))
                | (ScalarType::Int, Value::Int(_))
                | (ScalarType::Long, Value::Long(_))
                | (ScalarType::Real, Value::Real(_))
                | (ScalarType::Decimal, Value::Decimal(_))
                | (ScalarType::DateTime, Value::DateTime(_))
                | (ScalarType::TimeSpan, Value::TimeSpan(_))
                | (ScalarType::Guid, Value::Guid(_))
                | (ScalarType::Dynamic, Value::Dynamic(_))
        )
    });
    match (given, ty) {
        (Some(v), _) => v.clone(),
        (None, ScalarType::String) => Value::String(Arc::from("")),
        (None, _) => Value::Null,
    }
}

/// Every frequent pattern of up to `max_items` conditions (Eclat: a pattern's rows are the
/// intersection of its parts' rows).
fn frequent_patterns(
    codes: &[Codes],
    weights: &[f64],
    min_weight: f64,
    max_items: usize,
    span: Span,
) -> Result<Vec<Pattern>> {
    let weigh = |rows: &[u32]| -> f64 { rows.iter().map(|&r| weights[r as usize]).sum() };
    // Single conditions, in the order their values first appear.
    let mut level: Vec<Pattern> = Vec::new();
    for (dim, column) in codes.iter().enumerate() {
        let mut rows_of: FxHashMap<u64, usize> = FxHashMap::default();
        let mut found: Vec<(u64, Vec<u32>)> = Vec::new();
        for (r, &code) in column.codes.iter().enumerate() {
            if column.nulls.as_ref().is_some_and(|n| n[r]) {
                continue;
            }
            let slot = *rows_of.entry(code).or_insert_with(|| {
                found.push((code, Vec::new()));
                found.len() - 1
            });
            found[slot].1.push(r as u32);
        }
        for (code, rows) in found {
            let weight = weigh(&rows);
            if weight >= min_weight {
                level.push(Pattern {
                    items: vec![(dim, code)],
                    rows,
                    weight,
                });
            }
        }
    }
    let mut all: Vec<Pattern> = Vec::new();
    let mut size = 1;
    while !level.is_empty() {
        let mut next: Vec<Pattern> = Vec::new();
        if size < max_items {
            // Two patterns that differ only in their last condition, on two columns, make one
            // more (conditions are kept in column order, so each pattern is made once).
            // The patterns of one head are side by side, their last columns ascending.
            for (i, a) in level.iter().enumerate() {
                for b in &level[i + 1..] {
                    let (Some((a_last, a_head)), Some((b_last, b_head))) =
                        (a.items.split_last(), b.items.split_last())
                    else {
                        continue;
                    };
                    if a_head != b_head {
                        break;
                    }
                    if a_last.0 >= b_last.0 {
                        continue;
                    }
                    let rows = intersect(&a.rows, &b.rows);
                    let weight = weigh(&rows);
                    if weight >= min_weight {
                        let mut items = a.items.clone();
                        items.push(*b_last);
                        next.push(Pattern {
                            items,
                            rows,
                            weight,
                        });
                    }
                }
                if next.len() > MAX_PATTERNS_PER_SIZE {
                    return Err(ExecError::new(
                        format!(
                            "`basket`: more than {MAX_PATTERNS_PER_SIZE} frequent patterns of {} values; raise the threshold or lower MaxDimensions",
                            size + 1
                        ),
                        span,
                    ));
                }
            }
        }
        all.append(&mut level);
        level = next;
        size += 1;
    }
    Ok(all)
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The patterns that no pattern of one more condition matches with the same rows.
fn closed_patterns(patterns: Vec<Pattern>) -> Vec<Pattern> {
    let index: FxHashMap<&[Item], usize> = patterns
        .iter()
        .enumerate()
        .map(|(i, p)| (p.items.as_slice(), i))
        .collect();
    let mut covered = vec![false; patterns.len()];
    for p in &patterns {
        if p.items.len() < 2 {
            continue;
        }
        for skip in 0..p.items.len() {
            let subset: Vec<Item> = p
                .items
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != skip)
                .map(|(_, item)| *item)
                .collect();
            if let Some(&i) = index.get(subset.as_slice())
                && patterns[i].rows.len() == p.rows.len()
            {
                covered[i] = true;
            }
        }
    }
    patterns
        .into_iter()
        .zip(covered)
        .filter(|(_, covered)| !covered)
        .map(|(p, _)| p)
        .collect()
}
