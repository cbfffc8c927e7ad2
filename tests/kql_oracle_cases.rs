//! Small queries whose validity was recorded from Kusto.Language (`kql-oracle --parse-only`):
//! this parser must accept exactly the ones it accepts.

use sentinel_lint::kql;

#[test]
fn validity_matches_kusto_language() {
    let text = include_str!("data/kql/oracle_cases.jsonl");
    let mut mismatches = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let query = record["query"].as_str().expect("query");
        let valid = record["valid"].as_bool().expect("valid");
        let parsed = kql::parse(query);
        count += 1;
        if parsed.errors.is_empty() != valid {
            mismatches.push(format!(
                "{query:?}: Kusto {}, ours {:?}",
                if valid { "accepts" } else { "rejects" },
                parsed.errors.first().map(|e| &e.message)
            ));
        }
        if valid && let Err(e) = kql::roundtrip_check(query) {
            mismatches.push(format!("{query:?}: round-trip: {e}"));
        }
    }
    assert!(count > 300);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
