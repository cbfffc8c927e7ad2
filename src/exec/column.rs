//! One typed column: a vector per storage class plus a validity mask.
//!
//! int, long, datetime and timespan share `i64` storage (the column's `ty` tells them apart);
//! real and decimal share `f64`. Strings are dictionary-encoded: `codes` index into a shared
//! `dict`, so filtering or reordering a string column copies 4 bytes a row, and a string
//! function or predicate runs once per distinct entry. A dictionary marked `unique` holds each
//! string once, so equal codes mean equal strings (grouping and joining use the codes directly).

use std::sync::Arc;

use crate::catalog::hash::FxHashMap;
use crate::exec::value::{Dynamic, Value};
use crate::kql::types::ScalarType;

#[derive(Clone, Debug)]
pub struct Column {
    pub ty: ScalarType,
    pub data: ColumnData,
    /// `None`: every row is valid. Strings never have nulls.
    pub valid: Option<Vec<bool>>,
}

#[derive(Clone, Debug)]
pub enum ColumnData {
    Bool(Vec<bool>),
    I64(Vec<i64>),
    F64(Vec<f64>),
    Str(StrColumn),
    Guid(Vec<u128>),
    Dyn(Vec<Dynamic>),
}

#[derive(Clone, Debug)]
pub struct StrColumn {
    pub dict: Arc<Vec<Arc<str>>>,
    pub codes: Vec<u32>,
    /// Each string appears once in `dict`.
    pub unique: bool,
}

impl StrColumn {
    pub fn get(&self, i: usize) -> &str {
        &self.dict[self.codes[i] as usize]
    }

    pub fn arc(&self, i: usize) -> &Arc<str> {
        &self.dict[self.codes[i] as usize]
    }

    /// Whether per-dictionary-entry work is cheaper than per-row work.
    pub fn dict_is_small(&self) -> bool {
        self.dict.len() < self.codes.len()
    }

    /// Maps every dictionary entry through `f`, keeping the codes: a string function runs
    /// once per distinct value.
    pub fn map_dict(&self, mut f: impl FnMut(&str) -> Arc<str>) -> StrColumn {
        if self.dict_is_small() {
            let dict: Vec<Arc<str>> = self.dict.iter().map(|s| f(s)).collect();
            StrColumn {
                dict: Arc::new(dict),
                codes: self.codes.clone(),
                unique: false,
            }
        } else {
            let dict: Vec<Arc<str>> = self
                .codes
                .iter()
                .map(|&c| f(&self.dict[c as usize]))
                .collect();
            let n = dict.len() as u32;
            StrColumn {
                dict: Arc::new(dict),
                codes: (0..n).collect(),
                unique: false,
            }
        }
    }

    /// Evaluates a predicate (or any per-string value) once per distinct string when that is
    /// cheaper, and returns one result per row.
    pub fn map_rows<T: Copy>(&self, mut f: impl FnMut(&str) -> T) -> Vec<T> {
        if self.dict_is_small() {
            let per: Vec<T> = self.dict.iter().map(|s| f(s)).collect();
            self.codes.iter().map(|&c| per[c as usize]).collect()
        } else {
            self.codes
                .iter()
                .map(|&c| f(&self.dict[c as usize]))
                .collect()
        }
    }
}

/// Builds a string column, interning each distinct string once.
#[derive(Default)]
pub struct StrBuilder {
    map: FxHashMap<Arc<str>, u32>,
    dict: Vec<Arc<str>>,
    codes: Vec<u32>,
}

impl StrBuilder {
    pub fn with_capacity(n: usize) -> Self {
        StrBuilder {
            map: FxHashMap::default(),
            dict: Vec::new(),
            codes: Vec::with_capacity(n),
        }
    }

    pub fn push(&mut self, s: &str) {
        if let Some(&c) = self.map.get(s) {
            self.codes.push(c);
            return;
        }
        let a: Arc<str> = Arc::from(s);
        let c = self.dict.len() as u32;
        self.dict.push(a.clone());
        self.map.insert(a, c);
        self.codes.push(c);
    }

    pub fn push_arc(&mut self, s: &Arc<str>) {
        if let Some(&c) = self.map.get(s) {
            self.codes.push(c);
            return;
        }
        let c = self.dict.len() as u32;
        self.dict.push(s.clone());
        self.map.insert(s.clone(), c);
        self.codes.push(c);
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn finish(self) -> StrColumn {
        StrColumn {
            dict: Arc::new(self.dict),
            codes: self.codes,
            unique: true,
        }
    }
}

fn storage_of(ty: ScalarType) -> u8 {
    match ty {
        ScalarType::Bool => 0,
        ScalarType::Int | ScalarType::Long | ScalarType::DateTime | ScalarType::TimeSpan => 1,
        ScalarType::Real | ScalarType::Decimal => 2,
        ScalarType::String => 3,
        ScalarType::Guid => 4,
        ScalarType::Dynamic | ScalarType::Unknown => 5,
    }
}

impl Column {
    /// A column of `n` nulls (empty strings for a string column).
    pub fn nulls(ty: ScalarType, n: usize) -> Column {
        let data = match storage_of(ty) {
            0 => ColumnData::Bool(vec![false; n]),
            1 => ColumnData::I64(vec![0; n]),
            2 => ColumnData::F64(vec![0.0; n]),
            3 => {
                return Column {
                    ty,
                    data: ColumnData::Str(StrColumn {
                        dict: Arc::new(vec![Arc::from("")]),
                        codes: vec![0; n],
                        unique: true,
                    }),
                    valid: None,
                };
            }
            4 => ColumnData::Guid(vec![0; n]),
            _ => {
                return Column {
                    ty: ScalarType::Dynamic,
                    data: ColumnData::Dyn(vec![Dynamic::Null; n]),
                    valid: None,
                };
            }
        };
        Column {
            ty,
            data,
            valid: Some(vec![false; n]),
        }
    }

    pub fn from_bools(v: Vec<bool>, valid: Option<Vec<bool>>) -> Column {
        Column {
            ty: ScalarType::Bool,
            data: ColumnData::Bool(v),
            valid,
        }
    }

    pub fn from_i64(ty: ScalarType, v: Vec<i64>, valid: Option<Vec<bool>>) -> Column {
        Column {
            ty,
            data: ColumnData::I64(v),
            valid,
        }
    }

    pub fn from_f64(v: Vec<f64>, valid: Option<Vec<bool>>) -> Column {
        Column {
            ty: ScalarType::Real,
            data: ColumnData::F64(v),
            valid,
        }
    }

    /// A `dynamic` column; its nulls are `Dynamic::Null` values, not a validity mask.
    pub fn from_dynamics(values: Vec<Dynamic>) -> Column {
        Column {
            ty: ScalarType::Dynamic,
            data: ColumnData::Dyn(values),
            valid: None,
        }
    }

    pub fn from_strs(s: StrColumn) -> Column {
        Column {
            ty: ScalarType::String,
            data: ColumnData::Str(s),
            valid: None,
        }
    }

    pub fn from_strings<S: AsRef<str>>(items: &[S]) -> Column {
        let mut b = StrBuilder::with_capacity(items.len());
        for s in items {
            b.push(s.as_ref());
        }
        Column::from_strs(b.finish())
    }

    /// Builds a column of type `ty` from values; a value of another type is converted when
    /// Kusto would (int to long…), else it becomes null.
    pub fn from_values(ty: ScalarType, values: &[Value]) -> Column {
        let mut b = ColumnBuilder::new(ty, values.len());
        for v in values {
            b.push(v);
        }
        b.finish()
    }

    /// `n` copies of one value.
    pub fn constant(ty: ScalarType, value: &Value, n: usize) -> Column {
        match (storage_of(ty), value) {
            (3, v) => {
                let s = v.to_kusto_string();
                Column::from_strs(StrColumn {
                    dict: Arc::new(vec![Arc::from(s.as_str())]),
                    codes: vec![0; n],
                    unique: true,
                })
            }
            (_, v) if v.is_null() => Column::nulls(ty, n),
            _ => {
                let mut b = ColumnBuilder::new(ty, 1);
                b.push(value);
                let one = b.finish();
                one.take(&vec![0u32; n])
            }
        }
    }

    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Bool(v) => v.len(),
            ColumnData::I64(v) => v.len(),
            ColumnData::F64(v) => v.len(),
            ColumnData::Str(s) => s.codes.len(),
            ColumnData::Guid(v) => v.len(),
            ColumnData::Dyn(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        match &self.valid {
            Some(v) => v[i],
            None => match &self.data {
                ColumnData::Dyn(d) => !d[i].is_null(),
                _ => true,
            },
        }
    }

    /// The value at row `i` (`Value::Null` for a null; a dynamic null is `Value::Null` too).
    pub fn get(&self, i: usize) -> Value {
        if !self.is_valid(i) {
            return Value::Null;
        }
        match &self.data {
            ColumnData::Bool(v) => Value::Bool(v[i]),
            ColumnData::I64(v) => match self.ty {
                ScalarType::Int => Value::Int(v[i] as i32),
                ScalarType::DateTime => Value::DateTime(v[i]),
                ScalarType::TimeSpan => Value::TimeSpan(v[i]),
                _ => Value::Long(v[i]),
            },
            ColumnData::F64(v) => match self.ty {
                ScalarType::Decimal => Value::Decimal(v[i]),
                _ => Value::Real(v[i]),
            },
            ColumnData::Str(s) => Value::String(s.arc(i).clone()),
            ColumnData::Guid(v) => Value::Guid(v[i]),
            ColumnData::Dyn(v) => Value::Dynamic(v[i].clone()),
        }
    }

    pub fn strs(&self) -> Option<&StrColumn> {
        match &self.data {
            ColumnData::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn i64s(&self) -> Option<&[i64]> {
        match &self.data {
            ColumnData::I64(v) => Some(v),
            _ => None,
        }
    }

    pub fn f64s(&self) -> Option<&[f64]> {
        match &self.data {
            ColumnData::F64(v) => Some(v),
            _ => None,
        }
    }

    pub fn bools(&self) -> Option<&[bool]> {
        match &self.data {
            ColumnData::Bool(v) => Some(v),
            _ => None,
        }
    }

    pub fn dyns(&self) -> Option<&[Dynamic]> {
        match &self.data {
            ColumnData::Dyn(v) => Some(v),
            _ => None,
        }
    }

    /// Row `i` as a number (`None` for null or a non-numeric type).
    pub fn f64_at(&self, i: usize) -> Option<f64> {
        if !self.is_valid(i) {
            return None;
        }
        match &self.data {
            ColumnData::I64(v) => Some(v[i] as f64),
            ColumnData::F64(v) => Some(v[i]),
            ColumnData::Bool(v) => Some(v[i] as i64 as f64),
            ColumnData::Dyn(v) => v[i].to_value().as_f64(),
            _ => None,
        }
    }

    pub fn i64_at(&self, i: usize) -> Option<i64> {
        if !self.is_valid(i) {
            return None;
        }
        match &self.data {
            ColumnData::I64(v) => Some(v[i]),
            ColumnData::F64(v) if v[i].is_finite() => Some(v[i] as i64),
            ColumnData::Bool(v) => Some(v[i] as i64),
            ColumnData::Dyn(v) => v[i].to_value().as_i64(),
            _ => None,
        }
    }

    /// The rows at `idx`, in that order.
    pub fn take(&self, idx: &[u32]) -> Column {
        fn g<T: Clone>(v: &[T], idx: &[u32]) -> Vec<T> {
            idx.iter().map(|&i| v[i as usize].clone()).collect()
        }
        let data = match &self.data {
            ColumnData::Bool(v) => ColumnData::Bool(g(v, idx)),
            ColumnData::I64(v) => ColumnData::I64(g(v, idx)),
            ColumnData::F64(v) => ColumnData::F64(g(v, idx)),
            ColumnData::Str(s) => ColumnData::Str(StrColumn {
                dict: s.dict.clone(),
                codes: g(&s.codes, idx),
                unique: s.unique,
            }),
            ColumnData::Guid(v) => ColumnData::Guid(g(v, idx)),
            ColumnData::Dyn(v) => ColumnData::Dyn(g(v, idx)),
        };
        Column {
            ty: self.ty,
            data,
            valid: self.valid.as_ref().map(|v| g(v, idx)),
        }
    }

    /// The rows at `idx`, where `None` gives a null row (outer joins).
    pub fn take_opt(&self, idx: &[Option<u32>]) -> Column {
        if idx.iter().all(|i| i.is_some()) {
            let plain: Vec<u32> = idx.iter().map(|i| i.unwrap_or(0)).collect();
            return self.take(&plain);
        }
        if self.is_empty() {
            return Column::nulls(self.ty, idx.len());
        }
        let plain: Vec<u32> = idx.iter().map(|i| i.unwrap_or(0)).collect();
        let mut out = self.take(&plain);
        match &mut out.data {
            ColumnData::Str(s) => {
                // An absent string is empty.
                let mut dict: Vec<Arc<str>> = s.dict.as_ref().clone();
                let empty = dict.len() as u32;
                dict.push(Arc::from(""));
                for (code, i) in s.codes.iter_mut().zip(idx) {
                    if i.is_none() {
                        *code = empty;
                    }
                }
                s.dict = Arc::new(dict);
                s.unique = false;
            }
            ColumnData::Dyn(v) => {
                for (d, i) in v.iter_mut().zip(idx) {
                    if i.is_none() {
                        *d = Dynamic::Null;
                    }
                }
            }
            _ => {
                let mut valid: Vec<bool> =
                    out.valid.take().unwrap_or_else(|| vec![true; idx.len()]);
                for (v, i) in valid.iter_mut().zip(idx) {
                    if i.is_none() {
                        *v = false;
                    }
                }
                out.valid = Some(valid);
            }
        }
        out
    }

    /// The rows where `mask` is true.
    pub fn filter(&self, mask: &[bool]) -> Column {
        let idx: Vec<u32> = mask
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| i as u32)
            .collect();
        self.take(&idx)
    }

    /// This column converted to type `ty` (int to long, long to real…); values that do not
    /// convert become null.
    pub fn cast(&self, ty: ScalarType) -> Column {
        if ty == self.ty || ty == ScalarType::Unknown {
            return self.clone();
        }
        if storage_of(ty) == storage_of(self.ty) && storage_of(ty) == 1 {
            let mut c = self.clone();
            c.ty = ty;
            if ty == ScalarType::Int
                && let ColumnData::I64(v) = &mut c.data
            {
                for x in v.iter_mut() {
                    *x = *x as i32 as i64;
                }
            }
            return c;
        }
        if storage_of(ty) == 2 && storage_of(self.ty) == 2 {
            let mut c = self.clone();
            c.ty = ty;
            return c;
        }
        if storage_of(ty) == 2
            && let ColumnData::I64(v) = &self.data
        {
            return Column {
                ty,
                data: ColumnData::F64(v.iter().map(|&x| x as f64).collect()),
                valid: self.valid.clone(),
            };
        }
        let values: Vec<Value> = (0..self.len()).map(|i| self.get(i)).collect();
        Column::from_values(ty, &values)
    }

    /// Appends columns of one type (strings merge their dictionaries).
    pub fn concat(ty: ScalarType, parts: &[&Column]) -> Column {
        let total: usize = parts.iter().map(|c| c.len()).sum();
        if parts.iter().any(|c| c.ty != ty) {
            let cast: Vec<Column> = parts.iter().map(|c| c.cast(ty)).collect();
            let refs: Vec<&Column> = cast.iter().collect();
            return Column::concat(ty, &refs);
        }
        let any_invalid = parts.iter().any(|c| c.valid.is_some());
        let valid = any_invalid.then(|| {
            let mut v = Vec::with_capacity(total);
            for c in parts {
                match &c.valid {
                    Some(x) => v.extend_from_slice(x),
                    None => v.extend(std::iter::repeat_n(true, c.len())),
                }
            }
            v
        });
        let data = match storage_of(ty) {
            0 => ColumnData::Bool(
                parts
                    .iter()
                    .flat_map(|c| c.bools().unwrap_or(&[]).iter().copied())
                    .collect(),
            ),
            1 => ColumnData::I64(
                parts
                    .iter()
                    .flat_map(|c| c.i64s().unwrap_or(&[]).iter().copied())
                    .collect(),
            ),
            2 => ColumnData::F64(
                parts
                    .iter()
                    .flat_map(|c| c.f64s().unwrap_or(&[]).iter().copied())
                    .collect(),
            ),
            3 => {
                if parts.len() == 1 {
                    return parts[0].clone();
                }
                // Merge the dictionaries (each entry hashed once), then remap the codes.
                let mut map: FxHashMap<Arc<str>, u32> = FxHashMap::default();
                let mut dict: Vec<Arc<str>> = Vec::new();
                let mut codes: Vec<u32> = Vec::with_capacity(total);
                for c in parts {
                    if let Some(s) = c.strs() {
                        let remap: Vec<u32> = s
                            .dict
                            .iter()
                            .map(|e| {
                                *map.entry(e.clone()).or_insert_with(|| {
                                    dict.push(e.clone());
                                    dict.len() as u32 - 1
                                })
                            })
                            .collect();
                        codes.extend(s.codes.iter().map(|&k| remap[k as usize]));
                    }
                }
                ColumnData::Str(StrColumn {
                    dict: Arc::new(dict),
                    codes,
                    unique: true,
                })
            }
            4 => ColumnData::Guid(
                parts
                    .iter()
                    .flat_map(|c| match &c.data {
                        ColumnData::Guid(v) => v.clone(),
                        _ => vec![0; c.len()],
                    })
                    .collect(),
            ),
            _ => ColumnData::Dyn(
                parts
                    .iter()
                    .flat_map(|c| c.dyns().unwrap_or(&[]).iter().cloned())
                    .collect(),
            ),
        };
        Column { ty, data, valid }
    }

    /// Rough heap size, for the memory limit.
    pub fn heap_size(&self) -> usize {
        let base = match &self.data {
            ColumnData::Bool(v) => v.len(),
            ColumnData::I64(v) => v.len() * 8,
            ColumnData::F64(v) => v.len() * 8,
            ColumnData::Str(s) => s.codes.len() * 4,
            ColumnData::Guid(v) => v.len() * 16,
            ColumnData::Dyn(v) => v.len() * 32,
        };
        base + self.valid.as_ref().map_or(0, |v| v.len())
    }
}

/// Builds a column of a given type one value at a time.
pub struct ColumnBuilder {
    ty: ScalarType,
    data: ColumnData,
    strs: Option<StrBuilder>,
    valid: Vec<bool>,
    any_null: bool,
}

impl ColumnBuilder {
    pub fn new(ty: ScalarType, capacity: usize) -> Self {
        let ty = if ty == ScalarType::Unknown {
            ScalarType::Dynamic
        } else {
            ty
        };
        let (data, strs) = match storage_of(ty) {
            0 => (ColumnData::Bool(Vec::with_capacity(capacity)), None),
            1 => (ColumnData::I64(Vec::with_capacity(capacity)), None),
            2 => (ColumnData::F64(Vec::with_capacity(capacity)), None),
            3 => (
                ColumnData::Bool(Vec::new()),
                Some(StrBuilder::with_capacity(capacity)),
            ),
            4 => (ColumnData::Guid(Vec::with_capacity(capacity)), None),
            _ => (ColumnData::Dyn(Vec::with_capacity(capacity)), None),
        };
        ColumnBuilder {
            ty,
            data,
            strs,
            valid: Vec::with_capacity(capacity),
            any_null: false,
        }
    }

    pub fn ty(&self) -> ScalarType {
        self.ty
    }

    pub fn push_null(&mut self) {
        self.push(&Value::Null);
    }

    /// Appends a value, converting it to the column's type as Kusto would.
    pub fn push(&mut self, v: &Value) {
        if let Some(b) = &mut self.strs {
            match v {
                Value::String(s) => b.push_arc(s),
                Value::Dynamic(Dynamic::String(s)) => b.push_arc(s),
                other => b.push(&other.to_kusto_string()),
            }
            return;
        }
        let ok = match &mut self.data {
            ColumnData::Bool(d) => match v {
                Value::Bool(b) | Value::Dynamic(Dynamic::Bool(b)) => {
                    d.push(*b);
                    true
                }
                Value::Int(_) | Value::Long(_) | Value::Dynamic(Dynamic::Long(_)) => {
                    d.push(v.as_i64().unwrap_or(0) != 0);
                    true
                }
                _ => {
                    d.push(false);
                    false
                }
            },
            ColumnData::I64(d) => {
                let x = match (self.ty, v) {
                    (ScalarType::DateTime, Value::DateTime(t)) => Some(*t),
                    (ScalarType::DateTime, Value::Dynamic(Dynamic::DateTime(t))) => Some(*t),
                    (ScalarType::DateTime, Value::String(s)) => {
                        crate::exec::value::parse_datetime(s)
                    }
                    (ScalarType::DateTime, Value::Dynamic(Dynamic::String(s))) => {
                        crate::exec::value::parse_datetime(s)
                    }
                    (ScalarType::DateTime, _) => None,
                    (ScalarType::TimeSpan, Value::TimeSpan(t)) => Some(*t),
                    (ScalarType::TimeSpan, Value::Dynamic(Dynamic::TimeSpan(t))) => Some(*t),
                    (ScalarType::TimeSpan, Value::String(s)) => {
                        crate::exec::value::parse_timespan(s)
                    }
                    (ScalarType::TimeSpan, Value::Dynamic(Dynamic::String(s))) => {
                        crate::exec::value::parse_timespan(s)
                    }
                    (ScalarType::TimeSpan, _) => None,
                    (_, Value::Int(_) | Value::Long(_) | Value::Bool(_)) => v.as_i64(),
                    (_, Value::Real(_) | Value::Decimal(_)) => v.as_i64(),
                    (_, Value::Dynamic(Dynamic::Long(x))) => Some(*x),
                    (_, Value::Dynamic(Dynamic::Real(x))) if x.is_finite() => Some(*x as i64),
                    (_, Value::String(s)) | (_, Value::Dynamic(Dynamic::String(s))) => {
                        s.trim().parse::<i64>().ok()
                    }
                    _ => None,
                };
                let x = match (self.ty, x) {
                    (ScalarType::Int, Some(x)) => Some(x as i32 as i64),
                    (_, x) => x,
                };
                d.push(x.unwrap_or(0));
                x.is_some()
            }
            ColumnData::F64(d) => {
                let x = match v {
                    Value::String(s) | Value::Dynamic(Dynamic::String(s)) => parse_real(s),
                    Value::DateTime(_) | Value::TimeSpan(_) => None,
                    v => v.as_f64(),
                };
                d.push(x.unwrap_or(0.0));
                x.is_some()
            }
            ColumnData::Guid(d) => {
                let x = match v {
                    Value::Guid(g) | Value::Dynamic(Dynamic::Guid(g)) => Some(*g),
                    Value::String(s) | Value::Dynamic(Dynamic::String(s)) => {
                        crate::exec::value::parse_guid(s)
                    }
                    _ => None,
                };
                d.push(x.unwrap_or(0));
                x.is_some()
            }
            ColumnData::Dyn(d) => {
                d.push(v.to_dynamic());
                true
            }
            ColumnData::Str(_) => true,
        };
        self.valid.push(ok);
        if !ok {
            self.any_null = true;
        }
    }

    /// Appends a value given as text (a CSV field), parsed as the column's type; empty text
    /// is null. `false` when the text is no value of the type (the row gets a null).
    pub fn push_text(&mut self, s: &str) -> bool {
        if let Some(b) = &mut self.strs {
            b.push(s);
            return true;
        }
        let t = s.trim();
        if t.is_empty() {
            self.push_null();
            return true;
        }
        let (ok, valid) = match &mut self.data {
            ColumnData::I64(d) => {
                let x = match self.ty {
                    ScalarType::DateTime => crate::exec::value::parse_datetime(t),
                    ScalarType::TimeSpan => crate::exec::value::parse_timespan(t),
                    ScalarType::Int => t.parse::<i32>().ok().map(i64::from),
                    _ => t.parse::<i64>().ok(),
                };
                d.push(x.unwrap_or(0));
                (x.is_some(), x.is_some())
            }
            ColumnData::F64(d) => {
                let x = parse_real(t);
                d.push(x.unwrap_or(0.0));
                (x.is_some(), x.is_some())
            }
            ColumnData::Bool(d) => {
                let x = match t.to_ascii_lowercase().as_str() {
                    "true" | "1" => Some(true),
                    "false" | "0" => Some(false),
                    _ => None,
                };
                d.push(x.unwrap_or(false));
                (x.is_some(), x.is_some())
            }
            ColumnData::Guid(d) => {
                let x = crate::exec::value::parse_guid(t);
                d.push(x.unwrap_or(0));
                (x.is_some(), x.is_some())
            }
            ColumnData::Dyn(d) => {
                d.push(crate::exec::value::Dynamic::parse_json(s));
                (true, true)
            }
            ColumnData::Str(_) => (true, true),
        };
        self.valid.push(valid);
        if !valid {
            self.any_null = true;
        }
        ok
    }

    pub fn finish(self) -> Column {
        if let Some(b) = self.strs {
            return Column::from_strs(b.finish());
        }
        let valid = match &self.data {
            ColumnData::Dyn(_) => None,
            _ if self.any_null => Some(self.valid),
            _ => None,
        };
        Column {
            ty: self.ty,
            data: self.data,
            valid,
        }
    }
}

/// Parses a real as Kusto does: numbers, `NaN`, `+inf`/`-inf`.
pub fn parse_real(s: &str) -> Option<f64> {
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => t.parse::<f64>().ok(),
    }
}
