//! The output of `check` over `../shared/corpus` is the same, byte for byte, with one thread and
//! with two (`RAYON_NUM_THREADS`), run twice each, in every output format.

mod common;

use std::process::Command;

const FORMATS: [&[&str]; 5] = [
    &["--format", "human", "--color", "never"],
    &["--format", "json"],
    &["--format", "sarif"],
    &["--format", "junit"],
    &["--format", "github"],
];

fn check(threads: &str, format: &[&str]) -> (Option<i32>, Vec<u8>) {
    let corpus = common::shared("corpus").expect("checked by the caller");
    let shared = corpus.parent().expect("../shared");
    let output = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .arg("check")
        .args(format)
        .arg("corpus")
        .current_dir(shared)
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), output.stdout)
}

#[test]
fn check_output_does_not_depend_on_threads_or_runs() {
    if common::shared("corpus").is_none() {
        return;
    }
    for format in FORMATS {
        let first = check("1", format);
        assert!(
            matches!(first.0, Some(0 | 1)),
            "{format:?}: exit {:?}",
            first.0
        );
        assert!(first.1.len() > 10_000, "{format:?}: almost no output");
        for (threads, run) in [("2", 1), ("1", 2), ("2", 2)] {
            let other = check(threads, format);
            assert_eq!(
                other.0, first.0,
                "{format:?}: exit code, {threads} threads, run {run}"
            );
            if other.1 != first.1 {
                let line = first
                    .1
                    .split(|&b| b == b'\n')
                    .zip(other.1.split(|&b| b == b'\n'))
                    .position(|(a, b)| a != b);
                panic!(
                    "{format:?}: output with {threads} threads (run {run}) differs from 1 thread \
                     (run 1), first at line {line:?}"
                );
            }
        }
    }
}
