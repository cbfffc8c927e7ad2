//! Hashes: `hash` (xxhash64, `hash-function.md`), `hash_sha256`, `hash_sha1`, `hash_md5`
//! (lower-case hex of the UTF-8 text), `hash_xxhash64`, `hash_combine`.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::args::{int, string, text};
use super::{EvalContext, Registry, ret_long, ret_string};
use crate::exec::value::{TICKS_PER_DAY, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("hash", 1, 2, ret_long, hash);
    r.row("hash_xxhash64", 1, 2, ret_long, hash);
    r.row("hash_sha256", 1, 1, ret_string, |a, _| {
        hex_digest::<Sha256>(&a[0])
    });
    r.row("hash_sha1", 1, 1, ret_string, |a, _| {
        hex_digest::<Sha1>(&a[0])
    });
    r.row("hash_md5", 1, 1, ret_string, |a, _| {
        hex_digest::<Md5>(&a[0])
    });
    r.row("hash_combine", 2, 64, ret_long, hash_combine);
}

fn hex_digest<D: Digest>(v: &Value) -> Value {
    if v.is_null() {
        return string("");
    }
    let digest = D::digest(text(v).as_bytes());
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    string(out)
}

/// Days from 0001-01-01 to 1970-01-01: .NET ticks count from the former.
const EPOCH_TICKS: i64 = 719_162 * TICKS_PER_DAY;

/// The bytes Kusto hashes for a value: the UTF-8 text of strings, the 8 little-endian bytes
/// of longs, and of datetimes' .NET ticks (`hash(datetime("2015-01-01"))` is the page's
/// 1380966698541616202).
fn hash_bytes(v: &Value) -> Option<Vec<u8>> {
    Some(match v {
        Value::Null => return None,
        Value::Long(x) => x.to_le_bytes().to_vec(),
        Value::Int(x) => (*x as i64).to_le_bytes().to_vec(),
        Value::DateTime(t) => (t + EPOCH_TICKS).to_le_bytes().to_vec(),
        Value::TimeSpan(t) => t.to_le_bytes().to_vec(),
        Value::Real(x) | Value::Decimal(x) => x.to_le_bytes().to_vec(),
        Value::Bool(b) => vec![*b as u8],
        Value::Guid(_) => text(v).into_owned().into_bytes(),
        other => text(other).into_owned().into_bytes(),
    })
}

/// `hash(source[, mod])`.
fn hash(a: &[Value], _: &EvalContext) -> Value {
    let Some(bytes) = hash_bytes(&a[0]) else {
        return Value::Null;
    };
    let h = xxhash64(&bytes, 0) as i64;
    match a.get(1) {
        None => Value::Long(h),
        Some(m) => match int(m) {
            Some(m) if m > 0 => Value::Long(h.rem_euclid(m)),
            _ => Value::Null,
        },
    }
}

/// `hash_combine(h1, h2, …)`: the hashes folded together as .NET's `HashCode` combination
/// of two longs (`h * 31 + next`, wrapping).
fn hash_combine(a: &[Value], _: &EvalContext) -> Value {
    let mut acc: Option<i64> = None;
    for v in a {
        let Some(x) = int(v) else {
            return Value::Null;
        };
        acc = Some(match acc {
            None => x,
            Some(h) => h.wrapping_mul(31).wrapping_add(x),
        });
    }
    acc.map_or(Value::Null, Value::Long)
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge(acc: u64, v: u64) -> u64 {
    (acc ^ round(0, v)).wrapping_mul(P1).wrapping_add(P4)
}

fn read_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]))
}

fn read_u32(b: &[u8]) -> u64 {
    u32::from_le_bytes(b[..4].try_into().unwrap_or([0; 4])) as u64
}

/// XXH64 (the reference algorithm by Yann Collet).
pub(super) fn xxhash64(data: &[u8], seed: u64) -> u64 {
    let len = data.len();
    let mut rest = data;
    let mut h = if len >= 32 {
        let mut v1 = seed.wrapping_add(P1).wrapping_add(P2);
        let mut v2 = seed.wrapping_add(P2);
        let mut v3 = seed;
        let mut v4 = seed.wrapping_sub(P1);
        while rest.len() >= 32 {
            v1 = round(v1, read_u64(&rest[0..]));
            v2 = round(v2, read_u64(&rest[8..]));
            v3 = round(v3, read_u64(&rest[16..]));
            v4 = round(v4, read_u64(&rest[24..]));
            rest = &rest[32..];
        }
        let mut h = v1
            .rotate_left(1)
            .wrapping_add(v2.rotate_left(7))
            .wrapping_add(v3.rotate_left(12))
            .wrapping_add(v4.rotate_left(18));
        h = merge(h, v1);
        h = merge(h, v2);
        h = merge(h, v3);
        merge(h, v4)
    } else {
        seed.wrapping_add(P5)
    };
    h = h.wrapping_add(len as u64);
    while rest.len() >= 8 {
        h ^= round(0, read_u64(rest));
        h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        rest = &rest[8..];
    }
    if rest.len() >= 4 {
        h ^= read_u32(rest).wrapping_mul(P1);
        h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        rest = &rest[4..];
    }
    for &b in rest {
        h ^= (b as u64).wrapping_mul(P5);
        h = h.rotate_left(11).wrapping_mul(P1);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::xxhash64;

    #[test]
    fn xxhash64_reference_vectors() {
        assert_eq!(xxhash64(b"", 0), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxhash64(b"a", 0), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(
            xxhash64(b"Nobody inspects the spammish repetition", 0),
            0xFBCE_A83C_8A37_8BF1
        );
    }
}
