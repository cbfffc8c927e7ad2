//! The executor: statements, name scopes, tabular expressions and the dispatch of each pipe
//! operator to its file under `ops/`. After every operator the result takes the names and
//! types the analysis computed for that operator (`conform`).

use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use crate::catalog::hash::FxHashMap;
use crate::catalog::{Catalog, Schema, UserFunction};
use crate::diag::Span;
use crate::exec::column::Column;
use crate::exec::data::DataSet;
use crate::exec::eval::ArgColumn;
use crate::exec::functions::EvalContext;
use crate::exec::table::Table;
use crate::exec::value::Value;
use crate::exec::{ExecError, ExecWarning, Limits, Result, RunOptions};
use crate::kql::ast::{self, ExprKind, OpKind, StatementKind};
use crate::kql::types::ScalarType;

/// What a name bound by `let`, a parameter or `as` stands for.
#[derive(Clone)]
pub(crate) enum Binding {
    Scalar(Value, ScalarType),
    /// A scalar parameter bound to a column of the calling rows.
    Column(ArgColumn),
    Table(Arc<Table>),
    Function(Rc<ast::Function>),
}

const MAX_DEPTH: usize = 32;

pub(crate) struct Exec<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) data: &'a DataSet,
    pub(crate) ctx: EvalContext,
    pub(crate) limits: Limits,
    start: Instant,
    scopes: Vec<FxHashMap<String, Binding>>,
    schemas: FxHashMap<usize, Schema>,
    /// The implicit input of sub-pipelines (`mv-apply`, `fork`, `facet`, `partition`).
    pub(crate) inputs: Vec<Arc<Table>>,
    parsed: FxHashMap<String, Rc<ast::Query>>,
    /// Whether each catalog function returns a table (decided once).
    tabular_fns: std::cell::RefCell<FxHashMap<String, bool>>,
    /// The catalog functions being run, innermost last.
    pub(crate) calling: Vec<String>,
    depth: usize,
    /// What the run could not do as Kusto would but went on without (`externaldata`).
    pub(crate) warnings: Vec<ExecWarning>,
}

impl<'a> Exec<'a> {
    pub(crate) fn new(
        catalog: &'a Catalog,
        data: &'a DataSet,
        options: &RunOptions,
        schemas: FxHashMap<usize, Schema>,
    ) -> Self {
        Exec {
            catalog,
            data,
            ctx: EvalContext::new(options.now),
            limits: options.limits.clone(),
            start: Instant::now(),
            scopes: vec![FxHashMap::default()],
            schemas,
            inputs: Vec::new(),
            parsed: FxHashMap::default(),
            tabular_fns: Default::default(),
            calling: Vec::new(),
            depth: 0,
            warnings: Vec::new(),
        }
    }

    /// Records a warning once per place in the query (a function body may run many times).
    pub(crate) fn warn(&mut self, message: &str, span: Span) {
        if !self
            .warnings
            .iter()
            .any(|w| w.span == span && w.message == message)
        {
            self.warnings.push(ExecWarning {
                message: message.to_string(),
                span,
            });
        }
    }

    /// Warnings raised inside a catalog function's body (from `from` on) point at its call,
    /// as its errors do: the body's spans are not the query's.
    fn place_warnings(&mut self, from: usize, function: &str, call: Span) {
        let raised: Vec<ExecWarning> = self.warnings.drain(from..).collect();
        for w in raised {
            self.warn(
                &format!("in the function `{function}`: {}", w.message),
                call,
            );
        }
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<Binding> {
        self.scopes.iter().rev().find_map(|s| s.get(name).cloned())
    }

    pub(crate) fn bind(&mut self, name: &str, b: Binding) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_string(), b);
        }
    }

    /// Runs the statements of a query; the result is the last query statement's table.
    pub(crate) fn run_query(&mut self, q: &ast::Query) -> Result<Table> {
        match self.statements(&q.statements)? {
            Some(t) => Ok(t),
            None => Ok(Table::default()),
        }
    }

    pub(crate) fn statements(&mut self, statements: &[ast::Statement]) -> Result<Option<Table>> {
        let mut last = None;
        for st in statements {
            match &st.kind {
                StatementKind::Let { name, value } => {
                    let b = match value {
                        ast::LetValue::Function(f) => Binding::Function(Rc::new(f.clone())),
                        ast::LetValue::Expr(e) => self.let_value(e)?,
                    };
                    self.bind(&name.name, b);
                }
                StatementKind::QueryParameters(params) => {
                    for p in params {
                        let b = self.param_default(p)?;
                        self.bind(&p.name.name, b);
                    }
                }
                StatementKind::Expr(e) => {
                    last = Some(if self.is_tabular(e) {
                        self.tabular(e)?
                    } else {
                        let one = one_row();
                        let v = self.eval(e, &one)?;
                        let col = v.to_column(1);
                        Table::new(vec![(Arc::from("print_0"), col)], 1)
                    });
                }
                StatementKind::Set { .. } => {}
                StatementKind::Alias { .. } => {
                    return Err(ExecError::new(
                        "`alias database` reaches outside the given tables; the engine runs only over local data",
                        st.span,
                    ));
                }
                StatementKind::Error => {
                    return Err(ExecError::new("the query has a syntax error here", st.span));
                }
            }
        }
        Ok(last)
    }

    fn let_value(&mut self, e: &ast::Expr) -> Result<Binding> {
        if self.is_tabular(e) {
            return Ok(Binding::Table(Arc::new(self.tabular(e)?)));
        }
        let one = one_row();
        let v = self.eval(e, &one)?;
        let ty = v.ty();
        Ok(Binding::Scalar(v.get(0), ty))
    }

    fn param_default(&mut self, p: &ast::Param) -> Result<Binding> {
        let ty = match &p.ty {
            ast::ParamType::Scalar(t) => t.ty.unwrap_or(ScalarType::Dynamic),
            ast::ParamType::Tabular { .. } => {
                return Ok(Binding::Table(Arc::new(Table::default())));
            }
        };
        match &p.default {
            Some(d) => {
                let one = one_row();
                let v = self.eval(d, &one)?;
                Ok(Binding::Scalar(coerce(&v.get(0), ty), ty))
            }
            None => Ok(Binding::Scalar(Value::Null, ty)),
        }
    }

    /// Whether an expression denotes a table (KQL tells them apart only by meaning).
    pub(crate) fn is_tabular(&self, e: &ast::Expr) -> bool {
        match &e.kind {
            ExprKind::Pipeline { .. } | ExprKind::Source(_) => true,
            ExprKind::Paren(inner) => self.is_tabular(inner),
            ExprKind::Name(id) => match self.lookup(&id.name) {
                Some(Binding::Table(_)) => true,
                Some(Binding::Function(f)) => f.params.is_empty() && self.body_is_tabular(&f.body),
                Some(_) => false,
                None => {
                    self.catalog.table(&id.name).is_some()
                        || self.data.get(&id.name).is_some()
                        || self
                            .catalog
                            .function(&id.name)
                            .is_some_and(|f| self.catalog_fn_is_tabular(f))
                }
            },
            ExprKind::Call {
                target: None, name, ..
            } => match self.lookup(&name.name) {
                Some(Binding::Function(f)) => self.body_is_tabular(&f.body),
                Some(_) => false,
                None => {
                    matches!(name.name.as_str(), "table" | "materialize" | "view")
                        || self
                            .catalog
                            .function(&name.name)
                            .is_some_and(|f| self.catalog_fn_is_tabular(f))
                }
            },
            ExprKind::Call {
                target: Some(_), ..
            } => true,
            ExprKind::Member { target, .. } => self.is_tabular(target),
            _ => false,
        }
    }

    fn body_is_tabular(&self, body: &[ast::Statement]) -> bool {
        match body.iter().rev().find_map(|s| match &s.kind {
            StatementKind::Expr(e) => Some(e),
            _ => None,
        }) {
            Some(e) => match &e.kind {
                ExprKind::Pipeline { .. } | ExprKind::Source(_) => true,
                ExprKind::Name(id) => {
                    // A body that names a table, or a tabular let inside the body.
                    self.catalog.table(&id.name).is_some()
                        || self.data.get(&id.name).is_some()
                        || body.iter().any(|s| match &s.kind {
                            StatementKind::Let {
                                name,
                                value: ast::LetValue::Expr(v),
                            } if name.name == id.name => self.is_tabular(v),
                            _ => false,
                        })
                        || matches!(self.lookup(&id.name), Some(Binding::Table(_)))
                }
                _ => self.is_tabular(e),
            },
            None => false,
        }
    }

    fn catalog_fn_is_tabular(&self, f: &UserFunction) -> bool {
        if let Some(&known) = self.tabular_fns.borrow().get(&*f.name) {
            return known;
        }
        // Assume tabular while deciding, so that a function naming itself ends the recursion.
        self.tabular_fns
            .borrow_mut()
            .insert(f.name.to_string(), true);
        let result = match &f.body {
            crate::catalog::FunctionBody::Columns(_) => true,
            crate::catalog::FunctionBody::Query(text) => {
                let q = crate::kql::parse(text).query;
                self.body_is_tabular(&q.statements)
            }
        };
        self.tabular_fns
            .borrow_mut()
            .insert(f.name.to_string(), result);
        result
    }

    /// Evaluates a tabular expression.
    pub(crate) fn tabular(&mut self, e: &ast::Expr) -> Result<Table> {
        self.check_time(e.span, "query")?;
        match &e.kind {
            ExprKind::Paren(inner) => self.tabular(inner),
            ExprKind::Pipeline { source, ops } => {
                let mut t = self.tabular(source)?;
                for op in ops {
                    t = self.pipe(op, t)?;
                }
                Ok(t)
            }
            ExprKind::Source(op) => self.pipe(op, Table::default()),
            ExprKind::Name(id) => self.table_by_name(&id.name, id.span, &[]),
            ExprKind::Call {
                target: None,
                name,
                args,
            } => match name.name.as_str() {
                "materialize" | "view" if args.len() == 1 => self.tabular(&args[0].value),
                "cluster" | "database" => Err(ExecError::new(
                    "`cluster()`/`database()` reach outside the given tables; the engine runs only over local data",
                    e.span,
                )),
                "table" if !args.is_empty() => {
                    let one = one_row();
                    let n = self.eval(&args[0].value, &one)?.get(0).to_kusto_string();
                    self.table_by_name(&n, e.span, &[])
                }
                _ => self.table_by_name(&name.name, name.span, args),
            },
            ExprKind::Call {
                target: Some(_), ..
            }
            | ExprKind::Member { .. } => Err(ExecError::new(
                "`cluster()`/`database()` reach outside the given tables; the engine runs only over local data",
                e.span,
            )),
            _ => Err(ExecError::new("a tabular expression was expected", e.span)),
        }
    }

    /// A table, a tabular `let`, or a function call by name.
    pub(crate) fn table_by_name(
        &mut self,
        name: &str,
        span: Span,
        args: &[ast::Arg],
    ) -> Result<Table> {
        match self.lookup(name) {
            Some(Binding::Table(t)) => return Ok((*t).clone()),
            Some(Binding::Function(f)) => return self.call_local_tabular(&f, args, span, None),
            Some(_) => {
                return Err(ExecError::new(format!("`{name}` is not a table"), span));
            }
            None => {}
        }
        if let Some(t) = self.data.get(name) {
            return Ok(t.clone());
        }
        if let Some(t) = self.catalog.table(name) {
            return Ok(Table::empty(&Schema::new(t.columns().to_vec())));
        }
        if let Some(f) = self.catalog.function(name).cloned() {
            // A function naming itself (a parser over a table of its own name) reads the
            // table, which has no data here.
            if self.calling.iter().any(|n| n == name) {
                return Ok(Table::default());
            }
            return self.call_catalog_tabular(&f, args, span, None);
        }
        Err(ExecError::new(
            format!("`{name}` is not a table of the catalog or of the data"),
            span,
        ))
    }

    /// Binds a function's parameters: tabular ones to tables, scalar ones to columns of the
    /// calling rows (or constants), missing ones to their defaults.
    fn bind_params(
        &mut self,
        params: &[ast::Param],
        args: &[ast::Arg],
        input: Option<Table>,
        rows: &Table,
    ) -> Result<FxHashMap<String, Binding>> {
        let mut scope = FxHashMap::default();
        let mut args_iter = args.iter();
        let mut input = input;
        for p in params {
            let tabular = matches!(p.ty, ast::ParamType::Tabular { .. });
            if tabular && let Some(t) = input.take() {
                scope.insert(p.name.name.clone(), Binding::Table(Arc::new(t)));
                continue;
            }
            let arg = args_iter.next();
            let b = match (arg, tabular) {
                (Some(a), true) => Binding::Table(Arc::new(self.tabular(&a.value)?)),
                (Some(a), false) => {
                    let v = self.eval(&a.value, rows)?;
                    let ty = match &p.ty {
                        ast::ParamType::Scalar(t) => t.ty.unwrap_or(v.ty()),
                        _ => v.ty(),
                    };
                    match v {
                        ArgColumn::Scalar(x, _) => Binding::Scalar(coerce(&x, ty), ty),
                        // An argument computed over one row (a tabular function's call, whose
                        // arguments are evaluated on one row) is a scalar: as a column of one
                        // row it would meet the body's tables of other lengths.
                        c if rows.rows == 1 => Binding::Scalar(coerce(&c.get(0), ty), ty),
                        c => Binding::Column(c),
                    }
                }
                (None, _) => self.param_default(p)?,
            };
            scope.insert(p.name.name.clone(), b);
        }
        Ok(scope)
    }

    pub(crate) fn call_local_tabular(
        &mut self,
        f: &ast::Function,
        args: &[ast::Arg],
        span: Span,
        input: Option<Table>,
    ) -> Result<Table> {
        if self.depth >= MAX_DEPTH {
            return Err(ExecError::new("functions call each other too deeply", span));
        }
        let one = one_row();
        let scope = self.bind_params(&f.params, args, input, &one)?;
        self.scopes.push(scope);
        self.depth += 1;
        let r = self.statements(&f.body);
        self.depth -= 1;
        self.scopes.pop();
        r?.ok_or_else(|| ExecError::new("the function returns no table", span))
    }

    pub(crate) fn call_local_scalar(
        &mut self,
        f: &ast::Function,
        args: &[ast::Arg],
        span: Span,
        t: &Table,
    ) -> Result<ArgColumn> {
        if self.depth >= MAX_DEPTH {
            return Err(ExecError::new("functions call each other too deeply", span));
        }
        if self.body_is_tabular(&f.body) {
            // A tabular function used as a value: its single cell (as `toscalar` would).
            let table = self.call_local_tabular(f, args, span, None)?;
            return Ok(first_cell(&table));
        }
        let scope = self.bind_params(&f.params, args, None, t)?;
        self.scopes.push(scope);
        self.depth += 1;
        let r = self.scalar_body(&f.body, t, span);
        self.depth -= 1;
        self.scopes.pop();
        r
    }

    fn scalar_body(&mut self, body: &[ast::Statement], t: &Table, span: Span) -> Result<ArgColumn> {
        let mut last = None;
        for st in body {
            match &st.kind {
                StatementKind::Let { name, value } => {
                    let b = match value {
                        ast::LetValue::Function(f) => Binding::Function(Rc::new(f.clone())),
                        ast::LetValue::Expr(e) if self.is_tabular(e) => {
                            Binding::Table(Arc::new(self.tabular(e)?))
                        }
                        ast::LetValue::Expr(e) => match self.eval(e, t)? {
                            ArgColumn::Scalar(v, ty) => Binding::Scalar(v, ty),
                            c => Binding::Column(c),
                        },
                    };
                    self.bind(&name.name, b);
                }
                StatementKind::Expr(e) => last = Some(self.eval(e, t)?),
                _ => {}
            }
        }
        last.ok_or_else(|| ExecError::new("the function has no value", span))
    }

    fn parsed_body(&mut self, f: &UserFunction, span: Span) -> Result<Option<Rc<ast::Query>>> {
        let text = match &f.body {
            crate::catalog::FunctionBody::Query(text) => text,
            crate::catalog::FunctionBody::Columns(_) => return Ok(None),
        };
        if let Some(q) = self.parsed.get(&*f.name) {
            return Ok(Some(q.clone()));
        }
        let parsed = crate::kql::parse(text);
        if let Some(e) = parsed.errors.first() {
            return Err(ExecError::new(
                format!(
                    "the function `{}` has a syntax error: {}",
                    f.name, e.message
                ),
                span,
            ));
        }
        let q = Rc::new(parsed.query);
        self.parsed.insert(f.name.to_string(), q.clone());
        Ok(Some(q))
    }

    fn catalog_params(f: &UserFunction) -> Vec<ast::Param> {
        // Catalog parameters are declared as text: parse `(a:string = "x", T:(*))` through a
        // function declaration so defaults are real expressions.
        let decl: Vec<String> = f
            .params
            .iter()
            .map(|p| {
                let ty = match &p.ty {
                    crate::catalog::ParamType::Scalar(t) => t.name().to_string(),
                    crate::catalog::ParamType::Tabular(_) => "(*)".to_string(),
                };
                match &p.default {
                    // Parser YAML gives a string default as its text (`Default: '*'`).
                    Some(d)
                        if ty == "string"
                            && !(d.starts_with('"')
                                || d.starts_with('\'')
                                || d.starts_with('@')) =>
                    {
                        let mut quoted = String::new();
                        crate::exec::value::write_json_string(&mut quoted, d);
                        format!("{}:{ty} = {quoted}", p.name)
                    }
                    Some(d) => format!("{}:{ty} = {d}", p.name),
                    None => format!("{}:{ty}", p.name),
                }
            })
            .collect();
        let text = format!("let f = ({}) {{ print 1 }};", decl.join(", "));
        let parsed = crate::kql::parse(&text);
        match parsed.query.statements.first().map(|s| &s.kind) {
            Some(StatementKind::Let {
                value: ast::LetValue::Function(func),
                ..
            }) => func.params.clone(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn call_catalog_tabular(
        &mut self,
        f: &Arc<UserFunction>,
        args: &[ast::Arg],
        span: Span,
        input: Option<Table>,
    ) -> Result<Table> {
        let Some(body) = self.parsed_body(f, span)? else {
            // Declared columns only (ASIM parsers without a body): no rows.
            if let crate::catalog::FunctionBody::Columns(schema) = &f.body {
                return Ok(Table::empty(schema));
            }
            return Ok(Table::default());
        };
        if self.depth >= MAX_DEPTH {
            return Err(ExecError::new("functions call each other too deeply", span));
        }
        let params = Self::catalog_params(f);
        let one = one_row();
        let scope = self.bind_params(&params, args, input, &one)?;
        // A catalog function sees only the catalog and its parameters, not the caller's lets.
        let saved = std::mem::replace(&mut self.scopes, vec![scope]);
        self.depth += 1;
        self.calling.push(f.name.to_string());
        let warned = self.warnings.len();
        let r = self.statements(&body.statements);
        self.calling.pop();
        self.place_warnings(warned, &f.name, span);
        self.depth -= 1;
        self.scopes = saved;
        r.map_err(|e| ExecError::new(format!("in the function `{}`: {}", f.name, e.message), span))?
            .ok_or_else(|| {
                ExecError::new(format!("the function `{}` returns no table", f.name), span)
            })
    }

    pub(crate) fn call_catalog_scalar(
        &mut self,
        f: &Arc<UserFunction>,
        args: &[ast::Arg],
        span: Span,
        t: &Table,
    ) -> Result<ArgColumn> {
        let Some(body) = self.parsed_body(f, span)? else {
            return Err(ExecError::new(format!("`{}` is a table", f.name), span));
        };
        if self.body_is_tabular(&body.statements) {
            let table = self.call_catalog_tabular(f, args, span, None)?;
            return Ok(first_cell(&table));
        }
        let params = Self::catalog_params(f);
        let scope = self.bind_params(&params, args, None, t)?;
        let saved = std::mem::replace(&mut self.scopes, vec![scope]);
        self.depth += 1;
        let r = self.scalar_body(&body.statements, t, span);
        self.depth -= 1;
        self.scopes = saved;
        r
    }

    pub(crate) fn check_time(&self, span: Span, what: &str) -> Result<()> {
        if self.start.elapsed() > self.limits.timeout {
            return Err(ExecError::new(
                format!(
                    "the query ran longer than the time limit ({:?}) in `{what}`",
                    self.limits.timeout
                ),
                span,
            ));
        }
        Ok(())
    }

    fn check_limits(&self, op: &ast::PipeOp, t: &Table) -> Result<()> {
        let name = op_name(&op.kind);
        if t.rows > self.limits.max_rows {
            return Err(ExecError::new(
                format!(
                    "`{name}` produced {} rows, more than the limit of {} (--max-rows)",
                    t.rows, self.limits.max_rows
                ),
                op.span,
            ));
        }
        let size = t.heap_size();
        if size > self.limits.max_memory {
            return Err(ExecError::new(
                format!(
                    "`{name}` needed about {} MB, more than the limit of {} MB (--max-memory)",
                    size >> 20,
                    self.limits.max_memory >> 20
                ),
                op.span,
            ));
        }
        self.check_time(op.span, name)
    }

    /// Runs one pipe operator over its input.
    pub(crate) fn pipe(&mut self, op: &ast::PipeOp, input: Table) -> Result<Table> {
        let out = self.pipe_inner(op, input)?;
        let out = self.conform(op, out);
        self.check_limits(op, &out)?;
        Ok(out)
    }

    /// Gives a result the names and types the analysis computed for its operator.
    fn conform(&self, op: &ast::PipeOp, mut t: Table) -> Table {
        let Some(schema) = self.schemas.get(&(op as *const ast::PipeOp as usize)) else {
            return t;
        };
        if schema.open || schema.columns.len() != t.columns.len() {
            return t;
        }
        for (i, c) in schema.columns.iter().enumerate() {
            t.columns[i].0 = c.name.clone();
            let have = t.columns[i].1;
            if c.ty != ScalarType::Unknown && c.ty != have {
                let cast = t.data[i].cast(c.ty);
                t.columns[i].1 = cast.ty;
                t.data[i] = Arc::new(cast);
            }
        }
        t
    }

    fn pipe_inner(&mut self, op: &ast::PipeOp, input: Table) -> Result<Table> {
        use crate::exec::ops;
        let span = op.span;
        match &op.kind {
            OpKind::Where(e) => ops::filter::where_(self, e, input),
            OpKind::Extend(items) => ops::project::extend(self, items, input),
            OpKind::Serialize(items) => ops::project::extend(self, items, input),
            OpKind::Project(items) => ops::project::project(self, items, input),
            // In a catalog parser, a column its table's catalog schema lacks is absent here:
            // removing, keeping or renaming it does nothing (see `eval_name`).
            OpKind::ProjectAway(items) if !self.calling.is_empty() => {
                ops::project::project_away(&present(items, &input), input, span)
            }
            OpKind::ProjectKeep(items) if !self.calling.is_empty() => {
                ops::project::project_keep(&present(items, &input), input, span)
            }
            OpKind::ProjectRename(items) if !self.calling.is_empty() => {
                let items: Vec<ast::NamedExpr> = items
                    .iter()
                    .filter(|i| !present(std::slice::from_ref(&i.expr), &input).is_empty())
                    .cloned()
                    .collect();
                ops::project::project_rename(&items, input)
            }
            OpKind::ProjectAway(items) => ops::project::project_away(items, input, span),
            OpKind::ProjectKeep(items) => ops::project::project_keep(items, input, span),
            OpKind::ProjectRename(items) => ops::project::project_rename(items, input),
            OpKind::ProjectReorder(keys) => ops::project::project_reorder(keys, input),
            OpKind::Print(items) => ops::sources::print(self, items),
            OpKind::Range {
                column,
                from,
                to,
                step,
            } => ops::sources::range(self, column, from, to, step, span),
            OpKind::Datatable { columns, values } => {
                ops::sources::datatable(self, columns, values, span)
            }
            OpKind::ExternalData { columns, .. } => {
                self.warn(
                    "`externaldata` was not read: sentinel-lint never reaches files or the network; \
                     it is an empty table with the declared columns",
                    span,
                );
                ops::sources::datatable(self, columns, &[], span)
            }
            OpKind::Input => match self.inputs.last() {
                Some(t) => Ok((**t).clone()),
                None => Ok(input),
            },
            OpKind::Take { count, .. } => ops::filter::take(self, count, input),
            OpKind::Count => ops::filter::count(input),
            OpKind::GetSchema => ops::sources::getschema(input),
            OpKind::Render { .. } => Ok(input),
            OpKind::As { name, .. } => {
                self.bind(&name.name, Binding::Table(Arc::new(input.clone())));
                Ok(input)
            }
            OpKind::Invoke(call) => self.invoke(call, input),
            OpKind::Error => Err(ExecError::new("the query has a syntax error here", span)),
            other => ops::dispatch_more(self, other, input, span),
        }
    }

    /// `T | invoke f(args)`: the input is the function's first (tabular) parameter.
    fn invoke(&mut self, call: &ast::Expr, input: Table) -> Result<Table> {
        let ExprKind::Call {
            target: None,
            name,
            args,
        } = &call.kind
        else {
            return Err(ExecError::new("`invoke` needs a function call", call.span));
        };
        if let Some(Binding::Function(f)) = self.lookup(&name.name) {
            return self.call_local_tabular(&f, args, call.span, Some(input));
        }
        if let Some(f) = self.catalog.function(&name.name).cloned() {
            return self.call_catalog_tabular(&f, args, call.span, Some(input));
        }
        Err(ExecError::new(
            format!("`{}` is not a function", name.name),
            name.span,
        ))
    }
}

/// A table of one row and no columns, to evaluate constants against.
pub(crate) fn one_row() -> Table {
    Table {
        rows: 1,
        ..Table::default()
    }
}

fn first_cell(t: &Table) -> ArgColumn {
    match t.data.first() {
        Some(c) if t.rows > 0 => ArgColumn::Scalar(c.get(0), c.ty),
        Some(c) => ArgColumn::Scalar(Value::Null, c.ty),
        None => ArgColumn::Scalar(Value::Null, ScalarType::Dynamic),
    }
}

/// Converts a value to a type as a typed parameter would.
pub(crate) fn coerce(v: &Value, ty: ScalarType) -> Value {
    if v.is_null() || v.scalar_type() == Some(ty) {
        return v.clone();
    }
    Column::from_values(ty, std::slice::from_ref(v)).get(0)
}

pub(crate) fn op_name(kind: &OpKind) -> &'static str {
    match kind {
        OpKind::Where(_) => "where",
        OpKind::Extend(_) => "extend",
        OpKind::Project(_) => "project",
        OpKind::ProjectAway(_) => "project-away",
        OpKind::ProjectKeep(_) => "project-keep",
        OpKind::ProjectRename(_) => "project-rename",
        OpKind::ProjectReorder(_) => "project-reorder",
        OpKind::Summarize { .. } => "summarize",
        OpKind::Join { .. } => "join",
        OpKind::Lookup { .. } => "lookup",
        OpKind::Union { .. } => "union",
        OpKind::MvExpand { .. } => "mv-expand",
        OpKind::MvApply { .. } => "mv-apply",
        OpKind::Parse { where_: false, .. } => "parse",
        OpKind::Parse { .. } => "parse-where",
        OpKind::ParseKv { .. } => "parse-kv",
        OpKind::Top { .. } => "top",
        OpKind::TopNested(_) => "top-nested",
        OpKind::TopHitters { .. } => "top-hitters",
        OpKind::Sort { .. } => "sort",
        OpKind::Take { .. } => "take",
        OpKind::Sample(_) => "sample",
        OpKind::SampleDistinct { .. } => "sample-distinct",
        OpKind::Distinct { .. } => "distinct",
        OpKind::Count => "count",
        OpKind::As { .. } => "as",
        OpKind::Invoke(_) => "invoke",
        OpKind::Evaluate { .. } => "evaluate",
        OpKind::MakeSeries { .. } => "make-series",
        OpKind::Serialize(_) => "serialize",
        OpKind::Render { .. } => "render",
        OpKind::GetSchema => "getschema",
        OpKind::Fork(_) => "fork",
        OpKind::Facet { .. } => "facet",
        OpKind::Partition { .. } => "partition",
        OpKind::Scan { .. } => "scan",
        OpKind::Consume(_) => "consume",
        OpKind::Reduce { .. } => "reduce",
        OpKind::Search { .. } => "search",
        OpKind::Find { .. } => "find",
        OpKind::Print(_) => "print",
        OpKind::Range { .. } => "range",
        OpKind::Datatable { .. } => "datatable",
        OpKind::ExternalData { .. } => "externaldata",
        OpKind::Input => "input",
        OpKind::Error => "error",
    }
}

/// The items that are not names of columns `input` lacks.
fn present(items: &[ast::Expr], input: &Table) -> Vec<ast::Expr> {
    items
        .iter()
        .filter(|e| !matches!(&e.kind, ExprKind::Name(id) if input.index_of(&id.name).is_none()))
        .cloned()
        .collect()
}
