//! The KQL parser against Kusto.Language on every query of the Azure-Sentinel corpus
//! (`../shared/corpus`, skipped visibly when absent, a failure under `CI=true`). The oracle's verdicts are committed test data
//! (`tests/data/oracle/corpus-syntax.tsv`, made by `scripts/oracle/`), so Node is not needed.
//!
//! Queries are extracted with the linter's own loader, so this also tests that the YAML layer
//! yields the same query text as PyYAML (compared by FNV-1a hash).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use sentinel_lint::content::discover::{self, Discovered};
use sentinel_lint::content::model::Loaded;
use sentinel_lint::kql;

mod common;

const CORPUS: &str = "corpus/azure-sentinel-2022-02";

pub struct CorpusQuery {
    pub path: String,
    pub field: String,
    pub text: String,
}

fn corpus_queries() -> Option<Vec<CorpusQuery>> {
    let root = common::shared(CORPUS)?;
    let files = discover::candidate_files(std::slice::from_ref(&root)).expect("corpus walk");
    let mut queries = Vec::new();
    for (path, item) in files.iter().zip(discover::load_all(&files)) {
        let Discovered::Loaded(Loaded::Content(file)) = item else {
            continue;
        };
        let Some(query) = &file.query else { continue };
        queries.push(CorpusQuery {
            path: relative(&root, path),
            field: query.field.unwrap_or("-").to_string(),
            text: query.text.clone(),
        });
    }
    Some(queries)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn fnv1a64(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

struct Verdict {
    fnv: String,
    /// `None`: PyYAML could not load the file, so the oracle never saw the query.
    valid: Option<bool>,
}

fn oracle_syntax() -> HashMap<(String, String), Verdict> {
    let text = include_str!("data/oracle/corpus-syntax.tsv");
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(i, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            let valid = match cells.get(4).copied() {
                Some("1") => Some(true),
                Some("0") => Some(false),
                Some("") => None,
                other => panic!(
                    "tests/data/oracle/corpus-syntax.tsv:{}: `valid` is {other:?}",
                    i + 1
                ),
            };
            (
                (cells[0].to_string(), cells[2].to_string()),
                Verdict {
                    fnv: cells[3].to_string(),
                    valid,
                },
            )
        })
        .collect()
}

/// PyYAML and this loader disagree on the line breaks that end some block scalars (at the end
/// of the file, before trailing blank lines); KQL ignores them. True when `text` hashes to
/// `fnv` once its trailing line breaks are replaced by none to three `\n`.
fn differs_only_in_trailing_line_breaks(text: &str, fnv: &str) -> bool {
    let body = text.trim_end_matches(['\n', '\r']);
    (0..=3).any(|n| fnv1a64(&format!("{body}{}", "\n".repeat(n))) == fnv)
}

/// Queries whose text, as this loader reads it, differs from PyYAML's other than in trailing
/// line breaks; one
/// `path<TAB>field<TAB>reason` a line. Each was looked at: see the file.
fn known_text_differences() -> BTreeSet<(String, String)> {
    include_str!("data/kql/known-text-differences.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert!(cells.len() >= 3, "known-text-differences.tsv: {line:?}");
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect()
}

/// Disagreements we understand and accept, one `path<TAB>field<TAB>direction<TAB>reason` a
/// line; see the file for the reasons.
fn known_disagreements() -> BTreeSet<(String, String, String)> {
    include_str!("data/kql/known-syntax-disagreements.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Some((
                cells.first()?.to_string(),
                cells.get(1)?.to_string(),
                cells.get(2)?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn parser_agrees_with_kusto_language_on_the_corpus() {
    let Some(queries) = corpus_queries() else {
        return;
    };
    let oracle = oracle_syntax();
    let (mut both_valid, mut both_invalid, mut unmatched) = (0, 0, 0);
    let mut text_differs = BTreeSet::new();
    let mut trailing_breaks = 0;
    let mut yaml_only_here = 0;
    let mut disagreements = BTreeSet::new();
    for query in &queries {
        let verdict = oracle
            .get(&(query.path.clone(), query.field.clone()))
            .or_else(|| oracle.get(&(query.path.clone(), "-".to_string())));
        let Some(verdict) = verdict else {
            unmatched += 1;
            continue;
        };
        let Some(valid) = verdict.valid else {
            yaml_only_here += 1;
            continue;
        };
        if verdict.fnv != fnv1a64(&query.text) {
            if differs_only_in_trailing_line_breaks(&query.text, &verdict.fnv) {
                trailing_breaks += 1;
            } else {
                text_differs.insert((query.path.clone(), query.field.clone()));
            }
        }
        let ours = kql::parse(&query.text).errors.is_empty();
        match (valid, ours) {
            (true, true) => both_valid += 1,
            (false, false) => both_invalid += 1,
            (true, false) => {
                disagreements.insert((
                    query.path.clone(),
                    query.field.clone(),
                    "we-reject".to_string(),
                ));
            }
            (false, true) => {
                disagreements.insert((
                    query.path.clone(),
                    query.field.clone(),
                    "we-accept".to_string(),
                ));
            }
        }
    }
    eprintln!(
        "{} queries: both valid {both_valid}, both invalid {both_invalid}, disagreements {}, \
         query text differs from PyYAML's {} (and in trailing line breaks only {trailing_breaks}), \
         YAML only this loader reads {yaml_only_here}, not in the oracle data {unmatched}",
        queries.len(),
        disagreements.len(),
        text_differs.len()
    );
    assert!(queries.len() > 2000, "expected the corpus's ~2,090 queries");
    assert_eq!(
        unmatched, 0,
        "queries the oracle data does not list: regenerate it"
    );
    let known = known_disagreements();
    let new: Vec<_> = disagreements.difference(&known).collect();
    let fixed: Vec<_> = known.difference(&disagreements).collect();
    assert!(
        new.is_empty(),
        "new disagreements with Kusto.Language: {new:#?}"
    );
    assert!(
        fixed.is_empty(),
        "listed disagreements that no longer happen (remove them from the list): {fixed:#?}"
    );
    let known_text = known_text_differences();
    let new_text: Vec<_> = text_differs.difference(&known_text).collect();
    let gone_text: Vec<_> = known_text.difference(&text_differs).collect();
    assert!(
        new_text.is_empty(),
        "query text differs from PyYAML's (a YAML loading difference): {new_text:#?}"
    );
    assert!(
        gone_text.is_empty(),
        "listed text differences that no longer happen (remove them from the list): {gone_text:#?}"
    );
}

#[test]
fn every_corpus_query_that_parses_prints_back_to_the_same_tree() {
    let Some(queries) = corpus_queries() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for query in &queries {
        if !kql::parse(&query.text).errors.is_empty() {
            continue;
        }
        checked += 1;
        if let Err(error) = kql::roundtrip_check(&query.text) {
            failures.push(format!(
                "{}: {}",
                query.path,
                error.lines().next().unwrap_or("")
            ));
        }
    }
    eprintln!(
        "round-tripped {checked} corpus queries, {} failed",
        failures.len()
    );
    assert!(checked > 2000);
    assert!(failures.is_empty(), "{failures:#?}");
}
