//! Tabular operators, from the examples of the KQL reference.

mod exec_common;

use exec_common::{check, error};
use serde_json::json;

#[test]
fn print_names_and_types() {
    check(
        "print x=1, y='a', 1.5, datetime(2024-01-01), 1h",
        "x:long, y:string, print_2:real, print_3:datetime, print_4:timespan",
        json!([[1, "a", 1.5, "2024-01-01T00:00:00Z", "01:00:00"]]),
    );
}

#[test]
fn datatable_where_extend_project() {
    check(
        r#"datatable(a:long, b:string)[1,"x",2,"yy",3,"Admin.1"]
           | where a > 1 | extend c = strlen(b), d = tolower(b) | project a, d, c"#,
        "a:long, d:string, c:long",
        json!([[2, "yy", 2], [3, "admin.1", 7]]),
    );
}

#[test]
fn externaldata_is_refused() {
    let e = error("externaldata(a:string)['https://example.com/x.csv']");
    assert!(e.contains("externaldata"), "{e}");
}
