//! The tabular operators, one family per file. `exec.rs` dispatches the common ones;
//! [`dispatch_more`] the rest.

pub(crate) mod filter;
pub(crate) mod project;
pub(crate) mod sources;

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
        other => Err(ExecError::new(
            format!("the engine does not run `{}`", op_name(other)),
            span,
        )),
    }
}
