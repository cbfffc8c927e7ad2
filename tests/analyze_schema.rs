//! Output schemas of KQL operators, each verified against Kusto.Language (the kql-oracle).

use sentinel_lint::analyze::{Analysis, Output, analyze_text};
use sentinel_lint::catalog::Catalog;

fn run(q: &str) -> Analysis {
    analyze_text(q, Catalog::bundled())
}

/// `name:type, …` of the output schema, with ` OPEN` appended when open.
fn schema(q: &str) -> String {
    let a = run(q);
    match a.output {
        Output::Table(s) => {
            let mut out = s
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, c.ty))
                .collect::<Vec<_>>()
                .join(", ");
            if s.open {
                out.push_str(" OPEN");
            }
            out
        }
        Output::Scalar(t) => format!("scalar {t}"),
        Output::None => "none".into(),
    }
}

#[allow(dead_code)]
fn codes(q: &str) -> Vec<&'static str> {
    run(q).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn debug_one() {
    if let Ok(q) = std::env::var("SL_Q") {
        if std::env::var("SL_AST").is_ok() {
            println!("{:#?}", sentinel_lint::kql::parse(&q).query.statements);
        }
        println!("{}", schema(&q));
        for d in run(&q).diagnostics {
            println!("{} {} {:?}", d.code, d.message, d.span);
        }
    }
}
