//! The engine's speed targets (issue 8) on 1,000,000 generated rows, single-threaded,
//! excluding loading:
//! - `T | where EventID == 4625 | extend H = tolower(Computer) | summarize count() by H, bin(TimeGenerated, 1h)` ≤ 0.05 s
//! - an inner join of 100,000 × 100,000 rows on a string key < 0.3 s
//! - `T | where Account has "admin"` < 0.03 s
//!
//! `cargo bench --bench exec`. End to end (start, CSV load, query, printing) is measured on the
//! binary: `cargo run --release --example gen_bench_data -- /tmp/bench` then
//! `sentinel-lint query run q.kql --data /tmp/bench --format csv`.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::column::{Column, ColumnBuilder, StrBuilder};
use sentinel_lint::exec::{self, DataSet, RunOptions, Table};
use sentinel_lint::kql::types::ScalarType;

#[path = "support/exec_data.rs"]
mod exec_data;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BASE: i64 = 17_040_672_000_000_000;

fn table(n: usize) -> Table {
    let mut t = ColumnBuilder::new(ScalarType::DateTime, n);
    let mut c = StrBuilder::with_capacity(n);
    let mut e = Vec::with_capacity(n);
    let mut a = StrBuilder::with_capacity(n);
    for r in exec_data::rows(n) {
        t.push(&exec::Value::DateTime(BASE + r.offset));
        c.push(&r.computer);
        e.push(r.event_id);
        a.push(&r.account);
    }
    Table::new(
        vec![
            (Arc::from("TimeGenerated"), Arc::new(t.finish())),
            (
                Arc::from("Computer"),
                Arc::new(Column::from_strs(c.finish())),
            ),
            (
                Arc::from("EventID"),
                Arc::new(Column::from_i64(ScalarType::Int, e, None)),
            ),
            (
                Arc::from("Account"),
                Arc::new(Column::from_strs(a.finish())),
            ),
        ],
        n,
    )
}

/// Two tables of `n` rows keyed by a string with about one match per row.
fn join_tables(n: usize) -> (Table, Table) {
    let mut rng = exec_data::Lcg::new(7);
    let mut side = |tag: &str| {
        let mut k = StrBuilder::with_capacity(n);
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            k.push(&format!("user{}", rng.below(n as u64)));
            v.push(i as i64);
        }
        Table::new(
            vec![
                (Arc::from("Key"), Arc::new(Column::from_strs(k.finish()))),
                (
                    Arc::from(tag),
                    Arc::new(Column::from_i64(ScalarType::Long, v, None)),
                ),
            ],
            n,
        )
    };
    (side("L"), side("R"))
}

fn run(q: &str, data: &DataSet) -> usize {
    let options = RunOptions::default();
    exec::run(q, Catalog::bundled(), data, &options)
        .expect("query runs")
        .table
        .rows
}

/// CPU time (user + system) of the whole process in seconds (Linux, 10 ms ticks), to report
/// figures that do not depend on how busy the machine is; `None` elsewhere.
fn process_cpu_s() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesized command name; utime and stime are the 14th and 15th.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Mean CPU time and best wall time of `n` runs of a query.
fn measure(q: &str, data: &DataSet, n: u32) -> (f64, f64) {
    let mut best = f64::MAX;
    let cpu0 = process_cpu_s();
    for _ in 0..n {
        let t = std::time::Instant::now();
        std::hint::black_box(run(q, data));
        best = best.min(t.elapsed().as_secs_f64());
    }
    let cpu = match (cpu0, process_cpu_s()) {
        (Some(a), Some(b)) => (b - a) / n as f64,
        _ => f64::NAN,
    };
    (cpu, best)
}

fn benches(c: &mut Criterion) {
    let mut data = DataSet::new();
    data.insert("T", table(1_000_000));
    let (l, r) = join_tables(100_000);
    data.insert("L", l);
    data.insert("R", r);
    let mut g = c.benchmark_group("exec");
    g.sample_size(20);
    let q1 = "T | where EventID == 4625 | extend H = tolower(Computer) | summarize count() by H, bin(TimeGenerated, 1h)";
    g.bench_function("filter_extend_summarize_1M", |b| b.iter(|| run(q1, &data)));
    let q2 = "L | join kind=inner R on Key";
    g.bench_function("join_inner_100k_x_100k", |b| b.iter(|| run(q2, &data)));
    let q3 = "T | where Account has \"admin\"";
    g.bench_function("has_filter_1M", |b| b.iter(|| run(q3, &data)));
    g.finish();
    for (name, q, rows) in [
        ("filter_extend_summarize_1M", q1, 1_000_000.0),
        ("join_inner_100k_x_100k", q2, 200_000.0),
        ("has_filter_1M", q3, 1_000_000.0),
    ] {
        let (cpu, best) = measure(q, &data, 50);
        println!(
            "{name}: mean CPU {:.1} ms, best wall {:.1} ms, {:.0} M input rows/s (CPU)",
            cpu * 1000.0,
            best * 1000.0,
            rows / cpu / 1e6
        );
    }
    println!(
        "rows out: q1 {}, join {}, has {}",
        run(q1, &data),
        run(q2, &data),
        run(q3, &data)
    );
}

criterion_group!(exec_benches, benches);
criterion_main!(exec_benches);
