//! Every analytic rule and hunting query of `../shared/corpus` runs through the engine over empty
//! tables and over three synthetic rows per table (see `support/corpus_run.rs`). The share that
//! runs to completion must stay at or above the floors in `tests/data/corpus_run_floor.txt`; the
//! figures and the failures grouped by cause go to `target/corpus_run_report.txt`.

#[path = "support/corpus_run.rs"]
mod corpus_run;
#[path = "support/failure_cause.rs"]
mod failure_cause;

use std::path::Path;

/// `empty` and `rows`: the least percent that must run; `panics`: the most runs (both passes)
/// that may panic or abort, the known engine bugs listed in `tests/data/kql_docs/FAILURES.md`.
fn floors() -> (f64, f64, usize) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus_run_floor.txt"),
    )
    .expect("tests/data/corpus_run_floor.txt is readable");
    let mut empty = None;
    let mut rows = None;
    let mut panics = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some((key, value)) = line.split_once('=') {
            let value: f64 = value
                .trim()
                .trim_end_matches('%')
                .parse()
                .expect("a number");
            match key.trim() {
                "empty" => empty = Some(value),
                "rows" => rows = Some(value),
                "panics" => panics = Some(value as usize),
                _ => {}
            }
        }
    }
    (
        empty.expect("an `empty =` floor"),
        rows.expect("a `rows =` floor"),
        panics.expect("a `panics =` ceiling"),
    )
}

#[test]
fn corpus_queries_run_over_empty_and_synthetic_tables() {
    let Some(root) = corpus_run::corpus_root() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus_run_data");
    // Each pass runs in worker processes (this binary, running `corpus_run_worker`), so that a
    // query that aborts the process (a stack overflow) is counted and the run goes on.
    let exe = std::env::current_exe().expect("the test binary");
    let args = [
        "corpus_run_worker",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ];
    let run = corpus_run::run_corpus(&root, &scratch, &exe, &args);
    let report = corpus_run::report(&run);
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = tmp.parent().unwrap_or(tmp).join("corpus_run_report.txt");
    std::fs::write(&path, &report).expect("write the report");
    for line in report
        .lines()
        .filter(|l| l.starts_with("Corpus") || l.starts_with("## "))
    {
        eprintln!("{line}");
    }
    eprintln!("report: {}", path.display());

    assert!(
        run.queries > 1500,
        "expected ~1,960 queries in the corpus, found {}",
        run.queries
    );
    let (empty_floor, rows_floor, max_panics) = floors();
    let panics = [&run.empty, &run.rows]
        .iter()
        .map(|p| {
            p.counts
                .get(&corpus_run::Outcome::Panic)
                .copied()
                .unwrap_or(0)
        })
        .sum::<usize>();
    assert!(
        panics <= max_panics,
        "{panics} runs panicked or aborted, more than the {max_panics} known; see {}",
        path.display()
    );
    assert!(
        run.empty.rate() >= empty_floor,
        "{:.2}% ran over empty tables, under the floor {empty_floor}%; see {}",
        run.empty.rate(),
        path.display()
    );
    assert!(
        run.rows.rate() >= rows_floor,
        "{:.2}% ran over three rows, under the floor {rows_floor}%; see {}",
        run.rows.rate(),
        path.display()
    );
}

/// Not a test of its own: the worker `corpus_queries_run_over_empty_and_synthetic_tables` starts
/// (with `CORPUS_RUN_WORKER` set) to run one pass of the corpus and print one line per query.
#[test]
#[ignore = "a worker process of corpus_queries_run_over_empty_and_synthetic_tables"]
fn corpus_run_worker() {
    let (Some(root), Ok(spec), Some(scratch)) = (
        corpus_run::corpus_root(),
        std::env::var(corpus_run::WORKER_ENV),
        std::env::var_os("CORPUS_RUN_SCRATCH"),
    ) else {
        return;
    };
    corpus_run::worker(&root, Path::new(&scratch), &spec);
}
