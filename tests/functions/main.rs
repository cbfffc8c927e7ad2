//! The scalar function library, checked against the KQL reference: each family's table
//! lists `expression → type, value` taken from the function's documentation page. Each case
//! runs as `print r = <expression>`; the value is compared in Kusto's JSON output form
//! (strings quoted, null as `null`), the type by name, and the type must also be the one the
//! analysis (`query schema`) infers.

mod conversion;
mod datetime;
mod dynamic;
mod encoding;
mod extra;
mod ip;
mod math;
mod regex;
mod row;
mod series;
mod string;

use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::{self, DataSet, RunOptions, Value};

/// (expression, type name, value as Kusto's JSON output writes it)
pub type Case = (&'static str, &'static str, &'static str);

/// `now()` in every case: 2024-01-02T03:04:05Z.
pub const NOW: i64 = 17_041_646_450_000_000;

pub fn run(query: &str) -> Result<exec::Table, String> {
    let options = RunOptions {
        now: NOW,
        ..RunOptions::default()
    };
    let catalog = Catalog::bundled();
    let result = exec::run(query, catalog, &DataSet::new(), &options)
        .map_err(|e| format!("{} at {}..{}", e.message, e.span.start, e.span.end))?;
    let analysis = sentinel_lint::analyze::analyze_text(query, catalog);
    let schema = analysis
        .schema()
        .ok_or_else(|| format!("no schema inferred for `{query}`"))?;
    let inferred: Vec<(String, String)> = schema
        .columns
        .iter()
        .map(|c| (c.name.to_string(), c.ty.name().to_string()))
        .collect();
    let produced: Vec<(String, String)> = result
        .table
        .columns
        .iter()
        .map(|(n, t)| (n.to_string(), t.name().to_string()))
        .collect();
    if inferred != produced {
        return Err(format!(
            "`{query}`: the result's columns {produced:?} differ from the inferred {inferred:?}"
        ));
    }
    Ok(result.table)
}

/// A value as Kusto's JSON output writes it; dynamics as compact JSON in their own key order.
pub fn json(v: &Value) -> String {
    match v {
        Value::Dynamic(d) => d.to_json_string(),
        other => serde_json::to_string(&other.to_json()).unwrap(),
    }
}

/// Runs every case and reports all failures at once.
pub fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for (expr, ty, want) in cases {
        let query = format!("print r = {expr}");
        match run(&query) {
            Err(e) => failures.push(format!("{expr}\n    error: {e}")),
            Ok(table) => {
                let got_ty = table.columns[0].1.name();
                let got = json(&table.data[0].get(0));
                if got_ty != *ty || got != *want {
                    failures.push(format!(
                        "{expr}\n    want {ty} {want}\n    got  {got_ty} {got}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The expression is an error whose message mentions `needle`.
pub fn check_error(expr: &str, needle: &str) {
    match run(&format!("print r = {expr}")) {
        Ok(_) => panic!("`{expr}` ran; expected an error mentioning `{needle}`"),
        Err(e) => assert!(e.contains(needle), "`{expr}`: {e}"),
    }
}

/// Every row of a query's result as JSON arrays, for the multi-column cases.
pub fn rows(query: &str) -> Vec<String> {
    let table = run(query).unwrap_or_else(|e| panic!("{e}"));
    (0..table.rows)
        .map(|i| {
            let row: Vec<serde_json::Value> =
                table.data.iter().map(|c| c.get(i).to_json()).collect();
            serde_json::to_string(&row).unwrap()
        })
        .collect()
}

/// The column names and types of a query's result.
pub fn columns(query: &str) -> Vec<String> {
    let table = run(query).unwrap_or_else(|e| panic!("{e}"));
    table
        .columns
        .iter()
        .map(|(n, t)| format!("{n}:{}", t.name()))
        .collect()
}
