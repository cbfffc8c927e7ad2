//! The scalar function registry: a function is found by name, gives its result type from its
//! argument types, and is evaluated a column at a time ([`Impl::Column`]) or, for the long
//! tail, row by row through an adaptor ([`Impl::Row`]).
//!
//! Families live in their own files, each with a `register(&mut Registry)`: add a file, add
//! it to [`build`]. Arguments arrive as [`ArgColumn`]s: a constant (`Scalar`) or a column;
//! `ArgColumn::get(i)` reads either. Functions return Kusto's null (not an error) for values
//! they cannot handle, as Kusto does; an `Err` stops the query (bad constant arguments).
//!
//! Functions the engine evaluates itself because they need more than their arguments (the
//! window functions `row_number`, `prev`, `next`, `row_cumsum`; `toscalar`; user functions)
//! are not here.

mod args;
mod array;
mod bag;
mod bag_zip;
mod conditional;
mod conversion;
mod datetime;
mod encoding;
mod geo;
mod guid;
mod guid_base64;
mod hash;
mod hll;
pub(crate) mod ip;
mod ipv4_cidr;
mod math;
mod regex;
#[cfg(test)]
mod robustness;
mod series;
mod series_elementwise;
mod set;
mod string;
mod text_extra;
mod url;
mod xml;

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use crate::catalog::hash::FxHashMap;
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

/// Largest compiled regex, in bytes (`::regex::RegexBuilder::size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 32 << 20;

/// What a function may need besides its arguments.
pub struct EvalContext {
    /// `now()` in ticks since the epoch.
    pub now: i64,
    regexes: RefCell<FxHashMap<String, Result<Arc<::regex::Regex>, String>>>,
    /// State of the generator behind `rand()` and `new_guid()`: seeded from `now`, so that
    /// a run with a pinned `--now` is reproducible.
    random: std::cell::Cell<u64>,
}

impl EvalContext {
    pub fn new(now: i64) -> Self {
        EvalContext {
            now,
            regexes: RefCell::new(FxHashMap::default()),
            random: std::cell::Cell::new(now as u64 ^ 0x9E37_79B9_7F4A_7C15),
        }
    }

    /// The next 64 random bits (SplitMix64).
    pub fn next_u64(&self) -> u64 {
        let state = self.random.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.random.set(state);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A random real in [0, 1).
    pub fn next_random(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Compiles a regex once per query (cached by pattern), with a size limit.
    pub fn regex(&self, pattern: &str) -> Result<Arc<::regex::Regex>, String> {
        if let Some(r) = self.regexes.borrow().get(pattern) {
            return r.clone();
        }
        let r = ::regex::RegexBuilder::new(&regex::re2_braces(pattern))
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(Arc::new)
            .map_err(|e| format!("invalid regular expression `{pattern}`: {e}"));
        self.regexes
            .borrow_mut()
            .insert(pattern.to_string(), r.clone());
        r
    }
}

/// Evaluates a whole column: `rows` is the row count (arguments may all be constants).
pub type ColumnFn =
    fn(args: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String>;
/// Evaluates one row; the registry builds the column.
pub type RowFn = fn(args: &[Value], ctx: &EvalContext) -> Value;
/// Evaluates one row and may fail (an invalid regular expression): the error stops the query.
pub type TryRowFn = fn(args: &[Value], ctx: &EvalContext) -> Result<Value, String>;
/// The result type from the argument types.
pub type ReturnFn = fn(args: &[ScalarType]) -> ScalarType;

#[derive(Clone, Copy)]
pub enum Impl {
    Column(ColumnFn),
    Row(RowFn),
    TryRow(TryRowFn),
}

#[derive(Clone, Copy)]
pub struct FunctionDef {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub ret: ReturnFn,
    pub imp: Impl,
}

impl FunctionDef {
    /// Evaluates the function over `rows` rows.
    pub fn call(
        &self,
        args: &[ArgColumn],
        rows: usize,
        ctx: &EvalContext,
    ) -> Result<Column, String> {
        match self.imp {
            Impl::Column(f) => f(args, rows, ctx),
            Impl::Row(f) => {
                let types: Vec<ScalarType> = args.iter().map(|a| a.ty()).collect();
                let ty = (self.ret)(&types);
                Ok(row_adaptor(f, ty, args, rows, ctx))
            }
            Impl::TryRow(f) => {
                let types: Vec<ScalarType> = args.iter().map(|a| a.ty()).collect();
                let ty = (self.ret)(&types);
                args::rows_try(args, rows, ty, |vals| f(vals, ctx))
            }
        }
    }
}

/// Runs a row function over every row (once when all arguments are constants).
pub fn row_adaptor(
    f: RowFn,
    ty: ScalarType,
    args: &[ArgColumn],
    rows: usize,
    ctx: &EvalContext,
) -> Column {
    if args.iter().all(|a| a.is_scalar()) {
        let vals: Vec<Value> = args.iter().map(|a| a.get(0)).collect();
        let v = f(&vals, ctx);
        return Column::constant(ty, &v, rows);
    }
    if let Some(Ok(col)) = args::per_distinct(args, ty, |vals| {
        Ok::<Value, std::convert::Infallible>(f(vals, ctx))
    }) {
        return col;
    }
    let mut b = ColumnBuilder::new(ty, rows);
    let mut vals: Vec<Value> = Vec::with_capacity(args.len());
    for i in 0..rows {
        vals.clear();
        vals.extend(args.iter().map(|a| a.get(i)));
        b.push(&f(&vals, ctx));
    }
    b.finish()
}

#[derive(Default)]
pub struct Registry {
    map: FxHashMap<&'static str, FunctionDef>,
}

impl Registry {
    pub fn add(&mut self, def: FunctionDef) {
        self.map.insert(def.name, def);
    }

    pub fn column(
        &mut self,
        name: &'static str,
        min_args: usize,
        max_args: usize,
        ret: ReturnFn,
        f: ColumnFn,
    ) {
        self.add(FunctionDef {
            name,
            min_args,
            max_args,
            ret,
            imp: Impl::Column(f),
        });
    }

    pub fn row(
        &mut self,
        name: &'static str,
        min_args: usize,
        max_args: usize,
        ret: ReturnFn,
        f: RowFn,
    ) {
        self.add(FunctionDef {
            name,
            min_args,
            max_args,
            ret,
            imp: Impl::Row(f),
        });
    }

    pub fn try_row(
        &mut self,
        name: &'static str,
        min_args: usize,
        max_args: usize,
        ret: ReturnFn,
        f: TryRowFn,
    ) {
        self.add(FunctionDef {
            name,
            min_args,
            max_args,
            ret,
            imp: Impl::TryRow(f),
        });
    }

    pub fn get(&self, name: &str) -> Option<&FunctionDef> {
        self.map.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &&'static str> {
        self.map.keys()
    }
}

fn build() -> Registry {
    let mut r = Registry::default();
    string::register(&mut r);
    conversion::register(&mut r);
    math::register(&mut r);
    datetime::register(&mut r);
    regex::register(&mut r);
    bag::register(&mut r);
    array::register(&mut r);
    set::register(&mut r);
    ip::register(&mut r);
    hash::register(&mut r);
    encoding::register(&mut r);
    url::register(&mut r);
    conditional::register(&mut r);
    geo::register(&mut r);
    guid::register(&mut r);
    series::register(&mut r);
    xml::register(&mut r);
    hll::register(&mut r);
    series_elementwise::register(&mut r);
    text_extra::register(&mut r);
    bag_zip::register(&mut r);
    guid_base64::register(&mut r);
    ipv4_cidr::register(&mut r);
    r
}

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(build)
}

/// Functions the engine evaluates itself (in `eval.rs`), because they decide which argument
/// to evaluate or read other rows: they are implemented though not in the registry.
pub const EVALUATED_BY_ENGINE: &[&str] = &[
    "iff",
    "iif",
    "case",
    "isnull",
    "isnotnull",
    "isempty",
    "isnotempty",
    "not",
    "materialize",
    "toscalar",
    "row_number",
    "prev",
    "next",
    "row_cumsum",
    "row_rank_dense",
    "row_rank_min",
    "row_rank",
    "column_ifexists",
    "columnifexists",
    "pack_all",
    "ingestion_time",
    "bag_pack_columns",
];

/// Whether the engine can evaluate a scalar function of this name.
pub fn is_implemented(name: &str) -> bool {
    lookup(name).is_some() || EVALUATED_BY_ENGINE.contains(&name)
}

/// Looks a scalar function up by name.
pub fn lookup(name: &str) -> Option<&'static FunctionDef> {
    registry().get(name)
}

// Result-type helpers for registrations.
pub fn ret_bool(_: &[ScalarType]) -> ScalarType {
    ScalarType::Bool
}
pub fn ret_int(_: &[ScalarType]) -> ScalarType {
    ScalarType::Int
}
pub fn ret_long(_: &[ScalarType]) -> ScalarType {
    ScalarType::Long
}
pub fn ret_real(_: &[ScalarType]) -> ScalarType {
    ScalarType::Real
}
pub fn ret_string(_: &[ScalarType]) -> ScalarType {
    ScalarType::String
}
pub fn ret_datetime(_: &[ScalarType]) -> ScalarType {
    ScalarType::DateTime
}
pub fn ret_timespan(_: &[ScalarType]) -> ScalarType {
    ScalarType::TimeSpan
}
pub fn ret_guid(_: &[ScalarType]) -> ScalarType {
    ScalarType::Guid
}
pub fn ret_dynamic(_: &[ScalarType]) -> ScalarType {
    ScalarType::Dynamic
}
/// The first argument's type (`bin`, `abs`, …), int widened to long as Kusto does.
pub fn ret_first(args: &[ScalarType]) -> ScalarType {
    match args.first() {
        Some(ScalarType::Int) => ScalarType::Long,
        Some(t) => *t,
        None => ScalarType::Unknown,
    }
}

pub use datetime::parse_datetime_any;

/// The output columns of a function that returns several values (`series_fit_line`,
/// `series_stats`, `series_decompose`, …), as the analysis names them; `None` for the others.
pub fn tuple_members(name: &str) -> Option<&'static [(&'static str, ScalarType)]> {
    crate::analyze::tuple_members(name)
}

/// Spreads the bags such a function returns over one column per member.
pub fn spread_tuple(col: &Column, members: &[(&str, ScalarType)]) -> Vec<Column> {
    series::spread(col, members)
}
