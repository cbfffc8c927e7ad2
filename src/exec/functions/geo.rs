//! `geo_info_from_ip_address(ip)` (`geo-info-from-ip-address-function.md`). Kusto answers
//! from MaxMind's GeoLite2 database, whose licence does not allow bundling it here, and the
//! engine reaches no network: every address gets the empty property bag, the documented
//! answer when no information is available. Queries that read `.country` get null.

use super::{EvalContext, Registry, ret_dynamic};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("geo_info_from_ip_address", 1, 1, ret_dynamic, geo_info);
}

fn geo_info(a: &[Value], _: &EvalContext) -> Value {
    if a[0].is_null() {
        return Value::Null;
    }
    Value::Dynamic(Dynamic::bag(Vec::new()))
}
