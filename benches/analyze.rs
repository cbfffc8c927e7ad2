//! Parse + analyze throughput over the Azure-Sentinel corpus, single-threaded, and the time to
//! load the bundled catalog.
//!
//! ```sh
//! cargo bench --bench analyze                      # corpus at /work/shared/corpus/…
//! SL_CORPUS=/path/to/Azure-Sentinel cargo bench --bench analyze
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use saphyr_parser::{Event, Parser};
use sentinel_lint::analyze::analyze;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::kql;

/// The `query`/`FunctionQuery`/`ParserQuery` values of a YAML document's top-level mapping.
fn queries_of(text: &str, out: &mut Vec<String>) {
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    let mut expect_key = true;
    for ev in Parser::new_from_str(text) {
        let Ok((ev, _)) = ev else { return };
        match ev {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 && !expect_key {
                    expect_key = true;
                    key = None;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    expect_key = true;
                }
            }
            Event::Scalar(v, ..) if depth == 1 => {
                if expect_key {
                    key = Some(v.into_owned());
                    expect_key = false;
                } else {
                    if matches!(
                        key.as_deref(),
                        Some("query" | "FunctionQuery" | "ParserQuery")
                    ) && !v.trim().is_empty()
                    {
                        out.push(v.into_owned());
                    }
                    expect_key = true;
                }
            }
            _ => {}
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if p.is_dir() && !hidden {
            walk(&p, files);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            files.push(p);
        }
    }
}

fn main() {
    let start = Instant::now();
    let catalog = Catalog::bundled();
    let load = start.elapsed();
    // The first load pays for page faults; the best of a few more shows the parsing cost.
    let best = (0..10)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(Catalog::load_bundled_uncached());
            t.elapsed()
        })
        .min()
        .unwrap_or_default();
    println!(
        "catalog load: first {:.2} ms, best of 10 reloads {:.2} ms ({} tables)",
        load.as_secs_f64() * 1000.0,
        best.as_secs_f64() * 1000.0,
        catalog.table_count()
    );

    let root = std::env::var("SL_CORPUS")
        .unwrap_or_else(|_| "/work/shared/corpus/azure-sentinel-2022-02".to_string());
    let mut files = Vec::new();
    walk(Path::new(&root), &mut files);
    files.sort();
    let mut queries = Vec::new();
    for f in &files {
        if let Ok(text) = std::fs::read_to_string(f) {
            queries_of(text.trim_start_matches('\u{feff}'), &mut queries);
        }
    }
    if queries.is_empty() {
        println!("no queries under {root}; set SL_CORPUS");
        return;
    }
    let budget = Duration::from_secs(
        std::env::var("SL_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5),
    );

    // Parse + analyze, the path a lint run takes.
    let (mut n, start) = (0usize, Instant::now());
    let mut columns = 0usize;
    while start.elapsed() < budget {
        for q in &queries {
            let parsed = kql::parse(q);
            let a = analyze(&parsed.query, catalog);
            columns += a.schema().map_or(0, |s| s.columns.len());
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "parse+analyze: {} queries, {:.0} queries/s ({:.1} µs/query; {columns} columns)",
        queries.len(),
        n as f64 / secs,
        secs * 1e6 / n as f64
    );

    // Analysis alone.
    let parsed: Vec<_> = queries.iter().map(|q| kql::parse(q)).collect();
    let (mut n, start) = (0usize, Instant::now());
    while start.elapsed() < budget {
        for p in &parsed {
            let a = analyze(&p.query, catalog);
            std::hint::black_box(&a);
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "analyze only: {:.0} queries/s ({:.1} µs/query)",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}
