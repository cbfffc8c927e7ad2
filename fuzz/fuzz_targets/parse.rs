//! Parses arbitrary UTF-8: must never panic, spans must lie inside the text, and a query
//! that parses without errors must print back to KQL that reparses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sentinel_lint::kql;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = kql::parse(text);
    for e in &parsed.errors {
        assert!(e.span.start <= e.span.end, "inverted span {e:?}");
        assert!(e.span.end as usize <= text.len(), "span past the end {e:?}");
        assert!(!e.message.is_empty());
    }
    if parsed.errors.is_empty()
        && let Err(msg) = kql::roundtrip_check(text)
    {
        panic!("round-trip failed for {text:?}: {msg}");
    }
});
