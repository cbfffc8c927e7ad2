//! Parses and analyzes arbitrary UTF-8 against the bundled catalog plus a parser function:
//! the analysis must never panic, and every finding must point inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sentinel_lint::analyze;
use sentinel_lint::catalog::{Catalog, Param};
use sentinel_lint::kql::types::ScalarType;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut builder = Catalog::builder();
        // A recursive parser, so that calls, defaults and the recursion guard are exercised.
        builder.add_function(
            "MyParser",
            vec![Param::scalar("disabled", ScalarType::Bool, Some("false".into()))],
            "SigninLogs | where not(disabled) | union (MyParser(disabled=true)) | project TimeGenerated, Who = UserPrincipalName",
        );
        builder.build()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analysis = analyze::analyze_text(text, catalog());
    for d in &analysis.diagnostics {
        assert!(d.span.start <= d.span.end, "inverted span {d:?}");
        assert!(d.span.end as usize <= text.len(), "span past the end {d:?}");
    }
});
