//! Data files: CSV, JSON Lines and YAML rows, typed by the catalog or inferred.

mod exec_common;

use std::path::PathBuf;

use exec_common::run_with;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::DataSet;

fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sl-exec-data-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    for (f, text) in files {
        std::fs::write(d.join(f), text).expect("write");
    }
    d
}

fn rows(q: &str, data: &DataSet) -> serde_json::Value {
    let t = run_with(q, data);
    let v: serde_json::Value =
        serde_json::from_str(&sentinel_lint::exec::output::to_json(&t)).expect("json");
    v["rows"].clone()
}

#[test]
fn csv_is_typed_by_the_catalog() {
    let d = dir(
        "csv",
        &[(
            "SecurityEvent.csv",
            "TimeGenerated,Computer,EventID,Account\n2024-01-01T10:00:00Z,HOST1,4625,\"admin, x\"\n2024-01-01T11:00:00Z,HOST2,4624,bob\n",
        )],
    );
    let mut data = DataSet::new();
    data.load_path(&d, Catalog::bundled()).expect("loads");
    assert_eq!(
        rows(
            "SecurityEvent | where EventID == 4625 | project TimeGenerated, Computer, Account, EventID",
            &data
        ),
        serde_json::json!([["2024-01-01T10:00:00Z", "HOST1", "admin, x", 4625]])
    );
    // A table read without data is empty, with its catalog schema.
    assert_eq!(rows("SigninLogs | count", &data), serde_json::json!([[0]]));
}

#[test]
fn a_value_of_the_wrong_type_names_file_line_and_column() {
    let d = dir(
        "bad",
        &[(
            "SecurityEvent.csv",
            "TimeGenerated,EventID\n2024-01-01T10:00:00Z,4625\nnot-a-date,1\n",
        )],
    );
    let mut data = DataSet::new();
    let e = data
        .load_path(&d, Catalog::bundled())
        .expect_err("bad datetime");
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("TimeGenerated"), "{}", e.message);
    let d = dir(
        "unknown",
        &[("SecurityEvent.jsonl", "{\"NoSuchColumn\": 1}\n")],
    );
    let e = DataSet::new()
        .load_path(&d, Catalog::bundled())
        .expect_err("unknown column");
    assert!(e.message.contains("NoSuchColumn"), "{}", e.message);
}

#[test]
fn jsonl_and_yaml_rows() {
    let d = dir(
        "jsonl",
        &[
            (
                "SecurityEvent.jsonl",
                "{\"TimeGenerated\":\"2024-01-01T10:00:00Z\",\"EventID\":4625,\"EventData\":\"<x/>\"}\n{\"EventID\":1}\n",
            ),
            (
                "MyTable.yaml",
                "- Name: a\n  Count: 2\n  When: 2024-01-01T00:00:00Z\n  Props: {k: v}\n- Name: b\n  Count: 3\n",
            ),
        ],
    );
    let mut data = DataSet::new();
    data.load_path(&d, Catalog::bundled()).expect("loads");
    assert_eq!(
        rows("SecurityEvent | project EventID, TimeGenerated", &data),
        serde_json::json!([[4625, "2024-01-01T10:00:00Z"], [1, null]])
    );
    // Inferred: long, datetime, dynamic, string.
    let t = run_with(
        "MyTable | getschema | project ColumnName, ColumnType",
        &data,
    );
    let v: serde_json::Value =
        serde_json::from_str(&sentinel_lint::exec::output::to_json(&t)).expect("json");
    assert_eq!(
        v["rows"],
        serde_json::json!([
            ["Name", "string"],
            ["Count", "long"],
            ["When", "datetime"],
            ["Props", "dynamic"]
        ])
    );
}

#[test]
fn csv_without_schema_is_inferred() {
    let d = dir("infer", &[("T.csv", "a,b,c,d\n1,1.5,true,x\n2,2,false,\n")]);
    let mut data = DataSet::new();
    data.load_path(&d, Catalog::bundled()).expect("loads");
    let t = run_with("T | getschema | project ColumnType", &data);
    let v: serde_json::Value =
        serde_json::from_str(&sentinel_lint::exec::output::to_json(&t)).expect("json");
    assert_eq!(
        v["rows"],
        serde_json::json!([["long"], ["real"], ["bool"], ["string"]])
    );
}

/// A fixture names a few of a catalog table's columns; the others are nulls of their catalog
/// type, whatever the format, and also when a large CSV is read in chunks.
#[test]
fn columns_the_file_does_not_name_are_typed_nulls() {
    let mut big = String::from("TimeGenerated,EventID\n");
    for i in 0..200_000 {
        big.push_str(&format!("2024-01-01T10:00:00Z,{}\n", 4600 + i % 50));
    }
    let d = dir(
        "absent",
        &[
            ("SecurityEvent.csv", big.as_str()),
            (
                "SigninLogs.jsonl",
                "{\"UserPrincipalName\": \"a@b\"}\n{\"ResultType\": \"50126\"}\n",
            ),
        ],
    );
    let mut data = DataSet::new();
    data.load_path(&d, Catalog::bundled()).expect("loads");
    assert_eq!(
        rows(
            "SecurityEvent | summarize n = count(), nulls = countif(isnull(ErrorCode) and isempty(Account) and isnull(_TimeReceived)), d = dcount(EventID), e = sum(EventID) - 200000 * 4600",
            &data
        ),
        serde_json::json!([[200_000, 200_000, 50, 4_900_000]])
    );
    assert_eq!(
        rows(
            "SigninLogs | project UserPrincipalName, ResultType, IsInteractive, CreatedDateTime",
            &data
        ),
        serde_json::json!([["a@b", "", null, null], ["", "50126", null, null]])
    );
}
