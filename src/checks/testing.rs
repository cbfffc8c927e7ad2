//! The rule tester: a rule's tests are a list of snippets that must pass and a list that must
//! fire; the rendered diagnostics of the failing ones are snapshotted (oxc's pattern).

use std::sync::Arc;

use crate::checks::{self, Rule};
use crate::content::ContentFile;
use crate::content::model::{self, Loaded};
use crate::diag::Diagnostic;
use crate::report::human;

/// Loads `text` as the file `path` (the extension decides YAML or KQL).
pub fn load(path: &str, text: &str) -> ContentFile {
    let is_kql = path.ends_with(".kql") || path.ends_with(".csl");
    match model::load_text(Arc::from(path), Arc::from(text), is_kql) {
        Loaded::Content(file) => *file,
        Loaded::Skipped(skipped) => panic!("fixture {path} is not content: {}", skipped.reason),
    }
}

/// Every diagnostic the per-file checks give for `text`.
pub fn diagnostics(path: &str, text: &str) -> (ContentFile, Vec<Diagnostic>) {
    let file = load(path, text);
    let diagnostics = checks::check_file(&file, crate::catalog::Catalog::bundled());
    (file, diagnostics)
}

/// Asserts that `rule` stays silent on every `pass` snippet and fires on every `fail` snippet;
/// returns the rendered diagnostics of the `fail` snippets for a snapshot. A snippet is a YAML
/// file; one that starts with `// kql` is taken as a `.kql` file.
pub fn check_rule(rule: &'static Rule, pass: &[&str], fail: &[&str]) -> String {
    let path_of = |text: &str| {
        if text.starts_with("// kql") {
            "fixture.kql"
        } else {
            "fixture.yaml"
        }
    };
    for (i, text) in pass.iter().enumerate() {
        let (_, found) = diagnostics(path_of(text), text);
        let fired: Vec<_> = found.iter().filter(|d| d.code == rule.code).collect();
        assert!(
            fired.is_empty(),
            "{} ({}) fired on pass case {i}:\n{text}\n{fired:#?}",
            rule.code,
            rule.name
        );
    }
    let mut rendered = String::new();
    for (i, text) in fail.iter().enumerate() {
        let (file, found) = diagnostics(path_of(text), text);
        let fired: Vec<_> = found.into_iter().filter(|d| d.code == rule.code).collect();
        assert!(
            !fired.is_empty(),
            "{} ({}) did not fire on fail case {i}:\n{text}",
            rule.code,
            rule.name
        );
        for diagnostic in &fired {
            rendered.push_str(&human::render(
                diagnostic,
                &file,
                &human::Style::plain(),
                &|_| None,
            ));
            rendered.push('\n');
        }
    }
    rendered
}

/// A complete, clean Scheduled rule to build fixtures from: `scheduled_rule(&[("severity", "Low")])`
/// replaces (or, with a new key, appends) top-level fields; a value of `None` removes the field.
pub fn scheduled_rule(changes: &[(&str, Option<&str>)]) -> String {
    with_changes(CLEAN_SCHEDULED_RULE, changes)
}

pub fn nrt_rule(changes: &[(&str, Option<&str>)]) -> String {
    with_changes(CLEAN_NRT_RULE, changes)
}

pub fn hunting_query(changes: &[(&str, Option<&str>)]) -> String {
    with_changes(CLEAN_HUNTING_QUERY, changes)
}

/// Splits a fixture into top-level fields (a key at column 0 and its indented continuation) and
/// applies the changes; values are written as given, so they may be block YAML.
fn with_changes(base: &str, changes: &[(&str, Option<&str>)]) -> String {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in base.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') && line.contains(':') {
            let (key, rest) = line.split_once(':').unwrap_or((line, ""));
            fields.push((key.to_string(), rest.trim_start().to_string()));
        } else if let Some(last) = fields.last_mut() {
            last.1.push('\n');
            last.1.push_str(line);
        }
    }
    for (key, value) in changes {
        let position = fields.iter().position(|(k, _)| k == key);
        match (position, value) {
            (Some(i), Some(value)) => fields[i].1 = value.to_string(),
            (Some(i), None) => {
                fields.remove(i);
            }
            (None, Some(value)) => fields.push((key.to_string(), value.to_string())),
            (None, None) => {}
        }
    }
    let mut text = String::new();
    for (key, value) in fields {
        text.push_str(&key);
        text.push(':');
        if !value.starts_with('\n') && !value.is_empty() {
            text.push(' ');
        }
        text.push_str(&value);
        text.push('\n');
    }
    text
}

pub const CLEAN_SCHEDULED_RULE: &str = r#"id: 0b1e4b1e-3c7a-4d3c-9f0e-1b2c3d4e5f60
name: Many failed sign-ins from one IP
description: |
  Detects an IP address with many failed Azure AD sign-ins in one hour.
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
  | summarize Failures = count(), Users = dcount(UserPrincipalName) by IPAddress
  | where Failures > 20
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
version: 1.0.0
kind: Scheduled
"#;

pub const CLEAN_NRT_RULE: &str = r#"id: 5c2f7a9e-8d41-4b6a-9e3f-2a1b0c9d8e7f
name: Mailbox forwarding rule to an external domain
description: |
  Raises an alert as soon as a mailbox rule forwards mail outside the organisation.
severity: High
requiredDataConnectors:
  - connectorId: Office365
    dataTypes:
      - OfficeActivity
tactics:
  - Collection
relevantTechniques:
  - T1114
query: |
  OfficeActivity
  | where Operation == "New-InboxRule"
  | extend Account = UserId
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: Account
version: 1.0.0
kind: NRT
"#;

pub const CLEAN_HUNTING_QUERY: &str = r#"id: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a
name: Rare processes run by service accounts
description: |
  Lists processes that service accounts ran on fewer than three hosts.
requiredDataConnectors:
  - connectorId: SecurityEvents
    dataTypes:
      - SecurityEvent
tactics:
  - Execution
relevantTechniques:
  - T1059
query: |
  SecurityEvent
  | where EventID == 4688
  | summarize Hosts = dcount(Computer) by Process, Account
  | where Hosts < 3
"#;
