//! The bundled catalog and its custom layers.

mod common;

use sentinel_lint::catalog::{Catalog, FunctionBody, Param, ParamType};
use sentinel_lint::kql::types::ScalarType;

#[test]
fn bundled_has_all_tables() {
    // How fast it loads is measured by `cargo bench --bench analyze` ("catalog load"), not here.
    let catalog = Catalog::bundled();
    assert_eq!(catalog.table_count(), 959);
    let t = catalog.table("SecurityEvent").expect("SecurityEvent");
    assert_eq!(
        t.column("TimeGenerated").map(|c| c.ty),
        Some(ScalarType::DateTime)
    );
    assert!(
        catalog.table("securityevent").is_none(),
        "lookups are case-sensitive"
    );
    assert_eq!(
        catalog.case_insensitive("securityevent"),
        vec!["SecurityEvent"]
    );
}

/// Each source of `schemas/catalog/generate.py` shows in the merged tables.
#[test]
fn merged_sources() {
    let c = Catalog::bundled();
    let ty =
        |table: &str, column: &str| c.table(table).and_then(|t| t.column(column)).map(|c| c.ty);
    // The table reference restores the `Name` columns that la_table_schemas.csv lost.
    assert_eq!(ty("DnsEvents", "Name"), Some(ScalarType::String));
    assert_eq!(ty("OfficeActivity", "Name"), Some(ScalarType::String));
    // The Defender XDR schemas add `Timestamp` to Sentinel's copies; Log Analytics' types win.
    assert_eq!(
        ty("DeviceProcessEvents", "Timestamp"),
        Some(ScalarType::DateTime)
    );
    assert_eq!(
        ty("DeviceEvents", "AdditionalFields"),
        Some(ScalarType::Dynamic)
    );
    assert_eq!(ty("CloudAppEvents", "ISP"), Some(ScalarType::String));
    assert_eq!(
        ty("CloudAppEvents", "Isp"),
        None,
        "a case variant is not a second column"
    );
    // A Defender-only table.
    assert_eq!(
        ty("AADSignInEventsBeta", "Timestamp"),
        Some(ScalarType::DateTime)
    );
    // la_table_schemas.csv brings the tables and columns newer than the 2024 reference.
    assert_eq!(
        ty("DeviceProcessEvents", "ProcessUniqueId"),
        Some(ScalarType::String)
    );
    // The standard columns are on every table.
    assert_eq!(ty("AuditLogs", "TenantId"), Some(ScalarType::String));
    assert_eq!(
        ty("AzureDiagnostics", "TimeGenerated"),
        Some(ScalarType::DateTime)
    );
    assert_eq!(ty("SigninLogs", "_ItemId"), Some(ScalarType::String));
    assert_eq!(
        ty("SigninLogs", "_TimeReceived"),
        Some(ScalarType::DateTime)
    );
    assert_eq!(ty("Perf", "Type"), Some(ScalarType::String));
}

#[test]
fn junk_rows_are_skipped() {
    let t = Catalog::bundled().table("AzureDiagnostics").unwrap();
    assert!(t.column("abc").is_none());
    assert!(t.column("...").is_none());
}

#[test]
fn builtins() {
    let c = Catalog::bundled();
    let f = c.builtin("tostring").unwrap();
    assert_eq!((f.min_args(), f.max_args()), (1, 1));
    assert!(c.aggregate("dcount").is_some());
    assert!(c.builtin("dcount").is_none());
    assert!(c.aggregate("arg_max").is_some());
    assert!(c.builtin("bag_unpack").is_some());
}

#[test]
fn asim_and_watchlist() {
    let c = Catalog::bundled();
    for name in [
        "imDns",
        "_Im_Dns",
        "ASimDns",
        "_ASim_Dns",
        "imAuthentication",
    ] {
        let f = c.function(name).unwrap_or_else(|| panic!("{name}"));
        let FunctionBody::Columns(schema) = &f.body else {
            panic!("{name} has columns")
        };
        assert!(schema.column("EventProduct").is_some(), "{name}");
    }
    let w = c.function("_GetWatchlist").unwrap();
    let FunctionBody::Columns(schema) = &w.body else {
        panic!()
    };
    assert!(schema.open);
    assert!(schema.column("SearchKey").is_some());
}

#[test]
fn custom_tables_override_and_functions() {
    let dir = std::env::temp_dir().join(format!("sl-catalog-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.json"),
        "\u{feff}{\"name\":\"SecurityEvent\",\"properties\":[{\"name\":\"Only\",\"type\":\"Int32\"}]}",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.json"),
        "{\"Name\":\"My_CL\",\"Properties\":[{\"Name\":\"x\",\"Type\":\"DateTime\"},{\"Name\":\"y\",\"Type\":\"Object\"}]}",
    )
    .unwrap();
    let yaml = dir.join("t.yaml");
    std::fs::write(
        &yaml,
        "tables:\n  - name: Y_CL\n    columns:\n      - name: a\n        type: string\n",
    )
    .unwrap();
    let mut b = Catalog::builder();
    assert_eq!(b.load_custom_tables(&dir).unwrap(), 2);
    assert_eq!(b.load_tables_yaml(&yaml).unwrap(), 1);
    b.add_function(
        "MyParser",
        vec![Param::scalar(
            "since",
            ScalarType::TimeSpan,
            Some("1d".into()),
        )],
        "My_CL | project x",
    );
    let c = b.build();
    assert_eq!(c.table("SecurityEvent").unwrap().columns().len(), 1);
    assert_eq!(
        c.table("My_CL").unwrap().columns()[1].ty,
        ScalarType::Dynamic
    );
    assert!(c.table("Y_CL").is_some());
    assert!(
        c.table("SigninLogs").is_some(),
        "bundled tables stay visible"
    );
    assert_eq!(c.table_count(), 961);
    let f = c.function("MyParser").unwrap();
    assert_eq!((f.min_args(), f.max_args()), (0, 1));
    assert!(matches!(
        f.params[0].ty,
        ParamType::Scalar(ScalarType::TimeSpan)
    ));

    std::fs::write(dir.join("c.json"), "{\"Name\": 3}").unwrap();
    let err = Catalog::builder().load_custom_tables(&dir).unwrap_err();
    assert!(err.path.ends_with("c.json"), "{err}");
    assert!(err.to_string().contains("Name"), "{err}");
    let err = Catalog::builder()
        .load_tables_yaml(&dir.join("missing.yaml"))
        .unwrap_err();
    assert!(err.to_string().contains("missing.yaml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corpus_custom_tables_load() {
    let Some(dir) = common::shared(
        "corpus/azure-sentinel-2022-02/.script/tests/KqlvalidationsTests/CustomTables",
    ) else {
        return;
    };
    let mut b = Catalog::builder();
    let n = b.load_custom_tables(&dir).unwrap();
    assert!(n > 50, "{n}");
    let c = b.build();
    // `imProcessTerminate.json` declares its table under a misspelt `Name`: the name inside
    // the file wins over the file name.
    assert!(c.table("imProcessTermiante").is_some());
}

/// `SL_LOAD_N=50 cargo test --release --test catalog_bundled reload -- --ignored`: for
/// measuring the load cost with `perf stat` (CPU time, robust on a busy machine).
#[test]
#[ignore]
fn reload() {
    let n: usize = std::env::var("SL_LOAD_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    // Kept alive: a real run never drops the catalog, so dropping is not measured.
    let kept: Vec<Catalog> = (0..n).map(|_| Catalog::load_bundled_uncached()).collect();
    std::hint::black_box(&kept);
    std::mem::forget(kept);
}
