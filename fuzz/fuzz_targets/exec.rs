//! Runs arbitrary query text through the engine over a few small fixture tables: the engine
//! must never fail internally (a panic on its worker thread comes back as "internal error"),
//! and every error must point inside the text. Tight limits keep each run short.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::{self, DataSet, Limits, RunOptions};

/// Queries that name no table still get rows: `datatable`, `range`, `print` and these
/// `let`s give the operators something to work on.
const PRELUDE: &str = r#"let T = datatable(TimeGenerated:datetime, Computer:string, EventID:int, Account:string, Data:dynamic)
[datetime(2024-01-01T00:00:00Z), "Host-1", 4625, "admin.1", dynamic({"a":[1,2,{"b":"x"}]}),
 datetime(2024-01-01T01:30:00Z), "host-2", 4624, "svc_backup.3", dynamic(null),
 datetime(2023-12-31T23:59:59Z), "", int(null), "Administrator.7", dynamic([1,"2",3.5])];
let U = range x from -3 to 5 step 2 | extend s = tostring(x), d = datetime(2024-01-01) + x * 1h;
"#;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builder().build())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > 4096 {
        return;
    }
    let query = format!("{PRELUDE}{text}");
    let options = RunOptions {
        now: 638_396_640_000_000_000 - 621_355_968_000_000_000,
        limits: Limits {
            max_rows: 100_000,
            max_memory: 64 << 20,
            timeout: Duration::from_secs(2),
        },
    };
    if let Err(error) = exec::run(&query, catalog(), &DataSet::new(), &options) {
        assert!(
            !error.message.starts_with("internal error"),
            "{}: {query}",
            error.message
        );
        assert!(error.span.start <= error.span.end, "inverted span: {query}");
        assert!(error.span.end as usize <= query.len(), "span past the end: {query}");
    }
});
