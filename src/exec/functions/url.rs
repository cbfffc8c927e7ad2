//! URLs and paths: `url_encode`, `url_encode_component`, `url_decode`, `parse_url`,
//! `parse_urlquery`, `parse_path`.

use std::sync::Arc;

use super::args::{dyn_value, string, text};
use super::{EvalContext, Registry, ret_dynamic, ret_string};
use crate::exec::value::{Dynamic, Value};

pub(super) fn register(r: &mut Registry) {
    r.row("url_encode", 1, 1, ret_string, |a, _| {
        string(percent_encode(&text(&a[0]), true))
    });
    r.row("url_encode_component", 1, 1, ret_string, |a, _| {
        string(percent_encode(&text(&a[0]), false))
    });
    r.row("url_decode", 1, 1, ret_string, |a, _| {
        string(percent_decode(&text(&a[0])))
    });
    r.row("parse_url", 1, 1, ret_dynamic, parse_url);
    r.row("parseurl", 1, 1, ret_dynamic, parse_url);
    r.row("parse_urlquery", 1, 1, ret_dynamic, parse_urlquery);
    r.row("parse_path", 1, 1, ret_dynamic, parse_path);
}

/// Percent-encoding as `url_encode` shows it (`url-encode-function.md`): lower-case hex,
/// letters, digits and `-_.!*()` kept; a space is `+` (form encoding) or `%20` (component).
fn percent_encode(s: &str, form: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z'
            | b'A'..=b'Z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'*'
            | b'('
            | b')' => out.push(b as char),
            b' ' if form => out.push('+'),
            _ => out.push_str(&format!("%{b:02x}")),
        }
    }
    out
}

/// `%xx` sequences decoded (invalid ones kept), `+` as a space; bytes that are not UTF-8
/// become U+FFFD.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bag(items: Vec<(&str, Dynamic)>) -> Dynamic {
    Dynamic::bag(items.into_iter().map(|(k, v)| (Arc::from(k), v)).collect())
}

/// `k1=v1&k2=v2` as a bag of decoded values.
fn query_bag(query: &str) -> Dynamic {
    let mut items: Vec<(Arc<str>, Dynamic)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key: Arc<str> = Arc::from(percent_decode(k).as_str());
        let value = Dynamic::string(&percent_decode(v));
        match items.iter_mut().find(|(x, _)| *x == key) {
            Some(slot) => slot.1 = value,
            None => items.push((key, value)),
        }
    }
    Dynamic::bag(items)
}

/// `parse_url(url)` (`parse-url-function.md`): Scheme, Host, Port, Path, Username, Password,
/// Query Parameters (a bag), Fragment; parts that are absent are "". The path keeps its
/// leading `/`, as .NET's `Uri.AbsolutePath` that Kusto builds on. A text without a
/// `scheme://` is no absolute URL: an empty bag.
fn parse_url(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let Some((scheme, rest)) = s.split_once("://") else {
        return dyn_value(Dynamic::bag(Vec::new()));
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return dyn_value(Dynamic::bag(Vec::new()));
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (&authority[..i], &authority[i + 1..]),
        None => ("", authority),
    };
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => (
                &hostport[..=i],
                hostport[i + 1..].strip_prefix(':').unwrap_or(""),
            ),
            None => (hostport, ""),
        }
    } else {
        hostport.rsplit_once(':').unwrap_or((hostport, ""))
    };
    let d = |s: &str| Dynamic::string(s);
    dyn_value(bag(vec![
        ("Scheme", d(scheme)),
        ("Host", d(host)),
        ("Port", d(port)),
        ("Path", d(path)),
        ("Username", d(user)),
        ("Password", d(password)),
        ("Query Parameters", query_bag(query)),
        ("Fragment", d(fragment)),
    ]))
}

/// `parse_urlquery(query)` (`parseurlqueryfunction.md`): `{"Query Parameters": {…}}`.
fn parse_urlquery(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let q = s.strip_prefix('?').unwrap_or(&s);
    dyn_value(bag(vec![("Query Parameters", query_bag(q))]))
}

/// `parse_path(path)` (`parse-path-function.md`): Scheme, RootPath, DirectoryPath,
/// DirectoryName, Filename, Extension, AlternateDataStreamName, as the page's five examples
/// split them.
fn parse_path(a: &[Value], _: &EvalContext) -> Value {
    let s = text(&a[0]);
    let (scheme, rest) = match s.split_once("://") {
        Some((sc, r)) if !sc.is_empty() && sc.chars().all(|c| c.is_ascii_alphabetic()) => (sc, r),
        _ => ("", s.as_ref()),
    };
    let is_sep = |c: char| c == '/' || c == '\\';
    let (dir, file) = match rest.rfind(is_sep) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => ("", rest),
    };
    let root = {
        let b = rest.as_bytes();
        if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
            &rest[..2]
        } else {
            ""
        }
    };
    let (filename, stream) = file.split_once(':').unwrap_or((file, ""));
    let extension = match filename.rfind('.') {
        Some(i) => &filename[i + 1..],
        None => "",
    };
    let dir_name = match dir.rfind(is_sep) {
        Some(i) => &dir[i + 1..],
        None => dir,
    };
    let d = |s: &str| Dynamic::string(s);
    dyn_value(bag(vec![
        ("Scheme", d(scheme)),
        ("RootPath", d(root)),
        ("DirectoryPath", d(dir)),
        ("DirectoryName", d(dir_name)),
        ("Filename", d(filename)),
        ("Extension", d(extension)),
        ("AlternateDataStreamName", d(stream)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, percent_encode};

    #[test]
    fn url_encoding_round_trips() {
        assert_eq!(
            percent_encode("https://www.bing.com/hello world", true),
            "https%3a%2f%2fwww.bing.com%2fhello+world"
        );
        assert_eq!(
            percent_decode("https%3a%2f%2fwww.bing.com%2f"),
            "https://www.bing.com/"
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
