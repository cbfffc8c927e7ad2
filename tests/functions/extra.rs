//! Functions added from the documentation-conformance failures, each case from the
//! function's documentation page (its example's values and types).

use super::{Case, check, rows};

const SERIES: &[Case] = &[
    // series-abs-function.md
    (
        "series_abs(dynamic([-6.5,0,8.2]))",
        "dynamic",
        "[6.5,0,8.2]",
    ),
    // series-sign-function.md
    ("series_sign(dynamic([-6, 0, 8]))", "dynamic", "[-1,0,1]"),
    // series-add-function.md and its siblings: longs stay longs; divide is always real
    (
        "series_add(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[5,4,5]",
    ),
    (
        "series_subtract(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[-3,0,3]",
    ),
    (
        "series_multiply(dynamic([2,4,8]), dynamic([8,4,2]))",
        "dynamic",
        "[16,16,16]",
    ),
    (
        "series_divide(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[0.25,1.0,4.0]",
    ),
    // a scalar is broadcast; a missing or non-numeric element gives null
    ("series_add(dynamic([1,2]), 10)", "dynamic", "[11,12]"),
    (
        "series_add(dynamic([1,'a',3]), dynamic([1,1]))",
        "dynamic",
        "[2,null,null]",
    ),
    (
        "series_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,true,false]",
    ),
    (
        "series_not_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,false,true]",
    ),
    (
        "series_greater(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,false,true]",
    ),
    (
        "series_greater_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[false,true,true]",
    ),
    (
        "series_less(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,false,false]",
    ),
    (
        "series_less_equals(dynamic([1,2,4]), dynamic([4,2,1]))",
        "dynamic",
        "[true,true,false]",
    ),
    // series-fill-forward-function.md, series-fill-backward-function.md
    (
        "series_fill_forward(dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[null,null,36,41,41,41,16,61,33,33,33]",
    ),
    (
        "series_fill_backward(dynamic([111, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[111,36,36,41,16,16,16,61,33,null,null]",
    ),
    // series-fill-const-function.md
    (
        "series_fill_const(dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]), -1)",
        "dynamic",
        "[111,-1,36,41,23,-1,16,61,33,-1,-1]",
    ),
    // series-fill-linear-function.md
    (
        "series_fill_linear(dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null]))",
        "dynamic",
        "[111,111,73,36,41,32,24,16,61,33,33,33]",
    ),
    (
        "series_fill_linear(dynamic([null, 111.0, null, 36.0]), double(null), false)",
        "dynamic",
        "[null,111.0,73.5,36.0]",
    ),
    (
        "series_fill_linear(dynamic([null, null]), double(null), true, 3.14159)",
        "dynamic",
        "[3.14159,3.14159]",
    ),
    (
        "series_fill_linear(dynamic([null, null]))",
        "dynamic",
        "[0.0,0.0]",
    ),
    // series-pearson-correlation-function.md
    (
        "series_pearson_correlation(dynamic([1,2,3,4,5]), dynamic([2,4,6,8,10]))",
        "real",
        "1",
    ),
];

#[test]
fn series_elementwise_from_their_pages() {
    check(SERIES);
}

#[test]
fn series_add_over_rows() {
    // series-add-function.md's example
    let q = "range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 \
             | project s1 = pack_array(x,y,z), s2 = pack_array(z, y, x) \
             | project r = series_add(s1, s2)";
    assert_eq!(rows(q), ["[[5,4,5]]", "[[10,8,10]]", "[[15,12,15]]"]);
}

const TEXT: &[Case] = &[
    // strcmp-function.md
    ("strcmp('ABC', 'ABC')", "long", "0"),
    ("strcmp('abc', 'ABC')", "long", "1"),
    ("strcmp('ABC', 'abc')", "long", "-1"),
    ("strcmp('abcde', 'abc')", "long", "1"),
    // replace-strings-function.md
    (
        "replace_strings('A magic trick can turn a cat into a dog', dynamic(['cat', 'dog']), dynamic(['dog', 'pigeon']))",
        "string",
        r#""A magic trick can turn a dog into a pigeon""#,
    ),
    (
        "replace_strings('A magic trick can turn a cat into a dog', dynamic(['turn', ' into a dog']), dynamic(['disappear', '']))",
        "string",
        r#""A magic trick can disappear a cat""#,
    ),
    (
        "replace_strings('This is an example', dynamic(['This', 'is']), dynamic(['This', 'was']))",
        "string",
        r#""This was an example""#,
    ),
    (
        "replace_strings('This is an example', dynamic(['is', 'This']), dynamic(['was', 'This']))",
        "string",
        r#""Thwas was an example""#,
    ),
    (
        "replace_strings('This is an example', dynamic(['This', 'is']), dynamic([12345, 'was']))",
        "string",
        r#""This was an example""#,
    ),
    // format-bytes-function.md
    ("format_bytes(564)", "string", r#""564 Bytes""#),
    ("format_bytes(10332, 1)", "string", r#""10.1 KB""#),
    ("format_bytes(20010332)", "string", r#""19 MB""#),
    ("format_bytes(20010332, 2)", "string", r#""19.08 MB""#),
    ("format_bytes(20010332, 0, 'KB')", "string", r#""19541 KB""#),
    // unicode-codepoints-to-string-function.md / -from-string-
    (
        "unicode_codepoints_to_string(unicode_codepoints_from_string('Kusto'))",
        "string",
        r#""Kusto""#,
    ),
    (
        "unicode_codepoints_to_string(75, 117, dynamic([115, 116]), 111)",
        "string",
        r#""Kusto""#,
    ),
    // parse-version-function.md
    ("parse_version('0.0.0.5')", "decimal", "5"),
    ("parse_version('0.0.7.0')", "decimal", "700000000"),
    (
        "parse_version('0.2') < parse_version('1.0.0.0')",
        "bool",
        "true",
    ),
    (
        "parse_version('1.2.3.4') < parse_version('1.0.0.0')",
        "bool",
        "false",
    ),
    ("parse_version('1.x')", "decimal", "null"),
    // around-function.md
    (
        "around(datetime(2021-01-01 01:29), datetime(2021-01-01 01:30), 1min)",
        "bool",
        "true",
    ),
    (
        "around(datetime(2021-01-01 01:28), datetime(2021-01-01 01:30), 1min)",
        "bool",
        "false",
    ),
    ("around(1.5, 2, 0.5)", "bool", "true"),
    ("around(long(null), 2, 0.5)", "bool", "null"),
    // dynamic-to-json-function.md: keys sorted at every level
    (
        "dynamic_to_json(dynamic({'Y10':{}, 'X8':{'c3':1,'d8':5,'a4':6}, 'D1':114, 'A1':12, 'A14':[15, 13, 18]}))",
        "string",
        r#""{\"A1\":12,\"A14\":[15,13,18],\"D1\":114,\"X8\":{\"a4\":6,\"c3\":1,\"d8\":5},\"Y10\":{}}""#,
    ),
    // base64-encode-fromguid-function.md, base64-decode-toguid-function.md
    (
        "base64_encode_fromguid(toguid('ae3133f2-6e22-49ae-b06a-16e6a9b212eb'))",
        "string",
        r#""8jMxriJurkmwahbmqbIS6w==""#,
    ),
    (
        "base64_decode_toguid('8jMxriJurkmwahbmqbIS6w==')",
        "guid",
        r#""ae3133f2-6e22-49ae-b06a-16e6a9b212eb""#,
    ),
    ("base64_decode_toguid('AAAA')", "guid", "null"),
    // ipv4-range-to-cidr-list-function.md
    (
        "ipv4_range_to_cidr_list('1.1.128.0', '1.1.140.255')",
        "dynamic",
        r#"["1.1.128.0/21","1.1.136.0/22","1.1.140.0/24"]"#,
    ),
    (
        "ipv4_range_to_cidr_list('0.0.0.0', '255.255.255.255')",
        "dynamic",
        r#"["0.0.0.0/0"]"#,
    ),
    // bag-zip.md
    (
        "bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2', 3.4]))",
        "dynamic",
        r#"{"a":1,"b":"2","c":3.4}"#,
    ),
    (
        "bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2']))",
        "dynamic",
        r#"{"a":1,"b":"2","c":null}"#,
    ),
    (
        "bag_zip(dynamic(['a', 8, 'b']), dynamic([1, '2', 2.5]))",
        "dynamic",
        r#"{"a":1,"b":2.5}"#,
    ),
    (
        "bag_zip(dynamic(['a', 8, 'b']), dynamic(1))",
        "dynamic",
        r#"{"a":null,"b":null}"#,
    ),
    (
        "isnull(bag_zip(dynamic('a'), dynamic([1])))",
        "bool",
        "true",
    ),
];

#[test]
fn text_bag_guid_ip_functions_from_their_pages() {
    check(TEXT);
}

#[test]
fn bag_pack_columns_names_keys_after_the_columns() {
    // bag-pack-columns-function.md
    let q = r#"datatable(Id: string, Value: string, Other: long) ["A", "val_a", 1, "B", "val_b", 2]
             | project Packed = bag_pack_columns(Id, Value)"#;
    assert_eq!(
        rows(q),
        [
            r#"[{"Id":"A","Value":"val_a"}]"#,
            r#"[{"Id":"B","Value":"val_b"}]"#
        ]
    );
}

#[test]
fn around_filters_rows() {
    // around-function.md's example: three minutes around 01:30
    let q = "range dt from datetime(2021-01-01 01:00) to datetime(2021-01-01 02:00) step 1min \
             | where around(dt, datetime(2021-01-01 01:30), 1min) | count";
    assert_eq!(rows(q), ["[3]"]);
}

#[test]
fn extract_json_takes_a_first_key_without_its_dot() {
    // Corpus queries write `extractjson("$ClientDevice", EventDetails)`; Kusto accepts it.
    let q = r#"print r = extractjson("$ClientDevice", '{"ClientDevice":{"deviceId":"d1"}}'), s = extract_json("$a.b", '{"a":{"b":2}}')"#;
    assert_eq!(rows(q), [r#"["{\"deviceId\":\"d1\"}","2"]"#]);
}

const DATETIME_STRINGS: &[Case] = &[
    // reverse-function.md: a datetime becomes a string with all 7 fractional digits
    (
        "reverse(datetime(2017-10-15 12:00))",
        "string",
        r#""Z0000000.00:00:21T51-01-7102""#,
    ),
    (
        "tostring(datetime(2017-10-15 12:00))",
        "string",
        r#""2017-10-15T12:00:00.0000000Z""#,
    ),
    (
        "strcat('at ', datetime(2020-01-01 00:00:00.5))",
        "string",
        r#""at 2020-01-01T00:00:00.5000000Z""#,
    ),
    // hash-md5-function.md
    (
        "hash_md5(datetime(2020-01-01))",
        "string",
        r#""786c530672d1f8db31fee25ea8a9390b""#,
    ),
    // the datetime itself keeps its output form
    (
        "datetime(2020-01-01)",
        "datetime",
        r#""2020-01-01T00:00:00Z""#,
    ),
];

#[test]
fn datetimes_become_strings_with_seven_fractional_digits() {
    check(DATETIME_STRINGS);
}
