//! Hostile input: each file below gets a clear finding (or a skip that says why), the run ends,
//! and the other file of the run (`companion.yaml`, which has one known finding) is still
//! checked. The files are made at test time in a temporary directory; none is committed.
//!
//! No test here times anything: the time and peak memory of each case are measured on the
//! release binary by `scripts/bench.sh hostile` (README, "Limits").

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A clean scheduled rule but for one unknown tactic: SL201 (an error) proves it was checked.
const COMPANION: &str = "id: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a\nname: x\ndescription: y\n\
kind: Scheduled\nseverity: Low\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\n\
triggerThreshold: 0\nrequiredDataConnectors: []\ntactics: [NotATactic]\nrelevantTechniques: []\n\
query: SecurityEvent | take 1\nversion: 1.0.0\n";

/// A fresh directory holding `companion.yaml`; removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "sentinel-lint-hostile-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("companion.yaml"), COMPANION).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        restore_permissions(&self.0);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if let Ok(meta) = entry.path().symlink_metadata()
            && !meta.file_type().is_symlink()
        {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(not(unix))]
fn restore_permissions(_: &Path) {}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_sentinel-lint")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `check --format json .` in the scratch directory: the exit code and the findings.
fn check_json(scratch: &Scratch, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    if !extra.iter().any(|a| !a.starts_with('-')) {
        args.push(".");
    }
    let output = run_in(&scratch.0, &args);
    let findings: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON (exit {:?}): {}{}",
            output.status.code(),
            text(&output.stdout),
            text(&output.stderr)
        )
    });
    (
        output.status.code(),
        findings.as_array().expect("an array").clone(),
    )
}

/// The findings of `file`, as `(code, message)`.
fn of<'a>(findings: &'a [Value], file: &str) -> Vec<(&'a str, &'a str)> {
    findings
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(file)))
        .map(|f| (f["code"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect()
}

fn assert_companion_checked(findings: &[Value]) {
    assert!(
        of(findings, "companion.yaml")
            .iter()
            .any(|(code, _)| *code == "SL201"),
        "the other file of the run was not checked: {findings:#?}"
    );
}

fn assert_has(found: &[(&str, &str)], code: &str, needle: &str) {
    assert!(
        found
            .iter()
            .any(|(c, message)| *c == code && message.contains(needle)),
        "no {code} containing {needle:?} in {found:#?}"
    );
}

/// Writes `size` bytes of a valid, repetitive rule without holding them in memory.
fn write_large_rule(path: &Path, size: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(b"kind: Scheduled\nquery: |\n  SigninLogs\n")
        .unwrap();
    let line = b"  | where UserPrincipalName == 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n";
    let mut written = 0;
    while written < size {
        out.write_all(line).unwrap();
        written += line.len();
    }
    out.flush().unwrap();
}

#[test]
fn fifty_megabyte_yaml_is_refused_without_being_read() {
    let scratch = Scratch::new("50mb");
    write_large_rule(&scratch.path("big.yaml"), 50 * 1024 * 1024);
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    assert_has(
        &of(&findings, "big.yaml"),
        "SL005",
        "more than the 16777216 bytes a content file may have",
    );
    assert_companion_checked(&findings);
}

#[test]
fn five_megabyte_query_is_reported_but_not_analyzed() {
    let scratch = Scratch::new("5mb");
    write_large_rule(&scratch.path("big.yaml"), 5 * 1024 * 1024);
    let kql = "SigninLogs | where UserPrincipalName == 'a'\n".repeat(5 * 1024 * 1024 / 44);
    scratch.write("big.kql", &kql);
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    let big = of(&findings, "big.yaml");
    assert_has(&big, "SL006", "more than the 1048576 this tool parses");
    assert_has(&big, "SL116", "the limit is 10000");
    assert_has(
        &of(&findings, "big.kql"),
        "SL006",
        "more than the 1048576 this tool parses",
    );
    assert_companion_checked(&findings);
}

#[test]
fn invalid_utf8_names_the_byte() {
    let scratch = Scratch::new("utf8");
    scratch.write("latin1.yaml", b"kind: Scheduled\nname: caf\xe9\nquery: T\n");
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    assert_has(
        &of(&findings, "latin1.yaml"),
        "SL005",
        "not valid UTF-8 (byte 25)",
    );
    assert_companion_checked(&findings);
}

/// Bytes from a fixed linear congruential generator: the same "binary file" on every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn binary_files_named_yaml_are_findings() {
    let scratch = Scratch::new("binary");
    scratch.write("random.yaml", noise(1024 * 1024, 7));
    // Valid UTF-8 but control characters and NULs: YAML takes most of it as one plain scalar,
    // so the file is skipped as not content, with the reason under `--verbose`.
    let controls: Vec<u8> = noise(64 * 1024, 11).into_iter().map(|b| b % 32).collect();
    scratch.write("controls.yml", &controls);
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    assert_has(&of(&findings, "random.yaml"), "SL005", "not valid UTF-8");
    assert_companion_checked(&findings);
    let output = run_in(&scratch.0, &["check", "--verbose", "--color", "never", "."]);
    let shown = text(&output.stdout);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("controls.yml") && (l.contains("skipped") || l.contains("SL0"))),
        "{shown}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_neither_loop_nor_leave_the_tree() {
    use std::os::unix::fs::symlink;
    let scratch = Scratch::new("links");
    let outside = Scratch::new("links-outside");
    let secret = outside.write("secret.yaml", "password: [hunter2-do-not-print\n");
    let tree = scratch.path("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("rule.yaml"), COMPANION).unwrap();
    symlink(&secret, tree.join("out.yaml")).unwrap();
    symlink(&outside.0, tree.join("outdir")).unwrap();
    symlink("../tree", tree.join("loop")).unwrap();
    symlink("self.yaml", tree.join("self.yaml")).unwrap();
    symlink("rule.yaml", tree.join("inside.yaml")).unwrap();

    let output = run_in(&scratch.0, &["check", "--verbose", "--color", "never", "."]);
    let shown = text(&output.stdout) + &text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(
        !shown.contains("hunter2"),
        "a link led out of the tree:\n{shown}"
    );
    for link in ["out.yaml", "outdir", "loop", "inside.yaml"] {
        assert!(
            shown
                .lines()
                .any(|l| l.contains(&format!("tree/{link}")) && l.contains("symbolic link to")),
            "{link} not reported as a link that is not followed:\n{shown}"
        );
    }
    assert!(
        shown
            .lines()
            .any(|l| l.contains("tree/self.yaml") && l.contains("cannot be resolved")),
        "the self-referencing link is not reported:\n{shown}"
    );
    // The file itself is checked once, under its own name.
    assert_eq!(shown.matches("error[SL201]").count(), 2, "{shown}");

    // Named explicitly, a link is read through, and reported under the file it leads to.
    let (code, findings) = check_json(&scratch, &["tree/inside.yaml"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        findings[0]["path"].as_str(),
        Some("tree/rule.yaml"),
        "{findings:#?}"
    );
}

/// Runs `check` over the scratch directory as an unprivileged user, for the tests that need
/// permission bits to matter. `None` (with the reason printed) when that cannot be done.
#[cfg(unix)]
fn run_unprivileged(scratch: &Scratch, probe: &Path) -> Option<Value> {
    if std::fs::read(probe).is_err() {
        // Permission bits apply to this user: run the binary directly.
        return Some(Value::Array(check_json(scratch, &[]).1));
    }
    // Root (as in CI) reads everything, so run the binary as `nobody` through setpriv.
    let output = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            binary(),
            "check",
            "--format",
            "json",
            ".",
        ])
        .current_dir(&scratch.0)
        .output();
    match output {
        Ok(output) if output.status.code().is_some_and(|c| c <= 1) => {
            Some(serde_json::from_slice(&output.stdout).expect("JSON"))
        }
        Ok(output) => {
            eprintln!(
                "SKIPPED: running as root, where permission bits do not stop reads, and \
                 `setpriv` could not run the binary as nobody: {}",
                text(&output.stderr).trim()
            );
            None
        }
        Err(error) => {
            eprintln!(
                "SKIPPED: running as root, where permission bits do not stop reads, and \
                 `setpriv` is not available: {error}"
            );
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_directory_are_findings() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("perms");
    // The scratch directory must be reachable by the unprivileged user.
    std::fs::set_permissions(&scratch.0, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = scratch.write("secret.yaml", COMPANION);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let dir = scratch.path("closed");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rule.yaml"), COMPANION).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(findings) = run_unprivileged(&scratch, &file) else {
        return;
    };
    let findings = findings.as_array().unwrap();
    assert_has(
        &of(findings, "secret.yaml"),
        "SL005",
        "cannot read: Permission denied",
    );
    assert_has(
        &of(findings, "closed"),
        "SL005",
        "cannot read directory: Permission denied",
    );
    assert_companion_checked(findings);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_does_not_block_the_run() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.path("pipe.yaml");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("SKIPPED: mkfifo is not available ({other:?})");
            return;
        }
    }
    // Named explicitly (inside a walk, only regular files are taken).
    let (code, findings) = check_json(&scratch, &["pipe.yaml", "companion.yaml"]);
    assert_eq!(code, Some(1));
    assert_has(&of(&findings, "pipe.yaml"), "SL005", "not a regular file");
    assert_companion_checked(&findings);
}

#[test]
fn ten_thousand_or_terms_and_chained_operators_parse() {
    let scratch = Scratch::new("kql-size");
    let terms: Vec<String> = (0..10_000)
        .map(|i| format!("UserPrincipalName == 'u{i}'"))
        .collect();
    scratch.write(
        "or.kql",
        format!("SigninLogs | where {}\n", terms.join(" or ")),
    );
    scratch.write(
        "chain.kql",
        format!("SigninLogs\n{}", "| where ResultType == 0\n".repeat(10_000)),
    );
    scratch.write(
        "nested.kql",
        format!("print x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000)),
    );
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    assert!(
        of(&findings, "chain.kql")
            .iter()
            .all(|(code, _)| !code.starts_with("SL5")),
        "{findings:#?}"
    );
    // A run of one operator does not count towards the parser's depth limit: 10,000 `or`
    // terms are valid KQL and check cleanly.
    assert_eq!(of(&findings, "or.kql"), Vec::new(), "{findings:#?}");
    assert_has(&of(&findings, "nested.kql"), "SL500", "nested too deeply");
    assert_companion_checked(&findings);
}

#[test]
fn a_key_repeated_a_hundred_thousand_times() {
    let scratch = Scratch::new("dupkey");
    let text = format!(
        "kind: Scheduled\nquery: T\n{}",
        "severity: High\n".repeat(100_000)
    );
    scratch.write("dup.yaml", &text);
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    let found = of(&findings, "dup.yaml");
    assert_has(&found, "SL006", "more than 10000 entries");
    assert_has(&found, "SL002", "key `severity` appears twice");
    // The mapping stops at 10,000 entries: the first `severity` and 9,997 repeats.
    assert_eq!(found.iter().filter(|(c, _)| *c == "SL002").count(), 9_997);
    assert_companion_checked(&findings);
}

#[test]
fn a_hundred_thousand_distinct_keys_stay_linear() {
    let scratch = Scratch::new("keys");
    let keys: String = (0..100_000).map(|i| format!("k{i}: 1\n")).collect();
    scratch.write("keys.yaml", format!("kind: Scheduled\nquery: T\n{keys}"));
    let (code, findings) = check_json(&scratch, &[]);
    assert_eq!(code, Some(1));
    let found = of(&findings, "keys.yaml");
    assert_has(&found, "SL006", "more than 10000 entries");
    assert!(found.iter().filter(|(c, _)| *c == "SL102").count() <= 10_000);
    assert_companion_checked(&findings);
}

#[test]
fn custom_tables_that_are_not_json_are_a_usage_error_naming_the_file() {
    let scratch = Scratch::new("tables");
    let tables = scratch.path("CustomTables");
    std::fs::create_dir_all(&tables).unwrap();
    std::fs::write(
        tables.join("good.json"),
        r#"{"Name":"A_CL","Properties":[]}"#,
    )
    .unwrap();
    std::fs::write(
        tables.join("broken.json"),
        "Name: A_CL\nthis is: not json\n",
    )
    .unwrap();
    std::fs::write(scratch.path("binary.json"), noise(4096, 3)).unwrap();
    for (path, name) in [
        ("CustomTables", "broken.json"),
        ("binary.json", "binary.json"),
    ] {
        let output = run_in(&scratch.0, &["check", "--tables", path, "companion.yaml"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_config_that_is_not_toml_is_a_usage_error_with_its_position() {
    let scratch = Scratch::new("config");
    scratch.write("sentinel-lint.toml", "[check]\nignore = SL001\n");
    let output = run_in(&scratch.0, &["check", "companion.yaml"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sentinel-lint.toml:2:"), "{stderr}");

    scratch.write("sentinel-lint.toml", noise(4096, 5));
    let output = run_in(&scratch.0, &["check", "companion.yaml"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sentinel-lint.toml"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The walks over a 10,000-term `or` chain (drop, `Display`, analysis) follow its spine in a
/// loop: this runs on a test thread's small stack, and the engine evaluates the chain too.
#[test]
fn ten_thousand_or_terms_walk_without_recursing_per_term() {
    let chain = (0..10_000)
        .map(|i| format!("{i} == 3"))
        .collect::<Vec<_>>()
        .join(" or ");
    let text = format!("print x = {chain}");
    let parsed = sentinel_lint::kql::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    assert_eq!(parsed.query.to_string(), text);
    let catalog = sentinel_lint::catalog::Catalog::bundled();
    let analysis = sentinel_lint::analyze::analyze(&parsed.query, catalog);
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics.first()
    );
    drop(parsed);

    let scratch = Scratch::new("or-run");
    scratch.write("print.kql", format!("{text}\n"));
    let output = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["query", "run", "--format", "json", "print.kql"])
        .current_dir(&scratch.0)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["rows"], serde_json::json!([[true]]));
}
