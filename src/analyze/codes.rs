//! The diagnostics of the analysis: stable codes in the `SL6xx` family.

use crate::diag::Severity;

pub const UNKNOWN_TABLE: (&str, &str) = ("SL601", "unknown-table");
pub const UNKNOWN_COLUMN: (&str, &str) = ("SL602", "unknown-column");
pub const UNKNOWN_FUNCTION: (&str, &str) = ("SL603", "unknown-function");
pub const WRONG_ARGUMENT_COUNT: (&str, &str) = ("SL604", "wrong-argument-count");
pub const OPERATOR_TYPE_MISMATCH: (&str, &str) = ("SL605", "operator-type-mismatch");
pub const AGGREGATE_TYPE_MISMATCH: (&str, &str) = ("SL606", "aggregate-type-mismatch");

/// One diagnostic code: `(code, name, severity, doc)` where `doc` is Markdown in ruff's style.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub doc: &'static str,
}

pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "SL601",
        name: "unknown-table",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks that every table a query reads exists in the catalog (the Log Analytics and Sentinel \
tables, custom tables you declared, `let` names and functions).\n\n\
## Why is this bad?\n\
A misspelled or missing table makes the rule fail to run in Sentinel, or return nothing \
forever. Table names are case-sensitive.\n\n\
## Example\n```kql\nSecurityevent | where EventID == 4625\n```\n\n\
## Use instead\n```kql\nSecurityEvent | where EventID == 4625\n```\n\n\
If the table is a custom one (`MyLogs_CL`), declare it with `--custom-tables`.",
    },
    CodeInfo {
        code: "SL602",
        name: "unknown-column",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks that every name used in an expression is a column of the rows at that point of the \
pipeline (or a `let` variable or parameter). Only reported when the schema is fully known.\n\n\
## Why is this bad?\n\
Kusto rejects the query. A column dropped by an earlier `project` or `summarize`, or a case \
mistake (`Accountname` for `AccountName`) are common causes.\n\n\
## Example\n```kql\nSigninLogs | summarize count() by UserPrincipalName | where ResultType != 0\n```\n\n\
## Use instead\n```kql\nSigninLogs | summarize count() by UserPrincipalName, ResultType | where ResultType != 0\n```",
    },
    CodeInfo {
        code: "SL603",
        name: "unknown-function",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks that every called function is a Kusto built-in function, a function declared with \
`let`, or a function known to the catalog (parsers, ASIM, `_GetWatchlist`).\n\n\
## Why is this bad?\n\
Kusto rejects the query; the function may be misspelled or its parser not deployed.\n\n\
## Example\n```kql\nSecurityEvent | extend h = tolowercase(Computer)\n```\n\n\
## Use instead\n```kql\nSecurityEvent | extend h = tolower(Computer)\n```",
    },
    CodeInfo {
        code: "SL604",
        name: "wrong-argument-count",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks that a function is called with a number of arguments it accepts.\n\n\
## Why is this bad?\n\
Kusto rejects the query.\n\n\
## Example\n```kql\nSecurityEvent | extend d = datetime_diff('day', TimeGenerated)\n```\n\n\
## Use instead\n```kql\nSecurityEvent | extend d = datetime_diff('day', now(), TimeGenerated)\n```",
    },
    CodeInfo {
        code: "SL605",
        name: "operator-type-mismatch",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks that ordering comparisons (`<`, `<=`, `>`, `>=`) compare values of compatible types, \
such as a `datetime` with a `datetime`.\n\n\
## Why is this bad?\n\
Kusto rejects `TimeGenerated > \"2021-01-01\"`: a string is not a date.\n\n\
## Example\n```kql\nSigninLogs | where TimeGenerated > \"2021-01-01\"\n```\n\n\
## Use instead\n```kql\nSigninLogs | where TimeGenerated > datetime(2021-01-01)\n```",
    },
    CodeInfo {
        code: "SL606",
        name: "aggregate-type-mismatch",
        severity: Severity::Error,
        doc: "## What it does\n\
Checks the argument types of aggregations: `sum` and `avg` need numbers (or timespans), \
`min`/`max` need orderable values.\n\n\
## Why is this bad?\n\
Kusto rejects `sum()` of a string column; a numeric value stored as text must be converted.\n\n\
## Example\n```kql\nAzureDiagnostics | summarize sum(bytes_s)\n```\n\n\
## Use instead\n```kql\nAzureDiagnostics | summarize sum(tolong(bytes_s))\n```",
    },
];
