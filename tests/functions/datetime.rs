//! Date and time functions, from their pages in the KQL reference. `now()` is pinned by the
//! test runner to 2024-01-02T03:04:05Z.

use super::{Case, check};

const CASES: &[Case] = &[
    ("now()", "datetime", r#""2024-01-02T03:04:05Z""#),
    ("ago(1d)", "datetime", r#""2024-01-01T03:04:05Z""#),
    ("now(-2h)", "datetime", r#""2024-01-02T01:04:05Z""#),
    // datetime-diff-function.md (its one-row table)
    (
        "datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31))",
        "long",
        "17",
    ),
    (
        "datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30))",
        "long",
        "2",
    ),
    (
        "datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30))",
        "long",
        "13",
    ),
    (
        "datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59))",
        "long",
        "5",
    ),
    (
        "datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59))",
        "long",
        "29",
    ),
    (
        "datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59))",
        "long",
        "2",
    ),
    (
        "datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59))",
        "long",
        "5",
    ),
    (
        "datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900))",
        "long",
        "10",
    ),
    (
        "datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900))",
        "long",
        "100",
    ),
    (
        "datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009))",
        "long",
        "100",
    ),
    (
        "datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))",
        "long",
        "-700",
    ),
    // datetime-part-function.md
    (
        "datetime_part('year', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "2017",
    ),
    (
        "datetime_part('quarter', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "4",
    ),
    (
        "datetime_part('month', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "10",
    ),
    (
        "datetime_part('week_of_year', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "44",
    ),
    (
        "datetime_part('day', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "30",
    ),
    (
        "datetime_part('dayOfYear', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "303",
    ),
    (
        "datetime_part('hour', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "1",
    ),
    (
        "datetime_part('minute', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "2",
    ),
    (
        "datetime_part('second', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "3",
    ),
    (
        "datetime_part('millisecond', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "765",
    ),
    (
        "datetime_part('microsecond', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "765432",
    ),
    (
        "datetime_part('nanosecond', datetime(2017-10-30 01:02:03.7654321))",
        "int",
        "765432100",
    ),
    // datetime-add-function.md
    (
        "datetime_add('month', 1, datetime(2017-01-31))",
        "datetime",
        r#""2017-02-28T00:00:00Z""#,
    ),
    (
        "datetime_add('year', -5, datetime(2017-01-01))",
        "datetime",
        r#""2012-01-01T00:00:00Z""#,
    ),
    (
        "datetime_add('quarter', 1, datetime(2017-01-01))",
        "datetime",
        r#""2017-04-01T00:00:00Z""#,
    ),
    (
        "datetime_add('week', 1, datetime(2017-01-01))",
        "datetime",
        r#""2017-01-08T00:00:00Z""#,
    ),
    (
        "datetime_add('hour', 3, datetime(2017-01-01))",
        "datetime",
        r#""2017-01-01T03:00:00Z""#,
    ),
    // startofday-function.md and the other start/end functions
    (
        "startofday(datetime(2017-01-01 10:10:17), -1)",
        "datetime",
        r#""2016-12-31T00:00:00Z""#,
    ),
    (
        "startofday(datetime(2017-01-01 10:10:17))",
        "datetime",
        r#""2017-01-01T00:00:00Z""#,
    ),
    (
        "startofday(datetime(2017-01-01 10:10:17), 1)",
        "datetime",
        r#""2017-01-02T00:00:00Z""#,
    ),
    (
        "endofday(datetime(2017-01-01 10:10:17))",
        "datetime",
        r#""2017-01-01T23:59:59.9999999Z""#,
    ),
    (
        "startofweek(datetime(2017-01-04 10:10:17))",
        "datetime",
        r#""2017-01-01T00:00:00Z""#,
    ),
    (
        "endofweek(datetime(2017-01-01 10:10:17))",
        "datetime",
        r#""2017-01-07T23:59:59.9999999Z""#,
    ),
    (
        "startofmonth(datetime(2017-01-15 10:10:17), 1)",
        "datetime",
        r#""2017-02-01T00:00:00Z""#,
    ),
    (
        "endofmonth(datetime(2017-02-15))",
        "datetime",
        r#""2017-02-28T23:59:59.9999999Z""#,
    ),
    (
        "startofyear(datetime(2017-05-15))",
        "datetime",
        r#""2017-01-01T00:00:00Z""#,
    ),
    (
        "endofyear(datetime(2017-05-15), -1)",
        "datetime",
        r#""2016-12-31T23:59:59.9999999Z""#,
    ),
    // dayofweek-function.md and the other parts
    (
        "dayofweek(datetime(1947-11-30 10:00:05))",
        "timespan",
        r#""00:00:00""#,
    ),
    (
        "dayofweek(datetime(1970-05-11))",
        "timespan",
        r#""1.00:00:00""#,
    ),
    ("dayofmonth(datetime(2015-12-14))", "int", "14"),
    ("dayofyear(datetime(2015-12-14))", "int", "348"),
    ("hourofday(datetime(2015-12-14 18:54:00))", "int", "18"),
    ("getmonth(datetime(2015-10-12))", "int", "10"),
    ("monthofyear(datetime(2015-12-14))", "int", "12"),
    ("getyear(datetime(2015-10-12))", "int", "2015"),
    ("week_of_year(datetime(2020-12-31))", "int", "53"),
    ("week_of_year(datetime(2021-01-01))", "int", "53"),
    ("week_of_year(datetime(2021-01-04))", "int", "1"),
    // the obsolete `weekofyear`: week 1 holds the year's first Wednesday (2015-01-01 was a
    // Thursday, so it belongs to 2014's 53rd week; ISO counts it as week 1)
    ("weekofyear(datetime(2015-01-01))", "int", "53"),
    ("week_of_year(datetime(2015-01-01))", "int", "1"),
    // format-datetime-function.md
    (
        "format_datetime(datetime(2017-01-29 09:00:05),'yy-MM-dd [HH:mm:ss]')",
        "string",
        r#""17-01-29 [09:00:05]""#,
    ),
    (
        "format_datetime(datetime(2017-01-29 09:00:05), 'yyyy-M-dd [H:mm:ss]')",
        "string",
        r#""2017-1-29 [9:00:05]""#,
    ),
    (
        "format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [hh:mm:ss tt]')",
        "string",
        r#""17-01-29 [09:00:05 AM]""#,
    ),
    (
        "format_datetime(datetime(2009-06-15T13:45:30.6175420), 'FFFFFF|fff|F')",
        "string",
        r#""617542|617|6""#,
    ),
    (
        "format_datetime(datetime(2009-06-15T13:45:30.0500000), 'F|h')",
        "string",
        r#""|1""#,
    ),
    // format-timespan-function.md (its `time(29.09:00:05.12345)` written with totimespan: the
    // parser does not compute `time(d.hh:mm:ss)` literals yet)
    (
        "format_timespan(totimespan('29.09:00:05.12345'), 'dd.hh:mm:ss:FF')",
        "string",
        r#""29.09:00:05:12""#,
    ),
    (
        "format_timespan(totimespan('29.09:00:05.12345'), 'ddd.h:mm:ss [fffffff]')",
        "string",
        r#""029.9:00:05 [1234500]""#,
    ),
    // make-datetime-function.md, make-timespan-function.md
    (
        "make_datetime(2017,10,01)",
        "datetime",
        r#""2017-10-01T00:00:00Z""#,
    ),
    (
        "make_datetime(2017,10,01,12,10)",
        "datetime",
        r#""2017-10-01T12:10:00Z""#,
    ),
    (
        "make_datetime(2017,10,01,12,11,0.1234567)",
        "datetime",
        r#""2017-10-01T12:11:00.1234567Z""#,
    ),
    ("make_datetime(2017,2,30)", "datetime", "null"),
    (
        "make_timespan(1,12,30,55.123)",
        "timespan",
        r#""1.12:30:55.1230000""#,
    ),
    ("make_timespan(12,30)", "timespan", r#""12:30:00""#),
    // unixtime-milliseconds-todatetime-function.md and siblings
    (
        "unixtime_milliseconds_todatetime(1546300800000)",
        "datetime",
        r#""2019-01-01T00:00:00Z""#,
    ),
    (
        "unixtime_seconds_todatetime(1546300800)",
        "datetime",
        r#""2019-01-01T00:00:00Z""#,
    ),
    (
        "unixtime_microseconds_todatetime(1546300800000000)",
        "datetime",
        r#""2019-01-01T00:00:00Z""#,
    ),
    (
        "unixtime_nanoseconds_todatetime(1546300800000000000)",
        "datetime",
        r#""2019-01-01T00:00:00Z""#,
    ),
    ("unixtime_seconds_todatetime('x')", "datetime", "null"),
    // bin-function.md, bin-at-function.md
    ("bin(4.5, 1)", "real", "4"),
    ("bin(time(16d), 7d)", "timespan", r#""14.00:00:00""#),
    (
        "bin(datetime(1970-05-11 13:45:07), 1d)",
        "datetime",
        r#""1970-05-11T00:00:00Z""#,
    ),
    ("bin_at(6.5, 2.5, 7)", "real", "4.5"),
    ("bin_at(time(1h), 1d, 12h)", "timespan", r#""-12:00:00""#),
    (
        "bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0))",
        "datetime",
        r#""2017-05-14T12:00:00Z""#,
    ),
];

#[test]
fn datetime_functions() {
    check(CASES);
}
