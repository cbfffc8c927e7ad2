//! Functions that read the row: `column_ifexists`, `pack_all`, `ingestion_time`.

use super::rows;

#[test]
fn column_ifexists_takes_the_column_or_the_default() {
    // column-ifexists-function.md
    let q = r#"datatable(a:long, b:string)[1, "x"]
        | extend c = column_ifexists("a", 0), d = column_ifexists("zz", "none")"#;
    assert_eq!(rows(q), [r#"[1,"x",1,"none"]"#]);
}

#[test]
fn pack_all_packs_every_column() {
    // pack-all-function.md: with `true`, null and empty values are left out
    let q = r#"datatable(a:long, b:string)[1, "", 2, "y"] | project p = pack_all()"#;
    assert_eq!(rows(q), [r#"[{"a":1,"b":""}]"#, r#"[{"a":2,"b":"y"}]"#]);
    let q = r#"datatable(a:long, b:string)[1, "", 2, "y"] | project p = pack_all(true)"#;
    assert_eq!(rows(q), [r#"[{"a":1}]"#, r#"[{"a":2,"b":"y"}]"#]);
}

#[test]
fn ingestion_time_is_null_for_local_rows() {
    let q = "datatable(a:long)[1] | extend t = ingestion_time()";
    assert_eq!(rows(q), ["[1,null]"]);
}
