//! Measures the ATT&CK, entity and connector rules on a real corpus (the Azure-Sentinel
//! repository as of February 2022). Ignored by default; run with
//!
//! ```text
//! cargo test --release corpus_counts -- --ignored --nocapture
//! ```
//!
//! `SENTINEL_CORPUS` overrides the corpus path; `SENTINEL_SAMPLES=SL207` prints every finding
//! of the listed codes (comma-separated) rather than three of each.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::report::human;

/// `../shared/corpus` beside the repository.
const DEFAULT_CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/azure-sentinel-2022-02/"
);

fn is_ours(code: &str) -> bool {
    code.starts_with("SL2") || code.starts_with("SL3") || code.starts_with("SL4")
}

#[test]
#[ignore = "needs the corpus; prints counts for a person to read"]
fn corpus_counts() {
    let corpus = std::env::var("SENTINEL_CORPUS").unwrap_or_else(|_| DEFAULT_CORPUS.to_string());
    let corpus = PathBuf::from(corpus);
    if !corpus.exists() {
        eprintln!("corpus {} is absent; skipped", corpus.display());
        return;
    }
    let report = crate::lint::check_paths(&[corpus], &Default::default()).expect("corpus");
    let all_samples: Vec<String> = std::env::var("SENTINEL_SAMPLES")
        .map(|codes| codes.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let mut counts: BTreeMap<&str, (usize, std::collections::BTreeSet<&str>)> = BTreeMap::new();
    let mut samples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, diagnostic) in report.diagnostics() {
        if !is_ours(diagnostic.code) {
            continue;
        }
        let count = counts.entry(diagnostic.code).or_default();
        count.0 += 1;
        count.1.insert(&file.path);
        let shown = samples.entry(diagnostic.code).or_default();
        if shown.len() < 3 || all_samples.iter().any(|code| code == diagnostic.code) {
            shown.push(human::render(
                diagnostic,
                file,
                &human::Style::plain(),
                &|_| None,
            ));
        }
    }
    println!("files checked: {}", report.files.len());
    for (code, (count, files)) in &counts {
        println!("{code}: {count} findings in {} files", files.len());
    }
    for (code, shown) in &samples {
        println!("\n===== {code} =====");
        for sample in shown {
            println!("{sample}");
        }
    }
}
