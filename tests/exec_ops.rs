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
fn summarize_count_by_and_all_rows() {
    check(
        r#"datatable(a:string, b:long)["x",1,"y",2,"x",3] | summarize count(), s=sum(b) by a"#,
        "a:string, count_:long, s:long",
        json!([["x", 2, 4], ["y", 1, 2]]),
    );
    // Without `by`, one row even over no rows (summarize-operator.md).
    check(
        "datatable(b:long)[] | summarize count(), sum(b)",
        "count_:long, sum_b:long",
        json!([[0, null]]),
    );
    check(
        "datatable(b:long)[] | summarize count() by b",
        "b:long, count_:long",
        json!([]),
    );
}

#[test]
fn summarize_bin_and_expression_over_aggregates() {
    check(
        r#"datatable(t:datetime, v:long)[datetime(2024-01-01 00:10), 1, datetime(2024-01-01 00:50), 2, datetime(2024-01-01 01:10), 5]
           | summarize total = sum(v), ratio = sum(v) * 1.0 / count() by bin(t, 1h)"#,
        "t:datetime, total:long, ratio:real",
        json!([
            ["2024-01-01T00:00:00Z", 3, 1.5],
            ["2024-01-01T01:00:00Z", 5, 5]
        ]),
    );
}

#[test]
fn summarize_arg_max_star() {
    check(
        r#"datatable(k:string, v:long, n:string)["a",1,"p","a",5,"q","b",2,"r"]
           | summarize arg_max(v, *) by k"#,
        "k:string, v:long, n:string",
        json!([["a", 5, "q"], ["b", 2, "r"]]),
    );
}

#[test]
fn join_kinds() {
    let l = r#"datatable(k:string, a:long)["x",1,"x",2,"y",3]"#;
    let r = r#"(datatable(k:string, b:long)["x",10,"z",20])"#;
    // innerunique keeps one left row per key (join-operator.md).
    check(
        &format!("{l} | join {r} on k"),
        "k:string, a:long, k1:string, b:long",
        json!([["x", 1, "x", 10]]),
    );
    check(
        &format!("{l} | join kind=inner {r} on k"),
        "k:string, a:long, k1:string, b:long",
        json!([["x", 1, "x", 10], ["x", 2, "x", 10]]),
    );
    check(
        &format!("{l} | join kind=leftouter {r} on k"),
        "k:string, a:long, k1:string, b:long",
        json!([["x", 1, "x", 10], ["x", 2, "x", 10], ["y", 3, "", null]]),
    );
    check(
        &format!("{l} | join kind=fullouter {r} on k"),
        "k:string, a:long, k1:string, b:long",
        json!([
            ["x", 1, "x", 10],
            ["x", 2, "x", 10],
            ["y", 3, "", null],
            ["", null, "z", 20]
        ]),
    );
    check(
        &format!("{l} | join kind=leftanti {r} on k"),
        "k:string, a:long",
        json!([["y", 3]]),
    );
    check(
        &format!("{l} | join kind=rightsemi {r} on k"),
        "k:string, b:long",
        json!([["x", 10]]),
    );
    check(
        &format!("{l} | join kind=inner {r} on $left.k == $right.k"),
        "k:string, a:long, k1:string, b:long",
        json!([["x", 1, "x", 10], ["x", 2, "x", 10]]),
    );
}

#[test]
fn lookup_does_not_repeat_keys() {
    check(
        r#"datatable(k:string, a:long)["x",1,"y",3] | lookup (datatable(k:string, b:long)["x",10]) on k"#,
        "k:string, a:long, b:long",
        json!([["x", 1, 10], ["y", 3, null]]),
    );
}

#[test]
fn union_outer_and_withsource() {
    check(
        "union withsource=T (print x=1), (print x=2, y='a')",
        "T:string, x:long, y:string",
        json!([["union_arg0", 1, ""], ["union_arg1", 2, "a"]]),
    );
}

#[test]
fn mv_expand_arrays_and_bags() {
    check(
        "print a=dynamic([1,2]), b=dynamic(['x']) | mv-expand a, b",
        "a:dynamic, b:dynamic",
        json!([[1, "x"], [2, null]]),
    );
    check(
        "print d=dynamic({'p':1,'q':2}) | mv-expand d",
        "d:dynamic",
        json!([[{"p": 1}], [{"q": 2}]]),
    );
    check(
        "print d=dynamic([10, 20]) | mv-expand with_itemindex=i d to typeof(long)",
        "d:long, i:long",
        json!([[10, 0], [20, 1]]),
    );
    // An empty array gives no row (mv-expand-operator.md).
    check("print d=dynamic([]) | mv-expand d", "d:dynamic", json!([]));
}

#[test]
fn parse_simple_regex_and_where() {
    check(
        r#"print s="Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)"
           | parse s with * "resourceName=" resourceName ", totalSlices=" totalSlices:long * "sliceNumber=" sliceNumber:long * "lockTime=" lockTime ", releaseTime=" releaseTime:string "," *
           | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime"#,
        "resourceName:string, totalSlices:long, sliceNumber:long, lockTime:string, releaseTime:string",
        json!([[
            "PipelineScheduler",
            27,
            23,
            "02/17/2016 08:40:01",
            "02/17/2016 08:40:01"
        ]]),
    );
    check(
        r#"datatable(s:string)["a=1", "b"] | parse-where s with "a=" v:long"#,
        "s:string, v:long",
        json!([["a=1", 1]]),
    );
    check(
        r#"print s="id:42" | parse kind=regex s with "id:" n:long"#,
        "s:string, n:long",
        json!([["id:42", 42]]),
    );
}

#[test]
fn sort_top_take_distinct_count() {
    check(
        "datatable(x:long)[3, long(null), 1, 2] | sort by x",
        "x:long",
        json!([[3], [2], [1], [null]]),
    );
    check(
        "datatable(x:long)[3, long(null), 1, 2] | order by x asc",
        "x:long",
        json!([[null], [1], [2], [3]]),
    );
    check(
        "range x from 1 to 10 step 1 | top 3 by x",
        "x:long",
        json!([[10], [9], [8]]),
    );
    check(
        "range x from 1 to 10 step 1 | take 2 | count",
        "Count:long",
        json!([[2]]),
    );
    check(
        r#"datatable(a:string, b:long)["x",1,"x",1,"y",2] | distinct a, b"#,
        "a:string, b:long",
        json!([["x", 1], ["y", 2]]),
    );
}

#[test]
fn project_forms() {
    let t = "print a=1, b=2, c=3";
    check(
        &format!("{t} | project-away b"),
        "a:long, c:long",
        json!([[1, 3]]),
    );
    check(
        &format!("{t} | project-keep c, a"),
        "a:long, c:long",
        json!([[1, 3]]),
    );
    check(
        &format!("{t} | project-rename z = b"),
        "a:long, z:long, c:long",
        json!([[1, 2, 3]]),
    );
    check(
        &format!("{t} | project-reorder c, a"),
        "c:long, a:long, b:long",
        json!([[3, 1, 2]]),
    );
    check(
        &format!("{t} | project x = a + b, c"),
        "x:long, c:long",
        json!([[3, 3]]),
    );
}

#[test]
fn range_and_make_series() {
    check(
        "range d from datetime(2024-01-01) to datetime(2024-01-03) step 1d",
        "d:datetime",
        json!([
            ["2024-01-01T00:00:00Z"],
            ["2024-01-02T00:00:00Z"],
            ["2024-01-03T00:00:00Z"]
        ]),
    );
    check(
        r#"datatable(t:datetime, v:long, k:string)[datetime(2024-01-01), 1, "a", datetime(2024-01-03), 5, "a", datetime(2024-01-01), 2, "b"]
           | make-series total=sum(v) default=0 on t from datetime(2024-01-01) to datetime(2024-01-04) step 1d by k"#,
        "k:string, total:dynamic, t:dynamic",
        json!([
            [
                "a",
                [1, 0, 5],
                [
                    "2024-01-01T00:00:00.0000000Z",
                    "2024-01-02T00:00:00.0000000Z",
                    "2024-01-03T00:00:00.0000000Z"
                ]
            ],
            [
                "b",
                [2, 0, 0],
                [
                    "2024-01-01T00:00:00.0000000Z",
                    "2024-01-02T00:00:00.0000000Z",
                    "2024-01-03T00:00:00.0000000Z"
                ]
            ]
        ]),
    );
}

#[test]
fn window_functions_over_serialized_rows() {
    check(
        "range x from 1 to 4 step 1 | serialize | extend rn = row_number(), p = prev(x), n = next(x, 1, 0), cs = row_cumsum(x)",
        "x:long, rn:long, p:long, n:long, cs:long",
        json!([
            [1, 1, null, 2, 1],
            [2, 2, 1, 3, 3],
            [3, 3, 2, 4, 6],
            [4, 4, 3, 0, 10]
        ]),
    );
}

#[test]
fn let_scalars_tables_functions() {
    check(
        "let n = 2; let T = range x from 1 to 5 step 1; let f = (v:long) { v * n }; T | where x > n | extend y = f(x)",
        "x:long, y:long",
        json!([[3, 6], [4, 8], [5, 10]]),
    );
    check(
        "let m = toscalar(range x from 1 to 5 step 1 | summarize max(x)); print m",
        "print_0:long",
        json!([[5]]),
    );
    check(
        "let T = materialize(range x from 1 to 3 step 1); T | union T | count",
        "Count:long",
        json!([[6]]),
    );
    check(
        "let f = (T:(x:long)) { T | where x > 1 }; range x from 1 to 3 step 1 | invoke f()",
        "x:long",
        json!([[2], [3]]),
    );
}

#[test]
fn top_nested_levels() {
    check(
        r#"datatable(s:string, c:string, v:long)["a","x",1,"a","y",5,"b","x",2,"c","z",1]
           | top-nested 2 of s by sum(v), top-nested 1 of c by sum(v)"#,
        "s:string, aggregated_s:long, c:string, aggregated_c:long",
        json!([["a", 6, "y", 5], ["b", 2, "x", 2]]),
    );
}

#[test]
fn evaluate_bag_unpack_and_pivot() {
    check(
        r#"datatable(d:dynamic)[dynamic({"a":1,"b":"x"}), dynamic({"a":2})] | evaluate bag_unpack(d)"#,
        // Each slot takes its values' type when they share one (`bag-unpack-plugin.md`).
        "a:long, b:string",
        json!([[1, "x"], [2, ""]]),
    );
    let t = json_rows(
        r#"datatable(k:string, c:string)["r1","x","r1","y","r2","x"] | evaluate pivot(c, count(), k)"#,
    );
    assert_eq!(t, json!([["r1", 1, 1], ["r2", 1, 0]]));
}

// The examples of `ipv4-lookup-plugin.md`.
#[test]
fn evaluate_ipv4_lookup() {
    let tables = r#"let IP_Data = datatable(network:string, continent_code:string ,continent_name:string, country_iso_code:string, country_name:string)
        [
          "111.68.128.0/17","AS","Asia","JP","Japan",
          "5.8.0.0/19","EU","Europe","RU","Russia",
          "223.255.254.0/24","AS","Asia","SG","Singapore",
          "46.36.200.51/32","OC","Oceania","CK","Cook Islands",
          "2.20.183.0/24","EU","Europe","GB","United Kingdom",
        ];
        let IPs = datatable(ip:string) ['2.20.183.12', '5.8.1.2', '192.165.12.17'];
        IPs"#;
    let columns = "ip:string, network:string, continent_code:string, continent_name:string, country_iso_code:string, country_name:string";
    check(
        &format!("{tables} | evaluate ipv4_lookup(IP_Data, ip, network)"),
        columns,
        json!([
            [
                "2.20.183.12",
                "2.20.183.0/24",
                "EU",
                "Europe",
                "GB",
                "United Kingdom"
            ],
            ["5.8.1.2", "5.8.0.0/19", "EU", "Europe", "RU", "Russia"]
        ]),
    );
    check(
        &format!("{tables} | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)"),
        columns,
        json!([
            [
                "2.20.183.12",
                "2.20.183.0/24",
                "EU",
                "Europe",
                "GB",
                "United Kingdom"
            ],
            ["5.8.1.2", "5.8.0.0/19", "EU", "Europe", "RU", "Russia"],
            ["192.165.12.17", "", "", "", "", ""]
        ]),
    );
    // Positional `return_unmatched = false`, as the corpus writes it, and a name both tables
    // have, which the lookup side gets suffixed as `join` does.
    check(
        r#"let Nets = datatable(net:string, n:long)["10.1.0.0/16",7,"10.0.0.0/8",8];
           datatable(ip:string, n:long)["10.1.2.3",1,"10.9.0.1",2,"",3]
           | evaluate ipv4_lookup(Nets, ip, net, false)"#,
        "ip:string, n:long, net:string, n1:long",
        json!([
            ["10.1.2.3", 1, "10.1.0.0/16", 7],
            ["10.1.2.3", 1, "10.0.0.0/8", 8],
            ["10.9.0.1", 2, "10.0.0.0/8", 8]
        ]),
    );
}

// The examples of `row-rank-dense-function.md` and `row-rank-min-function.md`.
#[test]
fn row_rank_dense_and_min() {
    let t = r#"datatable (Airport:string, Airline:string, Departures:long)
        ["SEA", "LH", 3, "SEA", "LY", 100, "SEA", "UA", 3, "SEA", "BA", 2, "SEA", "EL", 3]
        | sort by Departures asc, Airline asc"#;
    check(
        &format!("{t} | extend Rank=row_rank_dense(Departures)"),
        "Airport:string, Airline:string, Departures:long, Rank:long",
        json!([
            ["SEA", "BA", 2, 1],
            ["SEA", "EL", 3, 2],
            ["SEA", "LH", 3, 2],
            ["SEA", "UA", 3, 2],
            ["SEA", "LY", 100, 3]
        ]),
    );
    check(
        &format!("{t} | extend Rank=row_rank_min(Departures)"),
        "Airport:string, Airline:string, Departures:long, Rank:long",
        json!([
            ["SEA", "BA", 2, 1],
            ["SEA", "EL", 3, 2],
            ["SEA", "LH", 3, 2],
            ["SEA", "UA", 3, 2],
            ["SEA", "LY", 100, 5]
        ]),
    );
    // `restart` starts the ranking again (per partition, as the pages' second examples do).
    check(
        r#"datatable(p:string, v:long)["a",1,"a",1,"a",2,"b",5,"b",6]
           | sort by p asc, v asc
           | extend d = row_rank_dense(v, prev(p) != p), m = row_rank_min(v, prev(p) != p)"#,
        "p:string, v:long, d:long, m:long",
        json!([
            ["a", 1, 1, 1],
            ["a", 1, 1, 1],
            ["a", 2, 2, 3],
            ["b", 5, 1, 1],
            ["b", 6, 2, 2]
        ]),
    );
    // The deprecated `row_rank(column [, dense])`, whose replacement is `row_rank_dense`
    // (the function catalog): dense unless `dense` is false.
    check(
        r#"datatable(v:long)[1,1,2] | serialize | extend d = row_rank(v), m = row_rank(v, false)"#,
        "v:long, d:long, m:long",
        json!([[1, 1, 1], [1, 1, 1], [2, 2, 3]]),
    );
}

fn json_rows(q: &str) -> serde_json::Value {
    let catalog = sentinel_lint::catalog::Catalog::bundled();
    let t = sentinel_lint::exec::run(
        q,
        catalog,
        &sentinel_lint::exec::DataSet::new(),
        &exec_common::options(),
    )
    .expect("runs")
    .table;
    let v: serde_json::Value =
        serde_json::from_str(&sentinel_lint::exec::output::to_json(&t)).expect("json");
    v["rows"].clone()
}

#[test]
fn getschema_and_as() {
    check(
        "print a=1, b='x' | as T | getschema",
        "ColumnName:string, ColumnOrdinal:long, DataType:string, ColumnType:string",
        json!([
            ["a", 0, "System.Int64", "long"],
            ["b", 1, "System.String", "string"]
        ]),
    );
}

#[test]
fn sample_distinct_and_count_operator() {
    check(
        r#"datatable(a:string)["x","x","y"] | sample-distinct 5 of a"#,
        "a:string",
        json!([["x"], ["y"]]),
    );
}

#[test]
fn cluster_and_database_are_refused() {
    let e = error("cluster('help').database('Samples').StormEvents | take 1");
    assert!(e.contains("outside"), "{e}");
}

#[test]
fn mv_apply_runs_the_subquery_per_row() {
    check(
        "datatable(id:long, xs:dynamic)[1, dynamic([1,5,3]), 2, dynamic([7])] | mv-apply x = xs to typeof(long) on (summarize m = max(x))",
        "id:long, xs:dynamic, m:long",
        json!([[1, [1, 5, 3], 5], [2, [7], 7]]),
    );
}

#[test]
fn innerunique_doc_example() {
    // join-innerunique.md: the left side keeps the first row of each key.
    check(
        "let X = datatable(Key:string, Value1:long)['a',1,'b',2,'b',3,'c',4]; let Y = datatable(Key:string, Value2:long)['b',10,'c',20,'c',30,'d',40]; X | join Y on Key",
        "Key:string, Value1:long, Key1:string, Value2:long",
        json!([["b", 2, "b", 10], ["c", 4, "c", 20], ["c", 4, "c", 30]]),
    );
}

#[test]
fn limits_name_the_operator() {
    let catalog = sentinel_lint::catalog::Catalog::bundled();
    let mut options = exec_common::options();
    options.limits.max_rows = 100;
    let e = sentinel_lint::exec::run(
        "range x from 1 to 50 step 1 | extend k = 1 | join kind=inner (range y from 1 to 50 step 1 | extend k = 1) on k",
        catalog,
        &sentinel_lint::exec::DataSet::new(),
        &options,
    )
    .expect_err("too many rows");
    assert!(
        e.message.contains("`join`") && e.message.contains("--max-rows"),
        "{}",
        e.message
    );
}

#[test]
fn join_where_matches_pairs_by_predicate() {
    // `join … where` (join-operator.md): a predicate over both sides instead of key equality.
    check(
        r#"let L = datatable(Url:string, n:long)["https://a.example/x",1,"https://b.example/y",2];
           let R = datatable(Domain:string)["a.example","c.example"];
           L | join kind=inner (R) where Url has Domain | project Url, Domain, n"#,
        "Url:string, Domain:string, n:long",
        json!([["https://a.example/x", "a.example", 1]]),
    );
    check(
        r#"let L = datatable(Url:string)["https://a.example/x","https://b.example/y"];
           let R = datatable(Domain:string)["a.example"];
           L | join kind=leftanti (R) where Url has Domain"#,
        "Url:string",
        json!([["https://b.example/y"]]),
    );
}

#[test]
fn distinct_with_an_assignment() {
    check(
        r#"datatable(A:string, B:string)["x","Ab","x","aB","y","c"] | distinct A, B = tolower(B)"#,
        "A:string, B:string",
        json!([["x", "ab"], ["y", "c"]]),
    );
}

#[test]
fn timespan_literals_in_clock_form() {
    // scalar-data-types/timespan.md: `time(d.hh:mm:ss.fffffff)` and `time(hh:mm)`.
    check(
        "print a = time(29.09:00:05.12345), b = timespan(00:30), c = time(-1.00:00:00), d = time(2)",
        "a:timespan, b:timespan, c:timespan, d:timespan",
        json!([[
            "29.09:00:05.1234500",
            "00:30:00",
            "-1.00:00:00",
            "2.00:00:00"
        ]]),
    );
}

const BASKET_DATA: &str = r#"datatable(State:string, EventType:string, Damage:string)[
    "TX", "Hail", "NO", "TX", "Hail", "NO", "TX", "Hail", "NO", "TX", "Hail", "NO",
    "TX", "Wind", "NO", "TX", "Wind", "NO",
    "OK", "Hail", "YES", "OK", "Hail", "YES",
    "OK", "Hail", "NO",
    "KS", "Wind", "YES"]"#;

/// `basket`: the frequent patterns (here at least 3 of 10 rows) that no larger pattern with the
/// same count covers: `State == "TX"` alone (6 rows) is left out, since `TX, NO` matches the
/// same 6; `NO` alone (7) stays. Worked out by hand from `basket-plugin.md`.
#[test]
fn basket_returns_closed_frequent_patterns() {
    check(
        &format!("{BASKET_DATA} | evaluate basket(0.3)"),
        "SegmentId:long, Count:long, Percent:real, State:string, EventType:string, Damage:string",
        json!([
            [0, 7, 70, "", "Hail", ""],
            [1, 7, 70, "", "", "NO"],
            [2, 6, 60, "TX", "", "NO"],
            [3, 5, 50, "", "Hail", "NO"],
            [4, 4, 40, "TX", "Hail", "NO"],
            [5, 3, 30, "OK", "Hail", ""],
            [6, 3, 30, "", "Wind", ""],
            [7, 3, 30, "", "", "YES"]
        ]),
    );
    // MaxDimensions 1 and a custom string wildcard.
    check(
        &format!("{BASKET_DATA} | evaluate basket(0.6, '~', 1, '*')"),
        "SegmentId:long, Count:long, Percent:real, State:string, EventType:string, Damage:string",
        json!([
            [0, 7, 70, "*", "Hail", "*"],
            [1, 7, 70, "*", "*", "NO"],
            [2, 6, 60, "TX", "*", "*"]
        ]),
    );
}

/// With a weight column a row counts as its weight; the weight column itself is a wildcard.
#[test]
fn basket_weighs_rows() {
    check(
        r#"datatable(App:string, Result:string, n:long)["a", "ok", 8, "a", "fail", 1, "b", "fail", 1]
           | evaluate basket(0.5, n)"#,
        "SegmentId:long, Count:long, Percent:real, App:string, Result:string, n:long",
        // `a` weighs 9 of 10, `a, ok` 8; `ok` alone is covered by `a, ok`, `fail` weighs 2.
        json!([[0, 9, 90, "a", "", null], [1, 8, 80, "a", "ok", null]]),
    );
    check(
        "datatable(a:string)[] | evaluate basket()",
        "SegmentId:long, Count:long, Percent:real, a:string",
        json!([]),
    );
}

/// `scan`, worked through the page's matching logic (`scan-operator.md`, "Events between Start
/// and Stop" and "Sessions tagging"): check 1 moves a sequence on to the next step, check 2
/// keeps it on its step, only a first step with no sequence going starts a new match id, and
/// `output=none` steps advance the state without output rows.
#[test]
fn scan_follows_the_documented_matching_logic() {
    check(
        r#"datatable (Ts: timespan, Event: string) [0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"]
           | sort by Ts asc
           | scan with_match_id=m_id with (
               step s1: Event == "Start";
               step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
               step s3: Event == "Stop" and Ts - s1.Ts <= 5m;
           )"#,
        "Ts:timespan, Event:string, m_id:long",
        json!([
            ["00:01:00", "Start", 0],
            ["00:02:00", "B", 0],
            ["00:03:00", "D", 0],
            ["00:04:00", "Stop", 0],
            ["00:08:00", "Start", 1],
            ["00:11:00", "E", 1],
            ["00:12:00", "Stop", 1]
        ]),
    );
    check(
        r#"datatable (Ts: timespan, Event: string) [0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A"]
           | sort by Ts asc
           | scan with_match_id=session_id declare (sessionStart: timespan) with (
               step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
               step endSession output=none: Ts - inSession.sessionStart > 30m;
           )"#,
        "Ts:timespan, Event:string, sessionStart:timespan, session_id:long",
        json!([
            ["00:00:00", "A", "00:00:00", 0],
            ["00:01:00", "A", "00:00:00", 0],
            ["00:02:00", "B", "00:00:00", 0],
            ["00:03:00", "D", "00:00:00", 0],
            ["00:32:00", "B", "00:32:00", 1],
            ["00:36:00", "C", "00:32:00", 1],
            ["00:38:00", "D", "00:32:00", 1],
            ["00:41:00", "E", "00:32:00", 1],
            ["01:15:00", "A", "01:15:00", 2]
        ]),
    );
}

/// Declared columns start at their default in every step's state; `output=last` emits only
/// the latest row of a run of matches; a step may assign only declared columns.
#[test]
fn scan_defaults_output_last_and_errors() {
    check(
        "range x from 1 to 5 step 1 | scan declare (s:long=0) with (step s1: true => s = x + s1.s;)",
        "x:long, s:long",
        json!([[1, 1], [2, 3], [3, 6], [4, 10], [5, 15]]),
    );
    // Each partition has its own state; partitions come in order of first appearance.
    check(
        "range x from 1 to 6 step 1 | scan partition by x % 2 declare (s:long=0) with (step a: true => s = x + a.s;)",
        "x:long, s:long",
        json!([[1, 1], [3, 4], [5, 9], [2, 2], [4, 6], [6, 12]]),
    );
    check(
        "range x from 1 to 6 step 1 | scan declare (n:long=0) with (step a output=last: x <= 3 => n = a.n + 1; step b: x == 5;)",
        "x:long, n:long",
        json!([[3, 3], [5, 0]]),
    );
    let message = error("range x from 1 to 2 step 1 | scan with (step a: true => x = 1;)");
    assert!(message.contains("is not declared"), "{message}");
    let message = error(
        "range x from 1 to 2 step 1 | scan declare (y:long) with (step a: true => y = a.nope;)",
    );
    assert!(
        message.contains("step `a` has no column `nope`"),
        "{message}"
    );
}
