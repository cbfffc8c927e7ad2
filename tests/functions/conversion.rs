//! Conversions, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // tostring-function.md: null is the empty string
    ("tostring(123)", "string", r#""123""#),
    ("tostring(long(null))", "string", r#""""#),
    ("tostring(1.5)", "string", r#""1.5""#),
    ("tostring(true)", "string", r#""true""#),
    (
        "tostring(datetime(2015-12-31 23:59:59))",
        "string",
        r#""2015-12-31T23:59:59.0000000Z""#,
    ),
    ("tostring(1d)", "string", r#""1.00:00:00""#),
    ("tostring(dynamic({\"a\":1}))", "string", r#""{\"a\":1}""#),
    ("tostring(dynamic(\"s\"))", "string", r#""s""#),
    // toint-function.md
    (r#"toint("123") == 123"#, "bool", "true"),
    ("toint(2.3)", "int", "2"),
    (r#"toint("abc")"#, "int", "null"),
    (r#"toint(" 42 ")"#, "int", "42"),
    // tolong / toreal / todouble / todecimal
    (r#"tolong("123")"#, "long", "123"),
    ("tolong(2.9)", "long", "2"),
    ("tolong(true)", "long", "1"),
    (r#"tolong("")"#, "long", "null"),
    (r#"toreal("1.5")"#, "real", "1.5"),
    (r#"todouble("1e3")"#, "real", "1000"),
    ("toreal(7)", "real", "7"),
    (
        r#"todecimal("123.45678") == decimal(123.45678)"#,
        "bool",
        "true",
    ),
    // tobool-function.md
    (r#"tobool("true")"#, "bool", "true"),
    (r#"tobool("false")"#, "bool", "false"),
    ("tobool(1)", "bool", "true"),
    ("tobool(123)", "bool", "true"),
    ("tobool(0)", "bool", "false"),
    (r#"tobool("maybe")"#, "bool", "null"),
    // todatetime-function.md
    (
        r#"todatetime("2015-12-31 23:59:59.9") == datetime(2015-12-31 23:59:59.9)"#,
        "bool",
        "true",
    ),
    // scalar-data-types/datetime.md: RFC 822, RFC 850 and sortable forms
    (
        r#"todatetime("Sat, 8 Nov 14 15:05:02 GMT")"#,
        "datetime",
        r#""2014-11-08T15:05:02Z""#,
    ),
    (
        r#"todatetime("Saturday, 08-Nov-14 15:05 GMT")"#,
        "datetime",
        r#""2014-11-08T15:05:00Z""#,
    ),
    (
        r#"todatetime("2014-11-8 15:05:25")"#,
        "datetime",
        r#""2014-11-08T15:05:25Z""#,
    ),
    (
        "todatetime('12-02-2022') == datetime('12-02-2022')",
        "bool",
        "true",
    ),
    (r#"todatetime("not a date")"#, "datetime", "null"),
    // totimespan-function.md
    (r#"totimespan("0.00:01:00")"#, "timespan", r#""00:01:00""#),
    (r#"totimespan("1d")"#, "timespan", r#""1.00:00:00""#),
    (r#"totimespan("x")"#, "timespan", "null"),
    // toguid-function.md
    (
        r#"toguid("74be27de-1e4e-49d9-b579-fe0b331d3642")"#,
        "guid",
        r#""74be27de-1e4e-49d9-b579-fe0b331d3642""#,
    ),
    (r#"toguid("not a guid")"#, "guid", "null"),
    // parse-json-function.md
    (
        r#"parse_json('{"a":123, "b":"{\\"c\\":456}"}').a"#,
        "dynamic",
        "123",
    ),
    (
        r#"parse_json(tostring(parse_json('{"a":123, "b":"{\\"c\\":456}"}').b)).c"#,
        "dynamic",
        "456",
    ),
    (r#"parse_json('not json')"#, "dynamic", r#""not json""#),
    (r#"todynamic('[1,2]')"#, "dynamic", "[1,2]"),
    (r#"parsejson('{"x":true}')"#, "dynamic", r#"{"x":true}"#),
    // tohex-function.md
    ("tohex(256) == '100'", "bool", "true"),
    ("tohex(-256) == 'ffffffffffffff00'", "bool", "true"),
    ("tohex(toint(-256), 8) == 'ffffff00'", "bool", "true"),
    ("tohex(256, 8) == '00000100'", "bool", "true"),
    ("tohex(256, 2) == '100'", "bool", "true"),
];

#[test]
fn conversions() {
    check(CASES);
}
