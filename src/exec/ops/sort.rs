//! Ordering: `sort`/`order by`, `top`. Descending by default; nulls last when descending and
//! first when ascending (`sort-operator.md`). Strings order by ordinal (case-sensitive). The
//! sort is stable, so equal keys keep their input order.

use std::cmp::Ordering;

use crate::exec::Result;
use crate::exec::column::{Column, ColumnData};
use crate::exec::executor::Exec;
use crate::exec::table::Table;
use crate::exec::value::compare_values;
use crate::kql::ast::{self, Nulls, SortDir};

enum Key<'a> {
    I64(&'a [i64], Option<&'a [bool]>),
    F64(&'a [f64], Option<&'a [bool]>),
    /// Rank of each dictionary entry, by code.
    Str(&'a [u32], Vec<u32>),
    Other(&'a Column),
}

struct SortCol<'a> {
    key: Key<'a>,
    desc: bool,
    nulls_first: bool,
}

impl SortCol<'_> {
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        let (na, nb, ord) = match &self.key {
            Key::I64(v, valid) => {
                let na = valid.is_some_and(|m| !m[a]);
                let nb = valid.is_some_and(|m| !m[b]);
                (na, nb, v[a].cmp(&v[b]))
            }
            Key::F64(v, valid) => {
                let na = valid.is_some_and(|m| !m[a]) || v[a].is_nan();
                let nb = valid.is_some_and(|m| !m[b]) || v[b].is_nan();
                (na, nb, v[a].partial_cmp(&v[b]).unwrap_or(Ordering::Equal))
            }
            Key::Str(codes, rank) => (
                false,
                false,
                rank[codes[a] as usize].cmp(&rank[codes[b] as usize]),
            ),
            Key::Other(c) => {
                let (x, y) = (c.get(a), c.get(b));
                (
                    x.is_null(),
                    y.is_null(),
                    compare_values(&x, &y).unwrap_or(Ordering::Equal),
                )
            }
        };
        match (na, nb) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if self.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if self.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ => {
                if self.desc {
                    ord.reverse()
                } else {
                    ord
                }
            }
        }
    }
}

fn sort_col(c: &Column, desc: bool, nulls_first: bool) -> SortCol<'_> {
    let key = match &c.data {
        ColumnData::I64(v) => Key::I64(v, c.valid.as_deref()),
        ColumnData::F64(v) => Key::F64(v, c.valid.as_deref()),
        ColumnData::Str(s) => {
            let mut order: Vec<u32> = (0..s.dict.len() as u32).collect();
            order.sort_by(|a, b| s.dict[*a as usize].cmp(&s.dict[*b as usize]));
            let mut rank = vec![0u32; s.dict.len()];
            let mut r = 0;
            for (i, &k) in order.iter().enumerate() {
                if i > 0 && s.dict[k as usize] != s.dict[order[i - 1] as usize] {
                    r += 1;
                }
                rank[k as usize] = r;
            }
            Key::Str(&s.codes, rank)
        }
        _ => Key::Other(c),
    };
    SortCol {
        key,
        desc,
        nulls_first,
    }
}

/// The row order of a table under sort keys.
pub(crate) fn order(ex: &mut Exec, keys: &[ast::SortKey], input: &Table) -> Result<Vec<u32>> {
    let mut cols = Vec::with_capacity(keys.len());
    for k in keys {
        cols.push(ex.eval_column(&k.expr, input)?);
    }
    let specs: Vec<SortCol> = cols
        .iter()
        .zip(keys)
        .map(|(c, k)| {
            let desc = !matches!(k.dir, Some(SortDir::Asc | SortDir::GrannyAsc));
            let nulls_first = match k.nulls {
                Some(Nulls::First) => true,
                Some(Nulls::Last) => false,
                None => !desc,
            };
            sort_col(c, desc, nulls_first)
        })
        .collect();
    let mut idx: Vec<u32> = (0..input.rows as u32).collect();
    idx.sort_by(|&a, &b| {
        for s in &specs {
            let o = s.cmp(a as usize, b as usize);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    Ok(idx)
}

pub(crate) fn sort(ex: &mut Exec, keys: &[ast::SortKey], input: Table) -> Result<Table> {
    let idx = order(ex, keys, &input)?;
    Ok(input.take(&idx))
}

pub(crate) fn top(
    ex: &mut Exec,
    count: &ast::Expr,
    key: &ast::SortKey,
    input: Table,
) -> Result<Table> {
    let n = super::filter::const_count(ex, count)?;
    let mut idx = order(ex, std::slice::from_ref(key), &input)?;
    idx.truncate(n);
    Ok(input.take(&idx))
}
