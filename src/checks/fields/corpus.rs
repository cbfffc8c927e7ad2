//! Measures the field rules on a copy of the Azure-Sentinel repository, to weed out false
//! alarms: `cargo test --lib corpus -- --ignored --nocapture`. The path comes from
//! `SENTINEL_CORPUS` (default `../shared/corpus/azure-sentinel-2022-02` beside the repository).

#[test]
#[ignore = "needs a copy of the Azure-Sentinel repository"]
fn counts_per_code_on_the_corpus() {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    let root = std::env::var("SENTINEL_CORPUS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/azure-sentinel-2022-02"
        )
        .to_string()
    });
    let report = crate::lint::check_paths(&[PathBuf::from(&root)], &Default::default())
        .expect("the corpus exists");
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &report.files {
        *kinds.entry(result.file.kind.describe()).or_default() += 1;
    }
    println!("files by kind: {kinds:?}");
    let mut counts: BTreeMap<&str, (usize, usize, Vec<String>)> = BTreeMap::new();
    let mut last_file: BTreeMap<&str, String> = BTreeMap::new();
    for (file, diagnostic) in report.diagnostics() {
        if !diagnostic.code.starts_with("SL1") {
            continue;
        }
        let entry = counts.entry(diagnostic.code).or_default();
        entry.0 += 1;
        if last_file.get(diagnostic.code).map(String::as_str) != Some(&*file.path) {
            entry.1 += 1;
            last_file.insert(diagnostic.code, file.path.to_string());
        }
        if entry.2.len()
            < std::env::var("SAMPLES")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(6)
        {
            let at = file.lines.line_col(&file.source, diagnostic.span.start);
            entry.2.push(format!(
                "{}:{}: {} [{}]",
                file.path,
                at.line,
                diagnostic.message,
                diagnostic.help.as_deref().unwrap_or("")
            ));
        }
    }
    let mut by_kind: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (file, diagnostic) in report.diagnostics() {
        if diagnostic.code.starts_with("SL1") {
            *by_kind
                .entry((diagnostic.code, file.kind.describe()))
                .or_default() += 1;
        }
    }
    for (code, (count, files, samples)) in &counts {
        let split: Vec<String> = by_kind
            .iter()
            .filter(|((c, _), _)| c == code)
            .map(|((_, kind), n)| format!("{kind}: {n}"))
            .collect();
        println!(
            "{code}: {count} diagnostics in {files} files ({})",
            split.join(", ")
        );
        for sample in samples {
            println!("    {sample}");
        }
    }
}

#[test]
#[ignore = "prints the documentation of the field rules"]
fn print_docs() {
    for rule in crate::checks::all_rules().filter(|r| r.code.starts_with("SL1")) {
        println!(
            "===== {} {} {}\n{}",
            rule.code,
            rule.name,
            rule.severity,
            rule.documentation()
        );
    }
}
