//! Authoring help: `test init RULE` (a test file for an existing rule) and `new rule|hunting|
//! parser NAME` (a content file from a template, with a first test case).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::analyze;
use crate::catalog::{Catalog, FunctionBody};
use crate::content::{ContentFile, ContentKind, RuleKind};
use crate::harness::rule::RuleSettings;
use crate::harness::snapshot::string;
use crate::harness::time::{self, TICK_PER_HOUR, TICK_PER_MINUTE, TICK_PER_SECOND};
use crate::harness::window;
use crate::kql::types::ScalarType;

/// The tables a query reads, through the functions (parsers) it calls, each with the columns
/// whose names appear in the query or in those functions' bodies (and `TimeGenerated`, which
/// the run window filters on).
pub fn tables_used(query: &str, catalog: &Catalog) -> Vec<(String, Vec<(String, ScalarType)>)> {
    let (tables, texts) = tables_read(query, catalog);
    let words: BTreeSet<&str> = texts.iter().flat_map(|t| identifiers(t)).collect();
    tables
        .into_iter()
        .filter_map(|name| {
            let table = catalog.table(&name)?;
            // `TimeGenerated` first: it decides whether a row is inside the run's window.
            let mut columns: Vec<(String, ScalarType)> = table
                .columns()
                .iter()
                .filter(|c| &*c.name == "TimeGenerated" || words.contains(&*c.name))
                .map(|c| (c.name.to_string(), c.ty))
                .collect();
            columns.sort_by_key(|(name, _)| name != "TimeGenerated");
            Some((name, columns))
        })
        .collect()
}

/// The catalog tables a query reads, directly or through the functions it calls (their bodies
/// analyzed in turn), in first-use order; and the texts looked at (the query, then each body).
pub fn tables_read(query: &str, catalog: &Catalog) -> (Vec<String>, Vec<String>) {
    let mut texts = vec![query.to_string()];
    let mut tables: Vec<String> = Vec::new();
    let mut seen_functions = BTreeSet::new();
    let mut index = 0;
    while index < texts.len() {
        let analysis = analyze::analyze_text(&texts[index], catalog);
        for table in analysis.tables {
            if !tables.contains(&table) {
                tables.push(table);
            }
        }
        for function in analysis.functions {
            if seen_functions.insert(function.clone())
                && let Some(f) = catalog.function(&function)
                && let FunctionBody::Query(body) = &f.body
            {
                texts.push(body.clone());
            }
        }
        index += 1;
    }
    (tables, texts)
}

/// The identifier-like words of a text.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

/// A value of each type for the skeleton row.
fn example(ty: ScalarType, at: i64) -> String {
    match ty {
        ScalarType::String | ScalarType::Unknown => "example".into(),
        ScalarType::Int | ScalarType::Long => "0".into(),
        ScalarType::Real | ScalarType::Decimal => "0.0".into(),
        ScalarType::Bool => "false".into(),
        ScalarType::DateTime => time::format_datetime(at),
        ScalarType::TimeSpan => "5m".into(),
        ScalarType::Guid => "00000000-0000-0000-0000-000000000000".into(),
        ScalarType::Dynamic => "{}".into(),
    }
}

/// A pinned time for new test files: the current hour, so that the example rows are recent.
pub fn pinned_now() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
        * TICK_PER_SECOND;
    now - now.rem_euclid(TICK_PER_HOUR)
}

/// The text of a test file for `file`, pinned at `now`: a case with one example row per table
/// (inside the rule's window) and a case with no rows at all.
pub fn skeleton(file: &ContentFile, catalog: &Catalog, now: i64) -> String {
    let query = file.query.as_ref().map_or("", |q| q.text.as_str());
    let tables = tables_used(query, catalog);
    let settings = RuleSettings::read(file);
    // Inside any window: the NRT minute, or a Scheduled lookback of at least five minutes.
    let at = match window::for_rule(&settings, now) {
        Some(w) if w.end - w.start <= TICK_PER_MINUTE => now - 30 * TICK_PER_SECOND,
        _ => now - TICK_PER_MINUTE,
    };
    let file_name = std::path::Path::new(&*file.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Tests of {file_name}. Run `sentinel-lint test`; review each snapshot, accept it with `--update`."
    );
    out.push_str(
        "# Each case lists the rows of the tables the query reads (only the columns it uses are\n",
    );
    out.push_str("# shown; any other column of the table may be added). Rows outside the rule's window are unused.\n");
    let _ = writeln!(out, "now: {}", time::format_datetime(now));
    out.push_str("cases:\n");
    out.push_str("  - name: example row\n");
    if tables.is_empty() {
        out.push_str("    tables: {}\n");
    } else {
        out.push_str("    tables:\n");
        for (name, columns) in &tables {
            let _ = writeln!(out, "      {}:", string(name, true));
            for (i, (column, ty)) in columns.iter().enumerate() {
                let lead = if i == 0 { "        - " } else { "          " };
                let value = example(*ty, at);
                let value = match ty {
                    ScalarType::String
                    | ScalarType::Unknown
                    | ScalarType::Guid
                    | ScalarType::DateTime => string(&value, false),
                    _ => value,
                };
                let _ = writeln!(out, "{lead}{}: {value}", string(column, true));
            }
        }
    }
    let quiet = match file.kind {
        ContentKind::AnalyticRule(_) => "alerts: 0",
        _ => "rows: 0",
    };
    out.push_str("  - name: no rows\n");
    let _ = writeln!(out, "    {quiet}");
    out.push_str("    tables: {}\n");
    out
}

/// A file name from a display name: `Password spray` → `PasswordSpray`.
pub fn file_stem(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<String>()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect()
}

/// A content file of `kind` named `name`, with a fresh `id`, and its test file.
pub fn template(kind: ContentKind, name: &str, id: &str, now: i64) -> (String, String) {
    let stem = file_stem(name);
    let quoted = string(name, false);
    let content = match kind {
        ContentKind::AnalyticRule(_) => format!(
            "id: {id}
name: {quoted}
description: |
  Say what the rule detects and why it matters.
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
  - InitialAccess
relevantTechniques:
  - T1078
query: |
  SigninLogs
  | where ResultType == \"0\"
  | project TimeGenerated, UserPrincipalName, IPAddress
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
version: 1.0.0
kind: Scheduled
"
        ),
        ContentKind::Parser => format!(
            "id: {id}
Function:
  Title: {quoted}
  Version: '1.0.0'
  LastUpdated: '{date}'
Category: Microsoft Sentinel Parser
FunctionName: {stem}
FunctionAlias: {stem}
FunctionQuery: |
  SigninLogs
  | project TimeGenerated, UserPrincipalName, IPAddress, ResultType
",
            date = &time::format_datetime(now)[..10]
        ),
        _ => format!(
            "id: {id}
name: {quoted}
description: |
  Say what the query looks for and how to read its results.
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
tactics:
  - CredentialAccess
relevantTechniques:
  - T1110
query: |
  SigninLogs
  | where ResultType != \"0\"
  | summarize Failures = count() by UserPrincipalName
"
        ),
    };
    let at = time::format_datetime(now - 10 * TICK_PER_MINUTE);
    let result = match kind {
        ContentKind::AnalyticRule(_) => "0",
        _ => "50126",
    };
    let tests = format!(
        "# Tests of {stem}.yaml. Run `sentinel-lint test`; review each snapshot, accept it with `--update`.
now: {now}
cases:
  - name: one sign-in
    tables:
      SigninLogs:
        - {{TimeGenerated: {at}, ResultType: \"{result}\", UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7}}
",
        now = time::format_datetime(now)
    );
    (content, tests)
}

/// The kind `new` writes.
pub fn kind_of(rule: bool, parser: bool) -> ContentKind {
    if rule {
        ContentKind::AnalyticRule(RuleKind::Scheduled)
    } else if parser {
        ContentKind::Parser
    } else {
        ContentKind::HuntingQuery
    }
}
