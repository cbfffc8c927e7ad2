//! Dev tool: compares the analysis with Kusto.Language's verdicts on the Azure-Sentinel corpus.
//!
//! ```sh
//! python3 scripts/oracle/corpus.py ../shared/corpus/azure-sentinel-2022-02 > target/queries.jsonl
//! SL_QUERIES=target/queries.jsonl cargo test --release --test analyze_oracle -- --ignored --nocapture
//! ```
//!
//! `SL_ORACLE` defaults to `tests/data/oracle/corpus-schema.jsonl`, `SL_CUSTOM_TABLES` to the
//! corpus's CustomTables directory (merged as the oracle loads them), `SL_DIFF` (optional) gets
//! every difference. Prints agreement percentages; asserts nothing unless `SL_MIN_AGREEMENT` is set.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use sentinel_lint::analyze::{Output, analyze};
use sentinel_lint::catalog::Catalog;

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.to_string())
}

/// The backquoted name of one of our messages: "unknown column or name `X`".
fn quoted(msg: &str) -> String {
    msg.split('`').nth(1).unwrap_or("").to_string()
}

#[test]
#[ignore]
fn oracle_agreement() {
    // Deeply nested queries need more than a test thread's default stack.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

fn run() {
    let oracle_path = env_or("SL_ORACLE", "tests/data/oracle/corpus-schema.jsonl");
    let queries_path = env_or("SL_QUERIES", "target/queries.jsonl");
    let custom = env_or(
        "SL_CUSTOM_TABLES",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/azure-sentinel-2022-02/.script/tests/KqlvalidationsTests/CustomTables"
        ),
    );
    let (Ok(oracle), Ok(queries)) = (
        std::fs::read_to_string(&oracle_path),
        std::fs::read_to_string(&queries_path),
    ) else {
        eprintln!("missing {oracle_path} or {queries_path}; skipped");
        return;
    };
    let mut b = Catalog::builder();
    if Path::new(&custom).exists() {
        b.merge_custom_tables(Path::new(&custom))
            .expect("custom tables");
    }
    let catalog = b.build();

    let mut texts: HashMap<(String, String, String), String> = HashMap::new();
    for line in queries.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(q) = v["query"].as_str() {
            let key = (
                v["path"].as_str().unwrap_or("").to_string(),
                v["field"].as_str().unwrap_or("").to_string(),
                v["fnv"].as_str().unwrap_or("").to_string(),
            );
            texts.insert(key, q.to_string());
        }
    }

    let mut diff = String::new();
    let (mut total, mut both, mut same, mut ours_open, mut oracle_open_ours_closed) =
        (0, 0, 0, 0, 0);
    let mut our_syntax = 0;
    let (mut t_same, mut t_total) = (0, 0);
    let (mut type_ours, mut type_agreed) = (0, 0);
    let (mut f_same, mut f_total) = (0, 0);
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut fp_classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut fn_classes: BTreeMap<String, usize> = BTreeMap::new();
    for line in oracle.lines() {
        let o: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (
            o["path"].as_str().unwrap_or("").to_string(),
            o["field"].as_str().unwrap_or("").to_string(),
            o["fnv"].as_str().unwrap_or("").to_string(),
        );
        let Some(text) = texts.get(&key) else {
            continue;
        };
        total += 1;
        if std::env::var("SL_TRACE").is_ok() {
            eprintln!("{}#{}", key.0, key.1);
        }
        let parsed = sentinel_lint::kql::parse(text);
        if !parsed.errors.is_empty() {
            our_syntax += 1;
            continue;
        }
        let a = analyze(&parsed.query, &catalog);
        let id = format!("{}#{}", key.0, key.1);

        // Tables read, in first-use order.
        let their_tables: Vec<String> = o["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        t_total += 1;
        if their_tables == a.tables {
            t_same += 1;
        } else {
            let _ = writeln!(
                diff,
                "TABLES {id}: ours {:?} oracle {:?}",
                a.tables, their_tables
            );
        }

        // Type findings: each of ours should overlap an oracle type error.
        for d in a
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, "SL604" | "SL605" | "SL606"))
        {
            type_ours += 1;
            let hit = o["errors"].as_array().into_iter().flatten().any(|e| {
                let start = e[1].as_u64().unwrap_or(0) as u32;
                let end = start + e[2].as_u64().unwrap_or(0) as u32;
                start < d.span.end.max(d.span.start + 1) && d.span.start < end.max(start + 1)
            });
            if hit {
                type_agreed += 1;
            } else {
                let _ = writeln!(diff, "TYPE-FP {id}: {} {}", d.code, d.message);
            }
        }

        // Unknown-name findings.
        let mut theirs: BTreeSet<(String, String)> = BTreeSet::new();
        for e in o["errors"].as_array().into_iter().flatten() {
            let code = e[0].as_str().unwrap_or("");
            let name = e[3].as_str().unwrap_or("").to_string();
            let kind = match code {
                "KS204" => "table",
                "KS142" | "KS145" => "name",
                "KS211" => "function",
                _ => continue,
            };
            theirs.insert((kind.to_string(), name));
        }
        let mut ours: BTreeSet<(String, String)> = BTreeSet::new();
        for d in &a.diagnostics {
            let kind = match d.code {
                "SL601" => "table",
                "SL602" => "name",
                "SL603" => "function",
                _ => continue,
            };
            ours.insert((kind.to_string(), quoted(&d.message)));
        }
        f_total += 1;
        if ours == theirs {
            f_same += 1;
        } else {
            for x in ours.difference(&theirs) {
                fp += 1;
                *fp_classes.entry(format!("{} {}", x.0, x.1)).or_default() += 1;
                let _ = writeln!(diff, "FP {id}: {} {}", x.0, x.1);
            }
            for x in theirs.difference(&ours) {
                fneg += 1;
                *fn_classes.entry(format!("{} {}", x.0, x.1)).or_default() += 1;
                let _ = writeln!(diff, "FN {id}: {} {}", x.0, x.1);
            }
        }
        tp += ours.intersection(&theirs).count();

        // Schemas.
        let Some(cols) = o["columns"].as_array() else {
            continue;
        };
        let oracle_open = o["open"].as_bool().unwrap_or(false);
        let theirs: Vec<(String, String)> = cols
            .iter()
            .map(|c| {
                (
                    c[0].as_str().unwrap_or("").to_string(),
                    c[1].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let schema = match &a.output {
            Output::Table(s) => s,
            _ => {
                let _ = writeln!(diff, "NOSCHEMA {id}");
                *classes.entry("no schema".into()).or_default() += 1;
                continue;
            }
        };
        if oracle_open {
            if !schema.open {
                oracle_open_ours_closed += 1;
                let _ = writeln!(diff, "ORACLE-OPEN {id}");
            }
            continue;
        }
        if schema.open {
            ours_open += 1;
            let _ = writeln!(diff, "OURS-OPEN {id}");
            *classes.entry("ours open".into()).or_default() += 1;
            continue;
        }
        both += 1;
        let mine: Vec<(String, String)> = schema
            .columns
            .iter()
            .map(|c| (c.name.to_string(), c.ty.name().to_string()))
            .collect();
        if mine == theirs {
            same += 1;
        } else {
            let at = mine
                .iter()
                .zip(&theirs)
                .position(|(a, b)| a != b)
                .unwrap_or(mine.len().min(theirs.len()));
            let class = match (mine.get(at), theirs.get(at)) {
                (Some(m), Some(t)) if m.0 == t.0 => {
                    format!("type {}: ours {} oracle {}", m.0, m.1, t.1)
                }
                (Some(m), Some(t)) => format!("name: ours {} oracle {}", m.0, t.0),
                (Some(m), None) => format!("extra column {}", m.0),
                (None, Some(t)) => format!("missing column {}", t.0),
                (None, None) => "?".into(),
            };
            *classes.entry(class.clone()).or_default() += 1;
            let window = |v: &[(String, String)]| {
                v.iter()
                    .skip(at.saturating_sub(3))
                    .take(8)
                    .map(|c| format!("{}:{}", c.0, c.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                diff,
                "SCHEMA {id}: {class} (at {at})\n  ours   {}\n  oracle {}",
                window(&mine),
                window(&theirs)
            );
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!("queries {total}, our syntax errors {our_syntax}");
    println!(
        "schemas: identical {same}/{both} = {:.2}% (ours open where oracle closed: {ours_open}; oracle open, ours closed: {oracle_open_ours_closed})",
        pct(same, both)
    );
    println!(
        "unknown-name findings: identical per query {f_same}/{f_total} = {:.2}%; agreed {tp}, ours only {fp}, oracle only {fneg}",
        pct(f_same, f_total)
    );
    println!("type and arity findings: {type_ours} ours, {type_agreed} at an oracle error's place");
    println!(
        "tables read (first-use order): identical {t_same}/{t_total} = {:.2}%",
        pct(t_same, t_total)
    );
    let mut top: Vec<(usize, String)> = classes.into_iter().map(|(k, v)| (v, k)).collect();
    top.sort_by(|a, b| b.cmp(a));
    println!("schema difference classes:");
    for (n, c) in top.iter().take(25) {
        println!("  {n:4} {c}");
    }
    for (title, m) in [("ours only", fp_classes), ("oracle only", fn_classes)] {
        let mut top: Vec<(usize, String)> = m.into_iter().map(|(k, v)| (v, k)).collect();
        top.sort_by(|a, b| b.cmp(a));
        println!("findings {title}:");
        for (n, c) in top.iter().take(15) {
            println!("  {n:4} {c}");
        }
    }
    if let Ok(p) = std::env::var("SL_DIFF") {
        let _ = std::fs::write(p, diff);
    }
    if let Ok(min) = std::env::var("SL_MIN_AGREEMENT") {
        let min: f64 = min.parse().unwrap_or(0.0);
        assert!(pct(same, both) >= min, "schema agreement below {min}%");
    }
}
