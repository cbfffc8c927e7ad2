//! Parse + analyze throughput over the Azure-Sentinel corpus, single-threaded, and the time to
//! load the bundled catalog.
//!
//! ```sh
//! cargo bench --bench analyze                      # corpus at ../shared/corpus/… beside the repository
//! SL_CORPUS=/path/to/Azure-Sentinel cargo bench --bench analyze
//! ```

use std::time::{Duration, Instant};

use sentinel_lint::analyze::analyze;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::kql;

#[path = "support/corpus.rs"]
mod corpus;

/// The allocator the binary uses (`src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

    let queries = corpus::corpus_queries();
    if queries.is_empty() {
        println!(
            "no queries under {}; set SL_CORPUS",
            corpus::corpus_root().display()
        );
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
