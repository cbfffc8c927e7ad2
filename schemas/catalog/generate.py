#!/usr/bin/env python3
"""Generates the bundled catalog data embedded by `src/catalog/bundled.rs`.

Re-run from the repository root whenever the reference data changes:

    python3 schemas/catalog/generate.py [DATA_DIR]

DATA_DIR defaults to ../shared/data beside the repository (see its README.md for the sources). Only the Python
standard library is needed. The outputs are deterministic, so a re-run with unchanged inputs
leaves `git diff` empty.

Outputs (all UTF-8, tab-separated, `#` lines are comments):
  tables.tsv     one line per table: name, then `column:type` cells in declaration order
  functions.tsv  one line per built-in function signature (see the header of the file)
  asim.tsv       ASIM schemas (`S` lines) and parser functions (`F` lines)
  connectors.tsv one line per data connector: connector id, then the tables it fills
"""
import csv
import json
import os
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")
)
OUT = os.path.dirname(os.path.abspath(__file__))

KUSTO_TYPES = {"string", "int", "long", "real", "bool", "datetime", "timespan", "dynamic", "guid", "decimal"}
# The same spellings Kusto.Language's schema loader folds (see the kql-oracle README).
ALIASES = {"bigint": "long", "double": "real", "float": "real", "int64": "long", "int32": "int",
           "boolean": "bool", "date": "datetime", "time": "timespan", "uniqueid": "guid", "object": "dynamic"}


def kusto_type(name):
    t = (name or "").strip().lower()
    t = ALIASES.get(t, t)
    return t if t in KUSTO_TYPES else None


def clean(s):
    return (s or "").strip().replace("\t", " ").replace("\n", " ")


def header(f, lines):
    for line in lines:
        f.write("# " + line + "\n")


# The Log Analytics standard columns, which every workspace table has ("Standard columns in
# Azure Monitor Logs", learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns; the types
# are those the table reference gives them; `_ItemId` and `_TimeReceived` are not in the
# reference's tables and take the types their description gives: an identifier, a date and time).
STANDARD_COLUMNS = [
    ("TenantId", "string"), ("TimeGenerated", "datetime"), ("Type", "string"),
    ("_ResourceId", "string"), ("_SubscriptionId", "string"), ("_ItemId", "string"),
    ("_TimeReceived", "datetime"), ("_IsBillable", "string"), ("_BilledSize", "real"),
]


def read_tables(name):
    """{table: {column: type}} in file order; a duplicate column keeps its first definition."""
    tables, skipped = {}, 0
    with open(os.path.join(DATA, "tables", name), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t, c, ty = clean(row["table_name"]), clean(row["column_name"]), kusto_type(row["column_type"])
            if not t or not c or ty is None or ":" in c:
                skipped += 1
                continue
            tables.setdefault(t, {}).setdefault(c, ty)
    return tables, skipped


def gen_tables():
    """Merges the table sources, best first:

    1. the Azure Monitor table reference (2024-11): tables, columns and types as documented;
    2. la_table_schemas.csv (2026): the tables the reference lacks, and the columns it lacks on
       the tables both have (columns added since 2024). The file lost every column named `Name`;
       for the tables the reference has, the reference brings them back;
    3. the Defender XDR advanced-hunting schemas: the columns Sentinel's copies of these tables
       carry beyond the reference (`Timestamp`, `AdditionalFields`…), and the Defender-only tables.
       A column that differs only in case from one already there (`Isp`/`ISP`) is the same
       column under Log Analytics' spelling, so it is not added again; Log Analytics' types win;
    4. the standard columns, appended to every table that lacks them.
    """
    reference, skipped_ref = read_tables("azure_monitor_reference_2024-11.csv")
    la, skipped_la = read_tables("la_table_schemas.csv")
    defender, skipped_def = read_tables("defender_xdr_tables.csv")
    tables = {t: dict(cols) for t, cols in reference.items()}
    contributed = {}

    def add(source, table, column, ty):
        cols = tables.setdefault(table, {})
        if column in cols or column.lower() in {c.lower() for c in cols}:
            return False
        cols[column] = ty
        tables_, columns_ = contributed.setdefault(source, (set(), [0]))
        tables_.add(table)
        columns_[0] += 1
        return True

    contributed["reference"] = (set(reference), [sum(len(c) for c in reference.values())])
    new_la_tables = sorted(set(la) - set(reference))
    for t, cols in la.items():
        for c, ty in cols.items():
            add("la_table_schemas", t, c, ty)
    name_repaired = sorted(t for t, cols in reference.items() if "Name" in cols and t in la and "Name" not in la[t])
    new_def_tables = sorted(set(defender) - set(tables))
    for t, cols in defender.items():
        for c, ty in cols.items():
            add("defender_xdr", t, c, ty)
    for t in sorted(tables):
        for c, ty in STANDARD_COLUMNS:
            add("standard_columns", t, c, ty)

    report = [
        f"reference 2024-11: {len(reference)} tables, {contributed['reference'][1][0]} columns ({skipped_ref} rows skipped)",
        f"la_table_schemas: {len(new_la_tables)} new tables, {contributed['la_table_schemas'][1][0]} columns "
        f"on {len(contributed['la_table_schemas'][0])} tables ({skipped_la} junk rows skipped); "
        f"`Name` restored from the reference on {len(name_repaired)} tables",
        f"defender_xdr: {len(new_def_tables)} new tables, {contributed['defender_xdr'][1][0]} columns "
        f"on {len(contributed['defender_xdr'][0])} tables ({skipped_def} rows skipped)",
        f"standard columns: {contributed['standard_columns'][1][0]} columns on {len(contributed['standard_columns'][0])} tables",
        f"total: {len(tables)} tables, {sum(len(c) for c in tables.values())} columns",
    ]
    with open(os.path.join(OUT, "tables.tsv"), "w", encoding="utf-8", newline="\n") as f:
        header(f, [
            "Generated by schemas/catalog/generate.py; do not edit by hand.",
            "Sources, merged in this order (see generate.py, gen_tables):",
            "  Azure Monitor Logs table reference, MicrosoftDocs/azure-reference-other at bea53845",
            "  (2024-11-20; docs CC BY 4.0);",
            "  oshezaf/sentinelninja 'Tools/Solutions Analyzer/la_table_schemas.csv' (2026; Apache-2.0);",
            "  Microsoft Defender XDR advanced hunting schema, MicrosoftDocs/defender-docs (CC BY 4.0);",
            "  the Log Analytics standard columns (Standard columns in Azure Monitor Logs).",
        ] + report + [
            "Format: table<TAB>column:type<TAB>column:type...",
        ])
        for t in sorted(tables):
            f.write(t + "\t" + "\t".join(f"{c}:{ty}" for c, ty in tables[t].items()) + "\n")
    return report


def gen_functions():
    with open(os.path.join(DATA, "kusto/kusto-functions.json"), encoding="utf-8") as f:
        data = json.load(f)
    n = 0
    with open(os.path.join(OUT, "functions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        header(f, [
            "Generated by schemas/catalog/generate.py; do not edit by hand.",
            "Source: the built-in function catalog of Kusto.Language (" + data.get("source", "") + "),",
            "facts of the KQL language.",
            "Format: kind name flags result_name_kind result_name_prefix min_args max_args tabularity",
            "        return_kind return_type params",
            "flags: h = hidden, d = deprecated, s = this signature is hidden/obsolete.",
            "params: ';'-separated name,type_kind,type,flags,argument_kind with flags o = optional,",
            "r = repeating.",
        ])
        for fn in data["functions"]:
            for sig in fn["signatures"]:
                flags = ("h" if fn.get("hidden") else "") + ("d" if fn.get("deprecated") else "") + \
                        ("s" if sig.get("hidden") or sig.get("obsolete") else "")
                params = []
                for p in sig["parameters"]:
                    pf = ("o" if p.get("optional") else "") + ("r" if p.get("repeating") else "")
                    params.append(",".join([p["name"], p["type_kind"], clean(p["type"]).replace(",", " ").replace(";", " "),
                                            pf, p.get("argument_kind", "")]))
                f.write("\t".join([
                    fn["kind"], fn["name"], flags or "-", fn.get("result_name_kind", "None"),
                    fn.get("result_name_prefix", "") or "-", str(sig["min_args"]), str(sig["max_args"]),
                    sig.get("tabularity", "Scalar"), sig["return_kind"],
                    clean(sig["return_type"]), ";".join(params) or "-",
                ]) + "\n")
                n += 1
    return n


def gen_asim():
    # Mirrors scripts/oracle/asim_functions.py (how the oracle declares ASIM functions), so that
    # the analysis and the oracle agree: a schema's columns are its own rows of asim_fields.csv in
    # file order (they already include the common fields), first occurrence wins; an Alias field
    # without a type takes the type of the one field it aliases, else string.
    rows_by_schema = {}
    with open(os.path.join(DATA, "asim/asim_fields.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows_by_schema.setdefault(row["schema"], []).append(row)
    fields = {}
    for schema, rows in rows_by_schema.items():
        types = {}
        for r in rows:
            types.setdefault(r["field_name"], kusto_type(r["physical_type"]))
        cols = {}
        for r in rows:
            name = r["field_name"]
            if not name or name in cols:
                continue
            ty = kusto_type(r["physical_type"])
            if not ty:
                target = (r["aliased_field"] or "").strip()
                ty = types.get(target) if target and "|" not in target else None
                ty = ty or "string"
            cols[name] = ty
        fields[schema] = cols
    parsers = []
    with open(os.path.join(DATA, "asim/asim_parsers.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parsers.append(row)
    with open(os.path.join(OUT, "asim.tsv"), "w", encoding="utf-8", newline="\n") as f:
        header(f, [
            "Generated by schemas/catalog/generate.py; do not edit by hand.",
            "Source: oshezaf/sentinelninja asim_fields.csv and asim_parsers.csv (Apache-2.0),",
            "describing the ASIM parsers of Azure/Azure-Sentinel (MIT).",
            "S<TAB>schema<TAB>column:type...",
            "F<TAB>name<TAB>schema<TAB>params  (params: name:type=default;...)",
        ])
        for schema in sorted(fields):
            if schema == "Common":
                continue
            f.write("S\t" + schema + "\t" + "\t".join(f"{c}:{ty}" for c, ty in fields[schema].items()) + "\n")
        seen = set()
        for p in parsers:
            schema = p["schema"]
            params = ";".join(x.strip() for x in (p["parser_params"] or "").split(";") if x.strip())
            for key in ("parser_name", "equivalent_builtin", "filtering_parser_name", "filtering_equivalent_builtin"):
                name = clean(p[key])
                if name and name not in seen and schema in fields:
                    seen.add(name)
                    f.write("\t".join(["F", name, schema, params or "-"]) + "\n")
    return len(fields) - 1, len(seen)


def gen_connectors():
    conns = {}
    with open(os.path.join(DATA, "connectors/connector_tables.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            c, t = clean(row["connector_id"]), clean(row["table_name"])
            if c and t:
                lst = conns.setdefault(c, [])
                if t not in lst:
                    lst.append(t)
    with open(os.path.join(OUT, "connectors.tsv"), "w", encoding="utf-8", newline="\n") as f:
        header(f, [
            "Generated by schemas/catalog/generate.py; do not edit by hand.",
            "Source: oshezaf/sentinelninja solutions_connectors_tables_mapping_simplified.csv (Apache-2.0).",
            "Format: connector_id<TAB>table<TAB>table...",
        ])
        for c in sorted(conns):
            f.write(c + "\t" + "\t".join(conns[c]) + "\n")
    return len(conns)


if __name__ == "__main__":
    for line in gen_tables():
        print("tables:", line)
    print("function signatures", gen_functions())
    print("asim schemas, functions", gen_asim())
    print("connectors", gen_connectors())
