//! Aggregation functions in `summarize`, from their reference pages; nulls are skipped.

mod exec_common;

use exec_common::check;
use serde_json::json;

const T: &str =
    r#"datatable(k:string, v:long, s:string)["a",1,"x","a",long(null),"y","a",3,"x","b",5,"z"]"#;

#[test]
fn counts() {
    check(
        &format!(
            "{T} | summarize count(), countif(v > 1), dcount(s), dcountif(s, v > 1), count(v) by k"
        ),
        "k:string, count_:long, countif_:long, dcount_s:long, dcountif_s:long, count_v:long",
        // `count(v)` counts rows, nulls included (`summarize-operator.md`).
        json!([["a", 3, 1, 2, 1, 3], ["b", 1, 1, 1, 1, 1]]),
    );
}

#[test]
fn sums_and_means() {
    check(
        &format!("{T} | summarize sum(v), sumif(v, s == 'x'), avg(v) by k"),
        "k:string, sum_v:long, sumif_v:long, avg_v:real",
        json!([["a", 4, 4, 2], ["b", 5, null, 5]]),
    );
}

#[test]
fn extremes_and_picks() {
    check(
        &format!(
            "{T} | summarize min(v), max(v), minif(v, v > 1), maxif(v, v < 3), arg_min(v, s), take_any(s) by k"
        ),
        "k:string, min_v:long, max_v:long, minif_v:long, maxif_v:long, v:long, s:string, s1:string",
        json!([
            ["a", 1, 3, 3, 1, 1, "x", "x"],
            ["b", 5, 5, 5, null, 5, "z", "z"]
        ]),
    );
}

#[test]
fn collections() {
    check(
        &format!(
            "{T} | summarize make_list(v), make_set(s), make_list_if(s, v > 1), make_set_if(v, s == 'x'), make_bag(pack_all()) by k | project k, list_v, set_s, list_s, set_v"
        ),
        "k:string, list_v:dynamic, set_s:dynamic, list_s:dynamic, set_v:dynamic",
        json!([
            ["a", [1, 3], ["x", "y"], ["x"], [1, 3]],
            ["b", [5], ["z"], ["z"], []]
        ]),
    );
}

#[test]
fn spread_and_percentiles() {
    check(
        "range x from 1 to 4 step 1 | summarize stdev(x), variance(x), stdevp(x), variancep(x), percentile(x, 50), percentiles_array(x, 25, 75)",
        "stdev_x:real, variance_x:real, stdevp_x:real, variancep_x:real, percentile_x_50:long, Column1:dynamic",
        json!([[
            1.29099444873581,
            1.66666666666667,
            1.11803398874989,
            1.25,
            2,
            [1, 3]
        ]]),
    );
}

#[test]
fn hll_is_exact() {
    check(
        "range x from 1 to 10 step 1 | extend y = x % 3 | summarize h = hll(y) | extend d = dcount_hll(h) | project d",
        "d:long",
        json!([[3]]),
    );
}

#[test]
fn binary_folds_and_buildschema() {
    check(
        "datatable(x:long)[12, 10, 6] | summarize binary_all_or(x), binary_all_and(x), binary_all_xor(x)",
        "x:long, x1:long, x2:long",
        json!([[14, 0, 0]]),
    );
    check(
        r#"datatable(d:dynamic)[dynamic({"x":1, "y":{"w":"a"}}), dynamic({"x":"s"})] | summarize buildschema(d)"#,
        "schema_d:dynamic",
        json!([[{"x": ["int", "string"], "y": {"w": "string"}}]]),
    );
}

// The example of `percentilesw-aggregation-function.md`: each value counts as many times as
// its weight, nearest rank. The columns are named `percentile_…`, as the page's output table
// and Kusto.Language name them.
#[test]
fn weighted_percentiles() {
    let t = "datatable (ReqCount:long, LatencyBucket:long) [8, 10, 6, 20, 3, 30, 1, 40]";
    check(
        &format!("{t} | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9)"),
        "percentile_LatencyBucket_50:long, percentile_LatencyBucket_75:long, percentile_LatencyBucket_99_9:long",
        json!([[20, 20, 40]]),
    );
    check(
        &format!(
            "{t} | summarize a = percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))"
        ),
        "a:dynamic",
        json!([[[20, 20, 40]]]),
    );
    check(
        &format!("{t} | summarize p = percentilew(LatencyBucket, ReqCount, 50)"),
        "p:long",
        json!([[20]]),
    );
}
