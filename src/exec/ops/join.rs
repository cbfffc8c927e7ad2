//! Combining two tables on keys: `join` (every kind; the default is `innerunique`, which
//! keeps the first left row of each key: `join-operator.md`) and `lookup` (a left outer join
//! that does not repeat the right keys: `lookup-operator.md`). Null keys match nothing.

use std::sync::Arc;

use super::group::Interner;
use crate::analyze::param_word;
use crate::catalog::hash::FxHashMap;
use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, JoinCondition, OpParam};

/// The key column names on each side.
fn keys(on: &[JoinCondition], span: Span) -> Result<Vec<(String, String)>> {
    on.iter()
        .map(|c| match c {
            JoinCondition::Column(id) => Ok((id.name.clone(), id.name.clone())),
            JoinCondition::Equal { left, right } => Ok((left.name.clone(), right.name.clone())),
            JoinCondition::Expr(e) | JoinCondition::Where(e) => Err(ExecError::new(
                "a join condition must be `Column` or `$left.a == $right.b`",
                if e.span == Span::default() {
                    span
                } else {
                    e.span
                },
            )),
        })
        .collect()
}

/// One code per row over all key columns (comparable across the two sides), `None` when a
/// key is null.
type RowKeys = (Vec<Option<u64>>, Vec<Option<u64>>);

fn row_keys(
    left: &Table,
    right: &Table,
    pairs: &[(String, String)],
    span: Span,
) -> Result<RowKeys> {
    let mut lk: Vec<Vec<u64>> = Vec::new();
    let mut rk: Vec<Vec<u64>> = Vec::new();
    let mut lnull = vec![false; left.rows];
    let mut rnull = vec![false; right.rows];
    for (l, r) in pairs {
        let lc = left
            .column(l)
            .ok_or_else(|| ExecError::new(format!("the left side has no column `{l}`"), span))?;
        let rc = right
            .column(r)
            .ok_or_else(|| ExecError::new(format!("the right side has no column `{r}`"), span))?;
        let rc: Arc<Column> = if rc.ty != lc.ty {
            Arc::new(rc.cast(lc.ty))
        } else {
            rc.clone()
        };
        let mut interner = Interner::default();
        let a = interner.codes(lc);
        let b = interner.codes(&rc);
        if let Some(n) = &a.nulls {
            for (x, y) in lnull.iter_mut().zip(n) {
                *x |= *y;
            }
        }
        if let Some(n) = &b.nulls {
            for (x, y) in rnull.iter_mut().zip(n) {
                *x |= *y;
            }
        }
        lk.push(a.codes);
        rk.push(b.codes);
    }
    if pairs.len() == 1 {
        let l = lk.pop().unwrap_or_default();
        let r = rk.pop().unwrap_or_default();
        return Ok((
            l.into_iter()
                .zip(lnull)
                .map(|(k, n)| (!n).then_some(k))
                .collect(),
            r.into_iter()
                .zip(rnull)
                .map(|(k, n)| (!n).then_some(k))
                .collect(),
        ));
    }
    let mut combined: FxHashMap<Vec<u64>, u64> = FxHashMap::default();
    let mut fold = |cols: &[Vec<u64>], nulls: &[bool], rows: usize| -> Vec<Option<u64>> {
        (0..rows)
            .map(|i| {
                if nulls[i] {
                    return None;
                }
                let key: Vec<u64> = cols.iter().map(|c| c[i]).collect();
                let n = combined.len() as u64;
                Some(*combined.entry(key).or_insert(n))
            })
            .collect()
    };
    let l = fold(&lk, &lnull, left.rows);
    let r = fold(&rk, &rnull, right.rows);
    Ok((l, r))
}

/// The right rows of each key, in row order (offsets into one array of rows).
struct RowIndex {
    slot: FxHashMap<u64, u32>,
    offsets: Vec<u32>,
    rows: Vec<u32>,
}

impl RowIndex {
    fn new(keys: &[Option<u64>]) -> RowIndex {
        let mut slot: FxHashMap<u64, u32> = FxHashMap::default();
        let mut ids: Vec<u32> = Vec::with_capacity(keys.len());
        let mut counts: Vec<u32> = Vec::new();
        for k in keys {
            match k {
                Some(k) => {
                    let n = counts.len() as u32;
                    let id = *slot.entry(*k).or_insert(n);
                    if id == n {
                        counts.push(0);
                    }
                    counts[id as usize] += 1;
                    ids.push(id);
                }
                None => ids.push(u32::MAX),
            }
        }
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        offsets.push(0);
        for c in &counts {
            total += c;
            offsets.push(total);
        }
        let mut fill = offsets.clone();
        let mut rows = vec![0u32; total as usize];
        for (i, id) in ids.iter().enumerate() {
            if *id != u32::MAX {
                let at = &mut fill[*id as usize];
                rows[*at as usize] = i as u32;
                *at += 1;
            }
        }
        RowIndex {
            slot,
            offsets,
            rows,
        }
    }

    fn get(&self, key: u64) -> Option<&[u32]> {
        let id = *self.slot.get(&key)? as usize;
        Some(&self.rows[self.offsets[id] as usize..self.offsets[id + 1] as usize])
    }
}

/// Appends the right columns to the left ones; a right name already taken gets the first
/// free numeric suffix (`Name1`).
pub(crate) fn combine(
    left: &Table,
    right: &Table,
    li: &[Option<u32>],
    ri: &[Option<u32>],
    skip_right: &[String],
) -> Table {
    let mut out = Table {
        rows: li.len(),
        ..Table::default()
    };
    for (i, (n, _)) in left.columns.iter().enumerate() {
        out.push(n.clone(), Arc::new(left.data[i].take_opt(li)));
    }
    let taken: Vec<String> = left
        .columns
        .iter()
        .chain(right.columns.iter())
        .map(|(n, _)| n.to_string())
        .collect();
    for (i, (n, _)) in right.columns.iter().enumerate() {
        if skip_right.iter().any(|s| **s == **n) {
            continue;
        }
        let name: Arc<str> = if out.index_of(n).is_some() {
            let mut k = 1;
            loop {
                let c = format!("{n}{k}");
                if out.index_of(&c).is_none() && !taken.contains(&c) {
                    break Arc::from(c.as_str());
                }
                k += 1;
            }
        } else {
            n.clone()
        };
        out.push(name, Arc::new(right.data[i].take_opt(ri)));
    }
    out
}

pub(crate) fn join(
    ex: &mut Exec,
    params: &[OpParam],
    right: &ast::Expr,
    on: &[JoinCondition],
    left: Table,
    span: Span,
    lookup: bool,
) -> Result<Table> {
    let right = ex.tabular(right)?;
    let kind = param_word(params, "kind").unwrap_or_else(|| {
        if lookup {
            "leftouter".into()
        } else {
            "innerunique".into()
        }
    });
    if let [JoinCondition::Where(predicate)] = on {
        return join_where(ex, &kind, predicate, left, right, span);
    }
    let pairs = keys(on, span)?;
    let (lkeys, rkeys) = row_keys(&left, &right, &pairs, span)?;
    let index = RowIndex::new(&rkeys);
    let mut li: Vec<Option<u32>> = Vec::new();
    let mut ri: Vec<Option<u32>> = Vec::new();
    let mut right_matched = vec![false; right.rows];
    let check_rows = |n: usize| -> Result<()> {
        if n > ex.limits.max_rows {
            return Err(ExecError::new(
                format!(
                    "`join` would produce more than {} rows (--max-rows)",
                    ex.limits.max_rows
                ),
                span,
            ));
        }
        Ok(())
    };
    match kind.as_str() {
        "leftsemi" | "leftanti" | "anti" | "leftantisemi" => {
            let want = kind == "leftsemi";
            let mask: Vec<bool> = lkeys
                .iter()
                .map(|k| k.is_some_and(|k| index.get(k).is_some()) == want)
                .collect();
            return Ok(left.filter(&mask));
        }
        "rightsemi" | "rightanti" | "rightantisemi" => {
            let lset: std::collections::HashSet<u64> = lkeys.iter().flatten().copied().collect();
            let want = kind == "rightsemi";
            let mask: Vec<bool> = rkeys
                .iter()
                .map(|k| k.is_some_and(|k| lset.contains(&k)) == want)
                .collect();
            return Ok(right.filter(&mask));
        }
        "inner" | "innerunique" | "leftouter" | "rightouter" | "fullouter" | "outer" => {
            let unique = kind == "innerunique";
            let mut seen: FxHashMap<u64, ()> = FxHashMap::default();
            for (i, k) in lkeys.iter().enumerate() {
                let matches = k.and_then(|k| index.get(k));
                if unique {
                    match k {
                        Some(k) if seen.insert(*k, ()).is_none() => {}
                        _ => continue,
                    }
                }
                match matches {
                    Some(rows) => {
                        for &r in rows {
                            li.push(Some(i as u32));
                            ri.push(Some(r));
                            right_matched[r as usize] = true;
                        }
                        check_rows(li.len())?;
                    }
                    None if matches!(kind.as_str(), "leftouter" | "fullouter" | "outer") => {
                        li.push(Some(i as u32));
                        ri.push(None);
                    }
                    None => {}
                }
            }
            if matches!(kind.as_str(), "rightouter" | "fullouter" | "outer") {
                for (r, m) in right_matched.iter().enumerate() {
                    if !m {
                        li.push(None);
                        ri.push(Some(r as u32));
                    }
                }
            }
        }
        other => {
            return Err(ExecError::new(format!("unknown join kind `{other}`"), span));
        }
    }
    let skip: Vec<String> = if lookup {
        pairs.iter().map(|(_, r)| r.clone()).collect()
    } else {
        Vec::new()
    };
    Ok(combine(&left, &right, &li, &ri, &skip))
}

/// `join kind=K (T) where Predicate`: every pair of rows is a candidate, and a pair matches
/// when the predicate, evaluated over the pair's columns (the left side's names win a clash,
/// as Kusto.Language binds them), is true. The kinds then keep or add rows as they do for
/// key equality; `innerunique` has no key to deduplicate on and behaves as `inner`.
fn join_where(
    ex: &mut Exec,
    kind: &str,
    predicate: &ast::Expr,
    left: Table,
    right: Table,
    span: Span,
) -> Result<Table> {
    let candidates = left.rows.saturating_mul(right.rows);
    if candidates > ex.limits.max_rows {
        return Err(ExecError::new(
            format!(
                "`join … where` compares {} × {} rows, more than {} (--max-rows)",
                left.rows, right.rows, ex.limits.max_rows
            ),
            span,
        ));
    }
    let mut all_l: Vec<Option<u32>> = Vec::with_capacity(candidates);
    let mut all_r: Vec<Option<u32>> = Vec::with_capacity(candidates);
    for l in 0..left.rows as u32 {
        for r in 0..right.rows as u32 {
            all_l.push(Some(l));
            all_r.push(Some(r));
        }
    }
    let pairs = combine(&left, &right, &all_l, &all_r, &[]);
    let mask = ex.eval_mask(predicate, &pairs)?;
    let mut left_matched = vec![false; left.rows];
    let mut right_matched = vec![false; right.rows];
    let mut li: Vec<Option<u32>> = Vec::new();
    let mut ri: Vec<Option<u32>> = Vec::new();
    for (i, keep) in mask.iter().enumerate() {
        if *keep {
            let (l, r) = (all_l[i], all_r[i]);
            if let (Some(l), Some(r)) = (l, r) {
                left_matched[l as usize] = true;
                right_matched[r as usize] = true;
            }
            li.push(l);
            ri.push(r);
        }
    }
    match kind {
        "leftsemi" | "leftanti" | "anti" | "leftantisemi" => {
            let want = kind == "leftsemi";
            let keep: Vec<bool> = left_matched.iter().map(|m| *m == want).collect();
            return Ok(left.filter(&keep));
        }
        "rightsemi" | "rightanti" | "rightantisemi" => {
            let want = kind == "rightsemi";
            let keep: Vec<bool> = right_matched.iter().map(|m| *m == want).collect();
            return Ok(right.filter(&keep));
        }
        "inner" | "innerunique" => {}
        "leftouter" | "rightouter" | "fullouter" | "outer" => {
            if matches!(kind, "leftouter" | "fullouter" | "outer") {
                for (l, m) in left_matched.iter().enumerate() {
                    if !m {
                        li.push(Some(l as u32));
                        ri.push(None);
                    }
                }
            }
            if matches!(kind, "rightouter" | "fullouter" | "outer") {
                for (r, m) in right_matched.iter().enumerate() {
                    if !m {
                        li.push(None);
                        ri.push(Some(r as u32));
                    }
                }
            }
        }
        other => {
            return Err(ExecError::new(format!("unknown join kind `{other}`"), span));
        }
    }
    Ok(combine(&left, &right, &li, &ri, &[]))
}
