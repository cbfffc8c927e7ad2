//! Runs `check` over the Azure-Sentinel corpus in `../shared/corpus` (skipped visibly when
//! absent, a failure under `CI=true`):
//! nothing may panic, every query must map back to its file exactly, and the counts per code
//! are recorded in a snapshot so that any change in what the rules find shows up in review.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sentinel_lint::content::ContentKind;
use sentinel_lint::lint;

mod common;

fn corpus() -> Option<PathBuf> {
    common::shared("corpus/azure-sentinel-2022-02")
}

#[test]
fn corpus_checks_without_panic_and_counts_are_stable() {
    let Some(corpus) = corpus() else {
        return;
    };
    let report = lint::check_paths(&[corpus], &lint::Options::default()).expect("corpus exists");
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut inexact_maps = Vec::new();
    for result in &report.files {
        *kinds.entry(result.file.kind.describe()).or_default() += 1;
        if let Some(query) = &result.file.query
            && !query.map.is_exact()
        {
            inexact_maps.push(result.file.path.to_string());
        }
    }
    let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
    for (_, diagnostic) in report.diagnostics() {
        *per_code
            .entry(format!("{} {}", diagnostic.code, diagnostic.name))
            .or_default() += 1;
    }
    let analytic = report
        .files
        .iter()
        .filter(|r| matches!(r.file.kind, ContentKind::AnalyticRule(_)))
        .count();
    assert!(
        analytic > 800,
        "expected the corpus's ~840 analytic rules, found {analytic}"
    );
    assert!(
        inexact_maps.is_empty(),
        "queries whose positions could not be mapped exactly: {inexact_maps:#?}"
    );
    let mut summary = String::new();
    summary.push_str("files by kind:\n");
    for (kind, count) in &kinds {
        summary.push_str(&format!("  {kind}: {count}\n"));
    }
    summary.push_str(&format!("skipped: {}\n", report.skipped.len()));
    summary.push_str("findings by code:\n");
    for (code, count) in &per_code {
        summary.push_str(&format!("  {code}: {count}\n"));
    }
    insta::assert_snapshot!(summary);
}
