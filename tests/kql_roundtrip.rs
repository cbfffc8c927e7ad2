//! Valid KQL per construct: parses without errors and survives print → reparse.

use sentinel_lint::kql;

fn ok(text: &str) {
    let parsed = kql::parse(text);
    assert!(
        parsed.errors.is_empty(),
        "unexpected errors for {text:?}: {:?}",
        parsed.errors
    );
    if let Err(e) = kql::roundtrip_check(text) {
        panic!("round-trip failed for {text:?}: {e}");
    }
}

#[test]
fn statements() {
    ok("let x = 1; print x");
    ok("let x = 1;\nprint x;");
    ok("let T = SecurityEvent | where EventID == 4624; T | take 10");
    ok("let f = (a:long, b:string = 'x') { a + 1 }; print f(1)");
    ok("let f = (T:(*)) { T | take 1 }; f(SecurityEvent)");
    ok("let f = (T:(a:string, b:long), n:int) { T | take n }; f(X, 5)");
    ok("let v = view () { SecurityEvent }; v");
    ok("let g = () { let y = 2; y * 2 }; print g()");
    ok("declare query_parameters(a:string = 'x', b:long); print a, b");
    ok("set querytrace; T");
    ok("set truncationmaxrecords = 1000; T | take 5");
    ok("alias database db = cluster('https://c.kusto.windows.net').database('d'); db.T");
    ok("let m = materialize(T | summarize count() by x); m | join (m) on x");
    ok("let n = toscalar(T | count); print n");
    ok("// only comment\nT // trailing\n| take 1 // more");
    ok("T\r\n| where a == 1\r\n| take 1");
    ok("T\r| where a == 1\r| take 1");
}

#[test]
fn sources() {
    ok("SecurityEvent");
    ok("table('SecurityEvent') | take 1");
    ok("union SecurityEvent, Syslog");
    ok("union withsource=TableName kind=outer isfuzzy=true Security*, (Syslog | where x)");
    ok("union (T1), (T2 | take 5)");
    ok("union isfuzzy=true T1, workspace('w').T2, app('a').requests");
    ok("datatable (a:string, b:long) [ 'x', 1, 'y', 2 ]");
    ok("datatable(a:dynamic, b:datetime)[dynamic({\"a\": [1, 2]}), datetime(2021-01-01),]");
    ok("print 1, x = 2");
    ok("range x from 1 to 10 step 1");
    ok("range t from ago(1d) to now() step 1h | extend y = t");
    ok(
        "externaldata (a:string, b:int) [ 'https://x/y.csv' ] with (format='csv', ignoreFirstRecord=true)",
    );
    ok("externaldata (a:string) [ h'https://x/y.csv' ]");
    ok("find in (T1, T2) where x == 1");
    ok("find withsource=Src where x has 'a' project a, b");
    ok("search 'error'");
    ok("search in (T1, T2*) x == 1");
    ok("search kind=case_sensitive 'Error'");
    ok("T | search 'x'");
    ok("cluster('c').database('d').T | take 1");
    ok("database('d').T");
    ok("(T | take 5) | count");
    ok("f(1, 'a') | take 1");
    ok("T | evaluate python(typeof(*, x:string), 'code')");
}

#[test]
fn operators_basic() {
    ok("T | where a == 1 and b != 2 or not(c)");
    ok("T | filter a > 1");
    ok("T | extend a = 1, b = c * 2, d");
    ok("T | extend (a, b) = f(x)");
    ok("T | extend ['a b'] = 1, [\"c\"] = 2");
    ok("T | project a, b = c, d = e + 1");
    ok("T | project-away a, b*, *c");
    ok("T | project-keep a, b*");
    ok("T | project-rename new = old, ['x y'] = z");
    ok("T | project-reorder a, b asc, c* desc");
    ok("T | summarize count() by bin(TimeGenerated, 1h), x");
    ok("T | summarize hint.strategy=shuffle dcount(x), n = count() by y");
    ok("T | summarize by x, y");
    ok("T | summarize arg_max(TimeGenerated, *) by x");
    ok("T | summarize (a, b) = arg_max(x, y) by z");
    ok("T | summarize make_set(x, 100), countif(y > 1)");
    ok("T | join (U) on x");
    ok("T | join kind=inner hint.strategy=broadcast (U | where y) on $left.a == $right.b");
    ok("T | join kind=leftouter U on a, $left.b == $right.c and $left.d == $right.e");
    ok("T | lookup kind=leftouter (U) on x");
    ok("T | union U, V");
    ok("T | mv-expand x");
    ok("T | mv-expand bagexpansion=array with_itemindex=i x to typeof(string), y limit 10");
    ok("T | mvexpand x = parse_json(y)");
    ok("T | mv-apply x on (summarize make_list(x))");
    ok("T | mv-apply e = x to typeof(long) on (top 1 by e | project e)");
    ok("T | mvapply x on (where x > 1)");
    ok("T | parse x with * 'a' b:int ' ' c *");
    ok("T | parse kind=regex flags=Ui x with @'(\\d+)' n:long");
    ok("T | parse kind=relaxed x with 'a=' a ',' *");
    ok("T | parse-where x with * 'id=' id:string");
    ok("T | parse-kv x as (a:string, b:long) with (pair_delimiter=',', kv_delimiter='=')");
    ok("T | top 10 by x desc");
    ok("T | top 10 by x asc nulls first");
    ok("T | top-nested 3 of a by count(), top-nested 2 of b with others = 'other' by sum(c) desc");
    ok("T | top-hitters 5 of x by y");
    ok("T | sort by a desc, b asc nulls last");
    ok("T | order by a");
    ok("T | take 10");
    ok("T | limit 10");
    ok("T | sample 10");
    ok("T | sample-distinct 5 of x");
    ok("T | distinct a, b");
    ok("T | distinct *");
    ok("T | count");
    ok("T | as X | where a");
    ok("T | as hint.materialized=true X");
    ok("T | invoke f(1)");
    ok("T | evaluate bag_unpack(x)");
    ok("T | evaluate hint.distribution=per_node autocluster(0.6)");
    ok(
        "T | make-series n = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by x",
    );
    ok("T | make-series avg(y) on t in range(ago(1d), now(), 1h)");
    ok("T | make-series kind=nonempty n = count() on t step 1h");
    ok("T | serialize");
    ok("T | serialize rn = row_number()");
    ok("T | render timechart");
    ok("T | render barchart with (title='x', kind=stacked)");
    ok("T | getschema");
    ok("T | fork (where a) (take 5)");
    ok("T | facet by a, b with (take 5)");
    ok("T | partition by x (top 3 by y)");
    ok("T | partition hint.strategy=native by x { Z | take 1 }");
    ok("T | scan declare (s:long = 0) with (step a: x == 1 => s = 1; step b: x == 2;)");
    ok("T | scan with_match_id=m with (step a: x == 1;)");
    ok("T | consume");
    ok("T | reduce by x with threshold=0.5");
}

#[test]
fn expressions() {
    ok("print a == b, a != b, a <> b, a =~ b, a !~ b, a < b, a <= b, a > b, a >= b");
    ok("print a has 'x', a !has 'x', a has_cs 'x', a !has_cs 'x'");
    ok("print a hasprefix 'x', a !hasprefix 'x', a hassuffix_cs 'x', a !hassuffix_cs 'x'");
    ok("print a contains 'x', a !contains 'x', a contains_cs 'x', a !contains_cs 'x'");
    ok("print a startswith 'x', a !startswith_cs 'x', a endswith 'x', a !endswith 'x'");
    ok("print a matches regex '[a-z]+'");
    ok("print a in ('x', 'y'), a !in ('x'), a in~ ('x'), a !in~ ('x')");
    ok("print a has_any ('x', 'y'), a has_all ('x', 'y'), a has_any (L)");
    ok("print a between (1 .. 10), a !between (ago(1d) .. now())");
    ok("print a in ((T | project x))");
    ok("T | where a in (T2 | project x)");
    ok("print 1 + 2 * 3 - 4 / 5 % 6, -x, +x, -(1 + 2)");
    ok("print x.a.b, x['a'], x[0], x.['a b'], x[-1].c");
    ok("print f(a = 1, b = 2), count(), count(*)");
    ok("print iff(a, 1, 2), case(a, 1, b, 2, 3), iif(x, y, z)");
    ok("T | join (U) on $left.a == $right.b");
    ok("print not(a and b)");
    ok("print strcat('a', 'b')");
    ok(
        "print dynamic(null), dynamic([]), dynamic({}), dynamic({'a': 1, \"b\": [true, false, null, -1.5]})",
    );
    ok("print x = todynamic('[1]')[0]");
}

#[test]
fn literals() {
    ok("print 'a', \"b\", 'it\\'s', \"q\\\"\", '\\\\'");
    ok("print @'c:\\x', @\"c:\\y\", @'it''s'");
    ok("print ```multi\nline```");
    ok("print h'secret', H\"secret\", h@'c:\\x'");
    ok("print 'a' 'b' \"c\"");
    ok("print 1, 1.5, 1e3, 1.5e-3, 0x1F, 123456789012");
    ok("print 1d, 2h, 30m, 10s, 100ms, 5microseconds, 1tick, 1.5h, 2days, 3min");
    ok("print time(1d), timespan(1.02:03:04), time(null)");
    ok(
        "print datetime(2021-01-01), datetime(2021-01-01 10:00), datetime(2021-01-01T10:00:00Z), datetime(null)",
    );
    ok("print datetime(2021-01-01T10:00:00.1234567Z)");
    ok("print guid(74be27de-1e4e-49d9-b579-fe0b331d3642), guid(null)");
    ok("print true, false, bool(null), bool(true)");
    ok("print int(null), long(null), real(null), double(null), decimal(null), decimal(1.5)");
    ok("print real(nan), real(+inf), real(-inf), int(5), long(-3)");
    ok("print typeof(string)");
}

#[test]
fn identifiers() {
    ok("T | project ['a b'], [\"c-d\"], $left");
    ok("T | extend type = 2, count = 3, by = 4");
    ok("T | where Type == 'x' | project Level, Value");
    ok("T | summarize count = count() by Kind");
    ok("T | project ['it\\'s']");
}

/// The forms issue #10 found in shipped rules that Kusto.Language accepts.
#[test]
fn shipped_rule_forms() {
    ok("T | distinct A, B = tolower(B)");
    ok("T | distinct ['a b'] = tolower(B), C");
    ok("T | join kind=inner (U) where X has tostring(Y)");
    ok("T | join (U) where $left.a has $right.b and c > 1");
    ok("print a = \"\\3\", b = '\\101', c = \"x\\12y\", d = '\\0'");
    ok("T | extend [\"User Name\"] = x | project ['a b'] = c, [\"User Name\"]");
    ok("T | summarize ['n n'] = count() by ['k k'] = K");
}

/// Octal escapes as Kusto's grammar defines them: up to three digits, `[0-3][0-7][0-7]`.
#[test]
fn octal_escapes() {
    let value = |q: &str| {
        let parsed = kql::parse(q);
        assert!(parsed.errors.is_empty(), "{q}: {:?}", parsed.errors);
        let text = parsed.query.to_string();
        kql::parser::decode_string(text.trim_start_matches("print "))
    };
    assert_eq!(value(r#"print "\3""#), "\u{3}");
    assert_eq!(value(r#"print "\101B""#), "AB");
    assert_eq!(value(r#"print "\12""#), "\n");
    assert_eq!(value(r#"print "\477""#), "\u{27}7");
    assert_eq!(value(r#"print "\0""#), "\0");
    for bad in [r#"print "\8""#, r#"print "\q""#, r#"print "\d""#] {
        assert!(!kql::parse(bad).errors.is_empty(), "{bad} must be an error");
    }
}

/// Found by the `parse` fuzz target: a member access or method call on a number literal
/// printed without a space (`0000201.1eei`), which reads back as one invalid number.
#[test]
fn member_access_on_a_number_literal() {
    ok("print t1 .1eeiud(0000000002-0002-0000-0000201 .1eei)");
    ok("print 1 .x");
    ok("print 1h .tostring()");
}

#[test]
fn join_conditions_joined_with_and() {
    ok("A | join B on a and b");
    ok("A | join B on a and $left.b == $right.c");
    ok("A | join kind=leftouter B on $left.a == $right.a and b and c");
}
