//! String functions, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // strlen-function.md, tolower/toupper
    ("strlen('hello')", "long", "5"),
    ("strlen('⒦⒰⒮⒯⒪')", "long", "5"),
    ("tolower('Hello')", "string", r#""hello""#),
    ("toupper('Hello')", "string", r#""HELLO""#),
    // substring-function.md
    (r#"substring("123456", 1)"#, "string", r#""23456""#),
    (r#"substring("123456", 2, 2)"#, "string", r#""34""#),
    (r#"substring("ABCD", 0, 2)"#, "string", r#""AB""#),
    (r#"substring("123456", -2, 2)"#, "string", r#""56""#),
    (r#"substring("123456", 10)"#, "string", r#""""#),
    // strcat-function.md, strcat-delim-function.md
    (
        "strcat('hello', ' ', 'world')",
        "string",
        r#""hello world""#,
    ),
    ("strcat('a', 1, true, long(null))", "string", r#""a1true""#),
    ("strcat_delim('-', 'a', 'b', 'c')", "string", r#""a-b-c""#),
    // strcat-array-function.md
    (
        r#"strcat_array(dynamic([1, 2, 3]), "->")"#,
        "string",
        r#""1->2->3""#,
    ),
    (
        r#"strcat_array(dynamic([1, 2, 3]), '"')"#,
        "string",
        r#""1\"2\"3""#,
    ),
    // split-function.md
    (r#"split("aa_bb", "_")"#, "dynamic", r#"["aa","bb"]"#),
    (r#"split("aaa_bbb_ccc", "_", 1)"#, "dynamic", r#"["bbb"]"#),
    (r#"split("", "_")"#, "dynamic", r#"[""]"#),
    (r#"split("a__b", "_")"#, "dynamic", r#"["a","","b"]"#),
    (r#"split("aabbcc", "bb")"#, "dynamic", r#"["aa","cc"]"#),
    (r#"split("a_b", "_", 5)"#, "dynamic", "[]"),
    // replace-string-function.md
    (
        r#"replace_string("A magic trick", "magic", "cool")"#,
        "string",
        r#""A cool trick""#,
    ),
    // indexof-function.md (its idx1..idx9)
    (r#"indexof("abcdefg","cde")"#, "long", "2"),
    (r#"indexof("abcdefg","cde",1,4)"#, "long", "2"),
    (r#"indexof("abcdefg","cde",1,2)"#, "long", "-1"),
    (r#"indexof("abcdefg","cde",3,4)"#, "long", "-1"),
    (r#"indexof("abcdefg","cde",-5)"#, "long", "2"),
    ("indexof(1234567,5,1,4)", "long", "4"),
    (r#"indexof("abcdefg","cde",2,-1)"#, "long", "2"),
    (r#"indexof("abcdefgabcdefg", "cde", 1, 10, 2)"#, "long", "9"),
    (
        r#"indexof("abcdefgabcdefg", "cde", 1, -1, 3)"#,
        "long",
        "-1",
    ),
    (r#"indexof("abc", "b", 0, -2)"#, "long", "null"),
    // countof-function.md
    (r#"countof("aaa", "a")"#, "long", "3"),
    (r#"countof("aaaa", "aa")"#, "long", "3"),
    (r#"countof("ababa", "ab", "normal")"#, "long", "2"),
    (r#"countof("ababa", "aba")"#, "long", "2"),
    (r#"countof("ababa", "aba", "regex")"#, "long", "1"),
    (r#"countof("abcabc", "a.c", "regex")"#, "long", "2"),
    // reverse-function.md, strrep-function.md, string-size-function.md
    ("reverse('ABCD')", "string", r#""DCBA""#),
    ("strrep('ABC', 2)", "string", r#""ABCABC""#),
    ("strrep('ABC', 3, ',')", "string", r#""ABC,ABC,ABC""#),
    ("string_size('⒦⒰⒮⒯⒪')", "long", "15"),
    ("string_size('hello')", "long", "5"),
    // translatefunction.md
    (r#"translate("abc", "x", "abc")"#, "string", r#""xxx""#),
    (r#"translate("abc", "", "ab")"#, "string", r#""""#),
    (
        r#"translate("krasp", "otsku", "spark")"#,
        "string",
        r#""kusto""#,
    ),
    ("isascii('abc')", "bool", "true"),
    ("isascii('abç')", "bool", "false"),
    // has-any-index-function.md
    (
        r#"has_any_index("this is an example", dynamic(['this', 'example']))"#,
        "long",
        "0",
    ),
    (
        r#"has_any_index("this is an example", dynamic(['not', 'example']))"#,
        "long",
        "1",
    ),
    (
        r#"has_any_index("this is an example", dynamic(['not', 'found']))"#,
        "long",
        "-1",
    ),
    (
        r#"has_any_index("Example number 2", range(1, 3, 1))"#,
        "long",
        "1",
    ),
    (
        r#"has_any_index("this is an example", dynamic([]))"#,
        "long",
        "-1",
    ),
    // make-string-function.md
    (
        "make_string(75, 117, 115, 116, 111)",
        "string",
        r#""Kusto""#,
    ),
    (
        "make_string(dynamic([75, 117, 115]), 116, 111)",
        "string",
        r#""Kusto""#,
    ),
    // parse-command-line-function.md
    (
        r#"parse_command_line("echo \"hello world!\"", "windows")"#,
        "dynamic",
        r#"["echo","hello world!"]"#,
    ),
    // parse-csv-function.md
    (
        r#"parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"')"#,
        "dynamic",
        r#"["aa","b,b,b","cc","Escaping quotes: \"Title\"","line1\nline2"]"#,
    ),
    (
        r#"parse_csv('record1,a,b,c\nrecord2,x,y,z')"#,
        "dynamic",
        r#"["record1","a","b","c"]"#,
    ),
];

#[test]
fn string_functions() {
    check(CASES);
}

#[test]
fn a_string_column_with_repeated_values_gives_each_row_its_result() {
    // The row functions run once per distinct string; every row must still get its own.
    let q = r#"datatable(s:string)["a-1", "b-22", "a-1", "c", "b-22"]
        | project x = extract("-(\\d+)", 1, s), n = indexof(s, "-"), p = split(s, "-")"#;
    assert_eq!(
        super::rows(q),
        [
            r#"["1",1,["a","1"]]"#,
            r#"["22",1,["b","22"]]"#,
            r#"["1",1,["a","1"]]"#,
            r#"["",-1,["c"]]"#,
            r#"["22",1,["b","22"]]"#,
        ]
    );
}
