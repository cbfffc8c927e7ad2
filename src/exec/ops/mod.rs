//! The tabular operators, one family per file. `exec.rs` dispatches the common ones;
//! [`dispatch_more`] the rest.

pub(crate) mod basket;
pub(crate) mod evaluate;
pub(crate) mod filter;
pub(crate) mod group;
pub(crate) mod ipv4_lookup;
pub(crate) mod join;
pub(crate) mod misc;
pub(crate) mod mv_expand;
pub(crate) mod nested;
pub(crate) mod parse;
pub(crate) mod project;
pub(crate) mod scan;
pub(crate) mod search;
pub(crate) mod series;
pub(crate) mod sort;
pub(crate) mod sources;
pub(crate) mod summarize;
pub(crate) mod union;

use crate::diag::Span;
use crate::exec::executor::{Exec, op_name};
use crate::exec::table::Table;
use crate::exec::{ExecError, Result};
use crate::kql::ast::OpKind;

pub(crate) fn dispatch_more(
    ex: &mut Exec,
    kind: &OpKind,
    input: Table,
    span: Span,
) -> Result<Table> {
    match kind {
        OpKind::Sample(count) => filter::sample(ex, count, input),
        OpKind::Summarize { aggregates, by, .. } => {
            summarize::summarize(ex, aggregates, by, input, span)
        }
        OpKind::Distinct { columns, .. } => summarize::distinct(ex, columns, input),
        OpKind::Sort { by, .. } => sort::sort(ex, by, input),
        OpKind::Top { count, by, .. } => sort::top(ex, count, by, input),
        OpKind::Join { params, right, on } => join::join(ex, params, right, on, input, span, false),
        OpKind::Lookup { params, right, on } => {
            join::join(ex, params, right, on, input, span, true)
        }
        OpKind::Union { params, legs } => {
            // As a source (`union A, B`) the input is empty and not a leg.
            let leg0 = (!input.columns.is_empty() || input.rows > 0).then_some(input);
            union::union(ex, params, legs, leg0, span)
        }
        OpKind::MvExpand {
            params,
            items,
            limit,
        } => mv_expand::mv_expand(ex, params, items, limit.as_ref(), input, span),
        OpKind::MvApply {
            params,
            items,
            limit,
            body,
            ..
        } => mv_expand::mv_apply(ex, params, items, limit.as_ref(), body, input, span),
        OpKind::Parse {
            where_,
            params,
            source,
            pattern,
        } => parse::parse(ex, *where_, params, source, pattern, input, span),
        OpKind::ParseKv {
            source,
            columns,
            with,
        } => parse::parse_kv(ex, source, columns, with, input),
        OpKind::MakeSeries {
            params,
            aggregates,
            on,
            range,
            by,
        } => series::make_series(ex, params, aggregates, on, range, by, input, span),
        OpKind::TopNested(levels) => nested::top_nested(ex, levels, input, span),
        OpKind::Evaluate { call, schema, .. } => {
            evaluate::evaluate(ex, call, schema.as_ref(), input, span)
        }
        OpKind::Search {
            tables, predicate, ..
        } => {
            let piped = (!input.columns.is_empty() || input.rows > 0).then_some(input);
            search::search(ex, tables, predicate, piped)
        }
        OpKind::Find {
            params,
            tables,
            predicate,
            project,
            ..
        } => search::find(ex, params, tables, predicate, project.as_ref()),
        OpKind::Fork(legs) => misc::fork(ex, legs, input),
        OpKind::Facet { by, with } => misc::facet(ex, by, with.as_deref(), input),
        OpKind::Partition { by, body, .. } => misc::partition(ex, by, body, input),
        OpKind::SampleDistinct { count, of } => misc::sample_distinct(ex, count, of, input),
        OpKind::TopHitters { count, of, by } => {
            misc::top_hitters(ex, count, of, by.as_ref(), input)
        }
        OpKind::Scan {
            params,
            order_by,
            partition_by,
            declare,
            steps,
        } => scan::scan(
            ex,
            params,
            order_by,
            partition_by,
            declare,
            steps,
            input,
            span,
        ),
        OpKind::Consume(_) => Ok(input),
        other => Err(ExecError::new(
            format!("the engine does not run `{}`", op_name(other)),
            span,
        )),
    }
}
