//! `check` end to end on a generated rule: structured input (the fields of an analytic rule,
//! hunting query or parser, and the query text in one of the five YAML scalar styles) is
//! written out as YAML, loaded, given a project catalog (a parser becomes a callable function),
//! checked per file and per project, and rendered in every output format. Nothing may panic;
//! every span must lie inside the file; a double-quoted query must load back to the very text
//! that was written.
#![no_main]

use std::fmt::Write;
use std::sync::Arc;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use sentinel_lint::checks;
use sentinel_lint::content::model::{self, Loaded};
use sentinel_lint::diag::Span;
use sentinel_lint::lint::{self, Options};
use sentinel_lint::report::{self, FileResult, Report};

#[derive(Arbitrary, Debug)]
enum Kind {
    Scheduled,
    Nrt,
    Hunting,
    Parser,
}

#[derive(Arbitrary, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A value from a small set of realistic choices, or arbitrary text.
#[derive(Arbitrary, Debug)]
enum Pick<const N: usize> {
    Known(u8),
    Text(String),
}

impl<const N: usize> Pick<N> {
    fn get(&self, known: &[&str; N]) -> String {
        match self {
            Pick::Known(i) => known[*i as usize % N].to_string(),
            Pick::Text(text) => text.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Entity {
    entity_type: Pick<5>,
    fields: Vec<(Pick<5>, Pick<6>)>,
}

#[derive(Arbitrary, Debug)]
struct Rule {
    kind: Kind,
    id: Pick<2>,
    name: String,
    description: String,
    severity: Pick<5>,
    query: Pick<6>,
    style: Style,
    frequency: Pick<4>,
    period: Pick<4>,
    trigger_operator: Pick<3>,
    trigger_threshold: i64,
    tactics: Vec<Pick<4>>,
    techniques: Vec<Pick<4>>,
    entities: Vec<Entity>,
    custom_details: Vec<(String, Pick<6>)>,
    extra: Vec<(String, String)>,
    parser_params: Vec<(String, Pick<4>)>,
}

const IDS: [&str; 2] = ["4a2d5e1c-9f43-4a79-8c3b-1f2e3d4c5b6a", "not-a-guid"];
const SEVERITIES: [&str; 5] = ["High", "Medium", "Low", "Informational", "high"];
const QUERIES: [&str; 6] = [
    "SigninLogs | where ResultType == 0 | project TimeGenerated, UserPrincipalName, IPAddress",
    "SecurityEvent\n| where EventID == 4625\n| summarize count() by Account, Computer",
    "let t = 1d;\nOfficeActivity | where TimeGenerated > ago(t) | extend Who = UserId",
    "FuzzParser() | join kind=inner (SigninLogs) on $left.Who == $right.UserPrincipalName",
    "union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs | summarize c = dcount(IPAddress) by bin(TimeGenerated, 1h)",
    "DeviceProcessEvents | mv-expand x = parse_json(AdditionalFields) | project-away x",
];
const DURATIONS: [&str; 4] = ["5m", "1h", "14d", "PT1H"];
const OPERATORS: [&str; 3] = ["gt", "GreaterThan", "eq"];
const TACTICS: [&str; 4] = ["InitialAccess", "Persistence", "Discovery", "initialaccess"];
const TECHNIQUES: [&str; 4] = ["T1078", "T1078.004", "T9999", "T1110"];
const ENTITY_TYPES: [&str; 5] = ["Account", "IP", "Host", "URL", "NotAnEntity"];
const IDENTIFIERS: [&str; 5] = ["FullName", "Address", "HostName", "Name", "Url"];
const COLUMNS: [&str; 6] = [
    "UserPrincipalName",
    "IPAddress",
    "Computer",
    "Account",
    "Who",
    "NoSuchColumn",
];
const TYPES: [&str; 4] = ["string", "datetime", "bool", "dynamic"];

/// A double-quoted YAML scalar: every string can be written this way.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '\u{feff}' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar(text: &str, style: &Style) -> String {
    match style {
        Style::DoubleQuoted => quoted(text),
        Style::SingleQuoted => format!("'{}'", text.replace('\'', "''")),
        Style::Plain => text.to_string(),
        Style::Literal | Style::Folded => {
            let indicator = if matches!(style, Style::Literal) {
                '|'
            } else {
                '>'
            };
            let mut out = format!("{indicator}\n");
            for line in text.split('\n') {
                let _ = writeln!(out, "  {line}");
            }
            out
        }
    }
}

fn yaml(rule: &Rule, query: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "id: {}", quoted(&rule.id.get(&IDS)));
    match rule.kind {
        Kind::Parser => {
            let _ = writeln!(out, "FunctionName: FuzzParser");
            let _ = writeln!(out, "FunctionAlias: FuzzParser");
            let _ = writeln!(out, "Parser:\n  Version: '1.0'");
            if !rule.parser_params.is_empty() {
                let _ = writeln!(out, "FunctionParams:");
                for (name, ty) in &rule.parser_params {
                    let _ = writeln!(out, "  - Name: {}", quoted(name));
                    let _ = writeln!(out, "    Type: {}", quoted(&ty.get(&TYPES)));
                }
            }
            let _ = write!(out, "FunctionQuery: {}", scalar(query, &rule.style));
            out.push('\n');
            return out;
        }
        Kind::Scheduled => out.push_str("kind: Scheduled\n"),
        Kind::Nrt => out.push_str("kind: NRT\n"),
        Kind::Hunting => {}
    }
    let _ = writeln!(out, "name: {}", quoted(&rule.name));
    let _ = writeln!(out, "description: {}", quoted(&rule.description));
    let _ = writeln!(out, "severity: {}", quoted(&rule.severity.get(&SEVERITIES)));
    if matches!(rule.kind, Kind::Scheduled) {
        let _ = writeln!(
            out,
            "queryFrequency: {}",
            quoted(&rule.frequency.get(&DURATIONS))
        );
        let _ = writeln!(out, "queryPeriod: {}", quoted(&rule.period.get(&DURATIONS)));
        let _ = writeln!(
            out,
            "triggerOperator: {}",
            quoted(&rule.trigger_operator.get(&OPERATORS))
        );
        let _ = writeln!(out, "triggerThreshold: {}", rule.trigger_threshold);
    }
    out.push_str("requiredDataConnectors: []\n");
    let _ = writeln!(out, "tactics:");
    for tactic in &rule.tactics {
        let _ = writeln!(out, "  - {}", quoted(&tactic.get(&TACTICS)));
    }
    let _ = writeln!(out, "relevantTechniques:");
    for technique in &rule.techniques {
        let _ = writeln!(out, "  - {}", quoted(&technique.get(&TECHNIQUES)));
    }
    if !rule.entities.is_empty() {
        out.push_str("entityMappings:\n");
        for entity in &rule.entities {
            let _ = writeln!(
                out,
                "  - entityType: {}",
                quoted(&entity.entity_type.get(&ENTITY_TYPES))
            );
            out.push_str("    fieldMappings:\n");
            for (identifier, column) in &entity.fields {
                let _ = writeln!(
                    out,
                    "      - identifier: {}",
                    quoted(&identifier.get(&IDENTIFIERS))
                );
                let _ = writeln!(out, "        columnName: {}", quoted(&column.get(&COLUMNS)));
            }
        }
    }
    if !rule.custom_details.is_empty() {
        out.push_str("customDetails:\n");
        for (key, column) in &rule.custom_details {
            let _ = writeln!(out, "  {}: {}", quoted(key), quoted(&column.get(&COLUMNS)));
        }
    }
    for (key, value) in &rule.extra {
        let _ = writeln!(out, "{}: {}", quoted(key), quoted(value));
    }
    let _ = write!(out, "query: {}", scalar(query, &rule.style));
    out.push('\n');
    out.push_str("version: 1.0.0\n");
    out
}

fn assert_in(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: inverted span {span:?}");
    assert!(
        span.end as usize <= text.len(),
        "{what}: span {span:?} past the end"
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what}: span {span:?} splits a character"
    );
}

fuzz_target!(|rule: Rule| {
    let query = rule.query.get(&QUERIES);
    let text = yaml(&rule, &query);
    let source: Arc<str> = Arc::from(text.as_str());
    let Loaded::Content(file) =
        model::load_text(Arc::from("rules/fuzz.yaml"), source.clone(), false)
    else {
        return;
    };
    if matches!(rule.style, Style::DoubleQuoted) && file.load_problems.is_empty() {
        let loaded = file.query.as_ref().map(|q| q.text.as_str());
        assert_eq!(
            loaded,
            Some(query.as_str()),
            "double-quoted query did not load back\n{text}"
        );
    }
    let Ok(catalog) = lint::project_catalog([file.as_ref()], &Options::default()) else {
        return;
    };
    let mut diagnostics = checks::check_file(&file, &catalog);
    for (_, diagnostic) in checks::check_project(&[file.as_ref()]) {
        diagnostics.push(diagnostic);
    }
    checks::sort(&mut diagnostics);
    for d in &diagnostics {
        assert_in(&source, d.span, d.code);
        for label in d.labels.iter().filter(|l| l.file.is_none()) {
            assert_in(&source, label.span, d.code);
        }
    }
    let report = Report::new(
        vec![FileResult {
            file: *file,
            diagnostics,
        }],
        Vec::new(),
    );
    let json = report::json::render(&report);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "json output is not JSON"
    );
    let sarif = report::sarif::render(&report);
    assert!(
        serde_json::from_str::<serde_json::Value>(&sarif).is_ok(),
        "sarif output is not JSON"
    );
    let _ = report::junit::render(&report);
    let _ = report::github::render(&report);
    let _ = report.render_plain();
});
