//! Dev tool: the scalar functions the corpus calls, with use counts (calls and files).
//!
//! `cargo run --release --example corpus_functions -- [PATH…]`; by default both Azure-Sentinel
//! snapshots in `../shared/corpus`. Only Kusto's built-in scalar functions are counted (the
//! kind comes from `../shared/data/kusto/kusto-functions.json`); aggregates, plugins and
//! user-defined names are summarised on one line each. Each function is marked with whether
//! the engine implements it, and the closing lines give the coverage.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use sentinel_lint::content::discover::{self, Discovered};
use sentinel_lint::content::model::Loaded;
use sentinel_lint::exec::functions::is_implemented;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        roots = ["azure-sentinel-2022-02", "azure-sentinel-2022-08-asim"]
            .iter()
            .map(|name| shared.join("corpus").join(name))
            .filter(|path| path.is_dir())
            .collect();
    }
    if roots.is_empty() {
        eprintln!("skipped: no corpus at {}", shared.join("corpus").display());
        return;
    }
    let kinds = builtin_kinds(&shared.join("data/kusto/kusto-functions.json"));
    let files = match discover::candidate_files(&roots) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    };
    // name -> (calls, files)
    let mut scalar: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    let mut queries = 0;
    for item in discover::load_all(&files) {
        let Discovered::Loaded(Loaded::Content(file)) = item else {
            continue;
        };
        let Some(query) = file.query else { continue };
        queries += 1;
        let parsed = sentinel_lint::kql::parse(&query.text);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for name in called_names(&format!("{:?}", parsed.query)) {
            *seen.entry(name.to_ascii_lowercase()).or_default() += 1;
        }
        for (name, calls) in seen {
            match kinds.get(&name).map(String::as_str) {
                Some("scalar") => {
                    let entry = scalar.entry(name).or_default();
                    entry.0 += calls;
                    entry.1 += 1;
                }
                Some(kind) => *other.entry(leak(kind)).or_default() += calls,
                None => *other.entry("user-defined or unknown").or_default() += calls,
            }
        }
    }
    let mut ranked: Vec<_> = scalar.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    let total: usize = ranked.iter().map(|(_, (calls, _))| calls).sum();
    println!(
        "queries: {queries}; scalar functions: {} distinct, {total} calls",
        ranked.len()
    );
    println!("{:<34} {:>6} {:>6}  engine", "function", "calls", "files");
    let mut done = (0, 0);
    let mut missing = Vec::new();
    for (name, (calls, files)) in &ranked {
        // `table()` is a tabular source, not a scalar: the engine's operators run it.
        let implemented = is_implemented(name) || name == "table";
        let mark = if implemented { "yes" } else { "MISSING" };
        println!("{name:<34} {calls:>6} {files:>6}  {mark}");
        if implemented {
            done.0 += 1;
            done.1 += calls;
        } else {
            missing.push(format!("{name} ({calls})"));
        }
    }
    println!(
        "implemented: {} of {} functions ({:.1}% of calls)",
        done.0,
        ranked.len(),
        100.0 * done.1 as f64 / total.max(1) as f64
    );
    println!("missing: {}", missing.join(", "));
    for (kind, calls) in other {
        println!("# {kind}: {calls} calls");
    }
}

fn leak(kind: &str) -> &'static str {
    match kind {
        "aggregate" => "aggregate",
        "window" => "window",
        "plugin" => "plugin",
        _ => "other built-in",
    }
}

/// Kind of every built-in function (lower-cased name -> scalar/aggregate/window/plugin).
fn builtin_kinds(path: &std::path::Path) -> HashMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let mut kinds = HashMap::new();
    for function in json["functions"].as_array().into_iter().flatten() {
        if let (Some(name), Some(kind)) = (function["name"].as_str(), function["kind"].as_str()) {
            kinds.insert(name.to_ascii_lowercase(), kind.to_string());
        }
    }
    kinds
}

/// The names of the plain (target-less) calls in a tree's derived `Debug` text: it lists every
/// node, so scanning it visits every call without a visitor over each operator's shape.
fn called_names(debug: &str) -> Vec<String> {
    const OPEN: &str = "Call { target: None, name: Ident { name: \"";
    let mut names = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find(OPEN) {
        rest = &rest[i + OPEN.len()..];
        if let Some(end) = rest.find('"') {
            names.push(rest[..end].to_string());
        }
    }
    names
}
