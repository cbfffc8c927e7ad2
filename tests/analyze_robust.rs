//! The analysis never panics: every corpus query, cut at many points, is analyzed.
//!
//! `SL_QUERIES=target/queries.jsonl cargo test --release --test analyze_robust -- --ignored`
//! (the JSONL made by `scripts/oracle/corpus.py`).

use sentinel_lint::analyze::analyze;
use sentinel_lint::catalog::Catalog;

#[test]
#[ignore]
fn corpus_prefixes_never_panic() {
    let Ok(path) = std::env::var("SL_QUERIES") else {
        panic!("set SL_QUERIES to the JSONL of `scripts/oracle/corpus.py`");
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let catalog = Catalog::bundled();
    let run = move || {
        let mut n = 0;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let Some(q) = v["query"].as_str() else {
                continue;
            };
            let step = (q.len() / 25).max(1);
            let mut end = 0;
            while end <= q.len() {
                if q.is_char_boundary(end) {
                    let parsed = sentinel_lint::kql::parse(&q[..end]);
                    let _ = analyze(&parsed.query, catalog);
                    n += 1;
                }
                end += step;
            }
        }
        n
    };
    let n = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
    println!("{n} prefixes analyzed");
}

#[test]
fn deep_inputs_never_overflow() {
    let run = || {
        let deep_parens = format!("print {}1{}", "(".repeat(5000), ")".repeat(5000));
        let long_chain = format!("print {}1", "1 + ".repeat(20000));
        let long_pipe = format!("SecurityEvent{}", " | where EventID == 1".repeat(3000));
        let nested_q = format!("{}SecurityEvent{}", "(".repeat(3000), ")".repeat(3000));
        for q in [deep_parens, long_chain, long_pipe, nested_q] {
            let parsed = sentinel_lint::kql::parse(&q);
            let _ = analyze(&parsed.query, Catalog::bundled());
        }
    };
    // The stack of a rayon or test thread.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
