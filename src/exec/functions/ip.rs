//! IPv4 and IPv6 functions. Addresses may carry an IP-prefix (`10.0.0.0/8`); comparisons use
//! the smallest prefix among the arguments' own and the optional prefix argument
//! (`ipv4-is-match-function.md`, `ipv6-compare-function.md`). An IPv4 address seen as IPv6
//! is `::ffff:a.b.c.d`, and its prefix `/n` covers `96 + n` bits.

use std::net::Ipv6Addr;

use super::args::{dynamic, int, string, text};
use super::{EvalContext, Registry, ret_bool, ret_long, ret_string};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("parse_ipv4", 1, 1, ret_long, parse_ipv4);
    r.row("parse_ipv4_mask", 2, 2, ret_long, parse_ipv4_mask);
    r.row("ipv4_is_in_range", 2, 2, ret_bool, ipv4_is_in_range);
    r.row(
        "ipv4_is_in_any_range",
        2,
        64,
        ret_bool,
        ipv4_is_in_any_range,
    );
    r.row("ipv4_is_private", 1, 1, ret_bool, ipv4_is_private);
    r.row("ipv4_compare", 2, 3, ret_long, ipv4_compare);
    r.row("ipv4_is_match", 2, 3, ret_bool, ipv4_is_match);
    r.row("ipv4_netmask_suffix", 1, 1, ret_long, ipv4_netmask_suffix);
    r.row("format_ipv4", 1, 2, ret_string, format_ipv4);
    r.row("format_ipv4_mask", 1, 2, ret_string, format_ipv4_mask);
    r.row("parse_ipv6", 1, 1, ret_string, parse_ipv6);
    r.row("parse_ipv6_mask", 2, 2, ret_string, parse_ipv6_mask);
    r.row("ipv6_compare", 2, 3, ret_long, ipv6_compare);
    r.row("ipv6_is_match", 2, 3, ret_bool, ipv6_is_match);
    r.row("ipv6_is_in_range", 2, 2, ret_bool, ipv6_is_in_range);
    r.row(
        "ipv6_is_in_any_range",
        2,
        64,
        ret_bool,
        ipv6_is_in_any_range,
    );
    r.row("has_ipv4", 2, 2, ret_bool, has_ipv4);
    r.row("has_ipv4_prefix", 2, 2, ret_bool, has_ipv4_prefix);
    r.row("has_any_ipv4", 2, 64, ret_bool, has_any_ipv4);
    r.row("has_any_ipv4_prefix", 2, 64, ret_bool, has_any_ipv4_prefix);
}

/// A dotted-quad address without a prefix.
fn parse_quad(s: &str) -> Option<u32> {
    let mut out: u32 = 0;
    let mut parts = 0;
    for part in s.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if n > 255 {
            return None;
        }
        out = (out << 8) | n;
        parts += 1;
    }
    (parts == 4).then_some(out)
}

/// `a.b.c.d[/n]` as (address, prefix bits).
pub(crate) fn parse_v4(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    match s.split_once('/') {
        Some((ip, bits)) => {
            let bits: u32 = bits.trim().parse().ok()?;
            (bits <= 32).then_some(())?;
            Some((parse_quad(ip.trim())?, bits))
        }
        None => Some((parse_quad(s)?, 32)),
    }
}

pub(crate) fn mask_v4(bits: u32) -> u32 {
    if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    }
}

fn v4_arg(v: &Value) -> Option<(u32, u32)> {
    parse_v4(&text(v))
}

/// The optional prefix argument: `Some(None)` when absent, `None` when invalid.
fn prefix_arg(a: &[Value], i: usize, max: i64) -> Option<Option<u32>> {
    match a.get(i) {
        None => Some(None),
        Some(v) => match int(v) {
            Some(p) if (0..=max).contains(&p) => Some(Some(p as u32)),
            _ => None,
        },
    }
}

/// `parse_ipv4(ip)` (`parse-ipv4-function.md`): the address as a long, masked by its prefix.
fn parse_ipv4(a: &[Value], _: &EvalContext) -> Value {
    match v4_arg(&a[0]) {
        Some((ip, bits)) => Value::Long((ip & mask_v4(bits)) as i64),
        None => Value::Null,
    }
}

fn parse_ipv4_mask(a: &[Value], _: &EvalContext) -> Value {
    let (Some((ip, bits)), Some(Some(p))) = (v4_arg(&a[0]), prefix_arg(a, 1, 32)) else {
        return Value::Null;
    };
    Value::Long((ip & mask_v4(bits.min(p))) as i64)
}

fn in_range(ip: u32, range: (u32, u32)) -> bool {
    let m = mask_v4(range.1);
    ip & m == range.0 & m
}

/// `ipv4_is_in_range(ip, range)` (`ipv4-is-in-range-function.md`).
fn ipv4_is_in_range(a: &[Value], _: &EvalContext) -> Value {
    match (v4_arg(&a[0]), v4_arg(&a[1])) {
        (Some((ip, _)), Some(range)) => Value::Bool(in_range(ip, range)),
        _ => Value::Null,
    }
}

/// The strings of the variadic-or-array arguments from index `from`.
fn string_list(a: &[Value], from: usize) -> Vec<String> {
    let mut out = Vec::new();
    for v in &a[from..] {
        match dynamic(v) {
            Dynamic::Array(items) => {
                out.extend(items.iter().map(super::args::dynamic_text));
            }
            _ => out.push(text(v).into_owned()),
        }
    }
    out
}

fn ipv4_is_in_any_range(a: &[Value], _: &EvalContext) -> Value {
    let Some((ip, _)) = v4_arg(&a[0]) else {
        return Value::Null;
    };
    let mut any = false;
    for r in string_list(a, 1) {
        match parse_v4(&r) {
            Some(range) => any |= in_range(ip, range),
            None => return Value::Null,
        }
    }
    Value::Bool(any)
}

/// `ipv4_is_private(ip)` (`ipv4-is-private-function.md`): 10/8, 172.16/12, 192.168/16.
fn ipv4_is_private(a: &[Value], _: &EvalContext) -> Value {
    let Some((ip, _)) = v4_arg(&a[0]) else {
        return Value::Null;
    };
    let private = [(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0000, 16)];
    Value::Bool(private.iter().any(|&r| in_range(ip, r)))
}

fn compare_v4(a: &[Value]) -> Option<std::cmp::Ordering> {
    let (x, xb) = v4_arg(&a[0])?;
    let (y, yb) = v4_arg(&a[1])?;
    let p = prefix_arg(a, 2, 32)?.unwrap_or(32);
    let m = mask_v4(xb.min(yb).min(p));
    Some((x & m).cmp(&(y & m)))
}

fn ordering_long(o: std::cmp::Ordering) -> Value {
    Value::Long(o as i64)
}

/// `ipv4_compare(ip1, ip2[, prefix])`: -1, 0 or 1.
fn ipv4_compare(a: &[Value], _: &EvalContext) -> Value {
    compare_v4(a).map_or(Value::Null, ordering_long)
}

/// `ipv4_is_match(ip1, ip2[, prefix])` (`ipv4-is-match-function.md`).
fn ipv4_is_match(a: &[Value], _: &EvalContext) -> Value {
    compare_v4(a).map_or(Value::Null, |o| Value::Bool(o.is_eq()))
}

fn ipv4_netmask_suffix(a: &[Value], _: &EvalContext) -> Value {
    v4_arg(&a[0]).map_or(Value::Null, |(_, bits)| Value::Long(bits as i64))
}

/// An IPv4 argument given as text or as its long value.
fn v4_text_or_number(v: &Value) -> Option<(u32, u32)> {
    match v {
        Value::Int(_) | Value::Long(_) => {
            let n = int(v)?;
            u32::try_from(n).ok().map(|ip| (ip, 32))
        }
        other => v4_arg(other),
    }
}

fn quad(ip: u32) -> String {
    std::net::Ipv4Addr::from(ip).to_string()
}

/// `format_ipv4(ip[, prefix])` (`format-ipv4-mask-function.md` shows both): the masked
/// address; "" when the input or prefix is invalid.
fn format_ipv4(a: &[Value], _: &EvalContext) -> Value {
    let (Some((ip, bits)), Some(p)) = (v4_text_or_number(&a[0]), prefix_arg(a, 1, 32)) else {
        return string("");
    };
    string(quad(ip & mask_v4(bits.min(p.unwrap_or(32)))))
}

/// `format_ipv4_mask(ip[, prefix])`: the masked address in CIDR notation.
fn format_ipv4_mask(a: &[Value], _: &EvalContext) -> Value {
    let (Some((ip, bits)), Some(p)) = (v4_text_or_number(&a[0]), prefix_arg(a, 1, 32)) else {
        return string("");
    };
    let bits = bits.min(p.unwrap_or(32));
    string(format!("{}/{bits}", quad(ip & mask_v4(bits))))
}

/// An IPv6 or IPv4 address with its prefix in IPv6 bits.
fn parse_v6(s: &str) -> Option<(u128, u32)> {
    let s = s.trim();
    let (ip, bits) = match s.split_once('/') {
        Some((ip, b)) => (ip.trim(), Some(b.trim().parse::<u32>().ok()?)),
        None => (s, None),
    };
    if let Some(v4) = parse_quad(ip) {
        let bits = match bits {
            Some(b) if b <= 32 => 96 + b,
            Some(_) => return None,
            None => 128,
        };
        return Some((0xffff_0000_0000u128 | v4 as u128, bits));
    }
    let addr: Ipv6Addr = ip.parse().ok()?;
    let bits = bits.unwrap_or(128);
    (bits <= 128).then_some((u128::from(addr), bits))
}

fn mask_v6(bits: u32) -> u128 {
    if bits == 0 {
        0
    } else {
        u128::MAX << (128 - bits)
    }
}

fn compare_v6(a: &[Value]) -> Option<std::cmp::Ordering> {
    let (x, xb) = parse_v6(&text(&a[0]))?;
    let (y, yb) = parse_v6(&text(&a[1]))?;
    let p = prefix_arg(a, 2, 128)?.unwrap_or(128);
    let m = mask_v6(xb.min(yb).min(p));
    Some((x & m).cmp(&(y & m)))
}

/// `ipv6_compare(ip1, ip2[, prefix])` (`ipv6-compare-function.md`).
fn ipv6_compare(a: &[Value], _: &EvalContext) -> Value {
    compare_v6(a).map_or(Value::Null, ordering_long)
}

fn ipv6_is_match(a: &[Value], _: &EvalContext) -> Value {
    compare_v6(a).map_or(Value::Null, |o| Value::Bool(o.is_eq()))
}

fn v6_in_range(ip: u128, range: (u128, u32)) -> bool {
    let m = mask_v6(range.1);
    ip & m == range.0 & m
}

fn ipv6_is_in_range(a: &[Value], _: &EvalContext) -> Value {
    match (parse_v6(&text(&a[0])), parse_v6(&text(&a[1]))) {
        (Some((ip, _)), Some(range)) => Value::Bool(v6_in_range(ip, range)),
        _ => Value::Null,
    }
}

fn ipv6_is_in_any_range(a: &[Value], _: &EvalContext) -> Value {
    let Some((ip, _)) = parse_v6(&text(&a[0])) else {
        return Value::Null;
    };
    let mut any = false;
    for r in string_list(a, 1) {
        match parse_v6(&r) {
            Some(range) => any |= v6_in_range(ip, range),
            None => return Value::Null,
        }
    }
    Value::Bool(any)
}

/// Eight groups of four hex digits, as `parse_ipv6` writes an address.
fn full_v6(ip: u128) -> String {
    let groups: Vec<String> = (0..8)
        .rev()
        .map(|i| format!("{:04x}", (ip >> (i * 16)) & 0xffff))
        .collect();
    groups.join(":")
}

/// `parse_ipv6(ip)`: the canonical form (eight zero-padded groups), masked by the prefix.
fn parse_ipv6(a: &[Value], _: &EvalContext) -> Value {
    match parse_v6(&text(&a[0])) {
        Some((ip, bits)) => string(full_v6(ip & mask_v6(bits))),
        None => string(""),
    }
}

fn parse_ipv6_mask(a: &[Value], _: &EvalContext) -> Value {
    let (Some((ip, bits)), Some(Some(p))) = (parse_v6(&text(&a[0])), prefix_arg(a, 1, 128)) else {
        return string("");
    };
    string(full_v6(ip & mask_v6(bits.min(p))))
}

/// The IPv4 addresses written in a text: runs of digits and dots delimited by characters
/// that are neither alphanumeric nor dots (`has-ipv4-function.md`: "properly delimited").
fn ipv4_tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .collect()
}

/// Whether `token` (a delimited run) is a valid address that `want` selects.
fn token_matches(token: &str, want: &str, prefix: bool) -> bool {
    let token = token.trim_matches('.');
    if parse_quad(token).is_none() {
        return false;
    }
    if prefix {
        token.starts_with(want) && (want.ends_with('.') || token.len() == want.len())
    } else {
        token == want
    }
}

/// A valid prefix for `has_ipv4_prefix`: a whole address, or 1–3 octets each followed by a
/// dot (`has-any-ipv4-prefix-function.md`).
fn valid_prefix(p: &str) -> bool {
    if parse_quad(p).is_some() {
        return true;
    }
    let Some(body) = p.strip_suffix('.') else {
        return false;
    };
    let parts: Vec<&str> = body.split('.').collect();
    (1..=3).contains(&parts.len())
        && parts.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u32>().is_ok_and(|n| n <= 255)
        })
}

fn has_any(a: &[Value], prefix: bool) -> Value {
    let source = text(&a[0]);
    let wanted: Vec<String> = string_list(a, 1)
        .into_iter()
        .map(|w| w.trim().to_string())
        .filter(|w| {
            if prefix {
                valid_prefix(w)
            } else {
                parse_quad(w).is_some()
            }
        })
        .collect();
    if wanted.is_empty() {
        return Value::Bool(false);
    }
    let tokens = ipv4_tokens(&source);
    Value::Bool(
        tokens
            .iter()
            .any(|t| wanted.iter().any(|w| token_matches(t, w, prefix))),
    )
}

/// `has_ipv4(source, ip)` (`has-ipv4-function.md`).
fn has_ipv4(a: &[Value], _: &EvalContext) -> Value {
    has_any(a, false)
}

fn has_ipv4_prefix(a: &[Value], _: &EvalContext) -> Value {
    has_any(a, true)
}

fn has_any_ipv4(a: &[Value], _: &EvalContext) -> Value {
    has_any(a, false)
}

/// `has_any_ipv4_prefix(source, prefix, …)` (`has-any-ipv4-prefix-function.md`).
fn has_any_ipv4_prefix(a: &[Value], _: &EvalContext) -> Value {
    has_any(a, true)
}

#[cfg(test)]
mod tests {
    use super::{ipv4_tokens, parse_v6, valid_prefix};

    #[test]
    fn delimited_addresses_are_tokens() {
        assert_eq!(
            ipv4_tokens("05:04:54 127.0.0.1 GET /favicon.ico 404"),
            ["05", "04", "54", "127.0.0.1", "404"]
        );
        assert_eq!(ipv4_tokens("x54127.0.0.1,y"), Vec::<&str>::new());
    }

    #[test]
    fn prefixes_and_mapped_addresses() {
        assert!(valid_prefix("192.168."));
        assert!(!valid_prefix("127.0"));
        assert_eq!(parse_v6("192.168.1.1/24").map(|p| p.1), Some(120));
        assert_eq!(parse_v6("::ffff:c0a8:0101"), parse_v6("192.168.1.1"));
    }
}
