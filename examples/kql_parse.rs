//! Dev tool: `cargo run --example kql_parse -- FILE|-` prints errors, the tree and the KQL
//! printed back.
use std::io::Read;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "-".into());
    let mut text = String::new();
    if path == "-" {
        let _ = std::io::stdin().read_to_string(&mut text);
    } else {
        text = std::fs::read_to_string(&path).unwrap_or_default();
    }
    let parsed = sentinel_lint::kql::parse(&text);
    if std::env::args().any(|a| a == "--ast") {
        println!("{}", sentinel_lint::kql::dump::dump(&parsed.query));
    }
    println!("{}", parsed.query);
    for e in &parsed.errors {
        println!("error {}..{}: {}", e.span.start, e.span.end, e.message);
    }
}
