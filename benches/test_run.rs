//! `sentinel-lint test` over 1,000 generated cases (10 rules × 100 cases, snapshots accepted
//! first, so each iteration runs, simulates and compares every case). Run with
//! `cargo bench --bench test_run`.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinel_lint::harness::runner;

/// The allocator the binary uses (`src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RULES: usize = 10;
const CASES: usize = 100;

fn rule(i: usize) -> String {
    format!(
        "id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e{i:04}
name: Failed sign-ins {i}
description: Many failed sign-ins from one address.
severity: Medium
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
query: |
  SigninLogs
  | where ResultType != \"0\"
  | summarize Failures = dcount(UserPrincipalName), First = min(TimeGenerated) by IPAddress
  | where Failures >= {threshold}
  | extend Severity = iff(Failures > 5, \"High\", \"Medium\")
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
customDetails:
  Failures: Failures
alertDetailsOverride:
  alertDisplayNameFormat: Failures from {{{{IPAddress}}}}
  alertSeverityColumnName: Severity
eventGroupingSettings:
  aggregationKind: AlertPerResult
version: 1.0.0
kind: Scheduled
",
        threshold = 1 + i % 3
    )
}

fn tests(rule: usize) -> String {
    let mut out = String::from("now: 2024-05-01T12:00:00Z\ncases:\n");
    for case in 0..CASES {
        out.push_str(&format!(
            "  - name: case {case}\n    tables:\n      SigninLogs:\n"
        ));
        for row in 0..(case % 7 + 1) {
            out.push_str(&format!(
                "        - {{TimeGenerated: 2024-05-01T11:{:02}:00Z, ResultType: \"50126\", UserPrincipalName: u{row}@contoso.com, IPAddress: 10.0.{rule}.{}}}\n",
                10 + row,
                case % 5
            ));
        }
    }
    out
}

fn setup() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sentinel-lint-bench-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for i in 0..RULES {
        let write = |name: String, text: String| std::fs::write(dir.join(name), text).unwrap();
        std::fs::create_dir_all(dir.join("rules")).unwrap();
        write(format!("rules/Rule{i}.yaml"), rule(i));
        write(format!("rules/Rule{i}.tests.yaml"), tests(i));
    }
    let report = runner::run(&options(&dir, true)).expect("the generated repository runs");
    assert_eq!(report.cases.len(), RULES * CASES);
    assert_eq!(
        report.failed(),
        0,
        "{:?}",
        report.cases.iter().find(|c| c.message.is_some())
    );
    dir
}

fn options(dir: &Path, update: bool) -> runner::Options {
    runner::Options {
        paths: vec![dir.join("rules")],
        update,
        ..runner::Options::default()
    }
}

fn bench(c: &mut Criterion) {
    let dir = setup();
    let options = options(&dir, false);
    let mut group = c.benchmark_group("test");
    group.sample_size(20);
    // Criterion prints cases per second: the inverse is the time per case.
    group.throughput(Throughput::Elements((RULES * CASES) as u64));
    group.bench_function("1000 cases", |b| {
        b.iter(|| {
            let report = runner::run(&options).unwrap();
            assert_eq!(report.passed(), RULES * CASES);
        })
    });
    group.finish();
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let content_options = runner::Options {
        paths: vec![content],
        ci: true,
        ..runner::Options::default()
    };
    let content_cases = runner::run(&content_options)
        .map(|report| report.cases.len())
        .unwrap_or(1);
    let mut group = c.benchmark_group("test");
    group.sample_size(20);
    group.throughput(Throughput::Elements(content_cases as u64));
    group.bench_function("content", |b| {
        b.iter(|| {
            let report = runner::run(&content_options).unwrap();
            std::hint::black_box(report.cases.len());
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
