//! `base64_encode_fromguid` and `base64_decode_toguid`: a GUID as the base64 of its 16 bytes
//! in .NET's `Guid.ToByteArray` order (the first three groups little-endian), which is what
//! `base64-encode-fromguid-function.md` shows: ae3133f2-6e22-49ae-b06a-16e6a9b212eb gives
//! `8jMxriJurkmwahbmqbIS6w==`.

use super::args::{string, text};
use super::encoding::{decode, encode};
use super::{EvalContext, Registry, ret_guid, ret_string};
use crate::exec::value::{Dynamic, Value, parse_guid};

pub(super) fn register(r: &mut Registry) {
    r.row("base64_encode_fromguid", 1, 1, ret_string, encode_fromguid);
    r.row("base64_decode_toguid", 1, 1, ret_guid, decode_toguid);
}

/// Swaps between the GUID's textual byte order and .NET's (an involution).
fn dotnet_order(mut b: [u8; 16]) -> [u8; 16] {
    b[0..4].reverse();
    b[4..6].reverse();
    b[6..8].reverse();
    b
}

fn encode_fromguid(a: &[Value], _: &EvalContext) -> Value {
    let g = match &a[0] {
        Value::Guid(g) | Value::Dynamic(Dynamic::Guid(g)) => Some(*g),
        Value::String(s) => parse_guid(s),
        _ => None,
    };
    match g {
        Some(g) => string(encode(&dotnet_order(g.to_be_bytes()))),
        None => Value::Null,
    }
}

fn decode_toguid(a: &[Value], _: &EvalContext) -> Value {
    match decode(&text(&a[0])).and_then(|b| <[u8; 16]>::try_from(b).ok()) {
        Some(b) => Value::Guid(u128::from_be_bytes(dotnet_order(b))),
        None => Value::Null,
    }
}
