//! `ipv4_range_to_cidr_list(start, end)` (`ipv4-range-to-cidr-list-function.md`): the
//! smallest list of CIDR blocks covering the addresses from start to end inclusive.

use super::args::{dyn_value, text};
use super::ip::parse_v4;
use super::{EvalContext, Registry, ret_dynamic};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row(
        "ipv4_range_to_cidr_list",
        2,
        2,
        ret_dynamic,
        range_to_cidr_list,
    );
}

fn quad(ip: u32) -> String {
    let b = ip.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

fn range_to_cidr_list(a: &[Value], _: &EvalContext) -> Value {
    let (Some((start, _)), Some((end, _))) = (parse_v4(&text(&a[0])), parse_v4(&text(&a[1])))
    else {
        return Value::Null;
    };
    if start > end {
        return Value::Null;
    }
    let mut out = Vec::new();
    let (mut at, end) = (start as u64, end as u64);
    while at <= end {
        // The largest block aligned at `at` that stays within the range.
        let mut size: u64 = if at == 0 {
            1 << 32
        } else {
            at & at.wrapping_neg()
        };
        while at + size - 1 > end {
            size >>= 1;
        }
        let bits = 32 - size.trailing_zeros();
        out.push(Dynamic::String(
            format!("{}/{bits}", quad(at as u32)).into(),
        ));
        at += size;
    }
    dyn_value(Dynamic::array(out))
}
