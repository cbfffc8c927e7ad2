//! Wall time of `check` over the Azure-Sentinel corpus (all threads), end to end: discovery,
//! loading, every rule. Run with `cargo bench --bench check`; skipped without ../shared.

use std::path::PathBuf;
use std::time::Instant;

use sentinel_lint::lint;

/// The allocator the binary uses (`src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let corpus =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/azure-sentinel-2022-02");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let options = lint::Options::default();
    // The first run warms the page cache and the bundled catalogs.
    let report = lint::check_paths(std::slice::from_ref(&corpus), &options).expect("corpus");
    let files = report.files.len();
    let runs = 10;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let report = lint::check_paths(std::slice::from_ref(&corpus), &options).expect("corpus");
        std::hint::black_box(report.files.len());
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[runs / 2];
    println!(
        "check corpus: {files} files, median {:.1} ms (min {:.1} ms, max {:.1} ms) over {runs} runs, {} threads",
        median * 1e3,
        times[0] * 1e3,
        times[runs - 1] * 1e3,
        rayon::current_num_threads()
    );
}
