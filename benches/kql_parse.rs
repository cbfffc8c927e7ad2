//! Parse throughput over the corpus queries, single thread.
//!
//! `cargo bench --bench kql_parse`; reads the queries of `SL_CORPUS` (default: the
//! Azure-Sentinel snapshot in `../shared`) with the linter's loader, and skips cleanly when it is
//! absent.

use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;

/// The allocator the binary uses (`src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let queries = corpus::corpus_queries();
    if queries.is_empty() {
        println!(
            "kql_parse: no corpus at {}; skipped",
            corpus::corpus_root().display()
        );
        return;
    }
    let bytes: usize = queries.iter().map(String::len).sum();
    // Warm up, then time whole passes for at least three seconds.
    let mut errors = 0usize;
    for q in &queries {
        errors += sentinel_lint::kql::parse(q).errors.len();
    }
    let mut passes = 0u32;
    let cpu_started = thread_cpu_ns();
    let started = Instant::now();
    let mut best = Duration::MAX;
    while started.elapsed() < Duration::from_secs(3) || passes < 3 {
        let pass = Instant::now();
        for q in &queries {
            std::hint::black_box(sentinel_lint::kql::parse(std::hint::black_box(q)));
        }
        best = best.min(pass.elapsed());
        passes += 1;
    }
    let mean = started.elapsed() / passes;
    let cpu = thread_cpu_ns()
        .zip(cpu_started)
        .map(|(end, start)| (end - start) as f64 / 1e9 / f64::from(passes));
    let mb = bytes as f64 / 1e6;
    println!(
        "kql_parse: {} queries, {mb:.2} MB, {errors} syntax errors; {passes} passes; \
         mean {:.1} MB/s, best {:.1} MB/s",
        queries.len(),
        mb / mean.as_secs_f64(),
        mb / best.as_secs_f64()
    );
    // On a shared machine wall time undercounts; CPU time of this thread does not.
    if let Some(cpu) = cpu {
        println!(
            "kql_parse: {:.1} MB/s per CPU-second of this thread",
            mb / cpu
        );
    }
}

/// CPU time of the current thread in nanoseconds (Linux), if available.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}
