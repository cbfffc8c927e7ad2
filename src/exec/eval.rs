//! Scalar expressions, evaluated a column at a time over a table. Constants stay constants
//! ([`ArgColumn::Scalar`]) until a column is needed, so `x == 4625` compares a column with one
//! number rather than with a column of copies.

use std::sync::Arc;

use crate::diag::Span;
use crate::exec::column::{Column, ColumnBuilder, StrColumn};
use crate::exec::executor::{Binding, Exec};
use crate::exec::table::Table;
use crate::exec::value::{Dynamic, Value, parse_guid};
use crate::exec::{ExecError, Result};
use crate::kql::ast::{self, BinaryOp, ExprKind, LitValue};
use crate::kql::types::ScalarType;

/// An evaluated argument: one value for every row, or a column.
#[derive(Clone, Debug)]
pub enum ArgColumn {
    Scalar(Value, ScalarType),
    Column(Arc<Column>),
}

impl ArgColumn {
    pub fn ty(&self) -> ScalarType {
        match self {
            ArgColumn::Scalar(_, t) => *t,
            ArgColumn::Column(c) => c.ty,
        }
    }

    pub fn is_scalar(&self) -> bool {
        matches!(self, ArgColumn::Scalar(..))
    }

    /// The value at row `i` (a constant's value for any `i`). A row past the end of a column
    /// (a function asking for row 0 of an empty table) is null rather than a panic.
    pub fn get(&self, i: usize) -> Value {
        match self {
            ArgColumn::Scalar(v, _) => v.clone(),
            ArgColumn::Column(c) if i < c.len() => c.get(i),
            ArgColumn::Column(_) => Value::Null,
        }
    }

    pub fn is_valid(&self, i: usize) -> bool {
        match self {
            ArgColumn::Scalar(v, _) => !v.is_null(),
            ArgColumn::Column(c) => i < c.len() && c.is_valid(i),
        }
    }

    pub fn as_column(&self) -> Option<&Column> {
        match self {
            ArgColumn::Column(c) => Some(c),
            _ => None,
        }
    }

    /// The string storage of a string column (not of a constant).
    pub fn as_strs(&self) -> Option<&StrColumn> {
        self.as_column().and_then(|c| c.strs())
    }

    /// The constant's string form, when this is a constant.
    pub fn scalar_str(&self) -> Option<String> {
        match self {
            ArgColumn::Scalar(v, _) => Some(v.to_kusto_string()),
            _ => None,
        }
    }

    /// A column of `rows` rows.
    pub fn to_column(&self, rows: usize) -> Arc<Column> {
        match self {
            ArgColumn::Scalar(v, t) => Arc::new(Column::constant(*t, v, rows)),
            ArgColumn::Column(c) => c.clone(),
        }
    }

    pub fn from_column(c: Column) -> ArgColumn {
        ArgColumn::Column(Arc::new(c))
    }
}

/// The value and type of a literal.
pub(crate) fn literal_value(lit: &ast::Literal) -> (Value, ScalarType) {
    let ty = crate::analyze::literal_type(lit);
    let v = lit_value(&lit.value);
    let v = match (ty, v) {
        (ScalarType::Int, Value::Long(x)) => Value::Int(x as i32),
        (_, v) => v,
    };
    (v, ty)
}

pub(crate) fn lit_value(v: &LitValue) -> Value {
    match v {
        LitValue::Null(_) => Value::Null,
        LitValue::Bool(b) => Value::Bool(*b),
        LitValue::Long(x) => Value::Long(*x),
        LitValue::Real(x) => Value::Real(*x),
        LitValue::Decimal(s) => s.parse::<f64>().map(Value::Decimal).unwrap_or(Value::Null),
        LitValue::String(s) => Value::str(s),
        LitValue::DateTime(s) => {
            crate::exec::functions::parse_datetime_any(s).map_or(Value::Null, Value::DateTime)
        }
        LitValue::TimeSpan(t) => Value::TimeSpan(*t),
        LitValue::Guid(g) => parse_guid(g).map_or(Value::Null, Value::Guid),
        LitValue::Dynamic(d) => Value::Dynamic(ast_dynamic(d)),
        LitValue::Unparsed { .. } => Value::Null,
    }
}

fn ast_dynamic(d: &ast::Dynamic) -> Dynamic {
    match d {
        ast::Dynamic::Null => Dynamic::Null,
        ast::Dynamic::Bool(b) => Dynamic::Bool(*b),
        ast::Dynamic::Long(x) => Dynamic::Long(*x),
        ast::Dynamic::Real(x) => Dynamic::Real(*x),
        ast::Dynamic::String(s) => Dynamic::string(s),
        ast::Dynamic::Scalar(v) => lit_value(v).to_dynamic(),
        ast::Dynamic::Array(items) => Dynamic::array(items.iter().map(ast_dynamic).collect()),
        ast::Dynamic::Object(items) => Dynamic::bag(
            items
                .iter()
                .map(|(k, v)| (Arc::from(k.as_str()), ast_dynamic(v)))
                .collect(),
        ),
    }
}

impl Exec<'_> {
    /// Evaluates a scalar expression over every row of `t`.
    pub(crate) fn eval(&mut self, e: &ast::Expr, t: &Table) -> Result<ArgColumn> {
        let rows = t.rows;
        match &e.kind {
            ExprKind::Paren(inner) => self.eval(inner, t),
            ExprKind::Literal(lit) => {
                let (v, ty) = literal_value(lit);
                Ok(ArgColumn::Scalar(v, ty))
            }
            ExprKind::Name(id) => self.eval_name(id, t),
            ExprKind::Unary { op, operand } => {
                let v = self.eval(operand, t)?;
                match op {
                    ast::UnaryOp::Plus => Ok(v),
                    ast::UnaryOp::Neg => crate::exec::compare::negate(&v, rows),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => self.eval_binary(*op, lhs, rhs, e.span, t),
            ExprKind::In {
                lhs,
                negated,
                case_insensitive,
                op,
                list,
            } => {
                let l = self.eval(lhs, t)?;
                let items = self.in_list(list, t)?;
                crate::exec::strings::in_op(&l, *op, &items, *negated, *case_insensitive, rows)
            }
            ExprKind::Between {
                lhs,
                negated,
                low,
                high,
            } => {
                let v = self.eval(lhs, t)?;
                let lo = self.eval(low, t)?;
                let mut hi = self.eval(high, t)?;
                // `datetime between (d .. 1h)`: the high end may be a span from the low end.
                if matches!(v.ty(), ScalarType::DateTime) && hi.ty() == ScalarType::TimeSpan {
                    hi = crate::exec::compare::arith(BinaryOp::Add, &lo, &hi, rows)?;
                }
                let ge = crate::exec::compare::compare(BinaryOp::Ge, &v, &lo, rows)?;
                let le = crate::exec::compare::compare(BinaryOp::Le, &v, &hi, rows)?;
                let both = crate::exec::compare::logical(BinaryOp::And, &ge, &le, rows);
                Ok(if *negated {
                    crate::exec::compare::not(&both, rows)
                } else {
                    both
                })
            }
            ExprKind::Member { target, name } => {
                let v = self.eval(target, t)?;
                Ok(member(&v, &name.name, rows))
            }
            ExprKind::Index { target, index } => {
                let v = self.eval(target, t)?;
                let i = self.eval(index, t)?;
                Ok(index_op(&v, &i, rows))
            }
            ExprKind::Call { target, name, args } => {
                if let Some(target) = target {
                    return Err(ExecError::new(
                        format!(
                            "`{}.{}()` reaches outside the given tables; the engine runs only over local data",
                            target, name.name
                        ),
                        e.span,
                    ));
                }
                self.eval_call(name, args, e.span, t)
            }
            ExprKind::Pipeline { .. } | ExprKind::Source(_) => Err(ExecError::new(
                "a tabular expression where a scalar is expected; wrap it in `toscalar()`",
                e.span,
            )),
            ExprKind::Star => Err(ExecError::new("`*` is not a value here", e.span)),
            ExprKind::Wildcard(w) => Err(ExecError::new(format!("`{w}` is not a value"), e.span)),
            ExprKind::Brackets(_) | ExprKind::TypeOf(_) | ExprKind::TypeOfSchema { .. } => {
                Err(ExecError::new("this expression has no value", e.span))
            }
            ExprKind::Error => Err(ExecError::new("the query has a syntax error here", e.span)),
        }
    }

    /// Evaluates to a full column.
    pub(crate) fn eval_column(&mut self, e: &ast::Expr, t: &Table) -> Result<Arc<Column>> {
        Ok(self.eval(e, t)?.to_column(t.rows))
    }

    /// A predicate as a row mask (null counts as false).
    pub(crate) fn eval_mask(&mut self, e: &ast::Expr, t: &Table) -> Result<Vec<bool>> {
        let v = self.eval(e, t)?;
        Ok(to_mask(&v, t.rows))
    }

    fn eval_name(&mut self, id: &ast::Ident, t: &Table) -> Result<ArgColumn> {
        if let Some(i) = t.index_of(&id.name) {
            return Ok(ArgColumn::Column(t.data[i].clone()));
        }
        match self.lookup(&id.name) {
            Some(Binding::Scalar(v, ty)) => return Ok(ArgColumn::Scalar(v, ty)),
            Some(Binding::Column(c)) => return Ok(c),
            Some(Binding::Function(f)) if f.params.is_empty() => {
                return self.call_local_scalar(&f, &[], id.span, t);
            }
            Some(Binding::Table(_)) => {
                return Err(ExecError::new(
                    format!("`{}` is a table; use `toscalar()` for its value", id.name),
                    id.span,
                ));
            }
            _ => {}
        }
        if let Some(f) = crate::exec::functions::lookup(&id.name)
            && f.min_args == 0
        {
            return self.eval_call(id, &[], id.span, t);
        }
        // A parser of the catalog reading a column its table's catalog schema lacks (the
        // schemas trail the live tables): the column is empty here, as it would be in a
        // workspace without such rows, and the run says so. The caller's own query still has
        // to name real columns: its unknown names are analysis errors before the run.
        // In the query itself, a name the analysis let through is one it could not check: a
        // column that depends on the data (after `bag_unpack` or `pivot` without an output
        // schema), which these rows did not produce. Kusto would have it with other data; the
        // run reads it as empty, and says so.
        let message = if self.calling.is_empty() {
            format!(
                "`{}` is not a column of these rows (its columns depend on the data); read as empty",
                id.name
            )
        } else {
            format!(
                "`{}` is not a column of the catalog's schema; read as empty",
                id.name
            )
        };
        self.warn(&message, id.span);
        Ok(ArgColumn::Scalar(Value::Null, ScalarType::Dynamic))
    }

    /// The values of an `in (…)` list: expressions, or a one-column subquery.
    fn in_list(&mut self, list: &[ast::Expr], t: &Table) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        let one = Table {
            rows: 1,
            ..Table::default()
        };
        for item in list {
            if self.is_tabular(item) {
                let sub = self.tabular(item)?;
                if let Some(c) = sub.data.first() {
                    for i in 0..sub.rows {
                        out.push(c.get(i));
                    }
                }
                continue;
            }
            let v = self.eval(item, &one)?;
            let v = v.get(0);
            // A dynamic array in the list contributes its elements.
            if let Value::Dynamic(Dynamic::Array(items)) = &v {
                out.extend(items.iter().map(Dynamic::to_value));
            } else {
                out.push(v);
            }
        }
        let _ = t;
        Ok(out)
    }

    /// One link of an `and`/`or` chain: `a` is the value of the left side so far.
    fn logical_step(
        &mut self,
        op: BinaryOp,
        a: ArgColumn,
        rhs: &ast::Expr,
        t: &Table,
    ) -> Result<ArgColumn> {
        use crate::exec::compare;
        let rows = t.rows;
        // Short-circuit on a constant.
        if let ArgColumn::Scalar(Value::Bool(b), _) = &a {
            if op == BinaryOp::And && !*b {
                return Ok(a);
            }
            if op == BinaryOp::Or && *b {
                return Ok(a);
            }
        }
        // Evaluate the right side only over rows the left does not decide.
        if let ArgColumn::Column(ac) = &a
            && let Some(av) = ac.bools()
            && ac.valid.is_none()
            && rows > 64
        {
            let undecided: Vec<bool> = av
                .iter()
                .map(|&x| if op == BinaryOp::And { x } else { !x })
                .collect();
            let count = undecided.iter().filter(|x| **x).count();
            if count * 4 < rows {
                let sub = t.filter(&undecided);
                let b = self.eval(rhs, &sub)?;
                let bm = to_mask_opt(&b, sub.rows);
                let mut out = av.to_vec();
                let mut valid: Option<Vec<bool>> = None;
                let mut k = 0;
                for (i, u) in undecided.iter().enumerate() {
                    if *u {
                        match bm[k] {
                            Some(x) => out[i] = x,
                            None => {
                                valid.get_or_insert_with(|| vec![true; rows])[i] = false;
                            }
                        }
                        k += 1;
                    }
                }
                return Ok(ArgColumn::from_column(Column::from_bools(out, valid)));
            }
        }
        let b = self.eval(rhs, t)?;
        Ok(compare::logical(op, &a, &b, rows))
    }

    fn eval_binary(
        &mut self,
        op: BinaryOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
        t: &Table,
    ) -> Result<ArgColumn> {
        let rows = t.rows;
        use crate::exec::compare;
        match op {
            BinaryOp::And | BinaryOp::Or => {
                // `a or b or … or z` is a left-deep spine, thousands of terms long in generated
                // rules: fold along it in a loop, in the order the tree gives, instead of
                // recursing once per term.
                let mut spine = vec![(op, rhs)];
                let mut first = lhs;
                while let ExprKind::Binary {
                    op: inner @ (BinaryOp::And | BinaryOp::Or),
                    lhs,
                    rhs,
                } = &first.kind
                {
                    spine.push((*inner, rhs));
                    first = lhs;
                }
                let mut a = self.eval(first, t)?;
                for (op, rhs) in spine.into_iter().rev() {
                    a = self.logical_step(op, a, rhs, t)?;
                }
                Ok(a)
            }
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::LtGt
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::EqTilde
            | BinaryOp::NotTilde
            | BinaryOp::Assign => {
                let a = self.eval(lhs, t)?;
                let b = self.eval(rhs, t)?;
                let op = if op == BinaryOp::Assign {
                    BinaryOp::Eq
                } else {
                    op
                };
                compare::compare(op, &a, &b, rows).map_err(|e| ExecError::new(e.message, span))
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                let a = self.eval(lhs, t)?;
                let b = self.eval(rhs, t)?;
                compare::arith(op, &a, &b, rows).map_err(|e| ExecError::new(e.message, span))
            }
            BinaryOp::Str(sop) => {
                let a = self.eval(lhs, t)?;
                let b = self.eval(rhs, t)?;
                crate::exec::strings::str_op(sop, &a, &b, rows, &self.ctx)
                    .map_err(|m| ExecError::new(m, span))
            }
        }
    }

    fn eval_call(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Arg],
        span: Span,
        t: &Table,
    ) -> Result<ArgColumn> {
        let rows = t.rows;
        let fname = name.name.as_str();
        // Names bound in the query win over built-ins.
        if let Some(Binding::Function(f)) = self.lookup(fname) {
            return self.call_local_scalar(&f, args, span, t);
        }
        match fname {
            "toscalar" => {
                let Some(arg) = args.first() else {
                    return Err(ExecError::new("`toscalar` needs an argument", span));
                };
                let sub = if self.is_tabular(&arg.value) {
                    self.tabular(&arg.value)?
                } else {
                    return self.eval(&arg.value, t);
                };
                let (v, ty) = match sub.data.first() {
                    Some(c) if sub.rows > 0 => (c.get(0), c.ty),
                    Some(c) => (Value::Null, c.ty),
                    None => (Value::Null, ScalarType::Dynamic),
                };
                return Ok(ArgColumn::Scalar(v, ty));
            }
            "row_number" | "prev" | "next" | "row_cumsum" | "row_rank_dense" | "row_rank_min"
            | "row_rank" | "row_window_session" => {
                return self.window_function(fname, args, span, t);
            }
            "iff" | "iif" if args.len() == 3 => {
                let c = self.eval(&args[0].value, t)?;
                let a = self.eval(&args[1].value, t)?;
                let b = self.eval(&args[2].value, t)?;
                return Ok(iff(&c, &a, &b, rows));
            }
            "case" if args.len() >= 3 && args.len() % 2 == 1 => {
                let mut result = self.eval(&args[args.len() - 1].value, t)?;
                for pair in args[..args.len() - 1].chunks(2).rev() {
                    let c = self.eval(&pair[0].value, t)?;
                    let v = self.eval(&pair[1].value, t)?;
                    result = iff(&c, &v, &result, rows);
                }
                return Ok(result);
            }
            "isnull" | "isnotnull" | "isempty" | "isnotempty" if args.len() == 1 => {
                let v = self.eval(&args[0].value, t)?;
                let want_null = matches!(fname, "isnull" | "isempty");
                let empty_too = matches!(fname, "isempty" | "isnotempty");
                let test = |v: &Value| -> bool {
                    match v {
                        Value::Null | Value::Dynamic(Dynamic::Null) => true,
                        Value::String(s) | Value::Dynamic(Dynamic::String(s)) => {
                            empty_too && s.is_empty()
                        }
                        _ => false,
                    }
                };
                if let ArgColumn::Scalar(x, _) = &v {
                    return Ok(ArgColumn::Scalar(
                        Value::Bool(test(x) == want_null),
                        ScalarType::Bool,
                    ));
                }
                let out: Vec<bool> = match v.as_strs() {
                    Some(s) => s.map_rows(|x| (empty_too && x.is_empty()) == want_null),
                    None => (0..rows).map(|i| test(&v.get(i)) == want_null).collect(),
                };
                return Ok(ArgColumn::from_column(Column::from_bools(out, None)));
            }
            "not" if args.len() == 1 => {
                let v = self.eval(&args[0].value, t)?;
                return Ok(crate::exec::compare::not(&v, rows));
            }
            "materialize" if args.len() == 1 => return self.eval(&args[0].value, t),
            // Forms that need the table, not only their arguments.
            "column_ifexists" | "columnifexists" if args.len() == 2 => {
                let one = crate::exec::executor::one_row();
                let n = self.eval(&args[0].value, &one)?.get(0).to_kusto_string();
                return match t.index_of(&n) {
                    Some(i) => Ok(ArgColumn::Column(t.data[i].clone())),
                    None => self.eval(&args[1].value, t),
                };
            }
            "pack_all" => {
                let skip_empty = match args.first() {
                    Some(a) => self.eval(&a.value, t)?.get(0).as_bool() == Some(true),
                    None => false,
                };
                let vals: Vec<Dynamic> = (0..rows)
                    .map(|r| {
                        let items = t
                            .columns
                            .iter()
                            .zip(&t.data)
                            .filter_map(|((n, _), c)| {
                                let v = c.get(r);
                                let empty =
                                    v.is_null() || matches!(&v, Value::String(s) if s.is_empty());
                                (!(skip_empty && empty)).then(|| (n.clone(), v.to_dynamic()))
                            })
                            .collect();
                        Dynamic::bag(items)
                    })
                    .collect();
                return Ok(ArgColumn::from_column(Column::from_dynamics(vals)));
            }
            // bag-pack-columns-function.md: the keys are the argument columns' names.
            "bag_pack_columns" if !args.is_empty() => {
                let mut names = Vec::with_capacity(args.len());
                let mut cols = Vec::with_capacity(args.len());
                for a in args {
                    let ExprKind::Name(id) = &a.value.kind else {
                        return Err(ExecError::new(
                            "bag_pack_columns takes column names as its arguments",
                            a.value.span,
                        ));
                    };
                    names.push(std::sync::Arc::<str>::from(id.name.as_str()));
                    cols.push(self.eval(&a.value, t)?);
                }
                let vals: Vec<Dynamic> = (0..rows)
                    .map(|r| {
                        let items = names
                            .iter()
                            .zip(&cols)
                            .map(|(n, c)| (n.clone(), c.get(r).to_dynamic()))
                            .collect();
                        Dynamic::bag(items)
                    })
                    .collect();
                return Ok(ArgColumn::from_column(Column::from_dynamics(vals)));
            }
            "ingestion_time" if args.is_empty() => {
                // Local rows were never ingested: null, as Kusto gives for a table without
                // the ingestion-time policy (ingestiontimefunction.md).
                return Ok(ArgColumn::Scalar(Value::Null, ScalarType::DateTime));
            }
            _ => {}
        }
        if let Some(f) = crate::exec::functions::lookup(fname) {
            if args.len() < f.min_args || args.len() > f.max_args {
                return Err(ExecError::new(
                    format!(
                        "`{fname}` takes {} arguments, got {}",
                        crate::analyze::arity_text(f.min_args, f.max_args),
                        args.len()
                    ),
                    span,
                ));
            }
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                // A type argument (`extract(…, typeof(long))`) arrives as a null of that type.
                vals.push(match &a.value.kind {
                    ExprKind::TypeOf(ty) => {
                        ArgColumn::Scalar(Value::Null, ty.ty.unwrap_or(ScalarType::Unknown))
                    }
                    _ => self.eval(&a.value, t)?,
                });
            }
            let col = f
                .call(&vals, rows, &self.ctx)
                .map_err(|m| ExecError::new(m, span))?;
            return Ok(ArgColumn::from_column(col));
        }
        if let Some(uf) = self.catalog.function(fname).cloned() {
            return self.call_catalog_scalar(&uf, args, span, t);
        }
        if self.catalog.aggregate(fname).is_some() {
            return Err(ExecError::new(
                format!("`{fname}` is an aggregation: use it in `summarize`"),
                span,
            ));
        }
        Err(ExecError::new(
            format!("the function `{fname}` is not implemented by the engine"),
            span,
        ))
    }

    /// `row_number()`, `prev()`, `next()`, `row_cumsum()` over the (serialized) rows.
    fn window_function(
        &mut self,
        fname: &str,
        args: &[ast::Arg],
        span: Span,
        t: &Table,
    ) -> Result<ArgColumn> {
        let rows = t.rows;
        match fname {
            "row_number" => {
                let start = match args.first() {
                    Some(a) => self.eval(&a.value, t)?.get(0).as_i64().unwrap_or(1),
                    None => 1,
                };
                let restart = match args.get(1) {
                    Some(a) => Some(self.eval(&a.value, t)?),
                    None => None,
                };
                let mut out = Vec::with_capacity(rows);
                let mut n = start;
                for i in 0..rows {
                    if i > 0
                        && let Some(r) = &restart
                        && r.get(i).as_bool() == Some(true)
                    {
                        n = start;
                    }
                    out.push(n);
                    n += 1;
                }
                Ok(ArgColumn::from_column(Column::from_i64(
                    ScalarType::Long,
                    out,
                    None,
                )))
            }
            "prev" | "next" => {
                let Some(a) = args.first() else {
                    return Err(ExecError::new(format!("`{fname}` needs a column"), span));
                };
                let col = self.eval_column(&a.value, t)?;
                let offset = match args.get(1) {
                    Some(a) => self.eval(&a.value, t)?.get(0).as_i64().unwrap_or(1),
                    None => 1,
                };
                let default = match args.get(2) {
                    Some(a) => Some(self.eval(&a.value, t)?.get(0)),
                    None => None,
                };
                let mut b = ColumnBuilder::new(col.ty, rows);
                for i in 0..rows as i64 {
                    let j = if fname == "prev" {
                        i - offset
                    } else {
                        i + offset
                    };
                    if j >= 0 && (j as usize) < rows {
                        b.push(&col.get(j as usize));
                    } else {
                        match &default {
                            Some(d) => b.push(d),
                            None => b.push_null(),
                        }
                    }
                }
                Ok(ArgColumn::from_column(b.finish()))
            }
            "row_cumsum" => {
                let Some(a) = args.first() else {
                    return Err(ExecError::new("`row_cumsum` needs a column", span));
                };
                let col = self.eval_column(&a.value, t)?;
                let restart = match args.get(1) {
                    Some(a) => Some(self.eval(&a.value, t)?),
                    None => None,
                };
                let mut b = ColumnBuilder::new(crate::analyze::promoted(col.ty), rows);
                let real = matches!(col.ty, ScalarType::Real | ScalarType::Decimal);
                let (mut si, mut sf) = (0i64, 0.0f64);
                for i in 0..rows {
                    if let Some(r) = &restart
                        && r.get(i).as_bool() == Some(true)
                    {
                        si = 0;
                        sf = 0.0;
                    }
                    if real {
                        sf += col.f64_at(i).unwrap_or(0.0);
                        b.push(&Value::Real(sf));
                    } else {
                        si += col.i64_at(i).unwrap_or(0);
                        b.push(&match col.ty {
                            ScalarType::TimeSpan => Value::TimeSpan(si),
                            _ => Value::Long(si),
                        });
                    }
                }
                Ok(ArgColumn::from_column(b.finish()))
            }
            "row_window_session" => {
                // row-window-session-function.md: a session starts at a row whose value is
                // more than `max_from_first` after the session's first value, more than
                // `max_between` after the previous row's, or where `restart` is true.
                if args.len() < 3 {
                    return Err(ExecError::new(
                        "`row_window_session` needs a value and two spans",
                        span,
                    ));
                }
                let col = self.eval_column(&args[0].value, t)?;
                let one = crate::exec::executor::one_row();
                let max_first = self
                    .eval(&args[1].value, &one)?
                    .get(0)
                    .as_i64()
                    .unwrap_or(0);
                let max_between = self
                    .eval(&args[2].value, &one)?
                    .get(0)
                    .as_i64()
                    .unwrap_or(0);
                let restart = match args.get(3) {
                    Some(a) => Some(self.eval(&a.value, t)?),
                    None => None,
                };
                let mut out = Vec::with_capacity(rows);
                let mut valid = Vec::with_capacity(rows);
                let (mut start, mut prev): (Option<i64>, Option<i64>) = (None, None);
                for i in 0..rows {
                    let v = col.i64_at(i);
                    let restart_here = restart
                        .as_ref()
                        .is_some_and(|r| r.get(i).as_bool() == Some(true));
                    if let Some(x) = v {
                        let new_session = match (start, prev) {
                            (Some(s), Some(p)) => {
                                restart_here || x - s > max_first || x - p > max_between
                            }
                            _ => true,
                        };
                        if new_session {
                            start = Some(x);
                        }
                        prev = Some(x);
                    }
                    out.push(start.unwrap_or(0));
                    valid.push(v.is_some() && start.is_some());
                }
                Ok(ArgColumn::from_column(Column::from_i64(
                    col.ty,
                    out,
                    Some(valid),
                )))
            }
            _ => {
                // row_rank_dense / row_rank_min over a sorted column, restarting (from the
                // restart row, as row number 1) where `restart` is true. `row_rank` is the
                // deprecated form whose replacement is `row_rank_dense` (the function
                // catalog); its second argument, `dense`, is a constant.
                let Some(a) = args.first() else {
                    return Err(ExecError::new(format!("`{fname}` needs a column"), span));
                };
                let col = self.eval_column(&a.value, t)?;
                let (dense, restart) = match (fname, args.get(1)) {
                    ("row_rank", Some(d)) => {
                        let one = crate::exec::executor::one_row();
                        (
                            self.eval(&d.value, &one)?.get(0).as_bool() != Some(false),
                            None,
                        )
                    }
                    (_, Some(r)) => (fname != "row_rank_min", Some(self.eval(&r.value, t)?)),
                    (_, None) => (fname != "row_rank_min", None),
                };
                let mut out = Vec::with_capacity(rows);
                let (mut rank, mut start) = (0i64, 0usize);
                for i in 0..rows {
                    let restart_here = i > 0
                        && restart
                            .as_ref()
                            .is_some_and(|r| r.get(i).as_bool() == Some(true));
                    if restart_here {
                        start = i;
                    }
                    let same = i > start && !restart_here && col.get(i).kusto_eq(&col.get(i - 1));
                    if i == start {
                        rank = 1;
                    } else if !same {
                        rank = if dense {
                            rank + 1
                        } else {
                            (i - start) as i64 + 1
                        };
                    }
                    out.push(rank);
                }
                Ok(ArgColumn::from_column(Column::from_i64(
                    ScalarType::Long,
                    out,
                    None,
                )))
            }
        }
    }
}

/// `a.name` on a dynamic (a bag member; null when absent).
pub(crate) fn member(v: &ArgColumn, name: &str, rows: usize) -> ArgColumn {
    let f = |x: &Value| -> Value {
        match x {
            Value::Dynamic(d) => d
                .get(name)
                .map_or(Value::Null, |d| Value::Dynamic(d.clone())),
            _ => Value::Null,
        }
    };
    map_dynamic(v, rows, f)
}

/// `a[i]` or `a['key']` on a dynamic.
pub(crate) fn index_op(v: &ArgColumn, i: &ArgColumn, rows: usize) -> ArgColumn {
    if v.is_scalar() && i.is_scalar() {
        let out = index_value(&v.get(0), &i.get(0));
        return ArgColumn::Scalar(out, ScalarType::Dynamic);
    }
    let vals: Vec<Dynamic> = (0..rows)
        .map(|r| index_value(&v.get(r), &i.get(r)).to_dynamic())
        .collect();
    ArgColumn::from_column(Column::from_dynamics(vals))
}

fn index_value(v: &Value, i: &Value) -> Value {
    let Value::Dynamic(d) = v else {
        return Value::Null;
    };
    let found = match i {
        Value::String(k) => d.get(k),
        Value::Dynamic(Dynamic::String(k)) => d.get(k),
        other => other.as_i64().and_then(|n| d.index(n)),
    };
    found.map_or(Value::Null, |d| Value::Dynamic(d.clone()))
}

fn map_dynamic(v: &ArgColumn, rows: usize, f: impl Fn(&Value) -> Value) -> ArgColumn {
    if v.is_scalar() {
        return ArgColumn::Scalar(f(&v.get(0)), ScalarType::Dynamic);
    }
    let vals: Vec<Dynamic> = match v.as_column().and_then(|c| c.dyns()) {
        Some(ds) => ds
            .iter()
            .map(|d| f(&Value::Dynamic(d.clone())).to_dynamic())
            .collect(),
        None => (0..rows).map(|i| f(&v.get(i)).to_dynamic()).collect(),
    };
    ArgColumn::from_column(Column::from_dynamics(vals))
}

/// `iff(c, a, b)`, column-wise; the result type is the common type of the branches.
pub(crate) fn iff(c: &ArgColumn, a: &ArgColumn, b: &ArgColumn, rows: usize) -> ArgColumn {
    let ty = crate::analyze::common_type(&[a.ty(), b.ty()]);
    let ty = if ty == ScalarType::Unknown {
        a.ty()
    } else {
        ty
    };
    if let ArgColumn::Scalar(cv, _) = c {
        let pick = if cv.as_bool() == Some(true) { a } else { b };
        return match pick {
            ArgColumn::Scalar(v, _) => ArgColumn::Scalar(v.clone(), ty),
            ArgColumn::Column(col) => ArgColumn::Column(Arc::new(col.cast(ty))),
        };
    }
    let mask = to_mask(c, rows);
    let mut out = ColumnBuilder::new(ty, rows);
    for (i, m) in mask.iter().enumerate() {
        out.push(&if *m { a.get(i) } else { b.get(i) });
    }
    ArgColumn::from_column(out.finish())
}

/// A boolean argument as a mask, null as false.
pub(crate) fn to_mask(v: &ArgColumn, rows: usize) -> Vec<bool> {
    match v {
        ArgColumn::Scalar(x, _) => vec![x.as_bool() == Some(true); rows],
        ArgColumn::Column(c) => match (c.bools(), &c.valid) {
            (Some(b), None) => b.to_vec(),
            (Some(b), Some(valid)) => b.iter().zip(valid).map(|(x, v)| *x && *v).collect(),
            _ => (0..rows)
                .map(|i| c.get(i).as_bool() == Some(true))
                .collect(),
        },
    }
}

fn to_mask_opt(v: &ArgColumn, rows: usize) -> Vec<Option<bool>> {
    (0..rows).map(|i| v.get(i).as_bool()).collect()
}
