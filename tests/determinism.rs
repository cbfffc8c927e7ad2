//! The output of `check` over `../shared/corpus`, of `test` over tests generated for corpus
//! rules, and of `query run` over a table big enough to be read in parallel is the same, byte
//! for byte, with one thread and with two (`RAYON_NUM_THREADS`), run twice each, in every
//! output format.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: [&[&str]; 5] = [
    &["--format", "human", "--color", "never"],
    &["--format", "json"],
    &["--format", "sarif"],
    &["--format", "junit"],
    &["--format", "github"],
];

#[test]
fn check_output_does_not_depend_on_threads_or_runs() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let shared = corpus.parent().expect("../shared");
    for format in FORMATS {
        let args: Vec<&str> = ["check"]
            .into_iter()
            .chain(format.iter().copied())
            .chain(["corpus"])
            .collect();
        let (code, out, err) = assert_same_at_any_thread_count(shared, &args);
        assert!(matches!(code, Some(0 | 1)), "{format:?}: exit {code:?}");
        assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
        assert!(out.len() > 10_000, "{format:?}: almost no output");
    }
}

/// Runs `args` in `dir` at 1 thread, then at 2, 1 and 2 again, and asserts that its exit code,
/// stdout and stderr never change. Returns the first run's.
fn assert_same_at_any_thread_count(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let run = |threads: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
            .args(args)
            .current_dir(dir)
            .env("RAYON_NUM_THREADS", threads)
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .output()
            .expect("the binary runs");
        (output.status.code(), output.stdout, output.stderr)
    };
    let first = run("1");
    for (threads, round) in [("2", 1), ("1", 2), ("2", 2)] {
        let other = run(threads);
        assert_eq!(
            other.0, first.0,
            "{args:?}: exit code, {threads} threads, run {round}"
        );
        if other.1 != first.1 {
            let line = first
                .1
                .split(|&b| b == b'\n')
                .zip(other.1.split(|&b| b == b'\n'))
                .position(|(a, b)| a != b);
            panic!(
                "{args:?}: output with {threads} threads (run {round}) differs from 1 thread, first at line {line:?}"
            );
        }
        assert_eq!(
            String::from_utf8_lossy(&other.2),
            String::from_utf8_lossy(&first.2),
            "{args:?}: stderr, {threads} threads, run {round}"
        );
    }
    first
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sentinel-lint-determinism-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("a scratch directory");
    dir
}

/// 120 corpus detections, each with the test file `test init` writes for it and the snapshots
/// `test --update` accepts: some cases pass, some fail (the query calls a parser that is not
/// there), so both kinds of output are compared.
#[test]
fn test_output_does_not_depend_on_threads_or_runs() {
    let Some(corpus) = common::shared("corpus/azure-sentinel-2022-02/Detections") else {
        return;
    };
    let dir = scratch("test");
    let mut rules: Vec<PathBuf> = walk_yaml(&corpus);
    rules.sort();
    for rule in rules.iter().take(120) {
        let name = rule.file_name().expect("a file name");
        std::fs::copy(rule, dir.join(name)).expect("copy a rule");
        let init = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
            .args(["test", "init"])
            .arg(name)
            .current_dir(&dir)
            .env_remove("CI")
            .output()
            .expect("the binary runs");
        assert!(
            init.status.success(),
            "test init {name:?}: {}",
            String::from_utf8_lossy(&init.stderr)
        );
    }
    // `--update` refuses to write under `CI=true`, which CI sets for the whole test run.
    let update = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["test", "--update", "."])
        .current_dir(&dir)
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    assert!(
        matches!(update.status.code(), Some(0 | 1)),
        "test --update: {:?} {}",
        update.status.code(),
        String::from_utf8_lossy(&update.stderr)
    );
    for format in ["human", "json", "junit", "github"] {
        let (code, out, _) =
            assert_same_at_any_thread_count(&dir, &["test", "--ci", "--format", format, "."]);
        assert_eq!(code, Some(1), "{format}: some cases are expected to fail");
        assert!(out.len() > 10_000, "{format}: almost no output");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn walk_yaml(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("read a corpus folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    out
}

/// A CSV of more than 4 MiB without quotes is parsed in chunks, one per thread: the rows must
/// come out in file order whatever the thread count, and so must every result built on them.
#[test]
fn query_run_output_does_not_depend_on_threads_or_runs() {
    let dir = scratch("query");
    let mut csv = String::from("TimeGenerated,Computer,EventID,Account\n");
    for i in 0..120_000u64 {
        let minute = i % 1440;
        csv.push_str(&format!(
            "2026-11-30T{:02}:{:02}:00Z,host{}.contoso.com,{},CONTOSO\\user{}\n",
            minute / 60,
            minute % 60,
            (i * 7919) % 97,
            [4624, 4625, 4688, 4720][(i % 4) as usize],
            (i * 104_729) % 1_003
        ));
    }
    assert!(
        csv.len() > 5 << 20,
        "the table must be big enough to be split"
    );
    std::fs::create_dir_all(dir.join("data")).expect("a data folder");
    std::fs::write(dir.join("data/SecurityEvent.csv"), csv).expect("write the table");
    let queries = [
        "SecurityEvent | where EventID == 4625 | summarize n = count(), a = make_set(Account, 5) by Computer, bin(TimeGenerated, 1h)",
        "SecurityEvent | take 50",
        "SecurityEvent | extend u = tolower(Account) | summarize dcount(u) by EventID | join kind=leftouter (SecurityEvent | summarize arg_max(TimeGenerated, *) by EventID) on EventID",
        "SecurityEvent | serialize n = row_number() | where n % 9973 == 0",
    ];
    for (n, query) in queries.iter().enumerate() {
        let file = format!("q{n}.kql");
        std::fs::write(dir.join(&file), query).expect("write the query");
        for format in ["table", "json", "csv"] {
            let (code, out, _) = assert_same_at_any_thread_count(
                &dir,
                &[
                    "query",
                    "run",
                    "--data",
                    "data",
                    "--now",
                    "2026-12-01T00:00:00Z",
                    "--format",
                    format,
                    &file,
                ],
            );
            assert_eq!(code, Some(0), "{query}: {format}");
            assert!(out.len() > 1_000, "{query}: {format}: almost no output");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
