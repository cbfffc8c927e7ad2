//! Base64: `base64_encode_tostring`, `base64_decode_tostring`, `base64_decode_toarray`,
//! `base64_encode_fromarray`, and their deprecated spellings.

use super::args::{array, dyn_value, string, text};
use super::{EvalContext, Registry, ret_dynamic, ret_string};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    for name in ["base64_encode_tostring", "base64_encodestring"] {
        r.row(name, 1, 1, ret_string, |a, _| {
            string(encode(text(&a[0]).as_bytes()))
        });
    }
    for name in ["base64_decode_tostring", "base64_decodestring"] {
        r.row(name, 1, 1, ret_string, decode_tostring);
    }
    r.row("base64_decode_toarray", 1, 1, ret_dynamic, decode_toarray);
    r.row(
        "base64_encode_fromarray",
        1,
        1,
        ret_string,
        encode_fromarray,
    );
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, whitespace ignored); `None` when invalid.
pub(super) fn decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for c in s.bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None;
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (padding <= 2 && bits < 6).then_some(out)
}

/// `base64_decode_tostring(s)` (`base64-decode-tostring-function.md`): the UTF-8 text;
/// bytes that are not UTF-8 give null (the empty string).
fn decode_tostring(a: &[Value], _: &EvalContext) -> Value {
    match decode(&text(&a[0])).and_then(|b| String::from_utf8(b).ok()) {
        Some(s) => string(s),
        None => string(""),
    }
}

/// `base64_decode_toarray(s)` (`base64-decode-toarray-function.md`): the bytes as longs.
fn decode_toarray(a: &[Value], _: &EvalContext) -> Value {
    match decode(&text(&a[0])) {
        Some(bytes) => dyn_value(Dynamic::array(
            bytes.into_iter().map(|b| Dynamic::Long(b as i64)).collect(),
        )),
        None => Value::Null,
    }
}

/// `base64_encode_fromarray(array)`: the base64 of an array of byte values.
fn encode_fromarray(a: &[Value], _: &EvalContext) -> Value {
    let Some(items) = array(&a[0]) else {
        return string("");
    };
    let mut bytes = Vec::with_capacity(items.len());
    for item in items.iter() {
        match item {
            Dynamic::Long(x) if (0..=255).contains(x) => bytes.push(*x as u8),
            _ => return string(""),
        }
    }
    string(encode(&bytes))
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn base64_round_trips() {
        assert_eq!(encode(b"Kusto"), "S3VzdG8=");
        assert_eq!(decode("S3VzdG8=").as_deref(), Some(&b"Kusto"[..]));
        assert_eq!(encode(b""), "");
        assert_eq!(decode("S3VzdG8"), Some(b"Kusto".to_vec()));
        assert_eq!(decode("S3V*"), None);
    }
}
