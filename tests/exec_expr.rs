//! Scalar operators: the string operators (`datatypes-string-operators.md`, `has-operator.md`),
//! `in`, `between`, null and three-valued logic (`null-values.md`), arithmetic with int/long
//! promotion and integer division, datetime/timespan arithmetic.

mod exec_common;

use exec_common::check;
use serde_json::json;

#[test]
fn has_is_term_matching() {
    check(
        r#"datatable(a:string)["admin.42","Administrator.7","svc_backup.3","North America"]
           | extend h = a has "admin", hc = a has_cs "Admin", c = a contains "admin", p = a hasprefix "amer", s = a hassuffix "ica""#,
        "a:string, h:bool, hc:bool, c:bool, p:bool, s:bool",
        json!([
            ["admin.42", true, false, true, false, false],
            ["Administrator.7", false, false, true, false, false],
            ["svc_backup.3", false, false, false, false, false],
            ["North America", false, false, false, true, true]
        ]),
    );
}

#[test]
fn string_equality_and_prefixes() {
    check(
        r#"print a = "Abc" == "abc", b = "Abc" =~ "abc", c = "Abc" != "abc", d = "Abc" !~ "abc",
                 e = "Abcd" startswith "ab", f = "Abcd" startswith_cs "ab", g = "Abcd" endswith "CD",
                 h = "Abcd" !contains "x", i = "Abcd" matches regex "^A.c", j = "abc" !has "abc""#,
        "a:bool, b:bool, c:bool, d:bool, e:bool, f:bool, g:bool, h:bool, i:bool, j:bool",
        json!([[
            false, true, true, false, true, false, true, true, true, false
        ]]),
    );
}

#[test]
fn in_and_has_any() {
    check(
        r#"datatable(a:string, n:long)["X",1,"y",2,"z",3]
           | extend i = a in ("x", "y"), ici = a in~ ("x", "y"), ni = n !in (1, 3), ha = a has_any ("z", "q"), ha2 = "a b c" has_all ("a", "c")"#,
        "a:string, n:long, i:bool, ici:bool, ni:bool, ha:bool, ha2:bool",
        json!([
            ["X", 1, false, true, false, false, true],
            ["y", 2, true, true, true, false, true],
            ["z", 3, false, false, false, true, true]
        ]),
    );
}

#[test]
fn nulls_in_comparisons_and_logic() {
    // null-values.md: comparisons with null are null; `or` with a true side is true.
    check(
        "datatable(val:int)[5, int(null)] | extend IsBiggerThan3 = val > 3, IsBiggerThan3OrNull = val > 3 or isnull(val), Add = val + 10",
        "val:int, IsBiggerThan3:bool, IsBiggerThan3OrNull:bool, Add:long",
        json!([[5, true, true, 15], [null, null, true, null]]),
    );
    check(
        "datatable(val:int)[5, int(null)] | where val > 3",
        "val:int",
        json!([[5]]),
    );
}

#[test]
fn arithmetic_types() {
    check(
        "print a = 7 / 2, b = 7 / 2.0, c = -7 / 2, d = 7 % 3, e = 1 / 0, f = int(2) * int(3), g = 1.0 / 0",
        "a:long, b:real, c:long, d:long, e:long, f:long, g:real",
        json!([[3, 3.5, -3, 1, null, 6, "Infinity"]]),
    );
}

#[test]
fn datetime_and_timespan_arithmetic() {
    check(
        "print a = datetime(2024-01-02) - datetime(2024-01-01), b = datetime(2024-01-01) + 90m, c = 1h / 30m, d = 2 * 1h, e = bin(datetime(2024-01-01 10:35), 1h), f = bin(17, 5), g = bin(4.7, 1.0)",
        "a:timespan, b:datetime, c:real, d:timespan, e:datetime, f:long, g:real",
        json!([[
            "1.00:00:00",
            "2024-01-01T01:30:00Z",
            2,
            "02:00:00",
            "2024-01-01T10:00:00Z",
            15,
            4
        ]]),
    );
}

#[test]
fn between_and_dynamic_access() {
    check(
        r#"print a = 5 between (1 .. 5), b = 6 !between (1 .. 5), d = dynamic({"x":{"y":[1,2]}}) | extend e = d.x.y[1], f = d["x"]["y"][-1]"#,
        "a:bool, b:bool, d:dynamic, e:dynamic, f:dynamic",
        json!([[true, true, {"x": {"y": [1, 2]}}, 2, 2]]),
    );
}

#[test]
fn now_and_ago_use_the_pinned_time() {
    check(
        "print n = now(), a = ago(1d)",
        "n:datetime, a:datetime",
        json!([["2024-01-01T00:00:00Z", "2023-12-31T00:00:00Z"]]),
    );
}
