//! `new_guid()`: a version-4 GUID. Drawn from the query's seeded generator, so a run is
//! reproducible (tests can assert on it) while every row still gets its own value.

use super::{EvalContext, Registry, ret_guid};
use crate::exec::column::{Column, ColumnBuilder};
use crate::exec::eval::ArgColumn;
use crate::exec::value::Value;
use crate::kql::types::ScalarType;

pub(super) fn register(r: &mut Registry) {
    r.column("new_guid", 0, 0, ret_guid, new_guid);
}

fn new_guid(_: &[ArgColumn], rows: usize, ctx: &EvalContext) -> Result<Column, String> {
    let mut b = ColumnBuilder::new(ScalarType::Guid, rows);
    for _ in 0..rows {
        let hi = ctx.next_u64() as u128;
        let lo = ctx.next_u64() as u128;
        let mut g = (hi << 64) | lo;
        // Version 4, RFC 4122 variant.
        g = (g & !(0xF << 76)) | (0x4 << 76);
        g = (g & !(0x3 << 62)) | (0x2 << 62);
        b.push(&Value::Guid(g));
    }
    Ok(b.finish())
}
