//! Writing a result: Kusto's JSON (`{"columns":[{"name","type"}],"rows":[[…]]}`), an aligned
//! text table, or CSV.

use std::fmt::Write as _;

use crate::exec::table::Table;
use crate::exec::value::{Value, write_json_string};

/// `{"columns":[{"name":…,"type":…}],"rows":[[…]]}` with values as Kusto's JSON output writes
/// them (datetime and timespan as strings, dynamic as JSON, null as null).
pub fn to_json(t: &Table) -> String {
    let mut out = String::with_capacity(64 + t.rows * t.width() * 8);
    out.push_str("{\"columns\":[");
    for (i, (name, ty)) in t.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        write_json_string(&mut out, name);
        let _ = write!(out, ",\"type\":\"{}\"}}", ty.name());
    }
    out.push_str("],\"rows\":[");
    for r in 0..t.rows {
        if r > 0 {
            out.push(',');
        }
        out.push('[');
        for (i, c) in t.data.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let v = c.get(r);
            match &v {
                Value::String(s) => write_json_string(&mut out, s),
                Value::Dynamic(d) => d.write_json(&mut out),
                // At most 15 significant digits, as Kusto writes reals (`0.3`, `1E+20`).
                Value::Real(x) | Value::Decimal(x) if x.is_finite() => {
                    out.push_str(&crate::exec::value::format_real(*x))
                }
                v => out.push_str(&v.to_json().to_string()),
            }
        }
        out.push(']');
    }
    out.push_str("]}");
    out
}

fn cell(v: &Value) -> String {
    v.to_kusto_string()
}

/// An aligned text table: a header, a rule, one line a row.
pub fn to_text(t: &Table) -> String {
    let cells: Vec<Vec<String>> = (0..t.rows)
        .map(|r| {
            t.data
                .iter()
                .map(|c| cell(&c.get(r)).replace('\n', "\\n"))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = t.columns.iter().map(|(n, _)| n.chars().count()).collect();
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, items: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, item) in items.enumerate() {
            if i > 0 {
                s.push_str(" | ");
            }
            s.push_str(item);
            let pad = widths[i].saturating_sub(item.chars().count());
            s.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut out, &mut t.columns.iter().map(|(n, _)| &**n));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&rule.join("-+-"));
    out.push('\n');
    for row in &cells {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// CSV with a header row; values in Kusto's string form.
pub fn to_csv(t: &Table) -> String {
    let mut out = String::new();
    for (i, (n, _)) in t.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(&mut out, n);
    }
    out.push('\n');
    let mut buf = String::new();
    for r in 0..t.rows {
        for (i, c) in t.data.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            buf.clear();
            c.get(r).write_kusto_string(&mut buf);
            csv_field(&mut out, &buf);
        }
        out.push('\n');
    }
    out
}
