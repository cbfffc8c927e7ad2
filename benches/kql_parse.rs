//! Parse throughput over the corpus queries, single thread.
//!
//! `cargo bench --bench kql_parse [-- PATH.jsonl]`; reads `/tmp/kql-corpus/queries.jsonl`
//! (`{"id","query"}` lines) by default and skips cleanly when it is absent.

use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| a.ends_with(".jsonl"))
        .unwrap_or_else(|| "/tmp/kql-corpus/queries.jsonl".to_string());
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("kql_parse: no corpus at {path}; skipped");
        return;
    };
    let queries: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["query"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = queries.iter().map(String::len).sum();
    if bytes == 0 {
        println!("kql_parse: empty corpus at {path}; skipped");
        return;
    }
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
