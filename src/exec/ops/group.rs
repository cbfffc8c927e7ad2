//! Key encoding shared by `summarize`, `distinct`, `join` and friends: every key column
//! becomes one `u64` code per row such that equal values have equal codes. Strings are coded
//! through their dictionary (each distinct string hashed once), integers are their own code.

use crate::catalog::hash::FxHashMap;
use crate::exec::column::{Column, ColumnData};

/// Codes for one column, with a null flag per row (`None` when no row is null).
pub(crate) struct Codes {
    pub codes: Vec<u64>,
    pub nulls: Option<Vec<bool>>,
}

/// Gives equal values equal codes; strings borrow from the columns they come from.
#[derive(Default)]
pub(crate) struct Interner<'a> {
    strings: FxHashMap<&'a str, u64>,
    owned: FxHashMap<String, u64>,
    ints: FxHashMap<u128, u64>,
}

impl<'a> Interner<'a> {
    fn string(&mut self, s: &'a str) -> u64 {
        let n = self.strings.len() as u64;
        *self.strings.entry(s).or_insert(n)
    }

    fn owned(&mut self, s: String) -> u64 {
        let n = self.owned.len() as u64;
        *self.owned.entry(s).or_insert(n)
    }

    fn wide(&mut self, x: u128) -> u64 {
        let n = self.ints.len() as u64;
        *self.ints.entry(x).or_insert(n)
    }

    /// Codes of a column; the same interner gives comparable codes across columns of one
    /// type (the two sides of a join).
    pub(crate) fn codes(&mut self, c: &'a Column) -> Codes {
        let n = c.len();
        let nulls = c
            .valid
            .as_ref()
            .map(|v| v.iter().map(|x| !x).collect::<Vec<bool>>());
        let codes = match &c.data {
            ColumnData::Bool(v) => v.iter().map(|&b| b as u64).collect(),
            ColumnData::I64(v) => v.iter().map(|&x| x as u64).collect(),
            ColumnData::F64(v) => v
                .iter()
                .map(|&x| {
                    let x = if x == 0.0 { 0.0 } else { x };
                    if x.is_nan() {
                        f64::NAN.to_bits()
                    } else {
                        x.to_bits()
                    }
                })
                .collect(),
            ColumnData::Str(s) => {
                let canon: Vec<u64> = s.dict.iter().map(|x| self.string(x)).collect();
                if s.unique
                    && self.strings.len() == s.dict.len()
                    && canon.iter().enumerate().all(|(i, c)| *c == i as u64)
                {
                    return Codes {
                        codes: s.codes.iter().map(|&k| k as u64).collect(),
                        nulls: None,
                    };
                }
                s.codes.iter().map(|&k| canon[k as usize]).collect()
            }
            ColumnData::Guid(v) => v.iter().map(|&g| self.wide(g)).collect(),
            ColumnData::Dyn(v) => {
                let mut out = Vec::with_capacity(n);
                let mut nl = vec![false; n];
                for (i, d) in v.iter().enumerate() {
                    if d.is_null() {
                        nl[i] = true;
                        out.push(0);
                    } else {
                        out.push(self.owned(d.to_json_string()));
                    }
                }
                return Codes {
                    codes: out,
                    nulls: nl.iter().any(|x| *x).then_some(nl),
                };
            }
        };
        Codes { codes, nulls }
    }
}

/// The group of every row over key columns, and the first row of each group (groups are
/// numbered in order of first appearance). Nulls form their own group.
pub(crate) fn group_ids(keys: &[&Column], rows: usize) -> (Vec<u32>, Vec<u32>) {
    let mut first: Vec<u32> = Vec::new();
    if keys.is_empty() {
        if rows > 0 {
            first.push(0);
        }
        return (vec![0; rows], first);
    }
    let coded: Vec<Codes> = keys.iter().map(|c| Interner::default().codes(c)).collect();
    // Fold a null flag into the code so a null and a value never share a group.
    let cols: Vec<Vec<u64>> = coded
        .into_iter()
        .map(|c| match c.nulls {
            None => c.codes,
            Some(n) => c
                .codes
                .iter()
                .zip(n)
                .map(|(x, null)| {
                    if null {
                        u64::MAX
                    } else if *x == u64::MAX {
                        u64::MAX - 1
                    } else {
                        *x
                    }
                })
                .collect(),
        })
        .collect();
    let mut ids = Vec::with_capacity(rows);
    match cols.len() {
        1 => {
            let k = &cols[0];
            let max = k.iter().copied().max().unwrap_or(0);
            if max < (rows as u64).max(1 << 16) * 4 {
                let mut table = vec![u32::MAX; max as usize + 1];
                for (i, &x) in k.iter().enumerate() {
                    let slot = &mut table[x as usize];
                    if *slot == u32::MAX {
                        *slot = first.len() as u32;
                        first.push(i as u32);
                    }
                    ids.push(*slot);
                }
            } else {
                let mut map: FxHashMap<u64, u32> = FxHashMap::default();
                for (i, &x) in k.iter().enumerate() {
                    let n = first.len() as u32;
                    let g = *map.entry(x).or_insert_with(|| {
                        first.push(i as u32);
                        n
                    });
                    ids.push(g);
                }
            }
        }
        2 => {
            let mut map: FxHashMap<(u64, u64), u32> = FxHashMap::default();
            for (i, (a, b)) in cols[0].iter().zip(&cols[1]).enumerate() {
                let n = first.len() as u32;
                let g = *map.entry((*a, *b)).or_insert_with(|| {
                    first.push(i as u32);
                    n
                });
                ids.push(g);
            }
        }
        _ => {
            let mut map: FxHashMap<Vec<u64>, u32> = FxHashMap::default();
            #[allow(clippy::needless_range_loop)]
            for i in 0..rows {
                let key: Vec<u64> = cols.iter().map(|c| c[i]).collect();
                let n = first.len() as u32;
                let g = *map.entry(key).or_insert_with(|| {
                    first.push(i as u32);
                    n
                });
                ids.push(g);
            }
        }
    }
    (ids, first)
}
