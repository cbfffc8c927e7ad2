//! The analysis against Kusto.Language on every query of the Azure-Sentinel corpus
//! (`../shared/corpus`, skipped visibly when absent, a failure under `CI=true`): output columns (names, order, types) and the
//! unknown table / column / function findings. The oracle's verdicts are committed test data
//! (`tests/data/oracle/corpus-schema.jsonl`, made by `scripts/oracle/` with the same table
//! schemas, the corpus CustomTables, its parsers and the ASIM functions), so Node is not
//! needed. The measured agreement is printed; the assertions hold it at or above the level
//! recorded in `tests/data/oracle/agreement.txt`, so that no change makes it worse unnoticed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use sentinel_lint::checks::Context;
use sentinel_lint::lint::{self, Options};
use sentinel_lint::report::FileResult;

mod common;

const CORPUS: &str = "corpus/azure-sentinel-2022-02";

#[derive(serde::Deserialize)]
struct Verdict {
    path: String,
    field: String,
    columns: Option<Vec<(String, String)>>,
    open: bool,
    errors: Vec<(String, u32, u32, String)>,
}

fn relative(root: &Path, path: &str) -> String {
    Path::new(path)
        .strip_prefix(root)
        .unwrap_or(Path::new(path))
        .to_string_lossy()
        .replace('\\', "/")
}

/// `(kind, name)` of the unknown-name findings: `table`, `column` or `function`.
type Findings = BTreeSet<(&'static str, String)>;

fn oracle_findings(errors: &[(String, u32, u32, String)]) -> Findings {
    errors
        .iter()
        .filter_map(|(code, _, _, name)| {
            let kind = match code.as_str() {
                "KS204" => "table",
                "KS142" => "column",
                "KS211" => "function",
                _ => return None,
            };
            Some((kind, name.clone()))
        })
        .collect()
}

fn our_findings(context: &Context) -> Findings {
    let Some(analysis) = context.analysis() else {
        return Findings::new();
    };
    analysis
        .diagnostics
        .iter()
        .filter_map(|d| {
            let kind = match d.code {
                "SL601" => "table",
                "SL602" => "column",
                "SL603" => "function",
                _ => return None,
            };
            let name = d.message.split('`').nth(1)?.to_string();
            Some((kind, name))
        })
        .collect()
}

/// The agreement recorded for `key`; a missing or unreadable entry fails the test rather than
/// letting any agreement pass.
fn recorded_floor(key: &str) -> f64 {
    let (_, value) = include_str!("data/oracle/agreement.txt")
        .lines()
        .filter_map(|line| line.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .unwrap_or_else(|| panic!("tests/data/oracle/agreement.txt has no `{key} = …` line"));
    value.trim().parse().unwrap_or_else(|error| {
        panic!("tests/data/oracle/agreement.txt: `{key}` is not a number ({error})")
    })
}

#[test]
fn analysis_agrees_with_kusto_language_on_the_corpus() {
    let Some(root) = common::shared(CORPUS) else {
        return;
    };
    let options = Options {
        tables: vec![root.join(".script/tests/KqlvalidationsTests/CustomTables")],
        ..Options::default()
    };
    let report = lint::check_paths(std::slice::from_ref(&root), &options).expect("corpus");
    let files: Vec<_> = report.files.iter().map(|r: &FileResult| &r.file).collect();
    let catalog = lint::project_catalog(files.iter().copied(), &options).expect("catalog");
    let verdicts: HashMap<(String, String), Verdict> =
        include_str!("data/oracle/corpus-schema.jsonl")
            .lines()
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str::<Verdict>(line).unwrap_or_else(|error| {
                    panic!("tests/data/oracle/corpus-schema.jsonl:{}: {error}", i + 1)
                })
            })
            .map(|v| ((v.path.clone(), v.field.clone()), v))
            .collect();

    let (mut compared, mut identical, mut findings_total, mut findings_same) = (0, 0, 0, 0);
    let mut differences: BTreeMap<String, usize> = BTreeMap::new();
    let mut samples: Vec<String> = Vec::new();
    for &file in &files {
        let Some(query) = &file.query else { continue };
        let key = (
            relative(&root, &file.path),
            query.field.unwrap_or("-").to_string(),
        );
        let Some(verdict) = verdicts.get(&key) else {
            continue;
        };
        let context = Context::new(file, &catalog);
        let Some(analysis) = context.analysis() else {
            continue;
        };

        let theirs = oracle_findings(&verdict.errors);
        let ours = our_findings(&context);
        if !theirs.is_empty() || !ours.is_empty() {
            findings_total += 1;
            if theirs == ours {
                findings_same += 1;
            } else {
                let only_theirs: Vec<_> = theirs.difference(&ours).collect();
                let only_ours: Vec<_> = ours.difference(&theirs).collect();
                if std::env::var_os("SL_ORACLE_VERBOSE").is_some() {
                    eprintln!(
                        "FINDING {}: oracle only {only_theirs:?} ours only {only_ours:?}",
                        key.0
                    );
                }
            }
        }

        // Both resolve: a closed schema on each side and no unknown table or function.
        let Some(columns) = &verdict.columns else {
            continue;
        };
        let unresolved = theirs.iter().any(|(kind, _)| *kind != "column");
        let Some(schema) = analysis.schema() else {
            continue;
        };
        if verdict.open || schema.open || unresolved {
            continue;
        }
        compared += 1;
        let mine: Vec<(String, String)> = schema
            .columns
            .iter()
            .map(|c| (c.name.to_string(), c.ty.name().to_string()))
            .collect();
        if &mine == columns {
            identical += 1;
            continue;
        }
        let names =
            |list: &[(String, String)]| list.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
        let class = if names(&mine) != names(columns) {
            "names or order"
        } else {
            "types"
        };
        *differences.entry(class.to_string()).or_default() += 1;
        if samples.len() < 80 {
            let first = mine
                .iter()
                .zip(columns.iter())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("ours {a:?} oracle {b:?}"))
                .unwrap_or_else(|| {
                    format!("ours {} columns, oracle {}", mine.len(), columns.len())
                });
            samples.push(format!("{} [{class}]: {first}", key.0));
        }
    }
    let schema_rate = identical as f64 / compared.max(1) as f64 * 100.0;
    let findings_rate = findings_same as f64 / findings_total.max(1) as f64 * 100.0;
    eprintln!(
        "output schemas: {identical} of {compared} identical ({schema_rate:.2}%); differences {differences:?}\n\
         unknown-name findings: {findings_same} of {findings_total} queries agree ({findings_rate:.2}%)"
    );
    for sample in &samples {
        eprintln!("  {sample}");
    }
    assert!(compared > 1500, "only {compared} queries compared");
    let schema_floor = recorded_floor("schemas_identical_percent");
    let findings_floor = recorded_floor("findings_agree_percent");
    assert!(
        schema_rate + 1e-9 >= schema_floor,
        "schema agreement fell to {schema_rate:.2}% (recorded {schema_floor}%)"
    );
    assert!(
        findings_rate + 1e-9 >= findings_floor,
        "finding agreement fell to {findings_rate:.2}% (recorded {findings_floor}%)"
    );
}
