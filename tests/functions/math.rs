//! Numeric and conditional functions, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // round-function.md
    ("round(2.98765, 3)", "real", "2.988"),
    ("round(2.15, 1)", "real", "2.2"),
    ("round(2.15)", "real", "2"),
    ("round(-50.55, -2)", "real", "-100"),
    ("round(21.5, -1)", "real", "20"),
    ("round(1234, -2)", "long", "1200"),
    // abs, ceiling, sign, sqrt, pow, log, exp
    ("abs(-5)", "long", "5"),
    ("abs(-1.5)", "real", "1.5"),
    ("abs(-1h)", "timespan", r#""01:00:00""#),
    ("ceiling(1.1)", "real", "2"),
    ("ceiling(-1.1)", "real", "-1"),
    ("sign(-42)", "real", "-1"),
    ("sign(0)", "real", "0"),
    ("sign(2.5)", "real", "1"),
    ("sqrt(256)", "real", "16"),
    ("pow(2, 10)", "real", "1024"),
    ("log10(100)", "real", "2"),
    ("log2(8)", "real", "3"),
    ("exp(0)", "real", "1"),
    ("exp2(3)", "real", "8"),
    ("exp10(2)", "real", "100"),
    ("isnan(sqrt(-1))", "bool", "true"),
    ("isinf(1.0/0.0)", "bool", "true"),
    ("isfinite(1.0)", "bool", "true"),
    // binary functions (binary-and-function.md …)
    ("binary_and(6, 3)", "long", "2"),
    ("binary_or(6, 3)", "long", "7"),
    ("binary_xor(6, 3)", "long", "5"),
    ("binary_not(100)", "long", "-101"),
    ("binary_shift_left(1, 4)", "long", "16"),
    ("binary_shift_right(16, 4)", "long", "1"),
    ("rand() >= 0.0 and rand() < 1.0", "bool", "true"),
    // max-of-function.md, min-of, coalesce-function.md
    ("max_of(10, 1, -3, 17)", "long", "17"),
    ("min_of(10, 1, -3, 17)", "long", "-3"),
    ("max_of(int(null), 2)", "long", "2"),
    ("max_of(int(null), int(null))", "int", "null"),
    ("max_of('a', 'c', 'b')", "string", r#""c""#),
    (
        r#"coalesce(tolong("not a number"), tolong("42"), 33)"#,
        "long",
        "42",
    ),
    (r#"coalesce("", "x")"#, "string", r#""x""#),
    // gettype-function.md
    (r#"gettype("a")"#, "string", r#""string""#),
    ("gettype(111)", "string", r#""long""#),
    ("gettype(1==1)", "string", r#""bool""#),
    ("gettype(now())", "string", r#""datetime""#),
    ("gettype(1s)", "string", r#""timespan""#),
    ("gettype(parse_json('1'))", "string", r#""int""#),
    (r#"gettype(parse_json(' "abc" '))"#, "string", r#""string""#),
    (
        r#"gettype(parse_json(' {"abc":1} '))"#,
        "string",
        r#""dictionary""#,
    ),
    ("gettype(parse_json(' [1, 2, 3] '))", "string", r#""array""#),
    ("gettype(123.45)", "string", r#""real""#),
    (
        "gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254))",
        "string",
        r#""guid""#,
    ),
    ("gettype(parse_json(''))", "string", r#""null""#),
];

#[test]
fn numeric_and_conditional_functions() {
    check(CASES);
}
