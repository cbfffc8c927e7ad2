//! Regression tests of engine bugs found by running the corpus and the documentation examples
//! (each test failed before its fix).

mod exec_common;

use exec_common::check;
use sentinel_lint::catalog::Catalog;
use sentinel_lint::exec::{self, DataSet};
use serde_json::json;

/// A string function over a non-string column of an empty table read row 0 of it (a panic in 19
/// corpus queries: `summarize make_set(x) … | extend y = toupper(set_x)` over no rows).
#[test]
fn string_function_over_an_empty_non_string_column() {
    check(
        "datatable(a:dynamic)[] | extend b = toupper(a), c = tolower(a)",
        "a:dynamic, b:string, c:string",
        json!([]),
    );
    check(
        "datatable(a:long)[] | summarize s = make_set(a) | extend u = toupper(s)",
        "s:dynamic, u:string",
        json!([[[], "[]"]]),
    );
}

/// Comparing an array or a bag with a string recursed until the stack overflowed (corpus:
/// `where Classification != "[]"` over a dynamic column).
#[test]
fn dynamic_array_or_bag_compared_with_a_string() {
    check(
        r#"datatable(d:dynamic)[dynamic({"a":1}), dynamic([]), dynamic([1])]
           | where d != "[]" | extend e = d == '{"a":1}'"#,
        "d:dynamic, e:bool",
        json!([[{"a": 1}, true], [[1], false]]),
    );
}

/// `externaldata` is never read: an empty table with its declared columns and a warning at the
/// operator, so the rest of the query runs (46 corpus queries failed on it).
#[test]
fn externaldata_is_an_empty_table_with_a_warning() {
    let query = "let W = externaldata(Ip:string, Score:long)['https://example.com/w.csv'] with (format='csv');\n\
                 datatable(Ip:string)['10.0.0.1'] | join kind=leftanti W on Ip | extend n = 1";
    let result = exec::run(
        query,
        Catalog::bundled(),
        &DataSet::new(),
        &exec_common::options(),
    )
    .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(result.table.rows, 1);
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    let w = &result.warnings[0];
    assert!(w.message.contains("not read"), "{}", w.message);
    let at = w.span.start as usize;
    assert_eq!(&query[at..at + 12], "externaldata");
    check(
        "externaldata(a:string, b:long)[h@'https://example.com/x.csv'] | extend c = b + 1",
        "a:string, b:long, c:long",
        json!([]),
    );
}

/// `query run` prints the warning on stderr with the line and column, and the result on stdout.
#[test]
fn query_run_prints_the_externaldata_warning() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("exec_fixes_externaldata");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let file = dir.join("q.kql");
    std::fs::write(
        &file,
        "print x = 1\n| join kind=leftouter (externaldata(x:long)['https://e.com/a']) on x",
    )
    .expect("write the query");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sentinel-lint"))
        .args(["query", "run", "--format", "json"])
        .arg(&file)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("q.kql:2:24: `externaldata` was not read"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["rows"], json!([[1, null]]));
}

/// A tabular function's scalar argument computed by a function (`f(tolower('x'))`) was bound as a
/// one-row column and met the body's table of three rows (an index out of bounds).
#[test]
fn tabular_function_argument_from_a_function_is_a_scalar() {
    check(
        r#"let F = (name:string) { datatable(a:string)["x", "yz", "X"] | extend n = name | where a =~ name };
           F(tolower('X'))"#,
        "a:string, n:string",
        json!([["x", "x"], ["X", "x"]]),
    );
}

/// `bag_unpack` per `bag-unpack-plugin.md`: slots as columns in name order, typed by their
/// values; options by name; a declared output schema keeps only its columns.
#[test]
fn bag_unpack_orders_types_and_takes_named_options() {
    check(
        r#"datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Height": 170, "Age":40})]
           | evaluate bag_unpack(d)"#,
        "Age:long, Height:long, Name:string",
        json!([[20, null, "John"], [40, 170, "Dave"]]),
    );
    check(
        r#"datatable(Name:string, d:dynamic)['Old', dynamic({"Name": "John", "Age":20})]
           | evaluate bag_unpack(d, columnsConflict='keep_source')"#,
        "Age:long, Name:string",
        json!([[20, "Old"]]),
    );
    check(
        r#"datatable(d:dynamic)[dynamic({"Name": "John", "Age":20, "Address": "A-1"})]
           | evaluate bag_unpack(d, ignoredProperties=dynamic(['Address', 'Age']))"#,
        "Name:string",
        json!([["John"]]),
    );
}

/// A parser of the catalog reading a column its table's catalog schema lacks runs, the column
/// empty, with a warning placed at the call (corpus: ASIM parsers over `SecurityEvent`'s
/// `EventOriginId`, `DnsEvents`'s `Name`, …).
#[test]
fn catalog_parser_reading_a_column_the_schema_lacks() {
    let mut b = Catalog::builder();
    b.add_function(
        "MyParser",
        Vec::new(),
        "SecurityEvent | project-away NoSuchColumn | extend Uid = NoSuchColumn2 | project Computer, Uid",
    );
    let catalog = b.build();
    let query = "print 1 | join kind=leftouter (MyParser | extend print_0 = 1) on print_0";
    let result = exec::run(query, &catalog, &DataSet::new(), &exec_common::options())
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(result.table.rows, 1);
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    assert!(
        result.warnings[0]
            .message
            .contains("in the function `MyParser`: `NoSuchColumn2` is not a column"),
        "{}",
        result.warnings[0].message
    );
    assert_eq!(result.warnings[0].span.start, 31);
}

/// A column that depends on the data (`bag_unpack` without an output schema) and that these rows
/// did not produce reads as empty, with a warning, rather than stopping the run.
#[test]
fn data_dependent_column_absent_from_the_rows() {
    let query = "datatable(d:dynamic)[dynamic({'a':1})] | evaluate bag_unpack(d) | extend k = tostring(['@Name'])";
    let result = exec::run(
        query,
        Catalog::bundled(),
        &DataSet::new(),
        &exec_common::options(),
    )
    .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(result.table.rows, 1);
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    assert!(result.warnings[0].message.contains("`@Name`"));
}

/// `arg_max`/`arg_min` over a group whose expression is null in every row give that group's
/// row, not an empty one (`arg-max-aggregation-function.md`, `arg-min-aggregation-function.md`).
#[test]
fn arg_max_and_arg_min_of_an_all_null_group() {
    let data = r#"datatable(Fruit: string, Color: string, Version: int) [
        "Apple", "Red", 1, "Apple", "Green", int(null),
        "Banana", "Yellow", int(null), "Banana", "Green", int(null),
        "Pear", "Brown", 1, "Pear", "Green", 2]"#;
    check(
        &format!("{data} | summarize arg_max(Version, *) by Fruit"),
        "Fruit:string, Version:int, Color:string",
        json!([
            ["Apple", 1, "Red"],
            ["Banana", null, "Yellow"],
            ["Pear", 2, "Green"]
        ]),
    );
    check(
        &format!("{data} | summarize arg_min(Version, *) by Fruit"),
        "Fruit:string, Version:int, Color:string",
        json!([
            ["Apple", 1, "Red"],
            ["Banana", null, "Yellow"],
            ["Pear", 1, "Brown"]
        ]),
    );
}

/// Integer modulo is never negative (`numerical-operators.md`).
#[test]
fn integer_modulo_is_never_negative() {
    check(
        "print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12",
        "plusPlus:long, minusPlus:long, plusMinus:long, minusMinus:long",
        json!([[2, 10, 2, 10]]),
    );
}

/// `mv-apply` keeps the input row's other columns in front of the subquery's
/// (`mv-apply-operator.md`); it returned the subquery's columns only.
#[test]
fn mv_apply_keeps_the_input_columns() {
    check(
        r#"datatable (index: int, Arr: dynamic) [0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])]
           | mv-apply Arr2=Arr to typeof(long) on (top 2 by Arr2 | summarize Top2=make_list(Arr2))"#,
        "index:int, Arr:dynamic, Top2:dynamic",
        json!([[0, [5, 1, 3], [5, 3]], [1, [4, 10, 8, 7], [10, 8]]]),
    );
    check(
        r#"datatable (Val: int, Arr1: dynamic) [1, dynamic(['A1', 'A2'])]
           | mv-apply Arr1 on (extend Out = strcat(Arr1, "_") | summarize Out = make_list(Out))"#,
        "Val:int, Out:dynamic",
        json!([[1, ["A1_", "A2_"]]]),
    );
}

/// Aggregate columns are named as Kusto (and the analysis) names them also inside a `let`
/// function's body (`set_X` for `make_set(X)`, not `make_set_X`), and a bare `count` in
/// `summarize` is `count()`.
#[test]
fn aggregate_names_inside_a_function_and_bare_count() {
    check(
        r#"let F = (v:string) { datatable(A:string, B:string)['x','y'] | summarize make_set(A), make_list(A) by B | project s = set_A[0], l = list_A[0] };
           F('a')"#,
        "s:dynamic, l:dynamic",
        json!([["x", "x"]]),
    );
    check(
        "datatable(A:string)['x','x'] | summarize count by A | extend c = count",
        "A:string, count:long, c:long",
        json!([["x", 2, 2]]),
    );
}

/// `mv-apply` over no rows gives no rows, even when the subquery makes one out of nothing
/// (`summarize` without `by`); the shape came with a row of mismatched columns (a panic).
#[test]
fn mv_apply_over_no_rows() {
    check(
        r#"datatable (k: string, Arr: dynamic) []
           | mv-apply Arr on (summarize n = count(), a = avg(toint(Arr)))
           | where a > 0"#,
        "k:string, n:long, a:real",
        json!([]),
    );
}

/// `parse kind=regex`: `*` and string columns are greedy unless `flags=U`
/// (`parse-operator.md`).
#[test]
fn parse_regex_is_greedy_unless_flag_u() {
    check(
        r#"print s="a=1, b=2, c=3" | parse kind=regex s with * "a=" x "," *"#,
        "s:string, x:string",
        json!([["a=1, b=2, c=3", "1, b=2"]]),
    );
    check(
        r#"print s="a=1, b=2, c=3" | parse kind=regex flags=U s with * "a=" x "," *"#,
        "s:string, x:string",
        json!([["a=1, b=2, c=3", "1"]]),
    );
}

/// `count(y)` counts rows, nulls of y included (`summarize-operator.md`).
#[test]
fn count_of_an_expression_counts_null_rows_too() {
    check(
        "range x from 1 to 2 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize count(y)",
        "count_y:long",
        json!([[2]]),
    );
}

/// A `date` column of `parse` reads `MM/dd/yyyy HH:mm:ss` (`parse-operator.md`,
/// `parse-where-operator.md`); it was null, and `parse-where` dropped the row.
#[test]
fn parse_reads_month_day_year_dates() {
    check(
        r#"print s="lockTime=02/17/2016 08:40:01)" | parse-where s with "lockTime=" t: date ")" | project t"#,
        "t:datetime",
        json!([["2016-02-17T08:40:01Z"]]),
    );
}

/// `join … on a and b` is `on a, b` for Kusto (the oracle gives both the same schema); the
/// engine refused it as "neither a column nor `$left.a == $right.b`" (corpus:
/// PermutationsOnLogonNames.yaml, `join Last4charList on CharSet and TimeGenerated`).
#[test]
fn join_on_columns_joined_with_and() {
    let query = |on: &str| {
        format!(
            r#"let A = datatable(a:string, b:long, x:long)["k", 1, 10, "k", 2, 20, "j", 1, 30];
               let B = datatable(a:string, b:long, y:long)["k", 1, 100, "j", 2, 200];
               A | join kind=inner B on {on} | project a, b, x, y"#
        )
    };
    for on in [
        "a and b",
        "a, b",
        "$left.a == $right.a and b",
        "a and $left.b == $right.b",
    ] {
        check(
            &query(on),
            "a:string, b:long, x:long, y:long",
            json!([["k", 1, 10, 100]]),
        );
    }
}
