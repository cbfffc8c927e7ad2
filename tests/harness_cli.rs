//! End-to-end tests of `sentinel-lint test`, `test init` and `new` on temporary repositories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory that is the root of a repository (it has `.git`).
fn repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sentinel-lint-harness-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Every file under `dir` (relative, sorted), `.git` left out.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

const RULE: &str = r#"id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f61
name: Failed sign-ins from one address
description: |
  Many failed sign-ins from one address.
severity: Medium
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - CredentialAccess
relevantTechniques:
  - T1110
query: |
  SigninLogs
  | where ResultType != "0"
  | project TimeGenerated, IPAddress, UserPrincipalName, Kind = iff(ResultType == "50053", "locked", "failed")
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
customDetails:
  User: UserPrincipalName
version: 1.0.0
kind: Scheduled
"#;

const TESTS: &str = r#"now: 2024-05-01T12:00:00Z
cases:
  - name: two failures from one address
    tables:
      SigninLogs:
        - {TimeGenerated: 2024-05-01T11:10:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com}
        - {TimeGenerated: 2024-05-01T11:20:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: b@contoso.com}
        - {TimeGenerated: 2024-05-01T09:00:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: c@contoso.com}
  - name: a success
    alerts: 0
    tables:
      SigninLogs:
        - {TimeGenerated: 2024-05-01T11:10:00Z, ResultType: "0", IPAddress: 203.0.113.7}
"#;

fn rule_repo(name: &str) -> PathBuf {
    let dir = repo(name);
    write(&dir, "rules/Failures.yaml", RULE);
    write(&dir, "rules/Failures.tests.yaml", TESTS);
    dir
}

#[test]
fn the_loop_missing_snapshot_then_update_then_pass() {
    let dir = rule_repo("loop");
    let first = run_in(&dir, &["test"], &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    insta::assert_snapshot!("missing_snapshot", stdout(&first));
    assert_eq!(
        files(&dir),
        ["rules/Failures.tests.yaml", "rules/Failures.yaml"]
    );

    let update = run_in(&dir, &["test", "--update"], &[]);
    assert_eq!(update.status.code(), Some(0), "{}", stdout(&update));
    assert!(
        stdout(&update).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&update)
    );
    // Written atomically: the snapshot and nothing else (no temporary file left behind).
    assert_eq!(
        files(&dir),
        [
            "rules/Failures.tests.yaml",
            "rules/Failures.yaml",
            "snapshots/rules/Failures/two-failures-from-one-address.snap.yaml",
        ]
    );
    insta::assert_snapshot!(
        "accepted_snapshot",
        std::fs::read_to_string(
            dir.join("snapshots/rules/Failures/two-failures-from-one-address.snap.yaml")
        )
        .unwrap()
    );

    let again = run_in(&dir, &["test", "rules"], &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert_eq!(
        stdout(&again),
        "PASS rules/Failures.tests.yaml:3: two failures from one address\n    note: unused: SigninLogs row 3 (line 8): TimeGenerated 2024-05-01T09:00:00Z is outside the window\nPASS rules/Failures.tests.yaml:9: a success\n2 passed, 0 failed\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_changed_rule_fails_with_a_diff() {
    let dir = rule_repo("diff");
    assert_eq!(
        run_in(&dir, &["test", "--update"], &[]).status.code(),
        Some(0)
    );
    let changed = RULE.replace("columnName: IPAddress", "columnName: ClientIP");
    write(&dir, "rules/Failures.yaml", &changed);
    let before = files(&dir);
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("changed_rule_diff", stdout(&output));
    assert_eq!(files(&dir), before, "a failing run writes nothing");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ci_never_writes_and_fails_on_a_missing_snapshot() {
    for (args, env) in [
        (vec!["test", "--ci"], vec![]),
        (vec!["test"], vec![("CI", "true")]),
    ] {
        let dir = rule_repo("ci");
        let output = run_in(&dir, &args, &env);
        assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
        assert!(stdout(&output).contains("no accepted snapshot at snapshots/rules/Failures/two-failures-from-one-address.snap.yaml"), "{}", stdout(&output));
        assert!(stdout(&output).ends_with("1 passed, 1 failed\n"));
        assert_eq!(
            files(&dir),
            ["rules/Failures.tests.yaml", "rules/Failures.yaml"]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
    let dir = rule_repo("ci-update");
    let output = run_in(&dir, &["test", "--update"], &[("CI", "true")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        files(&dir),
        ["rules/Failures.tests.yaml", "rules/Failures.yaml"]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// An accepted snapshot that is there but not text is reported as unreadable, not as missing,
/// and `--update` replaces it.
#[test]
fn an_unreadable_snapshot_is_not_a_missing_one() {
    let dir = rule_repo("unreadable");
    assert_eq!(
        run_in(&dir, &["test", "--update"], &[]).status.code(),
        Some(0)
    );
    let snapshot = dir.join("snapshots/rules/Failures/two-failures-from-one-address.snap.yaml");
    std::fs::write(&snapshot, b"\xff\xfe\x00garbage").unwrap();
    let output = run_in(&dir, &["test", "--ci"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("the accepted snapshot snapshots/rules/Failures/two-failures-from-one-address.snap.yaml cannot be read (stream did not contain valid UTF-8)"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        run_in(&dir, &["test", "--update"], &[]).status.code(),
        Some(0)
    );
    assert_eq!(run_in(&dir, &["test", "--ci"], &[]).status.code(), Some(0));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fixture_errors_point_at_file_line_column() {
    let dir = repo("fixture-error");
    write(&dir, "rules/Failures.yaml", RULE);
    write(
        &dir,
        "rules/Failures.tests.yaml",
        "now: 2024-05-01T12:00:00Z\ncases:\n  - name: typo\n    tables:\n      SigninLog:\n        - {ResultType: 1}\n      SigninLogs:\n        - {TimeGenerated: noon, IPAdress: 1.2.3.4}\n",
    );
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("fixture_error", stdout(&output));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Copies the example content and its accepted snapshots into a fresh repository.
fn content_repo(name: &str) -> PathBuf {
    let dir = repo(name);
    for sub in ["content", "snapshots"] {
        copy_dir(&root().join(sub), &dir.join(sub));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_example_content_passes() {
    let output = run_in(&root(), &["test", "--ci", "content"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).ends_with("9 passed, 0 failed\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn entities_pointed_at_missing_columns_fail_ci_with_a_diff() {
    let dir = content_repo("entities");
    // Every entity mapping of the example rules points at a column the query does not output.
    for rule in [
        "content/Detections/SigninLogs/PasswordSprayFromOneIP.yaml",
        "content/Detections/OfficeActivity/ExternalForwardingInboxRule.yaml",
        "content/Detections/MultipleDataSources/IntegratePurviewWithCloudAppEvents.yaml",
    ] {
        let path = dir.join(rule);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace("columnName: ", "columnName: Missing");
        std::fs::write(&path, text).unwrap();
    }
    let before = files(&dir);
    let output = run_in(&dir, &["test", "--ci", "content"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("-      - IP: {Address: 203.0.113.7}"),
        "{text}"
    );
    assert!(
        text.contains("-      - Account: {Name: payroll.xlsx}"),
        "{text}"
    );
    assert!(
        text.contains("+  - \"entityMappings[0] IP.Address: column `MissingIPAddress` is not in the query output; the identifier is dropped\""),
        "{text}"
    );
    assert!(text.ends_with("5 passed, 4 failed\n"), "{text}");
    assert_eq!(files(&dir), before, "--ci writes nothing");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn junit_has_one_test_case_per_case() {
    let dir = rule_repo("junit");
    assert_eq!(
        run_in(&dir, &["test", "--update"], &[]).status.code(),
        Some(0)
    );
    let output = run_in(&dir, &["test", "--format", "junit"], &[]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("junit", stdout(&output));
    assert_eq!(stderr(&output), "2 passed, 0 failed\n");
    let json = run_in(&dir, &["test", "--format", "json"], &[]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["passed"], 2);
    assert_eq!(value["cases"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn stale_snapshots_are_listed_on_update() {
    let dir = rule_repo("stale");
    write(
        &dir,
        "snapshots/rules/Failures/old-case.snap.yaml",
        "rule: x\n",
    );
    write(&dir, "snapshots/rules/Gone/case.snap.yaml", "rule: y\n");
    let output = run_in(&dir, &["test", "--update", "."], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("    snapshots/rules/Failures/old-case.snap.yaml\n"),
        "{text}"
    );
    assert!(
        text.contains("    snapshots/rules/Gone/case.snap.yaml\n"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_writes_a_skeleton_that_runs() {
    let dir = repo("init");
    write(&dir, "rules/Failures.yaml", RULE);
    let output = run_in(&dir, &["test", "init", "rules/Failures.yaml"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.join("rules/Failures.tests.yaml")).unwrap();
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with("cases:"))
        .collect::<Vec<_>>()
        .join("\n");
    // The pinned time is the hour the test runs in.
    let body: String = body
        .lines()
        .map(|line| match line.split_once("TimeGenerated: ") {
            Some((head, _)) => format!("{head}TimeGenerated: <a minute before now>"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("init_skeleton", body);
    let again = run_in(&dir, &["test", "init", "rules/Failures.yaml"], &[]);
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    let update = run_in(&dir, &["test", "--update"], &[]);
    assert_eq!(update.status.code(), Some(0), "{}", stdout(&update));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn new_writes_content_that_checks_clean_and_tests() {
    for kind in ["rule", "hunting", "parser"] {
        let dir = repo(&format!("new-{kind}"));
        let output = run_in(&dir, &["new", kind, "Sign-in check", "--dir", "rules"], &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            files(&dir),
            ["rules/Sign-inCheck.tests.yaml", "rules/Sign-inCheck.yaml"]
        );
        let check = run_in(&dir, &["check", "rules"], &[]);
        assert_eq!(check.status.code(), Some(0), "{kind}: {}", stdout(&check));
        assert!(
            stdout(&check).contains("0 errors, 0 warnings"),
            "{kind}: {}",
            stdout(&check)
        );
        let update = run_in(&dir, &["test", "--update"], &[]);
        assert_eq!(update.status.code(), Some(0), "{kind}: {}", stdout(&update));
        let test = run_in(&dir, &["test", "--ci"], &[]);
        assert_eq!(test.status.code(), Some(0), "{kind}: {}", stdout(&test));
        let first = std::fs::read_to_string(dir.join("rules/Sign-inCheck.yaml")).unwrap();
        let other = repo(&format!("new-{kind}-2"));
        run_in(&other, &["new", kind, "Sign-in check"], &[]);
        let second = std::fs::read_to_string(other.join("Sign-inCheck.yaml")).unwrap();
        assert_ne!(
            first.lines().next(),
            second.lines().next(),
            "a fresh id each time"
        );
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(other).unwrap();
    }
}

#[test]
fn coverage_reports_what_the_cases_made_true_and_false() {
    let dir = rule_repo("coverage");
    assert_eq!(
        run_in(&dir, &["test", "--update"], &[]).status.code(),
        Some(0)
    );
    let output = run_in(&dir, &["test", "--coverage", "rules/Failures.yaml"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    insta::assert_snapshot!("coverage", stdout(&output));
    // A filter no case makes false is reported: the tests would pass without it.
    let tests = TESTS
        .replace("ResultType: \"0\"", "ResultType: \"50126\"")
        .replace("alerts: 0", "alerts: 1");
    write(&dir, "rules/Failures.tests.yaml", &tests);
    let output = run_in(&dir, &["test", "--coverage", "rules/Failures.yaml"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("where ResultType != \"0\": never false"),
        "{text}"
    );
    assert!(text.contains("a filter was never false"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let output = run_in(&root(), &["test", "no/such/place"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no/such/place"));
}

#[test]
fn rows_files_are_typed_and_windowed_like_inline_rows() {
    let dir = repo("rows-file");
    write(&dir, "rules/Failures.yaml", RULE);
    write(
        &dir,
        "rules/Failures.tests.yaml",
        "now: 2024-05-01T12:00:00Z\ncases:\n  - name: from a file\n    rows: 1\n    tables:\n      SigninLogs: data/SigninLogs.jsonl\n",
    );
    write(
        &dir,
        "rules/data/SigninLogs.jsonl",
        "{\"TimeGenerated\": \"2024-05-01T11:10:00Z\", \"ResultType\": \"50126\", \"IPAddress\": \"203.0.113.7\"}\n{\"TimeGenerated\": \"2024-05-01T08:00:00Z\", \"ResultType\": \"50126\", \"IPAddress\": \"203.0.113.8\"}\n",
    );
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("note: unused: SigninLogs row 2 (rules/data/SigninLogs.jsonl row 2): TimeGenerated 2024-05-01T08:00:00Z is outside the window"),
        "{}",
        stdout(&output)
    );
    write(
        &dir,
        "rules/data/SigninLogs.jsonl",
        "{\"TimeGenerated\": \"noon\", \"ResultType\": \"50126\"}\n",
    );
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("rules/data/SigninLogs.jsonl:1:"),
        "{}",
        stdout(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn parsers_run_with_default_parameters_over_custom_tables() {
    let dir = repo("parser");
    write(
        &dir,
        "sentinel-lint.toml",
        "[catalog]\ntables = [\"tables.yaml\"]\n",
    );
    write(
        &dir,
        "tables.yaml",
        "tables:\n  - name: MyLogs_CL\n    columns:\n      - {name: Msg, type: string}\n      - {name: Count_d, type: real}\n",
    );
    write(
        &dir,
        "parsers/MyParser.yaml",
        "FunctionName: MyParser\nFunctionParams:\n  - {Name: minimum, Type: real, Default: 1}\nFunctionQuery: |\n  MyLogs_CL\n  | where Count_d >= minimum\n  | project TimeGenerated, Msg, Count_d\n",
    );
    write(
        &dir,
        "parsers/MyParser.tests.yaml",
        "now: 2024-05-01T12:00:00Z\ncases:\n  - name: above the default minimum\n    rows: 1\n    tables:\n      MyLogs_CL:\n        - {TimeGenerated: 2024-05-01T11:00:00Z, Msg: kept, Count_d: 2}\n        - {TimeGenerated: 2024-05-01T11:00:00Z, Msg: dropped, Count_d: 0.5}\n",
    );
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "PASS parsers/MyParser.tests.yaml:3: above the default minimum\n1 passed, 0 failed\n"
    );
    write(
        &dir,
        "parsers/MyParser.tests.yaml",
        "now: 2024-05-01T12:00:00Z\ncases:\n  - name: typo\n    rows: 1\n    tables:\n      MyLogs_CL:\n        - {Count_d: lots}\n",
    );
    let output = run_in(&dir, &["test"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("error: `MyLogs_CL.Count_d` is a real: `lots` is not one\n     --> parsers/MyParser.tests.yaml:7:21"),
        "{}",
        stdout(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
