//! Hashes, base64, URLs and paths, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // hash-function.md
    (r#"hash("World")"#, "long", "1846988464401551951"),
    (r#"hash("World", 100)"#, "long", "51"),
    (
        r#"hash(datetime("2015-01-01"))"#,
        "long",
        "1380966698541616202",
    ),
    // hash-sha256-function.md, hash-md5-function.md, hash-sha1-function.md
    (
        r#"hash_sha256("World")"#,
        "string",
        r#""78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524""#,
    ),
    (
        r#"hash_md5("World")"#,
        "string",
        r#""f5a7924e621e84c9280a9a27e1bcb7f6""#,
    ),
    (
        r#"hash_sha1("World")"#,
        "string",
        r#""70c07ec18ef89c5309bbb0937f3a6342411e1fdd""#,
    ),
    // base64-*-function.md
    (
        r#"base64_encode_tostring("Kusto")"#,
        "string",
        r#""S3VzdG8=""#,
    ),
    (
        r#"base64_decode_tostring("S3VzdG8=")"#,
        "string",
        r#""Kusto""#,
    ),
    (
        r#"base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")"#,
        "string",
        r#""""#,
    ),
    (
        r#"base64_decode_toarray("S3VzdG8=")"#,
        "dynamic",
        "[75,117,115,116,111]",
    ),
    (
        r#"base64_encode_fromarray(dynamic([75,117,115,116,111]))"#,
        "string",
        r#""S3VzdG8=""#,
    ),
    (r#"base64_decodestring("S3VzdG8=")"#, "string", r#""Kusto""#),
    // url-encode-function.md, url-decode-function.md
    (
        r#"url_encode(@'https://www.bing.com/hello world')"#,
        "string",
        r#""https%3a%2f%2fwww.bing.com%2fhello+world""#,
    ),
    (
        r#"url_decode(@'https%3a%2f%2fwww.bing.com%2f')"#,
        "string",
        r#""https://www.bing.com/""#,
    ),
    // parse-url-function.md
    (
        r#"parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")"#,
        "dynamic",
        r#"{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path","Username":"username","Password":"password","Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}"#,
    ),
    (
        r#"parse_url("https://bing.com").Host"#,
        "dynamic",
        r#""bing.com""#,
    ),
    // parseurlqueryfunction.md
    (
        r#"parse_urlquery("k1=v1&k2=v2&k3=v3")"#,
        "dynamic",
        r#"{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}"#,
    ),
    // parse-path-function.md (its five rows)
    (
        r#"parse_path(@"C:\temp\file.txt")"#,
        "dynamic",
        r#"{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
    ),
    (
        r#"parse_path(@"temp\file.txt")"#,
        "dynamic",
        r#"{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
    ),
    (
        r#"parse_path("file://C:/temp/file.txt:some.exe")"#,
        "dynamic",
        r#"{"Scheme":"file","RootPath":"C:","DirectoryPath":"C:/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"some.exe"}"#,
    ),
    (
        r#"parse_path(@"\\shared\users\temp\file.txt.gz")"#,
        "dynamic",
        r#"{"Scheme":"","RootPath":"","DirectoryPath":"\\\\shared\\users\\temp","DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz","AlternateDataStreamName":""}"#,
    ),
    (
        r#"parse_path("/usr/lib/temp/file.txt")"#,
        "dynamic",
        r#"{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
    ),
];

#[test]
fn hash_encoding_and_url_functions() {
    check(CASES);
}
