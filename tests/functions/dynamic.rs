//! Dynamic values: bags, arrays, sets, JSON paths and XML, from their pages in the KQL
//! reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // pack-function.md (bag_pack)
    (
        r#"bag_pack("Level", "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))"#,
        "dynamic",
        r#"{"Level":"Information","ProcessID":1234,"Data":{"url":"www.bing.com"}}"#,
    ),
    (
        "pack('a', 1, 'b', long(null))",
        "dynamic",
        r#"{"a":1,"b":null}"#,
    ),
    ("pack_array(1, 'two', 3.5)", "dynamic", r#"[1,"two",3.5]"#),
    // bag functions
    (
        r#"bag_keys(dynamic({"a":1,"b":{"c":2}}))"#,
        "dynamic",
        r#"["a","b"]"#,
    ),
    ("bag_keys(dynamic([1]))", "dynamic", "null"),
    (
        r#"bag_merge(dynamic({'A1':12, 'B1':2, 'C1':3}), dynamic({'A2':81, 'B2':82, 'A1':1}))"#,
        "dynamic",
        r#"{"A1":12,"B1":2,"C1":3,"A2":81,"B2":82}"#,
    ),
    (
        r#"bag_remove_keys(dynamic({'key1': 123, 'key2': 'value', 'key3': {'prop1': 1, 'prop2': 2}}), dynamic(['key2', '$.key3.prop1']))"#,
        "dynamic",
        r#"{"key1":123,"key3":{"prop2":2}}"#,
    ),
    (
        r#"bag_has_key(dynamic({'a':{'b':1}}), '$.a.b')"#,
        "bool",
        "true",
    ),
    (r#"bag_has_key(dynamic({'a':1}), 'b')"#, "bool", "false"),
    (
        r#"bag_set_key(dynamic({'a':1}), '$.b.c', 2)"#,
        "dynamic",
        r#"{"a":1,"b":{"c":2}}"#,
    ),
    (
        r#"treepath(dynamic({"a":{"b":1},"c":[1,2]}))"#,
        "dynamic",
        r#"["$.a","$.a.b","$.c","$.c[0]"]"#,
    ),
    // extract-json-function.md, jsonpath.md
    (
        r#"extract_json("$.name", '{"name": "John", "age": 30, "city": "New York"}', typeof(string))"#,
        "string",
        r#""John""#,
    ),
    (
        r#"extractjson("$.age", '{"name": "John", "age": 30}', typeof(long))"#,
        "long",
        "30",
    ),
    (
        r#"extractjson("$.a[1]", '{"a": [1, {"b": 2}]}')"#,
        "string",
        r#""{\"b\":2}""#,
    ),
    (
        r#"extractjson("$['a b']", '{"a b": "x"}')"#,
        "string",
        r#""x""#,
    ),
    (r#"extractjson("$.missing", '{"a": 1}')"#, "string", r#""""#),
    // a path outside the supported subset, as real content writes it, selects nothing
    (
        r#"extractjson("$ClientDevice", '{"a": 1}')"#,
        "string",
        r#""""#,
    ),
    // array-length-function.md
    (r#"array_length(dynamic([1, 2, 3, "four"]))"#, "long", "4"),
    ("array_length(dynamic({'a':1}))", "long", "null"),
    ("arraylength(dynamic([]))", "long", "0"),
    // array-slice-function.md
    ("array_slice(dynamic([1,2,3]), 1, 2)", "dynamic", "[2,3]"),
    (
        "array_slice(dynamic([1,2,3,4,5]), 2, -1)",
        "dynamic",
        "[3,4,5]",
    ),
    (
        "array_slice(dynamic([1,2,3,4,5]), -3, -2)",
        "dynamic",
        "[3,4]",
    ),
    ("array_slice(dynamic([1,2,3]), 5, 9)", "dynamic", "[]"),
    // array-concat, array-index-of, sort, sum, iff, reverse, rotate, shift, split
    (
        "array_concat(dynamic([1,2]), dynamic(['a']))",
        "dynamic",
        r#"[1,2,"a"]"#,
    ),
    (
        r#"array_index_of(dynamic(["this", "is", "an", "example"]), "example")"#,
        "long",
        "3",
    ),
    (
        r#"array_index_of(dynamic(["this", "is"]), "nope")"#,
        "long",
        "-1",
    ),
    ("array_index_of(dynamic([1, 2, 3, 1]), 1, 1)", "long", "3"),
    (
        "array_sort_asc(dynamic([3, 1, long(null), 2]))",
        "dynamic",
        "[1,2,3,null]",
    ),
    (
        "array_sort_desc(dynamic(['b', 'c', 'a']))",
        "dynamic",
        r#"["c","b","a"]"#,
    ),
    (
        "array_sort_asc(dynamic([2, long(null), 1]), false)",
        "dynamic",
        "[null,1,2]",
    ),
    ("array_sum(dynamic([2, 5, 3]))", "real", "10"),
    (
        "array_iff(dynamic([true, false, true]), dynamic([1, 2, 3]), dynamic([4, 5, 6]))",
        "dynamic",
        "[1,5,3]",
    ),
    (
        "array_iff(dynamic([true, false]), 1, 0)",
        "dynamic",
        "[1,0]",
    ),
    ("array_reverse(dynamic([1, 2, 3]))", "dynamic", "[3,2,1]"),
    (
        "array_rotate_left(dynamic([1,2,3,4,5]), 2)",
        "dynamic",
        "[3,4,5,1,2]",
    ),
    (
        "array_rotate_right(dynamic([1,2,3,4,5]), 2)",
        "dynamic",
        "[4,5,1,2,3]",
    ),
    (
        "array_shift_left(dynamic([1,2,3,4,5]), 2)",
        "dynamic",
        "[3,4,5,null,null]",
    ),
    (
        "array_shift_right(dynamic([1,2,3,4,5]), 2, -1)",
        "dynamic",
        "[-1,-1,1,2,3]",
    ),
    (
        "array_split(dynamic([1,2,3,4,5]), dynamic([1,3]))",
        "dynamic",
        "[[1],[2,3],[4,5]]",
    ),
    (
        "array_split(dynamic([1,2,3,4,5]), 2)",
        "dynamic",
        "[[1,2],[3,4,5]]",
    ),
    ("range(1, 8, 3)", "dynamic", "[1,4,7]"),
    ("repeat('a', 3)", "dynamic", r#"["a","a","a"]"#),
    (
        "zip(dynamic([1,3,5]), dynamic([2,4]))",
        "dynamic",
        "[[1,2],[3,4],[5,null]]",
    ),
    // set-union-function.md and the other set functions
    (
        "set_union(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([8]))",
        "dynamic",
        "[1,2,4,8]",
    ),
    (
        r#"set_union(dynamic(['A4', 'A2', 'A7', 'A2']), dynamic(['A4', 'A2', 'A7', 'A2']))"#,
        "dynamic",
        r#"["A4","A2","A7"]"#,
    ),
    (
        "set_intersect(dynamic([1, 2, 3]), dynamic([1, 2]), dynamic([1, 8]))",
        "dynamic",
        "[1]",
    ),
    (
        "set_difference(dynamic([1, 2, 3]), dynamic([1, 2]))",
        "dynamic",
        "[3]",
    ),
    (
        "set_has_element(dynamic(['this', 'is']), 'is')",
        "bool",
        "true",
    ),
    ("set_has_element(dynamic([1, 2]), 3)", "bool", "false"),
    (
        "jaccard_index(dynamic([1, 2, 3]), dynamic([1, 2, 4]))",
        "dynamic",
        "0.5",
    ),
    // parse-xml-function.md
    (
        r#"parse_xml('<?xml version="1.0" encoding="UTF-8"?><duration><value>118.0</value><min>100.0</min></duration>')"#,
        "dynamic",
        r#"{"duration":{"value":"118.0","min":"100.0"}}"#,
    ),
    (
        r#"parse_xml('<e name="value">text</e>')"#,
        "dynamic",
        r##"{"e":{"@name":"value","#text":"text"}}"##,
    ),
    (r#"parse_xml('<e>')"#, "dynamic", "null"),
];

#[test]
fn dynamic_functions() {
    check(CASES);
}
