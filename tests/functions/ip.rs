//! IP functions, from their pages in the KQL reference.

use super::{Case, check};

const CASES: &[Case] = &[
    // parse-ipv4-function.md
    ("parse_ipv4('192.168.1.1')", "long", "3232235777"),
    ("parse_ipv4('192.168.1.1/24')", "long", "3232235776"),
    ("parse_ipv4('255.255.255.255/31')", "long", "4294967294"),
    ("parse_ipv4('256.1.1.1')", "long", "null"),
    ("parse_ipv4_mask('10.0.0.255', 24)", "long", "167772160"),
    // ipv4-is-in-range-function.md
    (
        "ipv4_is_in_range('192.168.1.1', '192.168.1.1')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_in_range('192.168.1.1', '192.168.1.255/24')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_in_range('192.168.2.1', '192.168.1.255/24')",
        "bool",
        "false",
    ),
    ("ipv4_is_in_range('x', '10.0.0.0/8')", "bool", "null"),
    (
        "ipv4_is_in_any_range('10.1.2.3', '192.168.0.0/16', '10.0.0.0/8')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_in_any_range('8.8.8.8', dynamic(['192.168.0.0/16', '10.0.0.0/8']))",
        "bool",
        "false",
    ),
    // ipv4-is-private-function.md
    ("ipv4_is_private('192.168.1.1/24')", "bool", "true"),
    ("ipv4_is_private('10.1.2.3/24')", "bool", "true"),
    ("ipv4_is_private('202.1.2.3')", "bool", "false"),
    ("ipv4_is_private('127.0.0.1')", "bool", "false"),
    ("ipv4_is_private('172.31.0.1')", "bool", "true"),
    ("ipv4_is_private('nope')", "bool", "null"),
    // ipv4-is-match-function.md, ipv4-compare-function.md
    (
        "ipv4_is_match('192.168.1.1/24', '192.168.1.255')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_match('192.168.1.1', '192.168.1.255/24')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_match('192.168.1.1/30', '192.168.1.255/24')",
        "bool",
        "true",
    ),
    (
        "ipv4_is_match('192.168.1.1', '192.168.1.0', 31)",
        "bool",
        "true",
    ),
    (
        "ipv4_is_match('192.168.1.1', '192.168.1.2')",
        "bool",
        "false",
    ),
    ("ipv4_compare('127.0.0.1', '127.0.0.2')", "long", "-1"),
    (
        "ipv4_compare('192.168.1.1', '192.168.1.255', 24)",
        "long",
        "0",
    ),
    ("ipv4_netmask_suffix('192.168.1.1/24')", "long", "24"),
    ("ipv4_netmask_suffix('192.168.1.1')", "long", "32"),
    // format-ipv4-mask-function.md
    (
        "format_ipv4('192.168.1.1', 24)",
        "string",
        r#""192.168.1.0""#,
    ),
    (
        "format_ipv4_mask('192.168.1.1', 24)",
        "string",
        r#""192.168.1.0/24""#,
    ),
    (
        "format_ipv4_mask('192.168.1.1', 32)",
        "string",
        r#""192.168.1.1/32""#,
    ),
    (
        "format_ipv4_mask('192.168.1.1/24', 32)",
        "string",
        r#""192.168.1.0/24""#,
    ),
    (
        "format_ipv4_mask('192.168.1.1/24', long(-1))",
        "string",
        r#""""#,
    ),
    ("format_ipv4(3232235777)", "string", r#""192.168.1.1""#),
    // ipv6-compare-function.md
    (
        "ipv6_compare('192.168.1.1/24', '::ffff:c0a8:01ff')",
        "long",
        "0",
    ),
    (
        "ipv6_compare('::192.168.1.1/30', '192.168.1.255/24')",
        "long",
        "0",
    ),
    (
        "ipv6_compare('fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998')",
        "long",
        "0",
    ),
    (
        "ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127)",
        "long",
        "0",
    ),
    ("ipv6_compare('fe80::1', 'fe80::2')", "long", "-1"),
    (
        "ipv6_is_match('::ffff:c0a8:0101', '192.168.1.255', 120)",
        "bool",
        "true",
    ),
    (
        "ipv6_is_in_range('fe80::85d:e82c:9446:7994', 'fe80::/16')",
        "bool",
        "true",
    ),
    (
        "parse_ipv6('127.0.0.1')",
        "string",
        r#""0000:0000:0000:0000:0000:ffff:7f00:0001""#,
    ),
    // has-ipv4-function.md, has-any-ipv4-prefix-function.md
    (
        "has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1')",
        "bool",
        "true",
    ),
    (
        "has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256')",
        "bool",
        "false",
    ),
    (
        "has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')",
        "bool",
        "false",
    ),
    (
        "has_ipv4_prefix('05:04:54 127.0.0.1 GET', '127.0.')",
        "bool",
        "true",
    ),
    (
        "has_any_ipv4('05:04:54 127.0.0.1 GET', '10.0.0.1', '127.0.0.1')",
        "bool",
        "true",
    ),
    (
        "has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.', '192.168.')",
        "bool",
        "true",
    ),
    (
        r#"has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', dynamic(["127.0", "192.168."]))"#,
        "bool",
        "false",
    ),
    (
        "has_any_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.', '192.168.')",
        "bool",
        "false",
    ),
    (
        "has_any_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.', '192.')",
        "bool",
        "false",
    ),
    // geo-info-from-ip-address-function.md: no bundled database, the empty bag
    ("geo_info_from_ip_address('20.53.203.50')", "dynamic", "{}"),
];

#[test]
fn ip_functions() {
    check(CASES);
}
