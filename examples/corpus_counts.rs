//! Dev tool: findings per rule code and per kind of content, over any folder.
//!
//! `cargo run --release --example corpus_counts -- PATH [--tables DIR]`

use std::collections::BTreeMap;
use std::path::PathBuf;

use sentinel_lint::lint::{self, Options};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut options = Options::default();
    while let Some(arg) = args.next() {
        if arg == "--tables" {
            options.tables.extend(args.next().map(PathBuf::from));
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let report = match lint::check_paths(&paths, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    };
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut counts: BTreeMap<(&str, &str), BTreeMap<&str, usize>> = BTreeMap::new();
    for result in &report.files {
        let kind = result.file.kind.describe();
        *kinds.entry(kind).or_default() += 1;
        for diagnostic in &result.diagnostics {
            *counts
                .entry((diagnostic.code, diagnostic.name))
                .or_default()
                .entry(kind)
                .or_default() += 1;
        }
    }
    println!("files: {kinds:?}");
    for ((code, name), by_kind) in counts {
        let total: usize = by_kind.values().sum();
        let parts: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("{code} {name:<38} {total:>5}  ({})", parts.join(", "));
    }
}
