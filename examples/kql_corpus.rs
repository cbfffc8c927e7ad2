//! Dev tool: compares this parser with Kusto.Language over a corpus.
//!
//! `cargo run --release --example kql_corpus -- QUERIES.jsonl [ORACLE.jsonl] [-v]`
//! QUERIES holds `{"id","query"}` lines; ORACLE the `kql-oracle --parse-only` output for them.

use std::collections::HashMap;

use sentinel_lint::kql;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let positions = args.iter().any(|a| a == "-p");
    let mut same_pos = 0;
    let mut error_counts: std::collections::BTreeMap<usize, usize> = Default::default();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(queries_path) = files.first() else {
        eprintln!("usage: kql_corpus QUERIES.jsonl [ORACLE.jsonl] [-v]");
        std::process::exit(2);
    };
    let queries = read_jsonl(queries_path);
    let mut oracle: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
    if let Some(path) = files.get(1) {
        for r in read_jsonl(path) {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            let errs = r["syntax_errors"].as_array().cloned().unwrap_or_default();
            oracle.insert(id, errs);
        }
    }
    let (mut both_ok, mut both_bad, mut we_reject, mut we_accept, mut roundtrip_ok, mut rt_fail) =
        (0, 0, 0, 0, 0, 0);
    let mut bytes = 0usize;
    let started = std::time::Instant::now();
    for q in &queries {
        let id = q["id"].as_str().unwrap_or_default();
        let text = q["query"].as_str().unwrap_or_default();
        bytes += text.len();
        let parsed = kql::parse(text);
        let ours_ok = parsed.errors.is_empty();
        if ours_ok {
            match kql::roundtrip_check(text) {
                Ok(()) => roundtrip_ok += 1,
                Err(e) => {
                    rt_fail += 1;
                    if verbose {
                        println!("ROUNDTRIP {id}: {e}\n");
                    }
                }
            }
        }
        let Some(theirs) = oracle.get(id) else {
            continue;
        };
        let theirs_ok = theirs.is_empty();
        match (theirs_ok, ours_ok) {
            (true, true) => both_ok += 1,
            (false, false) => {
                both_bad += 1;
                *error_counts.entry(parsed.errors.len().min(5)).or_insert(0) += 1;
                let ours = parsed.errors[0].span.start as usize;
                let theirs_at = theirs[0]["start"].as_u64().unwrap_or(0) as usize;
                // The oracle counts UTF-16 code units; compare on ASCII-only texts.
                let theirs_bytes = if text.is_ascii() {
                    theirs_at
                } else {
                    usize::MAX
                };
                if ours == theirs_bytes {
                    same_pos += 1;
                } else if positions {
                    let e = &parsed.errors[0];
                    println!(
                        "POSITION {id}: ours @{ours} {:?} / oracle @{theirs_at} {} | {:?}",
                        e.message,
                        theirs[0]["message"],
                        context(text, ours)
                    );
                }
            }
            (true, false) => {
                we_reject += 1;
                let e = &parsed.errors[0];
                let ctx = context(text, e.span.start as usize);
                println!(
                    "OURS-ONLY {id}: {} @{}..{} near {ctx:?}",
                    e.message, e.span.start, e.span.end
                );
            }
            (false, true) => {
                we_accept += 1;
                let e = &theirs[0];
                let start = e["start"].as_u64().unwrap_or(0) as usize;
                let ctx = context_chars(text, start);
                println!("ORACLE-ONLY {id}: {} @{start} near {ctx:?}", e["message"]);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!();
    println!("queries: {}  ({:.1} MB)", queries.len(), bytes as f64 / 1e6);
    println!("                 | ours ok | ours errors");
    println!("oracle ok        | {both_ok:7} | {we_reject:7}");
    println!("oracle errors    | {we_accept:7} | {both_bad:7}");
    println!("both reject, first error at the same offset: {same_pos} of {both_bad}");
    println!("errors we report where both reject (5 = 5 or more): {error_counts:?}");
    println!("round-trip ok: {roundtrip_ok}, failed: {rt_fail}");
    println!("parse+roundtrip time {secs:.2}s");
}

fn context(text: &str, at: usize) -> String {
    let mut s = at.saturating_sub(40);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (at + 40).min(text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    text[s..e].to_string()
}

fn context_chars(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let s = at.saturating_sub(40).min(chars.len());
    let e = (at + 40).min(chars.len());
    chars[s..e].iter().collect()
}

fn read_jsonl(path: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}
