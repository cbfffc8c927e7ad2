//! The examples of Microsoft's KQL documentation that build their own data, run through
//! `sentinel-lint query run --format json` and compared with the output tables the pages show.
//!
//! The examples are `tests/data/kql_docs/examples.jsonl` (see the README beside it). Each one is
//! run through the built binary, as the held-back conformance check does, and its result table is
//! compared with the documented one: the same column names in the same order, the same number of
//! rows, and every cell equal once the documentation's way of printing a value is accounted for
//! (see [`cell_matches`]). Rows are compared in order when the query sorts, else as a multiset.
//!
//! The pass rate and every failure are written to `target/kql_docs_report.txt`; the test fails
//! when the rate drops under `tests/data/kql_docs/floor.txt`. Examples whose documented output is
//! wrong, or depends on the clock or on randomness, are listed with the reason in `skip.txt`.

#[path = "support/failure_cause.rs"]
mod failure_cause;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use failure_cause::truncate;
use sentinel_lint::exec::value::days_from_civil;
use serde_json::Value as Json;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/kql_docs");
/// A fixed `now()` so that runs are reproducible; examples whose output depends on it are skipped.
const NOW: &str = "2024-01-01T00:00:00Z";
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
struct Example {
    page: String,
    index: u64,
    query: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Example {
    fn id(&self) -> String {
        format!(
            "{}#{}",
            self.page.trim_start_matches("data-explorer/kusto/query/"),
            self.index
        )
    }
}

fn load_examples() -> Vec<Example> {
    let text = std::fs::read_to_string(Path::new(DATA).join("examples.jsonl"))
        .expect("tests/data/kql_docs/examples.jsonl is readable");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let v: Json = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("examples.jsonl line {}: {e}", n + 1));
            let strings = |v: &Json| -> Vec<String> {
                v.as_array()
                    .unwrap_or_else(|| panic!("examples.jsonl line {}: not an array", n + 1))
                    .iter()
                    .map(|c| c.as_str().unwrap_or_default().to_string())
                    .collect()
            };
            Example {
                page: v["page"].as_str().unwrap_or_default().to_string(),
                index: v["index"].as_u64().unwrap_or_default(),
                query: v["query"].as_str().unwrap_or_default().to_string(),
                columns: strings(&v["columns"]),
                rows: v["rows"]
                    .as_array()
                    .map(|rows| rows.iter().map(strings).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// `skip.txt`: one `page#index<TAB>reason` a line (`page` without the `data-explorer/kusto/query/`
/// prefix); `#` starts a comment line.
fn load_skips() -> HashMap<String, String> {
    let text = std::fs::read_to_string(Path::new(DATA).join("skip.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once('\t').unwrap_or((l, ""));
            (id.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Running a query through the binary
// ---------------------------------------------------------------------------------------------

struct Actual {
    columns: Vec<(String, String)>,
    rows: Vec<Vec<Json>>,
}

fn run_query(query: &str, scratch: &Path, n: usize) -> Result<Actual, String> {
    let file = scratch.join(format!("example_{n}.kql"));
    std::fs::write(&file, query).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["query", "run"])
        .arg(&file)
        .args(["--format", "json", "--now", NOW])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start sentinel-lint: {e}"))?;
    // Readers on their own threads, so a large output cannot fill the pipe and stall the child.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timeout after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("wait failed: {e}")),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("(no message)");
        return Err(format!(
            "exit {}: {}",
            status.code().unwrap_or(-1),
            first.trim()
        ));
    }
    parse_output(&stdout)
}

fn parse_output(stdout: &str) -> Result<Actual, String> {
    let v: Json = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("output is not JSON ({e}): {}", truncate(stdout, 200)))?;
    let columns = v["columns"]
        .as_array()
        .ok_or("output has no `columns` array")?
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or_default().to_string(),
                c["type"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect::<Vec<_>>();
    let rows = v["rows"]
        .as_array()
        .ok_or("output has no `rows` array")?
        .iter()
        .map(|r| r.as_array().cloned().unwrap_or_default())
        .collect();
    Ok(Actual { columns, rows })
}

// ---------------------------------------------------------------------------------------------
// Comparing a result with the documented table
// ---------------------------------------------------------------------------------------------

/// A query whose rows come out in a defined order; the others are compared as multisets.
/// A sort before or inside a `partition` does not count: the partitions come out in no
/// defined order (`scan-operator.md#5` documents users 1, 3, 2).
fn query_sorts(query: &str) -> bool {
    let q = strip_comments(query).to_lowercase();
    let words: Vec<&str> = q.split(|c: char| c.is_whitespace() || c == '|').collect();
    let last_partition = words.iter().rposition(|w| *w == "partition");
    let sorts_at = |i: usize| {
        matches!(words.get(i..i + 2), Some(["sort" | "order", "by"]))
            || (words.get(i) == Some(&"top") && words.get(i + 2) == Some(&"by"))
    };
    (0..words.len())
        .filter(|&i| sorts_at(i))
        .any(|i| last_partition.is_none_or(|p| i > p + partition_body_words(&words[p..])))
}

/// How many words the `partition … ( … )` starting at `words[0]` spans, to its closing
/// parenthesis (all the rest when it has none).
fn partition_body_words(words: &[&str]) -> usize {
    let mut depth = 0i32;
    for (i, w) in words.iter().enumerate() {
        for c in w.chars() {
            match c {
                '(' | '{' => depth += 1,
                ')' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
    }
    words.len()
}

fn strip_comments(query: &str) -> String {
    query
        .lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string literal is rare in these examples and only makes the
            // ordering test see less of the query.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a result differs from the documented table, or `None` when it matches.
fn compare(example: &Example, actual: &Actual) -> Option<String> {
    let expected_cols: Vec<String> = example.columns.iter().map(|c| clean_cell(c)).collect();
    let actual_cols: Vec<&str> = actual.columns.iter().map(|(n, _)| n.as_str()).collect();
    if expected_cols != actual_cols {
        return Some(format!(
            "columns: documented {expected_cols:?}, got {actual_cols:?}"
        ));
    }
    if example.rows.len() != actual.rows.len() {
        return Some(format!(
            "rows: documented {}, got {}{}",
            example.rows.len(),
            actual.rows.len(),
            first_rows(actual)
        ));
    }
    let types: Vec<&str> = actual.columns.iter().map(|(_, t)| t.as_str()).collect();
    let row_matches = |expected: &[String], got: &[Json]| -> Option<String> {
        if got.len() != expected.len() {
            return Some(format!(
                "a row has {} cells, not {}",
                got.len(),
                expected.len()
            ));
        }
        expected
            .iter()
            .zip(got)
            .zip(&types)
            .zip(&expected_cols)
            .find(|(((e, a), t), _)| !cell_matches(e, a, t))
            .map(|(((e, a), t), name)| format!("column {name} ({t}): documented {e:?}, got {a}"))
    };
    if query_sorts(&example.query) {
        for (i, (e, a)) in example.rows.iter().zip(&actual.rows).enumerate() {
            if let Some(why) = row_matches(e, a) {
                return Some(format!("row {}: {why}", i + 1));
            }
        }
        return None;
    }
    let mut used = vec![false; actual.rows.len()];
    for (i, e) in example.rows.iter().enumerate() {
        let found = actual
            .rows
            .iter()
            .enumerate()
            .find(|(j, a)| !used[*j] && row_matches(e, a).is_none());
        match found {
            Some((j, _)) => used[j] = true,
            None => {
                // Name the closest cause: the same position's row when there is one.
                let why = actual
                    .rows
                    .get(i)
                    .and_then(|a| row_matches(e, a))
                    .unwrap_or_default();
                return Some(format!(
                    "documented row {} has no match in the result; {why}",
                    i + 1
                ));
            }
        }
    }
    None
}

/// A failure's cause for grouping: an engine error with its literal values blanked out (so that
/// one missing function is one group), or the kind of difference from the documented table.
fn failure_cause(why: &str) -> String {
    if let Some(message) = why.strip_prefix("exit ") {
        let message = message.split_once(": ").map_or(message, |(_, m)| m);
        let message = message.trim_start_matches("error: ");
        // Drop the `<file>.kql:LINE:COL: ` position the CLI puts before the message.
        let message = match message.find(".kql:") {
            Some(i) => message[i..].split_once(": ").map_or(message, |(_, m)| m),
            None => message,
        };
        let out = failure_cause::blank_literals(message);
        return format!("error: {}", truncate(&out, 140));
    }
    if why.starts_with("columns:") {
        "different columns".into()
    } else if why.starts_with("rows:") {
        "different row count".into()
    } else if why.starts_with("timeout") {
        "timeout".into()
    } else if let Some(i) = why.find("column ") {
        // `… column NAME (TYPE): documented …`: group value differences by the column's type.
        let rest = &why[i..];
        let ty = rest
            .split_once('(')
            .and_then(|(_, r)| r.split_once(')'))
            .map_or("?", |(t, _)| t);
        format!("wrong values in a {ty} column")
    } else {
        truncate(why, 140)
    }
}

fn first_rows(actual: &Actual) -> String {
    let shown: Vec<String> = actual
        .rows
        .iter()
        .take(3)
        .map(|r| truncate(&Json::Array(r.clone()).to_string(), 120))
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" (first: {})", shown.join(" "))
    }
}

/// The text a documentation cell shows: markdown line breaks, entities, code spans and autolinks
/// are formatting, not value.
fn clean_cell(cell: &str) -> String {
    let mut s = cell.to_string();
    for br in ["<br />", "<br/>", "<br>"] {
        s = s.replace(br, "\n");
    }
    s = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let mut t = s.trim();
    if t.len() >= 2 && t.starts_with('`') && t.ends_with('`') {
        t = t[1..t.len() - 1].trim();
    }
    if t.len() >= 2 && t.starts_with('<') && t.ends_with('>') && t.contains("://") {
        t = &t[1..t.len() - 1];
    }
    t.to_string()
}

/// Whether a result cell (`actual`, as `--format json` writes it, of KQL type `ty`) is the value
/// the documentation shows as `expected`.
///
/// Only differences of printing are forgiven: `true` shown as `True` or `1`; numbers shown with
/// fewer decimals (a real equals the shown value once rounded to the decimals shown; a number
/// shown without decimals must be exact); datetimes and timespans in any of the forms Kusto
/// prints; JSON with other whitespace or `118.0` for `118`; null shown as an empty cell; markdown
/// trimming a cell's surrounding spaces.
fn cell_matches(expected: &str, actual: &Json, ty: &str) -> bool {
    let e = clean_cell(expected);
    if actual.is_null() {
        return e.is_empty() || e.eq_ignore_ascii_case("null");
    }
    match ty {
        "bool" | "boolean" => match actual.as_bool() {
            Some(b) => bool_text(&e) == Some(b),
            None => false,
        },
        "int" | "long" | "real" | "double" | "decimal" => number_matches(&e, actual),
        "datetime" | "date" => {
            match (actual.as_str().and_then(parse_datetime), parse_datetime(&e)) {
                (Some(a), Some(x)) => a == x,
                _ => false,
            }
        }
        "timespan" | "time" => match (actual.as_str().and_then(parse_timespan), parse_timespan(&e))
        {
            (Some(a), Some(x)) => a == x,
            _ => false,
        },
        "guid" | "uniqueid" => actual.as_str().is_some_and(|a| a.eq_ignore_ascii_case(&e)),
        "string" => actual.as_str().is_some_and(|a| a.trim() == e),
        "dynamic" => dynamic_matches(&e, actual),
        // An unknown type name: compare the printed forms.
        _ => json_text(actual).trim() == e,
    }
}

fn bool_text(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A number the documentation shows, with the count of decimals it shows.
fn shown_number(s: &str) -> Option<(f64, Option<usize>)> {
    let s = s.trim();
    match s {
        "NaN" => return Some((f64::NAN, None)),
        "Infinity" | "inf" | "+inf" => return Some((f64::INFINITY, None)),
        "-Infinity" | "-inf" => return Some((f64::NEG_INFINITY, None)),
        _ => {}
    }
    // Thousands separators, as in `59,066`, only in their exact pattern.
    let plain: String = if is_grouped_thousands(s) {
        s.replace(',', "")
    } else {
        s.to_string()
    };
    let v: f64 = plain.parse().ok()?;
    if !plain
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    let decimals = if plain.contains(['e', 'E']) {
        None
    } else {
        plain.split_once('.').map(|(_, frac)| frac.len())
    };
    Some((v, decimals.or(Some(0))))
}

fn is_grouped_thousands(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut groups = digits.split(',');
    let first = groups.next().unwrap_or_default();
    digits.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

fn actual_number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" | "+Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            other => other.parse().ok(),
        },
        Json::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn number_matches(expected: &str, actual: &Json) -> bool {
    let (Some((e, decimals)), Some(a)) = (shown_number(expected), actual_number(actual)) else {
        return false;
    };
    numbers_equal(e, decimals, a)
}

fn numbers_equal(e: f64, decimals: Option<usize>, a: f64) -> bool {
    if e.is_nan() || a.is_nan() {
        return e.is_nan() && a.is_nan();
    }
    if e.is_infinite() || a.is_infinite() {
        return e == a;
    }
    if e == a {
        return true;
    }
    match decimals {
        // Shown without decimals: the value must be exactly that integer.
        Some(0) => false,
        // Shown rounded: the actual value must round to what is shown.
        Some(k) => {
            let half_ulp = 0.5 * 10f64.powi(-(k.min(17) as i32));
            (a - e).abs() <= half_ulp * (1.0 + 1e-9) + e.abs() * 1e-15
        }
        // Exponent notation: agree to the 15 significant digits a double prints.
        None => (a - e).abs() <= e.abs().max(a.abs()) * 1e-14,
    }
}

/// Ticks (100 ns) since the Unix epoch of a datetime in any form the documentation prints:
/// `2017-01-01`, `2017-01-01 00:00:00.0000000`, `2017-01-01T00:00:00Z`, `2016-12-05 09:10:04.627`.
fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('Z').trim_end_matches('z');
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if date.len() < 8 {
        return None;
    }
    let time_ticks = if time.is_empty() {
        0
    } else {
        parse_clock(time)?
    };
    Some(days_from_civil(year, month, day) * 864_000_000_000 + time_ticks)
}

/// `hh:mm[:ss[.fffffff]]` as ticks.
fn parse_clock(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let sec = parts.next().unwrap_or("0");
    if parts.next().is_some() || !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
    let whole: i64 = whole.parse().ok()?;
    if !(0..60).contains(&whole) || frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_ticks: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<7}").parse().ok()?
    };
    Some(((h * 60 + m) * 60 + whole) * 10_000_000 + frac_ticks)
}

/// Ticks of a timespan printed as `[-][d.]hh:mm:ss[.fffffff]`.
fn parse_timespan(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (days, clock) = match s.split_once(':') {
        Some((head, _)) if head.contains('.') => {
            let (d, rest) = s.split_once('.')?;
            (d.parse::<i64>().ok()?, rest)
        }
        Some(_) => (0, s),
        None => return None,
    };
    if clock.split(':').count() != 3 {
        return None;
    }
    let ticks = days * 864_000_000_000 + parse_clock(clock)?;
    Some(if neg { -ticks } else { ticks })
}

/// A dynamic cell: the documentation prints a dynamic string or number bare (`a`, `10`), and
/// arrays and property bags as JSON (possibly spread over lines, `118` for `118.0`, or with
/// unquoted strings as in `[yes, no]`).
fn dynamic_matches(expected: &str, actual: &Json) -> bool {
    match actual {
        Json::String(a) => {
            a.trim() == expected
                || parse_lenient_json(expected).is_some_and(|e| json_equal(&e, actual))
                || strings_same_instant(expected, a)
        }
        Json::Number(_) => number_matches(expected, actual),
        Json::Bool(b) => bool_text(expected) == Some(*b),
        Json::Array(_) | Json::Object(_) => {
            parse_lenient_json(expected).is_some_and(|e| json_equal(&e, actual))
        }
        Json::Null => false,
    }
}

fn strings_same_instant(a: &str, b: &str) -> bool {
    match (parse_datetime(a), parse_datetime(b)) {
        (Some(x), Some(y)) => x == y,
        _ => matches!((parse_timespan(a), parse_timespan(b)), (Some(x), Some(y)) if x == y),
    }
}

fn json_equal(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Number(e), Json::Number(a)) => match (e.as_f64(), a.as_f64()) {
            (Some(e), Some(a)) => e == a,
            _ => false,
        },
        (Json::String(e), Json::String(a)) => e == a || strings_same_instant(e, a),
        (Json::Array(e), Json::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| json_equal(x, y))
        }
        (Json::Object(e), Json::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| json_equal(v, w)))
        }
        (e, a) => e == a,
    }
}

/// Strict JSON first; failing that, JSON whose bare words are strings (`[yes, no, yes]`).
fn parse_lenient_json(text: &str) -> Option<Json> {
    if let Ok(v) = serde_json::from_str(text) {
        return Some(v);
    }
    let mut p = Lenient {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Lenient<'a> {
    s: &'a [u8],
    i: usize,
}

impl Lenient<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Option<Json> {
        self.ws();
        match *self.s.get(self.i)? {
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Some(Json::Array(items));
                    }
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {}
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut map = serde_json::Map::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Some(Json::Object(map));
                    }
                    let key = match self.value()? {
                        Json::String(k) => k,
                        _ => return None,
                    };
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value()?;
                    map.insert(key, v);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {}
                        _ => return None,
                    }
                }
            }
            b'"' => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && self.s[self.i] != b'"' {
                    if self.s[self.i] == b'\\' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                self.i += 1;
                let raw = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
                serde_json::from_str(raw).ok()
            }
            // Single-quoted strings, as KQL's dynamic literals write them (`{'a': 1}`).
            b'\'' => {
                self.i += 1;
                let mut text = Vec::new();
                while self.i < self.s.len() && self.s[self.i] != b'\'' {
                    if self.s[self.i] == b'\\' && self.i + 1 < self.s.len() {
                        self.i += 1;
                    }
                    text.push(self.s[self.i]);
                    self.i += 1;
                }
                self.i += 1;
                Some(Json::String(String::from_utf8(text).ok()?))
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len() && !b",]}:".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                let word = std::str::from_utf8(&self.s[start..self.i]).ok()?.trim();
                if word.is_empty() {
                    return None;
                }
                Some(serde_json::from_str(word).unwrap_or_else(|_| Json::String(word.into())))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

fn report_path() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp; the report goes beside it, in <target>.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("kql_docs_report.txt")
}

fn floor() -> f64 {
    let text = std::fs::read_to_string(Path::new(DATA).join("floor.txt"))
        .expect("tests/data/kql_docs/floor.txt is readable");
    text.lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .and_then(|l| l.trim().trim_end_matches('%').parse().ok())
        .expect("floor.txt holds a percentage")
}

#[test]
fn documentation_examples_produce_the_documented_tables() {
    let examples = load_examples();
    let skips = load_skips();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kql_docs");
    std::fs::create_dir_all(&scratch).expect("scratch directory");

    let ids: Vec<String> = examples.iter().map(Example::id).collect();
    for id in skips.keys() {
        assert!(
            ids.contains(id),
            "skip.txt names {id}, which is not an example"
        );
    }

    let mut passed = 0usize;
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for (n, example) in examples.iter().enumerate() {
        let id = example.id();
        if let Some(reason) = skips.get(&id) {
            skipped.push(format!("{id}: {reason}"));
            continue;
        }
        let outcome = run_query(&example.query, &scratch, n).and_then(|actual| {
            match compare(example, &actual) {
                None => Ok(()),
                Some(why) => Err(why),
            }
        });
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => failures.push((id, why, example.query.clone())),
        }
    }

    let run = examples.len() - skipped.len();
    let rate = if run == 0 {
        0.0
    } else {
        100.0 * passed as f64 / run as f64
    };
    let overall = 100.0 * passed as f64 / examples.len().max(1) as f64;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "KQL documentation examples: {passed}/{run} passed ({rate:.1}%), {} skipped; \
         {passed}/{} of all examples ({overall:.1}%)",
        skipped.len(),
        examples.len()
    );
    let _ = writeln!(report, "\n## Failures by cause\n");
    let mut causes: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for (id, why, _) in &failures {
        causes.entry(failure_cause(why)).or_default().push(id);
    }
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for (cause, ids) in &causes {
        let _ = writeln!(report, "- {} × {cause} (e.g. {})", ids.len(), ids[0]);
    }
    let _ = writeln!(report, "\n## Failures ({})\n", failures.len());
    for (id, why, query) in &failures {
        let _ = writeln!(report, "### {id}\n{why}\n```kusto\n{query}\n```\n");
    }
    let _ = writeln!(report, "## Skipped ({})\n", skipped.len());
    for s in &skipped {
        let _ = writeln!(report, "- {s}");
    }
    let path = report_path();
    std::fs::write(&path, &report).expect("write the report");
    eprintln!("{}", report.lines().next().unwrap_or_default());
    eprintln!("report: {}", path.display());

    let floor = floor();
    assert!(
        rate >= floor,
        "pass rate {rate:.1}% fell under the floor {floor}% (tests/data/kql_docs/floor.txt); \
         see {}",
        path.display()
    );
}

// ---------------------------------------------------------------------------------------------
// The comparator's own tests
// ---------------------------------------------------------------------------------------------

fn example(query: &str, columns: &[&str], rows: &[&[&str]]) -> Example {
    Example {
        page: "p.md".into(),
        index: 1,
        query: query.into(),
        columns: columns.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
    }
}

fn actual(columns: &[(&str, &str)], rows: Json) -> Actual {
    Actual {
        columns: columns
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        rows: rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().clone())
            .collect(),
    }
}

#[test]
fn numbers_compare_as_the_documentation_rounds_them() {
    assert!(cell_matches("1", &serde_json::json!(1), "long"));
    assert!(cell_matches("1", &serde_json::json!(1.0), "real"));
    assert!(cell_matches("1.0", &serde_json::json!(1), "real"));
    assert!(cell_matches(
        "32.667",
        &serde_json::json!(32.666_666_666),
        "real"
    ));
    assert!(cell_matches(
        "28.5036338535483",
        &serde_json::json!(28.503_633_853_548_27),
        "real"
    ));
    assert!(cell_matches("59,066", &serde_json::json!(59066), "long"));
    assert!(cell_matches("NaN", &serde_json::json!("NaN"), "real"));
    // Shown without decimals means exactly that integer.
    assert!(!cell_matches("1", &serde_json::json!(1.4), "real"));
    assert!(!cell_matches("32.667", &serde_json::json!(32.6), "real"));
    assert!(!cell_matches("2", &serde_json::json!(3), "long"));
    assert!(!cell_matches("1,2", &serde_json::json!(12), "long"));
    assert!(!cell_matches("NaN", &serde_json::json!(0), "real"));
}

#[test]
fn datetimes_and_timespans_compare_by_value() {
    let dt = |s: &str| serde_json::json!(s);
    assert!(cell_matches(
        "2017-01-01 00:00:00.0000000",
        &dt("2017-01-01T00:00:00Z"),
        "datetime"
    ));
    assert!(cell_matches(
        "2017-01-01T00:00:00Z",
        &dt("2017-01-01T00:00:00.0000000Z"),
        "datetime"
    ));
    assert!(cell_matches(
        "2016-12-05 09:10:04.627",
        &dt("2016-12-05T09:10:04.627Z"),
        "datetime"
    ));
    assert!(cell_matches(
        "2016-12-31 23:59:59.9999999",
        &dt("2016-12-31T23:59:59.9999999Z"),
        "datetime"
    ));
    assert!(!cell_matches(
        "2017-01-01 00:00:00.0000000",
        &dt("2017-01-01T00:00:01Z"),
        "datetime"
    ));
    assert!(!cell_matches(
        "2017-01-02",
        &dt("2017-01-01T00:00:00Z"),
        "datetime"
    ));
    assert!(cell_matches("00:00:01", &dt("00:00:01"), "timespan"));
    assert!(cell_matches(
        "1.12:30:55.1230000",
        &dt("1.12:30:55.123"),
        "timespan"
    ));
    assert!(cell_matches("-12:00:00", &dt("-12:00:00"), "timespan"));
    assert!(cell_matches("30.00:00:00", &dt("30.00:00:00"), "timespan"));
    assert!(!cell_matches("14:00:00:00", &dt("14.00:00:00"), "timespan"));
    assert!(!cell_matches("00:00:01", &dt("00:00:02"), "timespan"));
    assert_eq!(parse_datetime("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_datetime("2000-03-01"), Some(11_017 * 864_000_000_000));
}

#[test]
fn dynamic_cells_compare_as_json_values() {
    let j = |s: &str| serde_json::from_str::<Json>(s).unwrap();
    assert!(cell_matches(
        "{<br>  \"key1\": \"value3\",<br>  \"key2\": \"value4\"<br>}",
        &j(r#"{"key1":"value3","key2":"value4"}"#),
        "dynamic"
    ));
    assert!(cell_matches("[5.0]", &j("[5]"), "dynamic"));
    assert!(cell_matches("a", &j("\"a\""), "dynamic"));
    assert!(cell_matches("10", &j("10"), "dynamic"));
    assert!(cell_matches(
        "[yes, no, yes]",
        &j(r#"["yes","no","yes"]"#),
        "dynamic"
    ));
    assert!(cell_matches(
        r#"[ "2017-01-01T00:00:00.0000000Z" ]"#,
        &j(r#"["2017-01-01T00:00:00Z"]"#),
        "dynamic"
    ));
    assert!(cell_matches(
        "`[[1,2],[3,4]]`",
        &j("[[1,2],[3,4]]"),
        "dynamic"
    ));
    assert!(cell_matches("", &Json::Null, "dynamic"));
    assert!(!cell_matches("[1,2]", &j("[2,1]"), "dynamic"));
    assert!(!cell_matches(
        r#"{"a":1}"#,
        &j(r#"{"a":1,"b":2}"#),
        "dynamic"
    ));
    assert!(!cell_matches("a", &j("\"b\""), "dynamic"));
    assert!(!cell_matches("[]", &Json::Null, "dynamic"));
}

#[test]
fn strings_bools_and_nulls() {
    let j = |s: &str| serde_json::json!(s);
    assert!(cell_matches(" Wow!", &j("Wow!"), "string"));
    assert!(cell_matches(
        "`--https://bing.com--`",
        &j("--https://bing.com--"),
        "string"
    ));
    assert!(cell_matches("", &j(""), "string"));
    assert!(cell_matches("&nbsp;", &j(""), "string"));
    assert!(!cell_matches("abc", &j("Abc"), "string"));
    assert!(cell_matches("True", &serde_json::json!(true), "bool"));
    assert!(cell_matches("1", &serde_json::json!(true), "bool"));
    assert!(!cell_matches("false", &serde_json::json!(true), "bool"));
    assert!(cell_matches("", &Json::Null, "long"));
    assert!(!cell_matches("0", &Json::Null, "long"));
    assert!(!cell_matches("", &serde_json::json!(0), "long"));
}

#[test]
fn rows_are_a_multiset_unless_the_query_sorts() {
    let e = example("datatable(x:long)[1,2]", &["x"], &[&["1"], &["2"]]);
    let a = actual(&[("x", "long")], serde_json::json!([[2], [1]]));
    assert_eq!(compare(&e, &a), None);
    let sorted = example(
        "datatable(x:long)[1,2] | order by x asc",
        &["x"],
        &[&["1"], &["2"]],
    );
    assert!(compare(&sorted, &a).is_some());
    let a_in_order = actual(&[("x", "long")], serde_json::json!([[1], [2]]));
    assert_eq!(compare(&sorted, &a_in_order), None);
    // A repeated documented row needs as many result rows.
    let dup = example("print x=1", &["x"], &[&["1"], &["1"]]);
    let once = actual(&[("x", "long")], serde_json::json!([[1], [2]]));
    assert!(compare(&dup, &once).is_some());
    assert!(query_sorts("T | top 3 by x"));
    assert!(query_sorts("T\n| sort by x"));
    assert!(!query_sorts("T | summarize count() by x // sort by later"));
    // Partitions come out in no defined order, whatever is sorted before or inside them.
    assert!(!query_sorts(
        "T | sort by k | partition by k (sort by t asc | scan with (step s: true;))"
    ));
    assert!(query_sorts("T | partition by k (take 1) | sort by t"));
}

#[test]
fn columns_must_match_by_name_and_order() {
    let e = example("print a=1, b=2", &["a", "`b`"], &[&["1", "2"]]);
    let a = actual(&[("a", "long"), ("b", "long")], serde_json::json!([[1, 2]]));
    assert_eq!(compare(&e, &a), None);
    let swapped = actual(&[("b", "long"), ("a", "long")], serde_json::json!([[2, 1]]));
    assert!(compare(&e, &swapped).is_some());
    let fewer = actual(&[("a", "long"), ("b", "long")], serde_json::json!([]));
    assert!(compare(&e, &fewer).is_some());
}

#[test]
fn every_example_is_well_formed() {
    let examples = load_examples();
    assert!(!examples.is_empty());
    for e in &examples {
        assert!(!e.query.trim().is_empty(), "{}: empty query", e.id());
        assert!(!e.columns.is_empty(), "{}: no columns", e.id());
        for row in &e.rows {
            assert_eq!(
                row.len(),
                e.columns.len(),
                "{}: a row of another width",
                e.id()
            );
        }
    }
}
