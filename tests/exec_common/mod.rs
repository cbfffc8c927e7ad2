//! Shared helpers of the engine tests: every query run here also checks that the result's
//! columns (names and types) are the ones `query schema` (the analysis) infers.

#![allow(dead_code)]

use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::{self, DataSet, RunOptions, Table};

/// 2024-01-01T00:00:00Z, the `now()` of every test.
pub const NOW: i64 = 17_040_672_000_000_000;

pub fn options() -> RunOptions {
    RunOptions {
        now: NOW,
        ..RunOptions::default()
    }
}

/// Runs a query over `data`, asserting its columns agree with the analysis.
pub fn run_with(query: &str, data: &DataSet) -> Table {
    let catalog = Catalog::bundled();
    let result = exec::run(query, catalog, data, &options())
        .unwrap_or_else(|e| panic!("query failed: {} at {:?}\n{query}", e.message, e.span));
    let analysis = sentinel_lint::analyze::analyze_text(query, catalog);
    if let Some(schema) = analysis.schema()
        && !schema.open
    {
        let want: Vec<(String, String)> = schema
            .columns
            .iter()
            .map(|c| (c.name.to_string(), c.ty.name().to_string()))
            .collect();
        let got: Vec<(String, String)> = result
            .table
            .columns
            .iter()
            .map(|(n, t)| (n.to_string(), t.name().to_string()))
            .collect();
        assert_eq!(
            got.len(),
            want.len(),
            "column count differs from the analysis for\n{query}\ngot {got:?}\nwant {want:?}"
        );
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(
                g.0, w.0,
                "column name differs from the analysis for\n{query}"
            );
            if w.1 != "unknown" {
                assert_eq!(
                    g.1, w.1,
                    "type of `{}` differs from the analysis for\n{query}",
                    g.0
                );
            }
        }
    }
    result.table
}

pub fn run(query: &str) -> Table {
    run_with(query, &DataSet::new())
}

/// The result as `{"columns":[…],"rows":[…]}` JSON.
pub fn json(query: &str) -> serde_json::Value {
    let t = run(query);
    serde_json::from_str(&exec::output::to_json(&t)).expect("valid json")
}

/// Asserts the rows (as Kusto's JSON writes them) and the `name:type` columns of a query.
pub fn check(query: &str, columns: &str, rows: serde_json::Value) {
    let t = run(query);
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|(n, ty)| format!("{n}:{}", ty.name()))
        .collect();
    assert_eq!(cols.join(", "), columns, "columns of\n{query}");
    let got: serde_json::Value =
        serde_json::from_str(&exec::output::to_json(&t)).expect("valid json");
    assert_eq!(got["rows"], rows, "rows of\n{query}");
}

/// The error message of a query that must fail.
pub fn error(query: &str) -> String {
    let catalog = Catalog::bundled();
    match exec::run(query, catalog, &DataSet::new(), &options()) {
        Ok(_) => panic!("query should fail:\n{query}"),
        Err(e) => e.message,
    }
}
