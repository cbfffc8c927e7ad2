//! Scopes, statements, and tabular sources.

use crate::catalog::hash::FxHashMap as HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::codes;
use super::{Analysis, Output};
use crate::catalog::{
    Catalog, Column, FunctionBody, FunctionResult, ParamType as CatParamType, Schema, UserFunction,
};
use crate::diag::{Diagnostic, Label, Severity, Span, suggest};
use crate::kql::ast::{self, ExprKind, LetValue, StatementKind};
use crate::kql::types::ScalarType;

/// How deep user functions may call each other before the analysis gives up (recursion).
const MAX_DEPTH: usize = 12;

/// A value an expression or name stands for.
#[derive(Clone, Debug)]
pub(crate) enum Val {
    Scalar(ScalarType),
    Table(Rc<Schema>),
}

impl Val {
    pub(crate) fn ty(&self) -> ScalarType {
        match self {
            Val::Scalar(t) => *t,
            Val::Table(_) => ScalarType::Unknown,
        }
    }

    pub(crate) fn unknown() -> Val {
        Val::Scalar(ScalarType::Unknown)
    }
}

/// A name bound by `let`, a function parameter or `as`.
#[derive(Clone)]
pub(crate) enum Binding<'q> {
    Value(Val),
    /// A function declared in the query: `let f = (a:string) { … };`
    Function(&'q ast::Function),
    /// A string parameter bound to a literal argument: `table(tableName)` can resolve it.
    Const(String),
}

/// The rows an expression is evaluated against.
#[derive(Clone, Copy)]
pub(crate) struct Row<'r> {
    pub(crate) schema: &'r Schema,
    /// The two sides of a join condition (`$left.a == $right.b`).
    pub(crate) left: Option<&'r Schema>,
    pub(crate) right: Option<&'r Schema>,
}

impl<'r> Row<'r> {
    pub(crate) fn new(schema: &'r Schema) -> Self {
        Row {
            schema,
            left: None,
            right: None,
        }
    }
}

pub(crate) static EMPTY: Schema = Schema {
    columns: Vec::new(),
    open: false,
};

pub(crate) struct Binder<'q, 'c> {
    pub(crate) catalog: &'c Catalog,
    pub(crate) scopes: Vec<HashMap<String, Binding<'q>>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) tables: Vec<String>,
    pub(crate) functions: Vec<String>,
    /// Above zero: types are being computed a second time (for a column name); report nothing.
    pub(crate) quiet: u32,
    /// Above zero: inside a function body analyzed for its result; report nothing (its
    /// findings belong to the function's own file).
    pub(crate) depth: usize,
    pub(crate) calling: Vec<Arc<str>>,
    /// Above zero: inside `union isfuzzy=true`, where missing tables are tolerated.
    pub(crate) fuzzy: u32,
    /// Above zero: inside the aggregations of `summarize`, where `count` may name `count()`.
    pub(crate) aggregating: u32,
    /// The output schema of every pipe operator, by the operator's address: the engine names
    /// and types its results from it (see [`super::analyze_recording`]).
    pub(crate) op_schemas: Option<HashMap<usize, Rc<Schema>>>,
}

impl<'q, 'c> Binder<'q, 'c> {
    pub(crate) fn new(catalog: &'c Catalog) -> Self {
        Binder {
            catalog,
            scopes: vec![HashMap::default()],
            diagnostics: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            quiet: 0,
            depth: 0,
            calling: Vec::new(),
            fuzzy: 0,
            aggregating: 0,
            op_schemas: None,
        }
    }

    /// Binds a function's parameters in the outermost scope (see `analyze_with_params`).
    pub(crate) fn bind_params(&mut self, params: &[crate::catalog::Param]) {
        let Some(scope) = self.scopes.first_mut() else {
            return;
        };
        for p in params {
            let value = match &p.ty {
                CatParamType::Scalar(t) => Val::Scalar(*t),
                CatParamType::Tabular(columns) => Val::Table(Rc::new(Schema {
                    columns: columns.clone().unwrap_or_default(),
                    open: true,
                })),
            };
            scope.insert(p.name.clone(), Binding::Value(value));
        }
    }

    pub(crate) fn analyze_query(self, query: &'q ast::Query) -> Analysis {
        self.analyze_query_recording(query, false).0
    }

    pub(crate) fn analyze_query_recording(
        mut self,
        query: &'q ast::Query,
        record: bool,
    ) -> (Analysis, HashMap<usize, Rc<Schema>>) {
        if record {
            self.op_schemas = Some(HashMap::default());
        }
        let output = match self.statements(&query.statements) {
            Some(Val::Table(s)) => Output::Table(Rc::unwrap_or_clone(s)),
            Some(Val::Scalar(t)) => Output::Scalar(t),
            None => Output::None,
        };
        let schemas = self.op_schemas.take().unwrap_or_default();
        (
            Analysis {
                output,
                tables: self.tables,
                functions: self.functions,
                diagnostics: merge_repeated_unknown_names(self.diagnostics),
            },
            schemas,
        )
    }

    pub(crate) fn report(
        &mut self,
        code: (&'static str, &'static str),
        message: String,
        span: Span,
        help: Option<String>,
    ) {
        if self.quiet > 0 || self.depth > 0 {
            return;
        }
        let mut d = Diagnostic::new(code.0, code.1, Severity::Error, message, span);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diagnostics.push(d);
    }

    /// Whether findings are kept (not while re-typing for a name, nor inside a function body).
    pub(crate) fn emitting(&self) -> bool {
        self.quiet == 0 && self.depth == 0
    }

    /// Runs the statements; returns the value of the last expression statement.
    pub(crate) fn statements(&mut self, statements: &'q [ast::Statement]) -> Option<Val> {
        let mut last = None;
        for st in statements {
            match &st.kind {
                StatementKind::Let { name, value } => {
                    let binding = match value {
                        LetValue::Function(f) => Binding::Function(f),
                        LetValue::Expr(e) => Binding::Value(self.let_value(e)),
                    };
                    self.bind(&name.name, binding);
                    last = None;
                }
                StatementKind::QueryParameters(params) => {
                    for p in params {
                        let v = self.param_value(p);
                        self.bind(&p.name.name, Binding::Value(v));
                    }
                }
                StatementKind::Expr(e) => {
                    last = Some(self.value(e, Row::new(&EMPTY)));
                }
                StatementKind::Set { .. } | StatementKind::Alias { .. } | StatementKind::Error => {}
            }
        }
        last
    }

    fn let_value(&mut self, e: &'q ast::Expr) -> Val {
        self.value(e, Row::new(&EMPTY))
    }

    pub(crate) fn param_value(&mut self, p: &'q ast::Param) -> Val {
        match &p.ty {
            ast::ParamType::Scalar(t) => Val::Scalar(t.ty.unwrap_or(ScalarType::Unknown)),
            ast::ParamType::Tabular { columns, open } => Val::Table(Rc::new(Schema {
                columns: columns
                    .iter()
                    .map(|c| {
                        Column::new(c.name.name.as_str(), c.ty.ty.unwrap_or(ScalarType::Unknown))
                    })
                    .collect(),
                open: *open || columns.is_empty(),
            })),
        }
    }

    pub(crate) fn bind(&mut self, name: &str, binding: Binding<'q>) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_string(), binding);
        }
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<&Binding<'q>> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    pub(crate) fn note_table(&mut self, name: &str) {
        if self.depth == 0 && !self.tables.iter().any(|t| t == name) {
            self.tables.push(name.to_string());
        }
    }

    pub(crate) fn note_function(&mut self, name: &str) {
        if self.depth == 0 && !self.functions.iter().any(|t| t == name) {
            self.functions.push(name.to_string());
        }
    }

    /// Evaluates an expression that should be tabular (a pipeline source, a join's right side).
    pub(crate) fn tabular(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Rc<Schema> {
        let mut inner = e;
        while let ExprKind::Paren(e) = &inner.kind {
            inner = e;
        }
        // A bare name here names a table (`lookup AADSTSErrorCodes on …`), never a column.
        let value = match &inner.kind {
            ExprKind::Name(id) => self.table_name(id),
            _ => self.value(e, row),
        };
        match value {
            Val::Table(s) => s,
            Val::Scalar(_) => Rc::new(Schema::open()),
        }
    }

    /// A name used where a table is expected.
    pub(crate) fn table_name(&mut self, id: &ast::Ident) -> Val {
        if let Some(b) = self.lookup(&id.name).cloned() {
            return match b {
                Binding::Value(v) => v,
                Binding::Const(_) => Val::Scalar(ScalarType::String),
                Binding::Function(f) => self.call_local(f, &id.name, &[], Row::new(&EMPTY), None),
            };
        }
        if let Some(t) = self.catalog.table(&id.name) {
            let schema = Schema {
                columns: t.columns().to_vec(),
                open: false,
            };
            self.note_table(&id.name);
            return Val::Table(Rc::new(schema));
        }
        if let Some(f) = self.catalog.function(&id.name) {
            let f = f.clone();
            return self.call_catalog(&f, &[], Row::new(&EMPTY), None, id.span);
        }
        if self.fuzzy > 0 || !self.emitting() {
            return Val::Table(Rc::new(Schema::open()));
        }
        let mut help = None;
        let ci = self.catalog.case_insensitive(&id.name);
        if let Some(exact) = ci.first() {
            help = Some(format!("names are case-sensitive: did you mean `{exact}`?"));
        } else {
            let s = self.catalog.suggest_tables(&id.name, 1);
            if let Some(s) = s.first() {
                help = Some(format!("did you mean `{s}`?"));
            }
        }
        self.report(
            codes::UNKNOWN_TABLE,
            format!("unknown table `{}`", id.name),
            id.span,
            help,
        );
        Val::Table(Rc::new(Schema::open()))
    }

    /// Calls a function declared in the query with `let`.
    pub(crate) fn call_local(
        &mut self,
        f: &'q ast::Function,
        name: &str,
        args: &'q [ast::Arg],
        row: Row<'_>,
        input: Option<Rc<Schema>>,
    ) -> Val {
        if self.depth >= MAX_DEPTH || self.calling.iter().any(|n| &**n == name) {
            return Val::Table(Rc::new(Schema::open()));
        }
        let mut scope = HashMap::default();
        let mut args_iter = args.iter();
        for (i, p) in f.params.iter().enumerate() {
            let v = if i == 0 && input.is_some() && matches!(p.ty, ast::ParamType::Tabular { .. }) {
                input.clone().map(Val::Table)
            } else {
                args_iter.next().map(|a| self.value(&a.value, row))
            };
            let v = match v {
                Some(Val::Scalar(ScalarType::Unknown)) | None => self.param_value(p),
                Some(v) => v,
            };
            let constant =
                args.get(i)
                    .filter(|_| input.is_none())
                    .and_then(|a| match &a.value.kind {
                        ExprKind::Literal(ast::Literal {
                            value: ast::LitValue::String(s),
                            ..
                        }) => Some(s.clone()),
                        _ => None,
                    });
            let binding = match constant {
                Some(s) => Binding::Const(s),
                None => Binding::Value(v),
            };
            scope.insert(p.name.name.clone(), binding);
        }
        for a in args_iter {
            self.value(&a.value, row);
        }
        self.scopes.push(scope);
        self.calling.push(Arc::from(name));
        let r = self.statements(&f.body);
        self.calling.pop();
        self.scopes.pop();
        r.unwrap_or(Val::Table(Rc::new(Schema::open())))
    }

    /// Calls a function from the catalog (workspace parser, ASIM, `_GetWatchlist`).
    pub(crate) fn call_catalog(
        &mut self,
        f: &Arc<UserFunction>,
        args: &'q [ast::Arg],
        row: Row<'_>,
        input: Option<Rc<Schema>>,
        span: Span,
    ) -> Val {
        self.note_function(&f.name);
        let mut arg_vals = Vec::with_capacity(args.len());
        for a in args {
            arg_vals.push(self.value(&a.value, row));
        }
        if !f.variadic {
            let given = args.len() + usize::from(input.is_some());
            if given < f.min_args() || given > f.max_args() {
                self.report(
                    codes::WRONG_ARGUMENT_COUNT,
                    format!(
                        "function `{}` takes {} argument{}, got {given}",
                        f.name,
                        arity_text(f.min_args(), f.max_args()),
                        if f.max_args() == 1 { "" } else { "s" }
                    ),
                    span,
                    None,
                );
            }
        }
        match &f.body {
            FunctionBody::Columns(schema) => Val::Table(Rc::new(Schema::clone(schema))),
            FunctionBody::Query(body) => {
                if !f.has_tabular_params()
                    && let Some(r) = f.cached_result()
                {
                    return result_val(r);
                }
                if self.depth >= MAX_DEPTH || self.calling.iter().any(|n| *n == f.name) {
                    return Val::Table(Rc::new(Schema::open()));
                }
                let r = self.infer_body(f, body, &arg_vals, input);
                if f.has_tabular_params() {
                    result_val(&r)
                } else {
                    result_val(f.cache_result(r))
                }
            }
        }
    }

    fn infer_body(
        &mut self,
        f: &Arc<UserFunction>,
        body: &str,
        args: &[Val],
        input: Option<Rc<Schema>>,
    ) -> FunctionResult {
        let parsed = crate::kql::parse(body);
        let mut inner = Binder::new(self.catalog);
        inner.depth = self.depth + 1;
        inner.calling = self.calling.clone();
        inner.calling.push(f.name.clone());
        let mut scope = HashMap::default();
        let mut args = args.iter();
        for (i, p) in f.params.iter().enumerate() {
            let v = match &p.ty {
                CatParamType::Tabular(cols) => if i == 0 && input.is_some() {
                    input.clone().map(Val::Table)
                } else {
                    args.next().cloned()
                }
                .filter(|v| matches!(v, Val::Table(_)))
                .unwrap_or_else(|| {
                    Val::Table(Rc::new(Schema {
                        columns: cols.clone().unwrap_or_default(),
                        open: true,
                    }))
                }),
                CatParamType::Scalar(t) => {
                    args.next();
                    Val::Scalar(*t)
                }
            };
            scope.insert(p.name.clone(), Binding::Value(v));
        }
        inner.scopes.push(scope);
        let r = inner.statements(&parsed.query.statements);
        match r {
            Some(Val::Table(s)) => FunctionResult::Tabular(Arc::new(Rc::unwrap_or_clone(s))),
            Some(Val::Scalar(t)) => FunctionResult::Scalar(t),
            None => FunctionResult::Unknown,
        }
    }

    /// Reports an unknown name in an expression, unless the rows may hold any column.
    pub(crate) fn unknown_name(&mut self, id: &ast::Ident, row: Row<'_>) {
        if row.schema.open || !self.emitting() {
            return;
        }
        if self.catalog.table(&id.name).is_some() {
            return;
        }
        let help = column_hint(&id.name, row.schema);
        self.report(
            codes::UNKNOWN_COLUMN,
            format!("unknown column or name `{}`", id.name),
            id.span,
            help,
        );
    }

    /// Evaluates any expression: scalar, or tabular when it is a query.
    pub(crate) fn value(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Val {
        match &e.kind {
            ExprKind::Pipeline { source, ops } => {
                let mut schema = self.tabular_source(source, row);
                for op in ops {
                    schema = self.pipe_op(op, schema, row);
                }
                Val::Table(schema)
            }
            ExprKind::Source(op) => {
                let input = Rc::new(if matches!(op.kind, ast::OpKind::Input) {
                    row.schema.clone()
                } else {
                    Schema::default()
                });
                Val::Table(self.pipe_op(op, input, row))
            }
            _ => self.scalar_or_table(e, row),
        }
    }

    fn tabular_source(&mut self, e: &'q ast::Expr, row: Row<'_>) -> Rc<Schema> {
        match &e.kind {
            ExprKind::Name(id) => match self.table_name(id) {
                Val::Table(s) => s,
                Val::Scalar(_) => Rc::new(Schema::open()),
            },
            _ => self.tabular(e, row),
        }
    }
}

pub(crate) fn result_val(r: &FunctionResult) -> Val {
    match r {
        FunctionResult::Tabular(s) => Val::Table(Rc::new(Schema::clone(s))),
        FunctionResult::Scalar(t) => Val::Scalar(*t),
        FunctionResult::Unknown => Val::Table(Rc::new(Schema::open())),
    }
}

pub(crate) fn arity_text(min: usize, max: usize) -> String {
    if min == max {
        min.to_string()
    } else if max >= 1000 {
        format!("at least {min}")
    } else {
        format!("{min} to {max}")
    }
}

/// Help for a name that is not a column of `schema`: the exact spelling when only the case
/// differs, else the closest column.
pub(crate) fn column_hint(name: &str, schema: &Schema) -> Option<String> {
    let names = schema.columns.iter().map(|c| &*c.name);
    if let Some(exact) = names.clone().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(format!("names are case-sensitive: the column is `{exact}`"));
    }
    suggest(name, names, 1)
        .first()
        .map(|close| format!("did you mean `{close}`?"))
}

/// Labels a repeated unknown name carries before the rest are only counted.
const MAX_REPEAT_LABELS: usize = 3;

/// One finding per unknown name, at its first use, with the other uses as labels: a query that
/// reads a missing column twenty times (`ClientIP_` in a `case` of ten branches) is one mistake,
/// and twenty findings would bury the others.
fn merge_repeated_unknown_names(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut first_of: HashMap<String, usize> = HashMap::default();
    let mut repeats: Vec<usize> = Vec::new();
    for d in diagnostics {
        if d.code != codes::UNKNOWN_COLUMN.0 {
            out.push(d);
            repeats.push(0);
            continue;
        }
        match first_of.get(&d.message) {
            Some(&i) => {
                repeats[i] += 1;
                if repeats[i] <= MAX_REPEAT_LABELS {
                    out[i].labels.push(Label {
                        span: d.span,
                        message: "also used here".to_string(),
                        file: None,
                    });
                }
            }
            None => {
                first_of.insert(d.message.clone(), out.len());
                out.push(d);
                repeats.push(0);
            }
        }
    }
    for (d, &n) in out.iter_mut().zip(&repeats) {
        if n == 0 {
            continue;
        }
        let uses = format!("used {} times in the query", n + 1);
        d.help = Some(match d.help.take() {
            Some(help) => format!("{help} ({uses})"),
            None => uses,
        });
    }
    out
}
