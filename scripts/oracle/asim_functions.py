#!/usr/bin/env python3
"""Declare the ASIM parser functions (and _GetWatchlist) for kql-oracle's --functions option.

    asim_functions.py [--asim-dir DIR] [--tables CSV] > asim_functions.jsonl

Each output line is {"name", "parameters": "(p:type=default, ...)", "columns": [{"name","type"}],
"open": false}. The derivation (which sentinel-lint's catalog must mirror) is:

Names: for every row of asim_parsers.csv, in file order, each non-empty value of
parser_name, equivalent_builtin, filtering_parser_name, filtering_equivalent_builtin, in that
order. A name already emitted is skipped (first row wins).

Parameters: the row's parser_params, split on ';', each item "name:type=default" kept as is
(items trimmed, empty items dropped), joined with ", " inside parentheses. Empty -> "()".
The same list is used for all four names of a row.

Columns: the rows of asim_fields.csv whose schema equals the parser's schema, in file order,
one column per field_name (first occurrence wins). Type = physical_type lower-cased, mapped
boolean->bool, double->real; if physical_type is empty (only Alias fields) and aliased_field
names exactly one field of the same schema, that field's (mapped) type; otherwise string.

_GetWatchlist: one extra function, parameters "(watchlistAlias:string)", open = true, columns =
the Watchlist table's columns from la_table_schemas.csv in file order (types lower-cased,
double->real, bigint->long, boolean->bool), plus SearchKey:string appended if missing.
"""
import argparse
import csv
import json
import os
import sys

# ../shared beside the repository (scripts/oracle/ is two levels down).
SHARED = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))

TYPE_MAP = {"boolean": "bool", "double": "real", "bigint": "long"}
KUSTO_TYPES = {"string", "int", "long", "real", "bool", "datetime", "timespan", "dynamic", "guid", "decimal"}


def norm_type(t):
    t = (t or "").strip().lower()
    return TYPE_MAP.get(t, t)


def schema_columns(fields_csv):
    """schema -> [(name, type)] following the rules in the module docstring."""
    rows = list(csv.DictReader(open(fields_csv, encoding="utf-8", newline="")))
    by_schema = {}
    for r in rows:
        by_schema.setdefault(r["schema"], []).append(r)
    out = {}
    for schema, rs in by_schema.items():
        types = {}
        for r in rs:
            types.setdefault(r["field_name"], norm_type(r["physical_type"]))
        cols, seen = [], set()
        for r in rs:
            n = r["field_name"]
            if not n or n in seen:
                continue
            seen.add(n)
            t = norm_type(r["physical_type"])
            if not t:
                target = (r["aliased_field"] or "").strip()
                t = types.get(target) if target and "|" not in target else None
                t = t or "string"
            cols.append((n, t))
        out[schema] = cols
    return out


def parse_params(s):
    items = [p.strip() for p in (s or "").split(";")]
    return "(" + ", ".join(p for p in items if p) + ")"


def asim_functions(parsers_csv, fields_csv):
    cols = schema_columns(fields_csv)
    out, seen = [], set()
    for r in csv.DictReader(open(parsers_csv, encoding="utf-8", newline="")):
        params = parse_params(r["parser_params"])
        schema_cols = cols.get(r["schema"])
        if schema_cols is None:
            print("warning: no fields for schema %r (%s)" % (r["schema"], r["parser_name"]), file=sys.stderr)
            schema_cols = []
        for key in ("parser_name", "equivalent_builtin", "filtering_parser_name", "filtering_equivalent_builtin"):
            name = (r[key] or "").strip()
            if not name or name in seen:
                continue
            seen.add(name)
            out.append({"name": name, "parameters": params,
                        "columns": [{"name": n, "type": t} for n, t in schema_cols],
                        "open": False, "schema": r["schema"]})
    return out


def table_rows(path):
    """(table_name, column_name, column_type) rows of a table CSV, or of the bundled catalog's
    generated `tables.tsv` (`table<TAB>column:type...`, `#` comments)."""
    if path.endswith(".tsv"):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            table, *cells = line.split("\t")
            for cell in cells:
                name, _, ty = cell.rpartition(":")
                yield {"table_name": table, "column_name": name, "column_type": ty}
    else:
        yield from csv.DictReader(open(path, encoding="utf-8", newline=""))


def watchlist_function(tables_csv):
    cols, seen = [], set()
    for r in table_rows(tables_csv):
        if r["table_name"] != "Watchlist" or r["column_name"] in seen:
            continue
        t = norm_type(r["column_type"])
        if t not in KUSTO_TYPES:
            continue
        seen.add(r["column_name"])
        cols.append({"name": r["column_name"], "type": t})
    if "SearchKey" not in seen:
        cols.append({"name": "SearchKey", "type": "string"})
    return {"name": "_GetWatchlist", "parameters": "(watchlistAlias:string)", "columns": cols, "open": True}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asim-dir", default=os.path.join(SHARED, "data", "asim"))
    ap.add_argument("--tables", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "catalog", "tables.tsv"))
    ap.add_argument("--no-watchlist", action="store_true")
    a = ap.parse_args()
    fns = asim_functions(os.path.join(a.asim_dir, "asim_parsers.csv"), os.path.join(a.asim_dir, "asim_fields.csv"))
    if not a.no_watchlist:
        fns.append(watchlist_function(a.tables))
    for f in fns:
        print(json.dumps(f, ensure_ascii=False))


if __name__ == "__main__":
    main()
