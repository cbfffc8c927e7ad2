//! Runs every analytic rule and hunting query of an Azure-Sentinel snapshot through the
//! engine, over empty tables and over three synthetic typed rows per table, and reports how
//! many run to completion, with the most common errors.
//!
//! `cargo run --release --example exec_corpus -- [CORPUS_DIR]`
//! (default `../shared/corpus/azure-sentinel-2022-02`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use sentinel_lint::catalog::Catalog;
use sentinel_lint::content::ContentKind;
use sentinel_lint::content::discover::{self, Discovered};
use sentinel_lint::content::model::Loaded;
use sentinel_lint::exec::{self, DataSet, RunOptions, Table, Value};
use sentinel_lint::kql::types::ScalarType;

const NOW: i64 = 17_040_672_000_000_000;

fn synthetic(catalog: &Catalog, name: &str) -> Option<Table> {
    let t = catalog.table(name)?;
    let cols: Vec<(Arc<str>, ScalarType)> =
        t.columns().iter().map(|c| (c.name.clone(), c.ty)).collect();
    let rows: Vec<Vec<Value>> = (0..3)
        .map(|i| {
            cols.iter()
                .map(|(n, ty)| match ty {
                    ScalarType::String => Value::str(&format!("{n}-{i}")),
                    ScalarType::Int | ScalarType::Long => Value::Long(i + 1),
                    ScalarType::Real | ScalarType::Decimal => Value::Real(i as f64 + 0.5),
                    ScalarType::Bool => Value::Bool(i % 2 == 0),
                    ScalarType::DateTime => Value::DateTime(NOW - (i + 1) * 36_000_000_000),
                    ScalarType::TimeSpan => Value::TimeSpan((i + 1) * 36_000_000_000),
                    ScalarType::Guid => {
                        Value::Guid(0x1234_5678_9abc_def0_1234_5678_9abc_def0 + i as u128)
                    }
                    _ => Value::Dynamic(exec::Dynamic::parse_json(&format!(
                        r#"{{"key":"value{i}","list":[1,2]}}"#
                    ))),
                })
                .collect()
        })
        .collect();
    Some(Table::from_rows(&cols, &rows))
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/azure-sentinel-2022-02")
        });
    let files = discover::candidate_files(&[dir]).expect("corpus");
    let loaded: Vec<_> = discover::load_all(&files)
        .into_iter()
        .filter_map(|d| match d {
            Discovered::Loaded(Loaded::Content(f)) => Some(*f),
            _ => None,
        })
        .collect();
    let options = sentinel_lint::lint::Options::default();
    let catalog = sentinel_lint::lint::project_catalog(loaded.iter(), &options).expect("catalog");
    let run_options = RunOptions {
        now: NOW,
        ..RunOptions::default()
    };
    let mut totals = [0usize; 3];
    let mut errors: [BTreeMap<String, usize>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut skipped_binding = 0;
    for file in &loaded {
        if !matches!(
            file.kind,
            ContentKind::AnalyticRule(_) | ContentKind::HuntingQuery
        ) {
            continue;
        }
        let Some(query) = &file.query else { continue };
        let parsed = sentinel_lint::kql::parse(&query.text);
        let analysis = sentinel_lint::analyze::analyze(&parsed.query, &catalog);
        if !parsed.errors.is_empty()
            || analysis
                .diagnostics
                .iter()
                .any(|d| d.severity == sentinel_lint::diag::Severity::Error)
        {
            skipped_binding += 1;
            continue;
        }
        totals[0] += 1;
        let mut full = DataSet::new();
        for t in &analysis.tables {
            if let Some(table) = synthetic(&catalog, t) {
                full.insert(t.clone(), table);
            }
        }
        if std::env::var("SHOW").is_ok() {
            eprintln!("RUN {}", file.path);
        }
        for (k, data) in [DataSet::new(), full].iter().enumerate() {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                exec::run_parsed(&parsed.query, &catalog, data, &run_options)
            }));
            match result {
                Ok(Ok(_)) => totals[k + 1] += 1,
                Ok(Err(e)) => {
                    let key: String = e.message.chars().take(90).collect();
                    *errors[k].entry(key).or_default() += 1;
                    if std::env::var("SHOW").is_ok() {
                        eprintln!("{}: {}", file.path, e.message);
                    }
                }
                Err(_) => {
                    *errors[k]
                        .entry(format!("PANIC in {}", file.path))
                        .or_default() += 1;
                }
            }
        }
    }
    println!(
        "queries that bind cleanly: {} (skipped with binding errors: {skipped_binding})",
        totals[0]
    );
    for (k, label) in ["empty tables", "3 synthetic rows"].iter().enumerate() {
        println!(
            "{label}: {}/{} ran ({:.1}%)",
            totals[k + 1],
            totals[0],
            100.0 * totals[k + 1] as f64 / totals[0].max(1) as f64
        );
        let mut top: Vec<_> = errors[k].iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1));
        for (msg, n) in top.iter().take(40) {
            println!("  {n:4}  {msg}");
        }
    }
}
