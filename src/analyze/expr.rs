//! Scalar expressions: name binding, types, function calls, and the names Kusto gives to
//! un-named expressions in a projection.

use std::rc::Rc;
use std::sync::Arc;

use super::binder::{Binder, Binding, Row, Val, arity_text};
use super::builder::{Origin, occurrences};
use super::codes;
use super::types::{
    arithmetic, common, common_promoted, orderable_pair, promotable, promoted, widest,
};
use crate::catalog::{BuiltinFunction, Column, ResultNameKind, ReturnKind, Schema, TypeKind};
use crate::kql::ast::{self, BinaryOp, ExprKind, LitValue};
use crate::kql::types::ScalarType;

/// The type of a literal as written: `int(1)` is an `int` though its value is kept as a long.
pub(crate) fn literal_type(literal: &ast::Literal) -> ScalarType {
    let typed_int = literal
        .raw
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("int("));
    match literal.value {
        LitValue::Long(_) if typed_int => ScalarType::Int,
        _ => lit_type(&literal.value),
    }
}

pub(crate) fn lit_type(v: &LitValue) -> ScalarType {
    match v {
        LitValue::Null(t) => *t,
        LitValue::Bool(_) => ScalarType::Bool,
        LitValue::Long(_) => ScalarType::Long,
        LitValue::Real(_) => ScalarType::Real,
        LitValue::Decimal(_) => ScalarType::Decimal,
        LitValue::String(_) => ScalarType::String,
        LitValue::DateTime(_) => ScalarType::DateTime,
        LitValue::TimeSpan(_) => ScalarType::TimeSpan,
        LitValue::Guid(_) => ScalarType::Guid,
        LitValue::Dynamic(_) => ScalarType::Dynamic,
        LitValue::Unparsed { ty, .. } => *ty,
    }
}

/// Conversion functions whose call on a column of the same type is the column itself.
fn is_conversion(name: &str) -> bool {
    matches!(
        name,
        "tobool"
            | "toboolean"
            | "todatetime"
            | "todecimal"
            | "todouble"
            | "toreal"
            | "todynamic"
            | "toobject"
            | "toguid"
            | "toint"
            | "tolong"
            | "tostring"
            | "totime"
            | "totimespan"
    )
}

/// An aggregation's result: one column, or several (`arg_max`, `percentiles`, `take_any`).
pub(crate) enum AggResult {
    One(ScalarType),
    Tuple(Vec<(Column, Origin)>),
}

impl<'q> Binder<'q, '_> {
    pub(crate) fn scalar(&mut self, e: &'q ast::Expr, row: Row<'_>) -> ScalarType {
        self.value(e, row).ty()
    }

    /// Types an expression without reporting anything (for naming).
    pub(crate) fn quiet_type(&mut self, e: &'q ast::Expr, row: Row<'_>) -> ScalarType {
        self.quiet += 1;
        let t = self.scalar(e, row);
        self.quiet -= 1;
        t
    }

    pub(crate) fn scalar_or_table(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Val {
        match &e.kind {
            ExprKind::Name(id) => self.name_value(id, row),
            ExprKind::Literal(l) => Val::Scalar(literal_type(l)),
            ExprKind::Paren(inner) => self.value(inner, row),
            // `[expr]` alone is no value in Kusto (reported by the parser's checks); its
            // contents are still bound.
            ExprKind::Brackets(inner) => {
                self.value(inner, row);
                Val::unknown()
            }
            ExprKind::Unary { operand, .. } => {
                let t = self.scalar(operand, row);
                Val::Scalar(match t {
                    // Kusto's unary operators promote like its arithmetic.
                    ScalarType::Int => ScalarType::Long,
                    t if t.is_numeric() || t == ScalarType::TimeSpan => t,
                    ScalarType::Dynamic => ScalarType::Dynamic,
                    _ => ScalarType::Unknown,
                })
            }
            ExprKind::Binary { .. } => Val::Scalar(self.binary_spine(e, row)),
            ExprKind::In { lhs, list, .. } => {
                self.value(lhs, row);
                for item in list {
                    self.value(item, row);
                }
                Val::Scalar(ScalarType::Bool)
            }
            ExprKind::Between { lhs, low, high, .. } => {
                self.value(lhs, row);
                self.value(low, row);
                self.value(high, row);
                Val::Scalar(ScalarType::Bool)
            }
            ExprKind::Member { target, name } => {
                if let ExprKind::Name(side) = &target.kind
                    && (side.name == "$left" || side.name == "$right")
                {
                    let schema = if side.name == "$left" {
                        row.left
                    } else {
                        row.right
                    };
                    let schema = schema.unwrap_or(row.schema);
                    return match schema.column(&name.name) {
                        Some(c) => Val::Scalar(c.ty),
                        None => {
                            self.unknown_name(name, Row::new(schema));
                            Val::unknown()
                        }
                    };
                }
                match self.value(target, row) {
                    Val::Table(s) => match s.column(&name.name) {
                        Some(c) => Val::Scalar(c.ty),
                        None => Val::unknown(),
                    },
                    Val::Scalar(ScalarType::Dynamic) => Val::Scalar(ScalarType::Dynamic),
                    Val::Scalar(_) => Val::unknown(),
                }
            }
            ExprKind::Index { target, index } => {
                self.value(index, row);
                match self.value(target, row) {
                    Val::Scalar(ScalarType::Dynamic) => Val::Scalar(ScalarType::Dynamic),
                    _ => Val::unknown(),
                }
            }
            ExprKind::Call { target, name, args } => {
                self.call(e, target.as_deref(), name, args, row)
            }
            ExprKind::Pipeline { .. } | ExprKind::Source(_) => self.value(e, row),
            ExprKind::Wildcard(_)
            | ExprKind::Star
            | ExprKind::TypeOf(_)
            | ExprKind::TypeOfSchema { .. }
            | ExprKind::Error => Val::unknown(),
        }
    }

    /// A long `or` chain is a left-deep spine: typed bottom-up in a loop rather than by
    /// recursion, which 10,000 terms would overflow. Kept out of `scalar_or_table` so that its
    /// locals do not enlarge the frame every nested expression pays.
    #[inline(never)]
    fn binary_spine(&mut self, e: &'q ast::Expr, row: Row<'_>) -> ScalarType {
        let mut spine = Vec::new();
        let mut first = e;
        while let ExprKind::Binary { lhs, .. } = &first.kind {
            spine.push(first);
            first = lhs;
        }
        let mut a = self.scalar(first, row);
        for node in spine.into_iter().rev() {
            if let ExprKind::Binary { op, rhs, .. } = &node.kind {
                let b = self.scalar(rhs, row);
                a = self.binary(*op, a, b, node);
            }
        }
        a
    }

    /// A bare name in an expression: a column first (as Kusto binds), then `let` names and
    /// parameters, then tables and functions of the catalog.
    fn name_value(&mut self, id: &ast::Ident, row: Row<'_>) -> Val {
        if let Some(c) = row.schema.column(&id.name) {
            return Val::Scalar(c.ty);
        }
        if let Some(b) = self.lookup(&id.name).cloned() {
            return match b {
                Binding::Value(v) => v,
                Binding::Const(_) => Val::Scalar(ScalarType::String),
                Binding::Function(f) => self.call_local(f, &id.name, &[], row, None),
            };
        }
        if self.catalog.table(&id.name).is_some() {
            return self.table_name(id);
        }
        if let Some(f) = self.catalog.function(&id.name) {
            let f = f.clone();
            return self.call_catalog(&f, &[], row, None, id.span);
        }
        let bare = if self.aggregating > 0 {
            self.catalog
                .aggregate(&id.name)
                .or_else(|| self.catalog.builtin(&id.name))
        } else {
            self.catalog.builtin(&id.name)
        };
        if let Some(f) = bare.cloned() {
            // A function named without its argument list (`summarize count by x`): another
            // error than an unknown name, left to Kusto, which types it as a call.
            return Val::Scalar(self.builtin_type(&f, &[], &[]));
        }
        self.unknown_name(id, row);
        Val::unknown()
    }

    fn binary(&mut self, op: BinaryOp, a: ScalarType, b: ScalarType, e: &ast::Expr) -> ScalarType {
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                arithmetic(op, a, b).unwrap_or(ScalarType::Unknown)
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                if !orderable_pair(a, b) {
                    let sym = match op {
                        BinaryOp::Lt => "<",
                        BinaryOp::Le => "<=",
                        BinaryOp::Gt => ">",
                        _ => ">=",
                    };
                    let help = match (a, b) {
                        (ScalarType::DateTime, ScalarType::String)
                        | (ScalarType::String, ScalarType::DateTime) => Some(
                            "convert the string with `todatetime()` or write `datetime(…)`"
                                .to_string(),
                        ),
                        (x, ScalarType::String) | (ScalarType::String, x) if x.is_numeric() => {
                            Some("convert the string with `tolong()` or `toreal()`".to_string())
                        }
                        _ => None,
                    };
                    self.report(
                        codes::OPERATOR_TYPE_MISMATCH,
                        format!("`{sym}` cannot compare {a} with {b}"),
                        e.span,
                        help,
                    );
                }
                ScalarType::Bool
            }
            _ => ScalarType::Bool,
        }
    }

    fn call(
        &mut self,
        e: &'q ast::Expr,
        target: Option<&'q ast::Expr>,
        name: &'q ast::Ident,
        args: &'q [ast::Arg],
        row: Row<'_>,
    ) -> Val {
        if let Some(t) = target {
            // `cluster(…).database(…)`, `database(…).table(…)`: outside the catalog.
            self.value(t, row);
            for a in args {
                self.value(&a.value, row);
            }
            return Val::Table(Rc::new(Schema::open()));
        }
        let fname = name.name.as_str();
        if let Some(Binding::Function(f)) = self.lookup(fname).cloned() {
            return self.call_local(f, fname, args, row, None);
        }
        match fname {
            "materialize" => {
                return match args.first() {
                    Some(a) => {
                        let v = self.value(&a.value, row);
                        for a in &args[1..] {
                            self.value(&a.value, row);
                        }
                        v
                    }
                    None => Val::Table(Rc::new(Schema::open())),
                };
            }
            "toscalar" => {
                let v = args.first().map(|a| self.value(&a.value, row));
                return Val::Scalar(match v {
                    Some(Val::Table(s)) if !s.open => {
                        s.columns.first().map_or(ScalarType::Unknown, |c| c.ty)
                    }
                    Some(Val::Scalar(t)) => t,
                    _ => ScalarType::Unknown,
                });
            }
            "table" => {
                for a in args {
                    self.value(&a.value, row);
                }
                let name = match args.first().map(|a| &a.value.kind) {
                    Some(ExprKind::Literal(ast::Literal {
                        value: LitValue::String(s),
                        ..
                    })) => Some(s.clone()),
                    Some(ExprKind::Name(id)) => match self.lookup(&id.name) {
                        Some(Binding::Const(s)) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(s) = &name {
                    if let Some(t) = self.catalog.table(s) {
                        self.note_table(s);
                        return Val::Table(Rc::new(Schema::new(t.columns().to_vec())));
                    }
                    if let Some(Binding::Value(v)) = self.lookup(s).cloned() {
                        return v;
                    }
                }
                return Val::Table(Rc::new(Schema::open()));
            }
            _ => {}
        }
        if let Some(f) = self.catalog.builtin(fname) {
            let f = f.clone();
            return self.call_builtin(&f, name, args, row);
        }
        if self.catalog.table(fname).is_some() && self.catalog.aggregate(fname).is_none() {
            // A table called like a function: Kusto rejects it. Its schema stays open, since
            // the name is likely a workspace function that the catalog does not know.
            for a in args {
                self.value(&a.value, row);
            }
            if self.emitting() {
                self.report(
                    codes::UNKNOWN_FUNCTION,
                    format!("unknown function `{fname}`: it names a table, which takes no arguments"),
                    name.span,
                    Some(format!(
                        "if `{fname}` is a workspace function, declare its parser (`[catalog] functions` in sentinel-lint.toml, or `--functions`); otherwise drop the arguments"
                    )),
                );
            }
            return Val::Table(Rc::new(Schema::open()));
        }
        if let Some(f) = self.catalog.aggregate(fname) {
            let f = f.clone();
            return match self.aggregate(&f, e, name, args, row) {
                AggResult::One(t) => Val::Scalar(t),
                AggResult::Tuple(cols) => {
                    Val::Scalar(cols.first().map_or(ScalarType::Unknown, |c| c.0.ty))
                }
            };
        }
        if let Some(f) = self.catalog.function(fname) {
            let f = f.clone();
            return self.call_catalog(&f, args, row, None, name.span);
        }
        for a in args {
            self.value(&a.value, row);
        }
        self.unknown_function(name);
        Val::unknown()
    }

    pub(crate) fn unknown_function(&mut self, name: &ast::Ident) {
        if !self.emitting() {
            return;
        }
        let candidates = self
            .catalog
            .builtin_names()
            .chain(self.catalog.function_names());
        let help = crate::diag::suggest(&name.name, candidates, 1)
            .first()
            .map(|s| format!("did you mean `{s}`?"));
        self.report(
            codes::UNKNOWN_FUNCTION,
            format!("unknown function `{}`", name.name),
            name.span,
            help,
        );
    }

    fn check_arity(&mut self, f: &BuiltinFunction, name: &ast::Ident, n: usize) -> bool {
        if f.signatures
            .iter()
            .any(|s| s.min_args <= n && n <= s.max_args)
        {
            return true;
        }
        let (min, max) = (f.min_args(), f.max_args());
        self.report(
            codes::WRONG_ARGUMENT_COUNT,
            format!(
                "function `{}` takes {} argument{}, got {n}",
                f.name,
                arity_text(min, max),
                if max == 1 { "" } else { "s" }
            ),
            name.span,
            None,
        );
        false
    }

    fn call_builtin(
        &mut self,
        f: &Arc<BuiltinFunction>,
        name: &'q ast::Ident,
        args: &'q [ast::Arg],
        row: Row<'_>,
    ) -> Val {
        let types: Vec<ScalarType> = args.iter().map(|a| self.scalar(&a.value, row)).collect();
        if !self.check_arity(f, name, args.len()) {
            return Val::unknown();
        }
        if f.signatures.iter().all(|s| s.tabular) {
            return Val::Table(Rc::new(Schema::open()));
        }
        Val::Scalar(self.builtin_type(f, args, &types))
    }

    /// The result type of a built-in call from its signatures.
    fn builtin_type(
        &self,
        f: &BuiltinFunction,
        args: &[ast::Arg],
        types: &[ScalarType],
    ) -> ScalarType {
        let n = types.len();
        let fits = |s: &&crate::catalog::Signature| s.min_args <= n && n <= s.max_args;
        // How well each argument fits its parameter (higher is better); `None`: it does not.
        let level = |p: &crate::catalog::BuiltinParam, t: ScalarType| -> Option<u32> {
            use ScalarType as S;
            if t == S::Unknown {
                return Some(1);
            }
            let num = t.is_numeric();
            let ok = |b: bool| if b { Some(3) } else { None };
            match p.type_kind {
                TypeKind::Declared => match p.declared {
                    Some(d) if d == t => Some(3),
                    Some(d) if promotable(t, d) => Some(2),
                    Some(_) => None,
                    None => Some(2),
                },
                TypeKind::Number => ok(num),
                TypeKind::Integer => ok(matches!(t, S::Int | S::Long)),
                TypeKind::Summable => ok(num || matches!(t, S::TimeSpan | S::DateTime)),
                TypeKind::DynamicArray | TypeKind::DynamicBag => ok(t == S::Dynamic),
                TypeKind::StringOrDynamic => ok(matches!(t, S::String | S::Dynamic)),
                TypeKind::NumberOrBool => ok(num || t == S::Bool),
                _ => Some(2),
            }
        };
        let score = |s: &crate::catalog::Signature| -> Option<u32> {
            let mut total = 0;
            for (i, &t) in types.iter().enumerate() {
                let p = s
                    .params
                    .get(i)
                    .or_else(|| s.params.iter().rev().find(|p| p.repeating))
                    .or(s.params.last())?;
                total += level(p, t)?;
            }
            Some(total)
        };
        let scored: Vec<(u32, &crate::catalog::Signature)> = f
            .signatures
            .iter()
            .filter(fits)
            .filter_map(|s| score(s).map(|v| (v, s)))
            .collect();
        let best = scored.iter().map(|(v, _)| *v).max();
        let candidates: Vec<&crate::catalog::Signature> = match best {
            Some(best) => scored
                .iter()
                .filter(|(v, _)| *v == best)
                .map(|(_, s)| *s)
                .collect(),
            None => f.signatures.iter().filter(fits).take(1).collect(),
        };
        // With unresolved arguments several signatures may match: their common result type,
        // else unresolved (as Kusto.Language does).
        let mut result: Option<ScalarType> = None;
        for sig in candidates {
            let t = self.signature_type(f, sig, args, types);
            match result {
                None => result = Some(t),
                Some(prev) if prev != t => return ScalarType::Unknown,
                Some(_) => {}
            }
        }
        result.unwrap_or(ScalarType::Unknown)
    }

    fn signature_type(
        &self,
        f: &BuiltinFunction,
        sig: &crate::catalog::Signature,
        args: &[ast::Arg],
        types: &[ScalarType],
    ) -> ScalarType {
        let arg = |i: usize| types.get(i).copied().unwrap_or(ScalarType::Unknown);
        match sig.return_kind {
            ReturnKind::Declared => sig.return_type.unwrap_or(ScalarType::Unknown),
            ReturnKind::Parameter0 => arg(0),
            ReturnKind::Parameter1 => arg(1),
            ReturnKind::Parameter0Promoted => promoted(arg(0)),
            ReturnKind::Parameter0Array => ScalarType::Dynamic,
            ReturnKind::Widest => widest(types),
            ReturnKind::Common => {
                // `max_of`/`min_of` take orderable arguments only: a dynamic one is an error
                // there, not part of the result type.
                let orderable = matches!(&*f.name, "max_of" | "min_of");
                let counted: Vec<ScalarType> = types
                    .iter()
                    .copied()
                    .filter(|&t| !(orderable && t == ScalarType::Dynamic))
                    .collect();
                common_promoted(&counted)
            }
            ReturnKind::CommonNonDynamic => {
                let branches: Vec<ScalarType> = match &*f.name {
                    "iff" | "iif" => types.iter().skip(1).copied().collect(),
                    "case" => types
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % 2 == 1 || *i == types.len() - 1)
                        .map(|(_, t)| *t)
                        .collect(),
                    _ => types.to_vec(),
                };
                common(&branches)
            }
            ReturnKind::Literal => {
                // `extract(…, typeof(long))`: the type named by the last argument.
                match args.last().map(|a| &a.value.kind) {
                    Some(ExprKind::TypeOf(t)) => t.ty.unwrap_or(ScalarType::Unknown),
                    _ => match &*f.name {
                        "extract" | "extractjson" | "extract_json" => ScalarType::String,
                        _ => ScalarType::Unknown,
                    },
                }
            }
            ReturnKind::Custom => match &*f.name {
                "bin_auto" => arg(0),
                n if n.starts_with("array_")
                    || n.starts_with("pack")
                    || n.starts_with("bag_")
                    || n.starts_with("set_")
                    || n.starts_with("series_") =>
                {
                    ScalarType::Dynamic
                }
                _ => ScalarType::Unknown,
            },
            ReturnKind::Other => ScalarType::Unknown,
        }
    }

    /// An aggregation call (`count()`, `arg_max(T, *)`, `percentiles(x, 5, 95)`).
    pub(crate) fn aggregate(
        &mut self,
        f: &Arc<BuiltinFunction>,
        _e: &'q ast::Expr,
        name: &'q ast::Ident,
        args: &'q [ast::Arg],
        row: Row<'_>,
    ) -> AggResult {
        let star = |a: &ast::Arg| matches!(a.value.kind, ExprKind::Star);
        let types: Vec<ScalarType> = args
            .iter()
            .map(|a| {
                if star(a) {
                    ScalarType::Unknown
                } else {
                    self.scalar(&a.value, row)
                }
            })
            .collect();
        if !self.check_arity(f, name, args.len()) {
            return AggResult::One(ScalarType::Unknown);
        }
        self.check_aggregate_types(f, args, &types);
        let fname = &*f.name;
        match fname {
            "arg_max" | "arg_min" | "argmax" | "argmin" | "take_any" | "any" | "take_anyif"
            | "anyif" => {
                let prefix = f.result_prefix.as_deref();
                let mut cols: Vec<(Column, Origin)> = Vec::new();
                let is_arg = fname.starts_with("arg");
                let head = if is_arg { "max" } else { "" };
                let head = if fname.contains("min") { "min" } else { head };
                let upto = if fname.ends_with("if") {
                    args.len().saturating_sub(1)
                } else {
                    args.len()
                };
                for (i, a) in args[..upto].iter().enumerate() {
                    if star(a) {
                        // `arg_max(T, *)`: every column but the maximized one, already first.
                        let skip = if is_arg && i > 0 {
                            args.first().and_then(|a0| match &a0.value.kind {
                                ExprKind::Name(id) => Some(id.name.as_str()),
                                _ => None,
                            })
                        } else {
                            None
                        };
                        let columns = &row.schema.columns;
                        for (c, k) in columns.iter().zip(occurrences(columns)) {
                            if k == 0 && Some(&*c.name) == skip {
                                continue;
                            }
                            let c = match prefix {
                                Some(p) => Column::new(format!("{p}_{}", c.name), c.ty),
                                None => c.clone(),
                            };
                            cols.push((c, Origin::InputAt(k)));
                        }
                        continue;
                    }
                    let (col, origin) = match self.ref_column(&a.value, row) {
                        Some(c) => (c, Origin::Input),
                        None => {
                            let n = self.result_name(&a.value, row);
                            let n = n.unwrap_or_else(|| {
                                if i == 0 && is_arg {
                                    format!("{head}_")
                                } else if is_arg {
                                    format!("{head}__arg{i}")
                                } else {
                                    format!("Column{}", i + 1)
                                }
                            });
                            (Column::new(n, types[i]), Origin::New)
                        }
                    };
                    let col = match prefix {
                        Some(p) => Column::new(format!("{p}_{}", col.name), col.ty),
                        None => col,
                    };
                    cols.push((col, origin));
                }
                if cols.len() == 1 && !args.iter().any(star) {
                    // A single column is not a tuple: `take_any(x)` is named like other calls.
                    return AggResult::Tuple(cols);
                }
                AggResult::Tuple(cols)
            }
            "percentiles" | "percentilesw" => {
                let base = args
                    .first()
                    .and_then(|a| self.result_name(&a.value, row))
                    .unwrap_or_default();
                let t = promoted(types.first().copied().unwrap_or(ScalarType::Unknown));
                let skip = if fname == "percentilesw" { 2 } else { 1 };
                let cols = args
                    .iter()
                    .skip(skip)
                    .map(|a| {
                        let raw = match &a.value.kind {
                            ExprKind::Literal(l) => l.raw.replace(['.', '-'], "_"),
                            _ => String::new(),
                        };
                        // The weighted forms are named like the plain ones (Kusto.Language:
                        // `percentilesw(v, w, 50)` is `percentile_v_50`).
                        (
                            Column::new(format!("percentile_{base}_{raw}"), t),
                            Origin::New,
                        )
                    })
                    .collect();
                AggResult::Tuple(cols)
            }
            "percentile" | "percentilew" => AggResult::One(promoted(
                types.first().copied().unwrap_or(ScalarType::Unknown),
            )),
            _ => AggResult::One(self.builtin_type(f, args, &types)),
        }
    }

    /// `sum` of a string, `max` of a dynamic: reported only when the type is certain.
    fn check_aggregate_types(
        &mut self,
        f: &BuiltinFunction,
        args: &'q [ast::Arg],
        types: &[ScalarType],
    ) {
        let Some(sig) = f.signatures.iter().find(|s| !s.hidden) else {
            return;
        };
        for (p, (a, &t)) in sig.params.iter().zip(args.iter().zip(types)) {
            if p.repeating {
                break;
            }
            let bad = match p.type_kind {
                TypeKind::Summable => matches!(
                    t,
                    ScalarType::String | ScalarType::Bool | ScalarType::Guid | ScalarType::Dynamic
                ),
                TypeKind::Orderable => matches!(t, ScalarType::Dynamic | ScalarType::Guid),
                _ => false,
            };
            let avg_bad = matches!(&*f.name, "avg" | "avgif")
                && matches!(t, ScalarType::String | ScalarType::Bool | ScalarType::Guid);
            if bad || avg_bad {
                let what = if p.type_kind == TypeKind::Orderable {
                    "an orderable value (number, timespan, datetime, string or bool)"
                } else {
                    "a number, timespan or datetime"
                };
                self.report(
                    codes::AGGREGATE_TYPE_MISMATCH,
                    format!("`{}` needs {what}, got {t}", f.name),
                    a.value.span,
                    (t == ScalarType::String)
                        .then(|| "convert the value with `tolong()` or `toreal()`".to_string()),
                );
            }
        }
    }

    /// The input column an expression is, if it is one (or a no-op conversion of one).
    pub(crate) fn ref_column(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Option<Column> {
        match &e.kind {
            ExprKind::Name(id) => row.schema.column(&id.name).cloned(),
            ExprKind::Paren(inner) => self.ref_column(inner, row),
            ExprKind::Call {
                target: None,
                name,
                args,
            } if is_conversion(&name.name) && args.len() == 1 => {
                let col = self.ref_column(&args[0].value, row)?;
                let t = self.quiet_type(e, row);
                (t == col.ty).then_some(col)
            }
            _ => None,
        }
    }

    /// The name Kusto gives an expression's column when none is written (`None`: `Column1`…).
    pub(crate) fn result_name(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Option<String> {
        match &e.kind {
            ExprKind::Paren(inner) => self.result_name(inner, row),
            ExprKind::Name(id) => Some(id.name.clone()),
            ExprKind::Member { target, name } => {
                let t = self.quiet_type(target, row);
                if matches!(t, ScalarType::Dynamic | ScalarType::Unknown) {
                    let left = self.result_name(target, row);
                    match left {
                        Some(l) if !l.trim().is_empty() => Some(format!("{l}_{}", name.name)),
                        _ => Some(name.name.clone()),
                    }
                } else {
                    Some(name.name.clone())
                }
            }
            ExprKind::Index { target, index } => {
                let right = match &index.kind {
                    ExprKind::Literal(l) => match &l.value {
                        LitValue::String(s) => Some(s.clone()),
                        LitValue::Long(n) => Some(n.to_string()),
                        _ => None,
                    },
                    _ => None,
                };
                let t = self.quiet_type(target, row);
                if matches!(t, ScalarType::Dynamic | ScalarType::Unknown) {
                    let left = self.result_name(target, row);
                    match left {
                        Some(l) if !l.trim().is_empty() => {
                            Some(format!("{l}_{}", right.unwrap_or_default()))
                        }
                        _ => right,
                    }
                } else {
                    right
                }
            }
            ExprKind::Call {
                target: None,
                name,
                args,
            } => self.function_result_name(name, args, row),
            _ => None,
        }
    }

    fn function_result_name(
        &mut self,
        name: &'q ast::Ident,
        args: &'q [ast::Arg],
        row: Row<'_>,
    ) -> Option<String> {
        if self.lookup(&name.name).is_some() {
            return None;
        }
        let f = self
            .catalog
            .aggregate(&name.name)
            .or_else(|| self.catalog.builtin(&name.name))?
            .clone();
        if matches!(&*f.name, "percentile" | "percentilew") {
            let base = args
                .first()
                .and_then(|a| self.result_name(&a.value, row))
                .unwrap_or_default();
            let raw = match args.get(if &*f.name == "percentilew" { 2 } else { 1 }) {
                Some(ast::Arg {
                    value:
                        ast::Expr {
                            kind: ExprKind::Literal(l),
                            ..
                        },
                    ..
                }) => l.raw.replace(['.', '-'], "_"),
                _ => String::new(),
            };
            return Some(format!("percentile_{base}_{raw}"));
        }
        let mut kind = f.result_name;
        let mut prefix = f.result_prefix.as_deref().map(str::to_string);
        if kind == ResultNameKind::NameAndFirstArgument {
            prefix = Some(f.name.to_string());
            kind = ResultNameKind::PrefixAndFirstArgument;
        }
        // `round(Rate = x * 100)`: a named argument names the column.
        if matches!(
            kind,
            ResultNameKind::FirstArgument | ResultNameKind::PrefixAndFirstArgument
        ) && let Some(n) = args.first().and_then(|a| a.name.as_ref())
        {
            return Some(match (kind, prefix) {
                (ResultNameKind::PrefixAndFirstArgument, Some(p)) => format!("{p}_{}", n.name),
                _ => n.name.clone(),
            });
        }
        let first = args.first().map(|a| &a.value);
        match kind {
            ResultNameKind::PrefixAndFirstArgument => match first {
                Some(a) => {
                    let n = self.result_name(a, row).unwrap_or_default();
                    Some(match prefix {
                        Some(p) => format!("{p}_{n}"),
                        None => n,
                    })
                }
                None => prefix.map(|p| format!("{p}_")),
            },
            ResultNameKind::FirstArgumentValueIfColumn => match first.map(|a| &a.kind) {
                Some(ExprKind::Literal(ast::Literal {
                    value: LitValue::String(s),
                    ..
                })) if row.schema.column(s).is_some() => Some(s.clone()),
                _ => None,
            },
            ResultNameKind::FirstArgument => match first {
                Some(a) => self.result_name(a, row),
                None => None,
            },
            ResultNameKind::PrefixOnly => prefix,
            ResultNameKind::OnlyArgument if args.len() == 1 => {
                self.result_name(&args[0].value, row)
            }
            _ => None,
        }
    }

    /// An aggregation in `summarize`: a call to an aggregate function at the top.
    pub(crate) fn as_aggregate_call(
        &self,
        e: &'q ast::Expr,
    ) -> Option<(Arc<BuiltinFunction>, &'q ast::Ident, &'q [ast::Arg])> {
        let mut e = e;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        if let ExprKind::Call {
            target: None,
            name,
            args,
        } = &e.kind
            && self.lookup(&name.name).is_none()
            && let Some(f) = self.catalog.aggregate(&name.name)
        {
            return Some((f.clone(), name, args));
        }
        None
    }
}
