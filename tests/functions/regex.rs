//! Regular-expression functions, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // extract-function.md
    (
        r#"extract(@"-(\d{2})-", 1, "15-12-2024", typeof(int))"#,
        "int",
        "12",
    ),
    (
        r#"extract(@"-(\d{2})-", 1, "21-07-2023", typeof(int))"#,
        "int",
        "7",
    ),
    (
        r#"extract("User: ([^,]+)", 1, "User: JohnDoe, Email: johndoe@example.com, Age: 29")"#,
        "string",
        r#""JohnDoe""#,
    ),
    (r#"extract("x(\\d+)", 1, "abc")"#, "string", r#""""#),
    (
        r#"extract("x(\\d+)", 1, "abc", typeof(long))"#,
        "long",
        "null",
    ),
    (
        r#"extract("(\\d+)", 0, "ab 12 cd", typeof(real))"#,
        "real",
        "12",
    ),
    // RE2 reads a brace that opens no repetition as a literal (corpus: `Invoke-WinEnum{|…`)
    (r#"extract(@"Enum{|(\d+)", 1, "x 42")"#, "string", r#""42""#),
    // extract-all-function.md
    (
        r#"extract_all(@"(\d+)", "a set of numbers: 123, 567 and 789")"#,
        "dynamic",
        r#"["123","567","789"]"#,
    ),
    (
        r#"extract_all(@"(\w)(\w+)(\w)", "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")"#,
        "dynamic",
        r#"[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]"#,
    ),
    (
        r#"extract_all(@"(\w)(\w+)(\w)", dynamic([1,3]), "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")"#,
        "dynamic",
        r#"[["8","d"],["d","7"],["4","1"],["8","3"],["2","9"]]"#,
    ),
    (
        r#"extract_all(@"(?P<first>\w)(?P<middle>\w+)(?P<last>\w)", dynamic(['first',2,'last']), "82b8be2d-dfa7")"#,
        "dynamic",
        r#"[["8","2b8be2","d"],["d","fa","7"]]"#,
    ),
    (r#"extract_all(@"(\d+)", "none here")"#, "dynamic", "null"),
    // replace-regex-function.md
    (
        r#"replace_regex("Number is 1.000000", @'is (\d+)', @'was: \1')"#,
        "string",
        r#""Number was: 1.000000""#,
    ),
    (
        r#"replace(@'is (\d+)', @'was: \1', "Number is 2")"#,
        "string",
        r#""Number was: 2""#,
    ),
    (
        r#"replace_regex("a$b", @'\$', "$$")"#,
        "string",
        r#""a$$b""#,
    ),
    // trim-function.md
    (
        r#"trim("--", "--https://bing.com--")"#,
        "string",
        r#""https://bing.com""#,
    ),
    (
        r#"trim(@"[^\w]+", "-  Te st1// $")"#,
        "string",
        r#""Te st1""#,
    ),
    (
        r#"trim(@"\s+", "    Hello, world!    ")"#,
        "string",
        r#""Hello, world!""#,
    ),
    (
        r#"trim_start(@"[^\w]+", "-  Te st1// $")"#,
        "string",
        r#""Te st1// $""#,
    ),
    (
        r#"trim_end(@"[^\w]+", "-  Te st1// $")"#,
        "string",
        r#""-  Te st1""#,
    ),
    // indexof-regex-function.md
    (r#"indexof_regex("abcabc", @"a.c")"#, "long", "0"),
    (
        r#"indexof_regex("abcabcdefg", @"a.c", 0, 9, 2)"#,
        "long",
        "3",
    ),
    (r#"indexof_regex("abcabc", @"a.c", 1, -1, 2)"#, "long", "-1"),
    (r#"indexof_regex("ababaa", @"a.a", 0, -1, 2)"#, "long", "-1"),
    (r#"indexof_regex("abcabc", @"a|ab", -1)"#, "long", "null"),
];

#[test]
fn regex_functions() {
    check(CASES);
}

#[test]
fn an_invalid_pattern_is_an_error() {
    super::check_error(r#"extract("(", 1, "abc")"#, "regular expression");
}
