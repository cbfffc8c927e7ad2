//! User functions layered on the catalog: bodies analyzed on first call, parsers calling
//! parsers, recursion, tabular parameters.

use sentinel_lint::analyze::{Output, analyze_text};
use sentinel_lint::catalog::{Catalog, Column, Param, Schema, parse_params};
use sentinel_lint::kql::types::ScalarType;

fn cols(out: &Output) -> String {
    match out {
        Output::Table(s) => {
            let mut t = s
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, c.ty))
                .collect::<Vec<_>>()
                .join(", ");
            if s.open {
                t.push_str(" OPEN");
            }
            t
        }
        Output::Scalar(t) => format!("scalar {t}"),
        Output::None => "none".into(),
    }
}

#[test]
fn parsers_calling_parsers() {
    let mut b = Catalog::builder();
    b.add_function(
        "BaseParser",
        parse_params("(since:timespan=1d)"),
        "SigninLogs | where TimeGenerated > ago(since) | project TimeGenerated, User = UserPrincipalName",
    );
    b.add_function(
        "TopParser",
        Vec::new(),
        "BaseParser | summarize n = count() by User",
    );
    let c = b.build();
    let a = analyze_text("TopParser | where n > 10", &c);
    assert_eq!(cols(&a.output), "User:string, n:long");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(a.functions, vec!["TopParser"]);
    // Cached: the second analysis reads the stored result.
    let a = analyze_text("TopParser() | project User", &c);
    assert_eq!(cols(&a.output), "User:string");
    // A wrong argument count is reported.
    let a = analyze_text("BaseParser(1d, 2)", &c);
    assert_eq!(
        a.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["SL604"]
    );
}

#[test]
fn recursion_is_cut() {
    let mut b = Catalog::builder();
    b.add_function("A", Vec::new(), "B | take 1");
    b.add_function("B", Vec::new(), "A | take 1");
    let c = b.build();
    let a = analyze_text("A | where x == 1", &c);
    assert!(a.schema().unwrap().open);
    assert!(a.diagnostics.is_empty());
}

#[test]
fn tabular_parameters_follow_the_input() {
    let mut b = Catalog::builder();
    b.add_function(
        "Tag",
        vec![
            Param::tabular("T"),
            Param::scalar("label", ScalarType::String, None),
        ],
        "T | extend Label = label",
    );
    let c = b.build();
    let a = analyze_text("SecurityEvent | project Computer | invoke Tag('x')", &c);
    assert_eq!(cols(&a.output), "Computer:string, Label:string");
    let a = analyze_text("Tag((SigninLogs | project AppId), 'y')", &c);
    assert_eq!(cols(&a.output), "AppId:string, Label:string");
}

#[test]
fn declared_columns_and_local_functions() {
    let mut b = Catalog::builder();
    b.add_function_columns(
        "Declared",
        Vec::new(),
        Schema::new(vec![Column::new("a", ScalarType::Long)]),
    );
    let c = b.build();
    assert_eq!(
        cols(&analyze_text("Declared | extend b = a * 2", &c).output),
        "a:long, b:long"
    );
    let a = analyze_text(
        "let f = (t:string) { table(t) | project TimeGenerated }; f('SigninLogs') | extend x = 1",
        &c,
    );
    assert_eq!(cols(&a.output), "TimeGenerated:datetime, x:long");
    assert_eq!(a.tables, vec!["SigninLogs"]);
}

#[test]
fn custom_table_overrides_bundled() {
    let mut b = Catalog::builder();
    b.add_table("SigninLogs", vec![Column::new("Only", ScalarType::String)]);
    let c = b.build();
    let a = analyze_text("SigninLogs | project UserPrincipalName", &c);
    assert_eq!(
        a.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["SL602"]
    );
    // The bundled catalog itself is unchanged.
    let a = analyze_text("SigninLogs | project UserPrincipalName", Catalog::bundled());
    assert!(a.diagnostics.is_empty());
}
