//! The output schema of every tabular operator.

use std::rc::Rc;
use std::sync::Arc;

use super::binder::{Binder, Binding, Row, Val};
use super::builder::{Builder, Origin, UniqueNames, occurrences};
use super::codes;
use super::expr::AggResult;
use crate::catalog::{Column, Schema};
use crate::kql::ast::{self, ExprKind, OpKind, OpParam, ParsePart};
use crate::kql::types::ScalarType;

/// The empty input given to a source operator (`union` at the start of a query).
fn op_is_source(input: &Schema) -> bool {
    input.columns.is_empty() && !input.open
}

/// The columns of the series functions that return several values.
pub(crate) fn tuple_members(name: &str) -> Option<&'static [(&'static str, ScalarType)]> {
    use ScalarType::{Dynamic as D, Long as L, Real as R};
    Some(match name {
        "series_fit_line" => &[
            ("rsquare", R),
            ("slope", R),
            ("variance", R),
            ("rvariance", R),
            ("interception", R),
            ("line_fit", D),
        ],
        "series_stats" => &[
            ("min", R),
            ("min_idx", L),
            ("max", R),
            ("max_idx", L),
            ("avg", R),
            ("stdev", R),
            ("variance", R),
        ],
        "series_decompose" => &[
            ("baseline", D),
            ("seasonal", D),
            ("trend", D),
            ("residual", D),
        ],
        "series_decompose_anomalies" => &[("ad_flag", D), ("ad_score", D), ("baseline", D)],
        "series_periods_detect" | "series_periods_validate" => &[("periods", D), ("scores", D)],
        "series_fit_poly" => &[
            ("rsquare", R),
            ("coefficients", D),
            ("variance", R),
            ("rvariance", R),
            ("poly_fit", D),
        ],
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Default,
    Extend,
    Print,
    Summarize,
}

pub(crate) fn param<'a>(params: &'a [OpParam], name: &str) -> Option<&'a ast::Expr> {
    params
        .iter()
        .find(|p| p.name.name.eq_ignore_ascii_case(name))
        .map(|p| &p.value)
}

pub(crate) fn param_word(params: &[OpParam], name: &str) -> Option<String> {
    match &param(params, name)?.kind {
        ExprKind::Name(id) => Some(id.name.to_ascii_lowercase()),
        ExprKind::Literal(l) => Some(l.raw.trim_matches(['"', '\'']).to_ascii_lowercase()),
        _ => None,
    }
}

/// Matches `Security*`-style patterns (any number of `*`).
pub(crate) fn wildcard_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

impl<'q> Binder<'q, '_> {
    pub(crate) fn pipe_op(
        &mut self,
        op: &'q ast::PipeOp,
        input: Rc<Schema>,
        outer: Row<'_>,
    ) -> Rc<Schema> {
        let out = self.pipe_op_schema(op, input, outer);
        if let Some(map) = &mut self.op_schemas {
            map.insert(op as *const ast::PipeOp as usize, out.clone());
        }
        out
    }

    fn pipe_op_schema(
        &mut self,
        op: &'q ast::PipeOp,
        input: Rc<Schema>,
        outer: Row<'_>,
    ) -> Rc<Schema> {
        let row = Row::new(&input);
        match &op.kind {
            OpKind::Where(e) => {
                self.value(e, row);
                input
            }
            OpKind::Extend(items) | OpKind::Serialize(items) => {
                let mut b = Builder::new();
                b.add_inputs(&input.columns, false, true, false);
                self.project_columns(items, &mut b, Style::Extend, false, row);
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::Project(items) => {
                let mut b = Builder::new();
                self.project_columns(items, &mut b, Style::Default, false, row);
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::ProjectAway(list) => {
                let mut cols = input.columns.clone();
                for e in list {
                    match &e.kind {
                        ExprKind::Name(id) => {
                            if input.column(&id.name).is_none() {
                                self.unknown_name(id, row);
                            }
                            cols.retain(|c| *c.name != id.name);
                        }
                        ExprKind::Wildcard(p) => cols.retain(|c| !wildcard_match(p, &c.name)),
                        _ => {}
                    }
                }
                Rc::new(Schema {
                    columns: cols,
                    open: input.open,
                })
            }
            OpKind::ProjectKeep(list) => {
                let keep = |c: &Column| {
                    list.iter().any(|e| match &e.kind {
                        ExprKind::Name(id) => *c.name == id.name,
                        ExprKind::Wildcard(p) => wildcard_match(p, &c.name),
                        _ => false,
                    })
                };
                for e in list {
                    if let ExprKind::Name(id) = &e.kind
                        && input.column(&id.name).is_none()
                    {
                        self.unknown_name(id, row);
                    }
                }
                let cols: Vec<Column> = input.columns.iter().filter(|c| keep(c)).cloned().collect();
                let mut cols = cols;
                if input.open {
                    for e in list {
                        if let ExprKind::Name(id) = &e.kind
                            && input.column(&id.name).is_none()
                        {
                            cols.push(Column::new(id.name.as_str(), ScalarType::Unknown));
                        }
                    }
                }
                Rc::new(Schema {
                    columns: cols,
                    open: input.open,
                })
            }
            OpKind::ProjectRename(items) => {
                // Every input column counts as declared: `a = b` where `a` is already a column
                // is refused (KS171) and leaves both columns as they were.
                let mut b = Builder::new();
                b.add_inputs(&input.columns, false, true, true);
                let mut open = input.open;
                for item in items {
                    let Some(new) = item.names.first() else {
                        continue;
                    };
                    if let ExprKind::Name(old) = &item.expr.kind {
                        if input.column(&old.name).is_none() {
                            self.unknown_name(old, row);
                            if input.open {
                                open = true;
                            }
                        }
                        b.rename(&old.name, Arc::from(new.name.as_str()));
                    }
                }
                Rc::new(Schema {
                    columns: b.finish(),
                    open,
                })
            }
            OpKind::ProjectReorder(keys) => {
                let mut b = Builder::new();
                for k in keys {
                    match &k.expr.kind {
                        ExprKind::Name(id) => match input.column(&id.name) {
                            Some(c) => {
                                b.add(c.clone(), None, false, true, Origin::Input);
                            }
                            None => {
                                // Kusto.Language keeps the unknown name as a column.
                                self.unknown_name(id, row);
                                b.add(
                                    Column::new(id.name.as_str(), ScalarType::Unknown),
                                    None,
                                    false,
                                    true,
                                    Origin::New,
                                );
                            }
                        },
                        ExprKind::Wildcard(p) => {
                            let mut matched: Vec<(&Column, u32)> = input
                                .columns
                                .iter()
                                .zip(occurrences(&input.columns))
                                .filter(|(c, _)| wildcard_match(p, &c.name))
                                .collect();
                            match k.dir {
                                Some(ast::SortDir::Asc | ast::SortDir::GrannyAsc) => {
                                    matched.sort_by(|a, b| a.0.name.cmp(&b.0.name))
                                }
                                Some(ast::SortDir::Desc | ast::SortDir::GrannyDesc) => {
                                    matched.sort_by(|a, b| b.0.name.cmp(&a.0.name))
                                }
                                None => {}
                            }
                            for (c, k) in matched {
                                b.add(c.clone(), None, false, true, Origin::InputAt(k));
                            }
                        }
                        _ => {}
                    }
                }
                b.add_inputs(&input.columns, false, true, false);
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::Summarize { aggregates, by, .. } => {
                let mut b = Builder::new();
                self.project_columns(by, &mut b, Style::Default, false, row);
                // Input columns grouped by as they are are not repeated by `arg_max(…, *)`.
                for item in by {
                    if item.names.is_empty()
                        && let Some(c) = self.ref_column(&item.expr, row)
                    {
                        b.do_not_add(&c.name);
                    }
                }
                self.aggregating += 1;
                self.project_columns(aggregates, &mut b, Style::Summarize, false, row);
                self.aggregating -= 1;
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::Distinct { columns, .. } => {
                let mut b = Builder::new();
                for item in columns {
                    self.project_one(&item.names, &item.expr, &mut b, Style::Default, false, row);
                }
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::Join { params, right, on } => self.join(params, right, on, input, false),
            OpKind::Lookup { params, right, on } => self.join(params, right, on, input, true),
            OpKind::Union { params, legs } => {
                // A source `union` has no piped input.
                let mut schemas = if matches!(outer.schema.columns.len(), 0) && op_is_source(&input)
                {
                    Vec::new()
                } else {
                    vec![input]
                };
                // `isfuzzy=true` tolerates missing tables: not reported.
                let fuzzy = param_word(params, "isfuzzy").is_some_and(|v| v == "true");
                if fuzzy {
                    self.fuzzy += 1;
                }
                for leg in legs {
                    schemas.push(self.union_leg(leg, outer));
                }
                if fuzzy {
                    self.fuzzy -= 1;
                }
                self.union(params, schemas)
            }
            OpKind::MvExpand {
                params,
                items,
                limit,
            } => {
                if let Some(l) = limit {
                    self.value(l, row);
                }
                self.mv_expand(params, items, &input, row)
            }
            OpKind::MvApply {
                params,
                items,
                limit,
                context_id,
                body,
            } => {
                if let Some(l) = limit {
                    self.value(l, row);
                }
                let expanded = self.mv_expand(params, items, &input, row);
                let mut with_ctx = (*expanded).clone();
                if let Some(id) = context_id {
                    with_ctx
                        .columns
                        .push(Column::new(id.name.as_str(), ScalarType::Long));
                }
                let inner_row = Row::new(&with_ctx);
                let body_schema = self.tabular(body, inner_row);
                // As Kusto.Language's `VisitMvApplyOperator`: the input columns stay but the ones
                // an item applies by bare reference (`mv-apply h on`, not `h = h` or `x = h`),
                // then the sub-query's columns follow, one of a name already there replacing it
                // in place.
                let applied: Vec<&str> = items
                    .iter()
                    .filter(|it| it.named.names.is_empty())
                    .filter_map(|it| match &it.named.expr.kind {
                        ExprKind::Name(id) => Some(id.name.as_str()),
                        _ => None,
                    })
                    .collect();
                let mut b = Builder::new();
                for (c, k) in input.columns.iter().zip(occurrences(&input.columns)) {
                    if !applied.contains(&&*c.name) {
                        b.add(c.clone(), None, false, true, Origin::InputAt(k));
                    }
                }
                for c in &body_schema.columns {
                    b.add(c.clone(), None, true, false, Origin::New);
                }
                let cols = b.finish();
                Rc::new(Schema {
                    columns: cols,
                    open: input.open || body_schema.open,
                })
            }
            OpKind::Parse {
                source, pattern, ..
            } => {
                self.value(source, row);
                let mut cols = input.columns.clone();
                for part in pattern {
                    if let ParsePart::Column(id, ty) = part {
                        let t = ty
                            .as_ref()
                            .map_or(ScalarType::String, |t| t.ty.unwrap_or(ScalarType::Unknown));
                        cols.push(Column::new(id.name.as_str(), t));
                    }
                }
                Rc::new(Schema {
                    columns: cols,
                    open: input.open,
                })
            }
            OpKind::ParseKv {
                source, columns, ..
            } => {
                self.value(source, row);
                let mut cols = input.columns.clone();
                for c in columns {
                    cols.push(Column::new(
                        c.name.name.as_str(),
                        c.ty.ty.unwrap_or(ScalarType::Unknown),
                    ));
                }
                Rc::new(Schema {
                    columns: cols,
                    open: input.open,
                })
            }
            OpKind::Top { count, by, .. } => {
                self.value(count, row);
                self.value(&by.expr, row);
                input
            }
            OpKind::Sort { by, .. } => {
                for k in by {
                    self.value(&k.expr, row);
                }
                input
            }
            OpKind::Take { count, .. } | OpKind::Sample(count) => {
                self.value(count, Row::new(&super::binder::EMPTY));
                input
            }
            OpKind::SampleDistinct { count, of } => {
                self.value(count, Row::new(&super::binder::EMPTY));
                let mut b = Builder::new();
                self.project_one(&[], of, &mut b, Style::Default, false, row);
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open,
                })
            }
            OpKind::TopNested(levels) => {
                let mut s = self.top_nested(levels, row);
                Rc::make_mut(&mut s).open = input.open;
                s
            }
            OpKind::TopHitters { count, of, by } => {
                self.value(count, row);
                let mut b = Builder::new();
                self.project_one(&[], of, &mut b, Style::Default, false, row);
                let of_name = self.result_name(of, row).unwrap_or_default();
                match by {
                    Some(by) => {
                        let t = self.scalar(by, row);
                        let n = self.result_name(by, row).unwrap_or_default();
                        b.add(
                            Column::new(format!("approximate_sum_{n}"), t),
                            None,
                            false,
                            false,
                            Origin::New,
                        );
                    }
                    None => {
                        b.add(
                            Column::new(format!("approximate_count_{of_name}"), ScalarType::Long),
                            None,
                            false,
                            false,
                            Origin::New,
                        );
                    }
                }
                Rc::new(Schema::new(b.finish()))
            }
            OpKind::Count => Rc::new(Schema::new(vec![Column::new("Count", ScalarType::Long)])),
            OpKind::As { name, .. } => {
                self.bind(&name.name, Binding::Value(Val::Table(input.clone())));
                input
            }
            OpKind::Invoke(call) => self.invoke(call, input.clone(), row),
            OpKind::Evaluate { call, .. } => self.evaluate(call, input.clone(), row),
            OpKind::MakeSeries {
                aggregates,
                on,
                range,
                by,
                ..
            } => {
                let mut b = Builder::new();
                self.project_columns(by, &mut b, Style::Default, false, row);
                for a in aggregates {
                    if let Some(d) = &a.default {
                        self.value(d, row);
                    }
                    let mut nb = Builder::new();
                    self.project_columns(
                        std::slice::from_ref(&a.named),
                        &mut nb,
                        Style::Summarize,
                        false,
                        row,
                    );
                    for c in nb.finish() {
                        b.add(
                            Column::new(c.name, ScalarType::Dynamic),
                            None,
                            false,
                            false,
                            Origin::New,
                        );
                    }
                }
                match range {
                    ast::SeriesRange::FromTo { from, to, step } => {
                        for e in [from.as_ref(), to.as_ref(), Some(step)]
                            .into_iter()
                            .flatten()
                        {
                            self.value(e, row);
                        }
                    }
                    ast::SeriesRange::InRange(args) => {
                        for e in args {
                            self.value(e, row);
                        }
                    }
                }
                self.value(on, row);
                let axis = self
                    .result_name(on, row)
                    .unwrap_or_else(|| "Column1".into());
                b.add(
                    Column::new(axis, ScalarType::Dynamic),
                    None,
                    false,
                    false,
                    Origin::New,
                );
                Rc::new(Schema::new(b.finish()))
            }
            OpKind::Render { .. } | OpKind::Consume(_) => input,
            OpKind::GetSchema => Rc::new(Schema::new(vec![
                Column::new("ColumnName", ScalarType::String),
                Column::new("ColumnOrdinal", ScalarType::Long),
                Column::new("DataType", ScalarType::String),
                Column::new("ColumnType", ScalarType::String),
            ])),
            OpKind::Fork(branches) => {
                let mut first = None;
                for br in branches {
                    let s = self.tabular(&br.body, row);
                    first.get_or_insert(s);
                }
                first.unwrap_or(input)
            }
            OpKind::Facet { by, with } => {
                for e in by {
                    self.value(e, row);
                }
                if let Some(w) = with {
                    self.tabular(w, row);
                }
                let first = by.first().and_then(|e| self.ref_column(e, row));
                match first {
                    Some(c) => Rc::new(Schema::new(vec![
                        c,
                        Column::new("count_", ScalarType::Long),
                    ])),
                    None => Rc::new(Schema::open()),
                }
            }
            OpKind::Partition { by, body, .. } => {
                self.value(by, row);
                self.tabular(body, row)
            }
            OpKind::Find {
                params,
                tables,
                predicate,
                project,
                ..
            } if !tables.is_empty() => {
                self.find(params, tables, predicate, project.as_ref(), outer)
            }
            // The input's columns, the declared ones, then the match id (`scan-operator.md`).
            OpKind::Scan {
                params, declare, ..
            } => {
                let mut columns = input.columns.clone();
                for d in declare {
                    let ty = match &d.ty {
                        ast::ParamType::Scalar(t) => t.ty.unwrap_or(ScalarType::Unknown),
                        ast::ParamType::Tabular { .. } => ScalarType::Unknown,
                    };
                    columns.retain(|c| *c.name != *d.name.name);
                    columns.push(Column::new(d.name.name.as_str(), ty));
                }
                if let Some(ExprKind::Name(id)) = param(params, "with_match_id").map(|e| &e.kind) {
                    columns.push(Column::new(id.name.as_str(), ScalarType::Long));
                }
                Rc::new(Schema {
                    columns,
                    open: input.open,
                })
            }
            OpKind::Reduce { .. } | OpKind::Search { .. } | OpKind::Find { .. } => {
                Rc::new(Schema::open())
            }
            OpKind::Print(items) => {
                let mut b = Builder::new();
                let row0 = Row::new(&super::binder::EMPTY);
                for (i, item) in items.iter().enumerate() {
                    let name = format!("print_{i}");
                    if item.names.is_empty() {
                        let t = self.scalar(&item.expr, row0);
                        b.add(
                            Column::new(name.as_str(), t),
                            Some(&name),
                            false,
                            false,
                            Origin::New,
                        );
                    } else {
                        self.project_columns(
                            std::slice::from_ref(item),
                            &mut b,
                            Style::Print,
                            false,
                            row0,
                        );
                    }
                }
                Rc::new(Schema::new(b.finish()))
            }
            OpKind::Range {
                column,
                from,
                to,
                step,
            } => {
                let row0 = Row::new(&super::binder::EMPTY);
                let t = self.scalar(from, row0);
                self.value(to, row0);
                self.value(step, row0);
                let t = match t {
                    ScalarType::Int => ScalarType::Long,
                    t => t,
                };
                Rc::new(Schema::new(vec![Column::new(column.name.as_str(), t)]))
            }
            OpKind::Datatable { columns, .. } | OpKind::ExternalData { columns, .. } => {
                Rc::new(Schema::new(
                    columns
                        .iter()
                        .map(|c| {
                            Column::new(
                                c.name.name.as_str(),
                                c.ty.ty.unwrap_or(ScalarType::Unknown),
                            )
                        })
                        .collect(),
                ))
            }
            OpKind::Input => Rc::new(outer.schema.clone()),
            OpKind::Error => Rc::new(Schema::open()),
        }
    }

    /// Kusto's CreateProjectionColumns over a list of expressions.
    pub(crate) fn project_columns(
        &mut self,
        items: &'q [ast::NamedExpr],
        b: &mut Builder,
        style: Style,
        do_not_repeat: bool,
        row: Row<'_>,
    ) {
        for item in items {
            self.project_one(&item.names, &item.expr, b, style, do_not_repeat, row);
        }
    }

    pub(crate) fn project_one(
        &mut self,
        names: &'q [ast::Ident],
        e: &'q ast::Expr,
        b: &mut Builder,
        style: Style,
        do_not_repeat: bool,
        row: Row<'_>,
    ) {
        let replace_new = style == Style::Extend;
        // Aggregations may produce several columns.
        if style == Style::Summarize
            && let Some((f, fname, args)) = self.as_aggregate_call(e)
        {
            match self.aggregate(&f, e, fname, args, row) {
                AggResult::Tuple(cols) if names.len() > 1 || names.is_empty() || cols.len() > 1 => {
                    for (i, (col, origin)) in cols.into_iter().enumerate() {
                        match names.get(i) {
                            Some(n) => {
                                b.declare(Column::new(n.name.as_str(), col.ty), false, Origin::New)
                            }
                            None => {
                                b.add(col, None, false, do_not_repeat, origin);
                            }
                        }
                    }
                    return;
                }
                AggResult::Tuple(cols) => {
                    let t = cols.first().map_or(ScalarType::Unknown, |c| c.0.ty);
                    if let Some(n) = names.first() {
                        b.declare(Column::new(n.name.as_str(), t), false, Origin::New);
                    } else if let Some((col, origin)) = cols.into_iter().next() {
                        b.add(col, None, false, do_not_repeat, origin);
                    }
                    return;
                }
                AggResult::One(t) => {
                    if let Some(n) = names.first() {
                        b.declare(Column::new(n.name.as_str(), t), false, Origin::New);
                        return;
                    }
                    let name = self.result_name(e, row);
                    let col = Column::new(name.clone().unwrap_or_else(|| "Column1".into()), t);
                    b.add(
                        col,
                        Some(if name.is_some() { &*f.name } else { "Column" })
                            .filter(|_| name.is_none()),
                        false,
                        false,
                        Origin::New,
                    );
                    return;
                }
            }
        }
        if let ExprKind::Call {
            target: None,
            name: fname,
            args,
        } = &e.kind
            && let Some(members) = tuple_members(&fname.name)
            && (names.len() != 1)
            && self.lookup(&fname.name).is_none()
        {
            self.value(e, row);
            if names.is_empty() {
                let arg = args
                    .first()
                    .and_then(|a| self.result_name(&a.value, row))
                    .unwrap_or_default();
                for (m, t) in members {
                    let col = Column::new(format!("{}_{arg}_{m}", fname.name), *t);
                    b.add(col, None, replace_new, false, Origin::New);
                }
            } else {
                for (i, n) in names.iter().enumerate() {
                    let t = members.get(i).map_or(ScalarType::Unknown, |m| m.1);
                    b.declare(Column::new(n.name.as_str(), t), replace_new, Origin::New);
                }
            }
            return;
        }
        if let Some(first) = names.first() {
            let reference = self.ref_column(e, row);
            let t = match &reference {
                Some(c) => {
                    self.value(e, row);
                    c.ty
                }
                None => self.scalar(e, row),
            };
            match reference {
                Some(c) => {
                    b.declare(Column::new(first.name.as_str(), t), true, Origin::New);
                    if do_not_repeat {
                        b.do_not_add(&c.name);
                    }
                }
                None => b.declare(
                    Column::new(first.name.as_str(), t),
                    replace_new,
                    Origin::New,
                ),
            }
            for extra in &names[1..] {
                b.declare(
                    Column::new(extra.name.as_str(), ScalarType::Unknown),
                    replace_new,
                    Origin::New,
                );
            }
            return;
        }
        match &e.kind {
            ExprKind::Star => {
                b.add_inputs(&row.schema.columns, true, do_not_repeat, false);
                return;
            }
            ExprKind::Wildcard(_) => return,
            _ => {}
        }
        if let Some(c) = self.ref_column(e, row) {
            self.value(e, row);
            b.declare(c.clone(), false, Origin::Input);
            if do_not_repeat {
                b.do_not_add(&c.name);
            }
            return;
        }
        let t = self.scalar(e, row);
        // An unknown name over open rows still names a column, of unknown type.
        let name = self.result_name(e, row);
        let col = Column::new(name.clone().unwrap_or_else(|| "Column1".into()), t);
        let base = if name.is_none() { Some("Column") } else { None };
        b.add(col, base, replace_new, false, Origin::New);
    }

    fn mv_expand(
        &mut self,
        params: &'q [OpParam],
        items: &'q [ast::MvItem],
        input: &Rc<Schema>,
        row: Row<'_>,
    ) -> Rc<Schema> {
        let mut b = Builder::new();
        b.add_inputs(&input.columns, false, true, false);
        for item in items {
            let t = item
                .to_type
                .as_ref()
                .map_or(ScalarType::Dynamic, |t| t.ty.unwrap_or(ScalarType::Unknown));
            self.value(&item.named.expr, row);
            let name = match item.named.names.first() {
                Some(n) => Some(n.name.clone()),
                None => self.result_name(&item.named.expr, row),
            };
            let name = name.unwrap_or_else(|| "Column1".into());
            let col = Column::new(name, t);
            b.declare(col, true, Origin::New);
        }
        if let Some(ExprKind::Name(id)) = param(params, "with_itemindex").map(|e| &e.kind) {
            b.add(
                Column::new(id.name.as_str(), ScalarType::Long),
                None,
                false,
                false,
                Origin::New,
            );
        }
        Rc::new(Schema {
            columns: b.finish(),
            open: input.open,
        })
    }

    fn top_nested(&mut self, levels: &'q [ast::TopNestedLevel], row: Row<'_>) -> Rc<Schema> {
        let mut names = UniqueNames::default();
        let mut cols = Vec::new();
        for level in levels {
            if let Some(c) = &level.count {
                self.value(c, row);
            }
            if let Some(o) = &level.others {
                self.value(o, row);
            }
            let of_t = self.scalar(&level.of.expr, row);
            let of_name: Arc<str> = match level.of.names.first() {
                Some(n) => Arc::from(n.name.as_str()),
                None => Arc::from(self.result_name(&level.of.expr, row).unwrap_or_default()),
            };
            let of_name = names.get_or_add(&of_name, None);
            cols.push(Column::new(of_name.clone(), of_t));
            let by_t = match self.as_aggregate_call(&level.by.expr) {
                Some((f, n, args)) => match self.aggregate(&f, &level.by.expr, n, args, row) {
                    AggResult::One(t) => t,
                    AggResult::Tuple(c) => c.first().map_or(ScalarType::Unknown, |c| c.0.ty),
                },
                None => self.scalar(&level.by.expr, row),
            };
            let by_name: Arc<str> = match level.by.names.first() {
                Some(n) => Arc::from(n.name.as_str()),
                None => Arc::from(format!("aggregated_{of_name}")),
            };
            let by_name = names.get_or_add(&by_name, None);
            cols.push(Column::new(by_name, by_t));
        }
        Rc::new(Schema::new(cols))
    }

    fn invoke(&mut self, call: &'q ast::Expr, input: Rc<Schema>, row: Row<'_>) -> Rc<Schema> {
        if let ExprKind::Call {
            target: None,
            name,
            args,
        } = &call.kind
        {
            if let Some(Binding::Function(f)) = self.lookup(&name.name).cloned() {
                return match self.call_local(f, &name.name, args, row, Some(input)) {
                    Val::Table(s) => s,
                    Val::Scalar(_) => Rc::new(Schema::open()),
                };
            }
            if let Some(f) = self.catalog.function(&name.name) {
                let f = f.clone();
                return match self.call_catalog(&f, args, row, Some(input), name.span) {
                    Val::Table(s) => s,
                    Val::Scalar(_) => Rc::new(Schema::open()),
                };
            }
            for a in args {
                self.value(&a.value, row);
            }
            if self.catalog.builtin(&name.name).is_none() {
                self.unknown_function(name);
            }
        }
        Rc::new(Schema::open())
    }

    fn evaluate(&mut self, call: &'q ast::Expr, input: Rc<Schema>, row: Row<'_>) -> Rc<Schema> {
        let ExprKind::Call {
            target: None,
            name,
            args,
        } = &call.kind
        else {
            return Rc::new(Schema::open());
        };
        // Plugin arguments may name columns of other tables (`ipv4_lookup(T, ip, network)`).
        self.quiet += 1;
        let arg_vals: Vec<Val> = args.iter().map(|a| self.value(&a.value, row)).collect();
        self.quiet -= 1;
        match name.name.as_str() {
            "ipv4_lookup" | "ipv6_lookup" | "geo_polygon_lookup" | "geo_line_lookup" => {
                let Some(Val::Table(lookup)) = arg_vals.first() else {
                    return Rc::new(Schema::open());
                };
                let mut b = Builder::new();
                for c in input.columns.iter().chain(&lookup.columns) {
                    b.add(c.clone(), None, false, false, Origin::New);
                }
                Rc::new(Schema {
                    columns: b.finish(),
                    open: input.open || lookup.open,
                })
            }
            "basket" | "autocluster" => {
                let mut cols = vec![
                    Column::new("SegmentId", ScalarType::Long),
                    Column::new("Count", ScalarType::Long),
                    Column::new("Percent", ScalarType::Real),
                ];
                cols.extend(input.columns.iter().cloned());
                Rc::new(Schema {
                    columns: cols,
                    open: input.open,
                })
            }
            "bag_unpack" => {
                let unpacked = args.first().and_then(|a| match &a.value.kind {
                    ExprKind::Name(id) => Some(id.name.clone()),
                    _ => None,
                });
                let cols = input
                    .columns
                    .iter()
                    .filter(|c| Some(&*c.name) != unpacked.as_deref())
                    .cloned()
                    .collect();
                Rc::new(Schema {
                    columns: cols,
                    open: true,
                })
            }
            n => {
                if self.catalog.builtin(n).is_none() {
                    self.report(
                        codes::UNKNOWN_FUNCTION,
                        format!("unknown plugin `{n}`"),
                        name.span,
                        None,
                    );
                }
                Rc::new(Schema::open())
            }
        }
    }
}
