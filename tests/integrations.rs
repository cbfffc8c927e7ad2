//! End-to-end tests of what a team adopting the linter uses: suppression comments, baselines,
//! `--changed-since`, `--context`, `--output`, and the configuration, each on a throwaway git
//! repository, and again on real Azure-Sentinel content copied from `../shared/corpus` at test
//! time (skipped, saying so, when the corpus is absent).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sentinel_lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn codes(output: &Output) -> Vec<String> {
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}", text(output)));
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", text(&output));
}

/// A fresh directory; with `git`, an initialised repository on branch `main`.
fn scratch(name: &str, with_git: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sl-integ-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if with_git {
        git(&dir, &["init", "--quiet", "--initial-branch=main"]);
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "--quiet", "-m", message]);
}

/// A clean Scheduled rule with the given id and severity.
fn rule(id: &str, severity: &str) -> String {
    format!(
        r#"id: {id}
name: Many failed sign-ins from one IP
description: |
  Detects an IP address with many failed sign-ins in one hour.
severity: {severity}
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
  | summarize Failures = count() by IPAddress
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
version: 1.0.0
kind: Scheduled
"#
    )
}

const ID_A: &str = "0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60";
const ID_B: &str = "1b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f61";

/// `../shared/corpus/azure-sentinel-2022-02/<sub>` copied into `dir/<sub>`, or `None` (said
/// on stderr) when the corpus is absent.
fn copy_corpus(dir: &Path, sub: &str) -> Option<PathBuf> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/azure-sentinel-2022-02")
        .join(sub);
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent");
        return None;
    }
    let target = dir.join(sub);
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
    }
    Some(target)
}

#[test]
fn suppressions_silence_with_a_reason_and_unused_ones_are_fixed_away() {
    let dir = scratch("suppress", true);
    let broken = rule(ID_A, "Urgent");
    write(
        &dir,
        "r.yaml",
        &broken.replace(
            "severity: Urgent",
            "# sentinel-lint: ignore[SL114] the deployment pipeline maps it\nseverity: Urgent",
        ),
    );
    commit(&dir, "rule");
    let output = sentinel_lint(&dir, &["check", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(codes(&output), Vec::<String>::new());

    write(
        &dir,
        "r.yaml",
        &broken.replace(
            "severity: Urgent",
            "severity: Urgent  # sentinel-lint: ignore[SL114]",
        ),
    );
    let output = sentinel_lint(&dir, &["check", "--format", "json", "."]);
    assert_eq!(codes(&output), vec!["SL901"]);

    // The severity is fixed: the suppression now silences nothing, and --fix removes it.
    let stale = rule(ID_A, "High").replace(
        "severity: High",
        "# sentinel-lint: ignore[SL114] the deployment pipeline maps it\nseverity: High",
    );
    write(&dir, "r.yaml", &stale);
    let output = sentinel_lint(&dir, &["check", "--format", "json", "."]);
    assert_eq!(codes(&output), vec!["SL902"]);
    let output = sentinel_lint(&dir, &["check", "--fix", "."]);
    assert!(
        text(&output).contains("Fixed 1 problem"),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("r.yaml")).unwrap(),
        rule(ID_A, "High")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn suppressions_on_real_content() {
    let dir = scratch("suppress-corpus", true);
    let Some(rules) = copy_corpus(&dir, "Detections/W3CIISLog") else {
        return;
    };
    commit(&dir, "corpus");
    let output = sentinel_lint(&dir, &["check", "--format", "json", "Detections"]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    // A KQL finding inside a query, silenced by a `//` comment on the line above.
    let kql = findings
        .iter()
        .find(|f| f["code"].as_str().unwrap().starts_with("SL6"))
        .expect("the W3CIISLog rules have an SL6xx finding (`FileUri`, `sComputerName`: columns W3CIISLog lacks)");
    let path = dir.join(kql["path"].as_str().unwrap());
    let line = kql["line"].as_u64().unwrap() as usize;
    let code = kql["code"].as_str().unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = source.lines().map(String::from).collect();
    let indent: String = lines[line - 1]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    lines.insert(
        line - 1,
        format!("{indent}// sentinel-lint: ignore[{code}] the column comes from a DCR"),
    );
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    // Every other finding of a file, by a file-wide suppression at its top.
    let other = findings
        .iter()
        .find(|f| f["path"] != kql["path"])
        .expect("another file has findings");
    let other_path = dir.join(other["path"].as_str().unwrap());
    let other_codes: Vec<&str> = findings
        .iter()
        .filter(|f| f["path"] == other["path"])
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let source = std::fs::read_to_string(&other_path).unwrap();
    std::fs::write(
        &other_path,
        format!(
            "# sentinel-lint: ignore-file[{}] reviewed in the adoption\n{source}",
            other_codes.join(", ")
        ),
    )
    .unwrap();
    let after = sentinel_lint(&dir, &["check", "--format", "json", "Detections"]);
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    let after = after.as_array().unwrap();
    let silenced = |f: &serde_json::Value| {
        (f["path"] == kql["path"] && f["code"] == kql["code"] && f["message"] == kql["message"])
            || f["path"] == other["path"]
    };
    assert!(after.iter().all(|f| !silenced(f)), "{after:#?}");
    assert!(
        after
            .iter()
            .all(|f| !f["code"].as_str().unwrap().starts_with("SL9")),
        "{after:#?}"
    );
    let expected = findings.iter().filter(|f| !silenced(f)).count();
    assert_eq!(after.len(), expected, "{after:#?}");
    assert!(rules.is_dir());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn baselines_keep_known_findings_out_and_count_fixed_ones() {
    let dir = scratch("baseline", true);
    write(&dir, "a.yaml", &rule(ID_A, "Urgent"));
    write(
        &dir,
        "b.yaml",
        &rule(ID_B, "Medium").replace("version: 1.0.0", "version: one"),
    );
    commit(&dir, "rules");
    let output = sentinel_lint(&dir, &["check", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output).contains("Wrote 2 findings"),
        "{}",
        text(&output)
    );
    let output = sentinel_lint(&dir, &["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("2 known findings left out; 0 baseline entries fixed"),
        "{}",
        text(&output)
    );
    // Lines added above a known finding keep it known; a new finding is reported.
    write(
        &dir,
        "a.yaml",
        &format!("# owner: identity team\n\n{}", rule(ID_A, "Urgent"))
            .replace("triggerThreshold: 0", "triggerThreshold: -1"),
    );
    let output = sentinel_lint(
        &dir,
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(codes(&output), vec!["SL126"]);
    // The finding of b.yaml is fixed.
    write(&dir, "b.yaml", &rule(ID_B, "Medium"));
    write(&dir, "a.yaml", &rule(ID_A, "Urgent"));
    let output = sentinel_lint(&dir, &["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output).contains("1 known finding left out; 1 baseline entry fixed"),
        "{}",
        text(&output)
    );
    // Run from a subdirectory, paths still match: they are relative to the baseline file.
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let output = sentinel_lint(
        &dir.join("sub"),
        &["check", "..", "--baseline", "../baseline.json"],
    );
    assert!(
        text(&output).contains("1 known finding left out"),
        "{}",
        text(&output)
    );
    write(
        &dir,
        "broken.json",
        "{\"version\": 1, \"findings\": [\n  {\"path\": 1}]}",
    );
    let output = sentinel_lint(&dir, &["check", ".", "--baseline", "broken.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("broken.json:2:"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn baselines_on_real_content() {
    let dir = scratch("baseline-corpus", true);
    let Some(_) = copy_corpus(&dir, "Detections/AuditLogs") else {
        return;
    };
    commit(&dir, "corpus");
    let before = sentinel_lint(&dir, &["check", "--format", "json", "Detections"]);
    let count = codes(&before).len();
    assert!(count > 0);
    let output = sentinel_lint(
        &dir,
        &[
            "check",
            "Detections",
            "--write-baseline",
            "sentinel-lint-baseline.json",
        ],
    );
    assert!(text(&output).contains(&format!("Wrote {count} findings")));
    // Every file moves down two lines: nothing is new.
    for entry in std::fs::read_dir(dir.join("Detections/AuditLogs")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("# reviewed\n\n{source}")).unwrap();
    }
    let output = sentinel_lint(
        &dir,
        &[
            "check",
            "Detections",
            "--baseline",
            "sentinel-lint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(codes(&output), Vec::<String>::new());
    assert!(
        text(&output).contains(&format!(
            "{count} known findings left out; 0 baseline entries fixed"
        )),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn changed_since_reports_changed_files_against_the_whole_repository() {
    let dir = scratch("changed", true);
    write(&dir, "rules/a.yaml", &rule(ID_A, "Medium"));
    write(&dir, "rules/old.yaml", &rule(ID_B, "Urgent"));
    commit(&dir, "rules");
    git(&dir, &["checkout", "--quiet", "-b", "feature"]);
    // A new rule that reuses a's id: reported although a.yaml did not change.
    write(&dir, "rules/new.yaml", &rule(ID_A, "High"));
    let output = sentinel_lint(
        &dir,
        &[
            "check",
            "--changed-since",
            "main",
            "--format",
            "json",
            "rules",
        ],
    );
    assert_eq!(codes(&output), vec!["SL111"], "{}", text(&output));
    let output = sentinel_lint(&dir, &["check", "--changed-since", "main", "rules"]);
    assert!(
        text(&output).contains("rules/new.yaml"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("Checked 1 file"),
        "{}",
        text(&output)
    );
    commit(&dir, "new rule");
    // Committed changes since the merge base count too; unchanged old.yaml stays out.
    let output = sentinel_lint(
        &dir,
        &["check", "--changed-since", "main", "--format", "json", "."],
    );
    assert_eq!(codes(&output), vec!["SL111"]);
    // From outside the repository, the repository of the checked path is used.
    let output = sentinel_lint(
        &std::env::temp_dir(),
        &[
            "check",
            "--changed-since",
            "main",
            "--format",
            "json",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(codes(&output), vec!["SL111"], "{}", text(&output));
    let output = sentinel_lint(&dir, &["check", "--changed-since", "no-such-ref", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("`no-such-ref` is not a commit"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let outside = scratch("changed-outside", false);
    write(&outside, "a.yaml", &rule(ID_A, "Medium"));
    let output = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["check", "--changed-since", "main", "."])
        .current_dir(&outside)
        .env("GIT_CEILING_DIRECTORIES", outside.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("--changed-since needs a git repository"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(outside).unwrap();
}

#[test]
fn changed_since_on_real_content() {
    let dir = scratch("changed-corpus", true);
    let Some(rules) = copy_corpus(&dir, "Detections/AuditLogs") else {
        return;
    };
    commit(&dir, "corpus");
    let all = codes(&sentinel_lint(&dir, &["check", "--format", "json", "."])).len();
    assert!(all > 0);
    let output = sentinel_lint(&dir, &["check", "--changed-since", "HEAD", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("Checked 0 files"),
        "{}",
        text(&output)
    );
    // A copy of a real rule with its id unchanged: only the copy is reported, and its id is
    // found in the unchanged original.
    let original = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .min()
        .unwrap();
    std::fs::copy(&original, rules.join("zz-copy.yaml")).unwrap();
    let output = sentinel_lint(
        &dir,
        &["check", "--changed-since", "HEAD", "--format", "json", "."],
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["path"].as_str().unwrap().ends_with("zz-copy.yaml")),
        "{findings:#?}"
    );
    assert!(
        findings.iter().any(|f| f["code"] == "SL111"),
        "{findings:#?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn context_paths_are_loaded_but_not_reported() {
    let dir = scratch("context", false);
    write(&dir, "a.yaml", &rule(ID_A, "Urgent"));
    write(&dir, "b.yaml", &rule(ID_A, "Medium"));
    let output = sentinel_lint(&dir, &["check", "--format", "json", "b.yaml"]);
    assert_eq!(codes(&output), Vec::<String>::new());
    let output = sentinel_lint(
        &dir,
        &["check", "--context", ".", "--format", "json", "b.yaml"],
    );
    assert_eq!(codes(&output), vec!["SL111"]);
    let output = sentinel_lint(&dir, &["check", "--context", ".", "b.yaml"]);
    assert!(text(&output).contains("a.yaml:1:5"), "{}", text(&output));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn output_writes_the_format_to_a_file_and_human_to_the_terminal() {
    let dir = scratch("output", false);
    write(&dir, "a.yaml", &rule(ID_A, "Urgent"));
    let output = sentinel_lint(
        &dir,
        &["check", "--format", "sarif", "--output", "out.sarif", "."],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("error[SL114] invalid-severity"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out.sarif")).unwrap()).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "SL114");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    assert!(result["partialFingerprints"]["sentinelLintFingerprint/v1"].is_string());
    // The step summary of GitHub Actions.
    let summary = dir.join("summary.md");
    let output = Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["check", "--format", "github", "."])
        .current_dir(&dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(text(&output).contains("::error title=SL114 invalid-severity,file="));
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(
        summary.contains("| SL114 | invalid-severity | error | 1 |"),
        "{summary}"
    );
    assert!(
        summary.contains("| `a.yaml:5:11` | SL114 | error |"),
        "{summary}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn configuration_selects_ignores_per_file_overrides_severity_and_excludes() {
    let dir = scratch("config", true);
    write(&dir, "Detections/a.yaml", &rule(ID_A, "Urgent"));
    write(
        &dir,
        "Hunting/b.yaml",
        &rule(ID_B, "Urgent").replace("version: 1.0.0", "version: one"),
    );
    write(&dir, "Archive/old.yaml", "id: [broken\n");
    write(
        &dir,
        "sentinel-lint.toml",
        r#"[check]
select = ["SL1"]
ignore = ["SL115"]
exclude = ["Archive"]

[check.per-file-ignores]
"Hunting/**" = ["invalid-severity"]

[check.severity]
SL114 = "warning"

[attack]
version = "18.1"
"#,
    );
    commit(&dir, "config");
    let output = sentinel_lint(&dir, &["check", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["path"], "Detections/a.yaml");
    assert_eq!(findings[0]["severity"], "warning");
    let output = sentinel_lint(&dir, &["check", "--select", "SL0", "--format", "json", "."]);
    assert_eq!(codes(&output), Vec::<String>::new());
    let output = sentinel_lint(&dir, &["config"]);
    let printed = text(&output);
    assert!(printed.contains("select = [\"SL1\"]"), "{printed}");
    assert!(
        printed.contains("\"Hunting/**\" = [\"invalid-severity\"]"),
        "{printed}"
    );
    assert!(printed.contains("SL114  invalid-severity"), "{printed}");
    assert!(printed.contains("warning  (overridden)"), "{printed}");
    assert!(!printed.contains("SL115  invalid-version"), "{printed}");

    for (config, position, message) in [
        (
            "[check]\nselct = [\"SL1\"]\n",
            ":2:1",
            "unknown field `selct`",
        ),
        (
            "[check]\nignore = [\"SL1\", \"SL9999\"]\n",
            ":2:18",
            "unknown rule or prefix `SL9999`",
        ),
        (
            "[check]\nexclude = [\"a/[\"]\n",
            ":2:12",
            "invalid glob `a/[`",
        ),
        (
            "[check.severity]\nSL114 = \"fatal\"\n",
            ":2:9",
            "unknown variant `fatal`",
        ),
        (
            "[attack]\nversion = \"12\"\n",
            ":2:11",
            "ATT&CK version `12`",
        ),
    ] {
        write(&dir, "sentinel-lint.toml", config);
        let output = sentinel_lint(&dir, &["check", "."]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let printed = text(&output);
        assert!(
            printed.contains(&format!("sentinel-lint.toml{position}")) && printed.contains(message),
            "{config}: {printed}"
        );
        let output = sentinel_lint(&dir, &["config"]);
        assert_eq!(output.status.code(), Some(2));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn configuration_on_real_content() {
    let dir = scratch("config-corpus", true);
    let Some(_) = copy_corpus(&dir, "Detections/W3CIISLog") else {
        return;
    };
    let all = codes(&sentinel_lint(&dir, &["check", "--format", "json", "."]));
    assert!(all.iter().any(|c| c.starts_with("SL6")) && all.iter().any(|c| !c.starts_with("SL6")));
    write(
        &dir,
        "sentinel-lint.toml",
        "[check.per-file-ignores]\n\"Detections/**\" = [\"SL6\"]\n[check.severity]\nSL1 = \"info\"\n",
    );
    let output = sentinel_lint(&dir, &["check", "--format", "json", "."]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(
        findings.len(),
        all.iter().filter(|c| !c.starts_with("SL6")).count()
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["code"].as_str().unwrap().starts_with("SL1"))
            .all(|f| f["severity"] == "info")
    );
    std::fs::remove_dir_all(dir).unwrap();
}
