//! Measure: the queries where `check` reports an unknown table, column or function (SL601–SL603).
//!
//! `cargo run --release --example unknown_names -- PATH [--tables DIR] [--functions DIR]
//! [--verdicts FILE]`
//!
//! Prints one line per finding (`path<TAB>code<TAB>name<TAB>message`), then the number of
//! queries with at least one finding, per kind of content and over the analytic rules and
//! hunting queries together (the figure issue #10 tracks). With `--verdicts`, a hand-checked
//! sample (`path<TAB>code<TAB>name<TAB>verdict<TAB>why`, verdict `mistake` or `false`) is joined
//! in: each listed finding shows its verdict, and the sample's false alarms are counted. The
//! verdicts come from reading the query against the table reference and the documentation,
//! not from this tool's catalog, so they do not share its blind spots.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use sentinel_lint::content::model::ContentKind;
use sentinel_lint::lint::{self, Options};

const CODES: [&str; 3] = ["SL601", "SL602", "SL603"];

/// The name a finding is about: the first back-quoted word of its message.
fn subject(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or("")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut options = Options::default();
    let mut verdicts_file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tables" => options.tables.extend(args.next().map(PathBuf::from)),
            "--functions" => options.functions.extend(args.next().map(PathBuf::from)),
            "--verdicts" => verdicts_file = args.next().map(PathBuf::from),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let mut verdicts: BTreeMap<(String, String, String), (String, String)> = BTreeMap::new();
    if let Some(file) = &verdicts_file {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
            eprintln!("error: {}: {e}", file.display());
            std::process::exit(2);
        });
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let cells: Vec<&str> = line.split('\t').collect();
            if let [path, code, name, verdict, why] = cells[..] {
                verdicts.insert(
                    (path.into(), code.into(), name.into()),
                    (verdict.into(), why.into()),
                );
            }
        }
    }
    let report = match lint::check_paths(&paths, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    };
    let root = paths.first().cloned().unwrap_or_default();
    let mut queries: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut flagged_sample: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut names: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for result in &report.files {
        if result.file.query.is_none() {
            continue;
        }
        let kind = match result.file.kind {
            ContentKind::AnalyticRule(_) => "analytic rule",
            other => other.describe(),
        };
        let entry = queries.entry(kind).or_default();
        entry.0 += 1;
        let path = std::path::Path::new(&*result.file.path);
        let path = path.strip_prefix(&root).unwrap_or(path);
        let path = path.to_string_lossy().replace('\\', "/");
        let mut flagged = false;
        for d in result
            .diagnostics
            .iter()
            .filter(|d| CODES.contains(&d.code))
        {
            flagged = true;
            let name = subject(&d.message).to_string();
            *names.entry((d.code, name.clone())).or_default() += 1;
            let verdict = verdicts.get(&(path.clone(), d.code.into(), name.clone()));
            if let Some((verdict, _)) = verdict {
                flagged_sample
                    .entry(path.clone())
                    .or_default()
                    .insert(verdict.clone());
            }
            let shown = verdict.map(|(v, _)| v.as_str()).unwrap_or("-");
            println!("{path}\t{}\t{name}\t{shown}\t{}", d.code, d.message);
        }
        if flagged {
            entry.1 += 1;
        }
    }
    println!();
    println!("most frequent names:");
    let mut by_count: Vec<_> = names.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((code, name), n) in by_count.iter().take(25) {
        println!("  {n:>4}  {code} {name}");
    }
    println!();
    for (kind, (total, flagged)) in &queries {
        println!("{kind}: {flagged} of {total} queries with SL601-SL603");
    }
    let (total, flagged) = ["analytic rule", "hunting query"]
        .iter()
        .filter_map(|k| queries.get(k))
        .fold((0, 0), |(t, f), (a, b)| (t + a, f + b));
    let percent = if total == 0 {
        0.0
    } else {
        100.0 * flagged as f64 / total as f64
    };
    println!("rules + hunting queries: {flagged} of {total} ({percent:.1}%) with SL601-SL603");
    if verdicts_file.is_some() {
        let false_alarms = flagged_sample
            .values()
            .filter(|v| v.contains("false"))
            .count();
        println!(
            "hand-checked sample: {} findings in {} queries; {false_alarms} queries with a false alarm",
            verdicts.len(),
            flagged_sample.len()
        );
    }
}
