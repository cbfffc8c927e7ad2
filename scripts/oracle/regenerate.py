#!/usr/bin/env python3
"""Regenerate tests/data/oracle/corpus-syntax.tsv and corpus-schema.jsonl.

    regenerate.py --oracle TMPDIR/kql-oracle [--corpus DIR] [--out DIR] [--work DIR] [--jobs 2]

--oracle is a set-up copy of ../shared/tools/kql-oracle (npm install done, with
la_table_schemas.csv beside kql-oracle.js). See tests/data/oracle/README.md.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import asim_functions  # noqa: E402
import corpus  # noqa: E402

SHARED = asim_functions.SHARED

REPO = os.path.dirname(os.path.dirname(HERE))


def clean(s):
    return re.sub(r"[\t\r\n]", " ", s)


def run_oracle(oracle_dir, args, records, work, tag, jobs):
    """Run the oracle over records ({"id","query"}) dealt round-robin into `jobs` parts."""
    parts = [records[i::jobs] for i in range(jobs)]
    procs = []
    for i, part in enumerate(parts):
        inp = os.path.join(work, "%s.in.%d.jsonl" % (tag, i))
        out = os.path.join(work, "%s.out.%d.jsonl" % (tag, i))
        err = os.path.join(work, "%s.err.%d.txt" % (tag, i))
        with open(inp, "w", encoding="utf-8") as fh:
            for r in part:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        cmd = [os.path.join(oracle_dir, "kql-oracle")] + args + [inp]
        procs.append((subprocess.Popen(cmd, stdout=open(out, "w"), stderr=open(err, "w"), cwd=oracle_dir), out, err, cmd))
    res = {}
    for p, out, err, cmd in procs:
        if p.wait() != 0:
            sys.exit("oracle failed: %s (see %s)" % (" ".join(cmd), err))
        for line in open(out, encoding="utf-8"):
            d = json.loads(line)
            res[d["id"]] = d
        sys.stderr.write("[%s] %s\n" % (tag, open(err, encoding="utf-8").read().strip()))
    missing = [r["id"] for r in records if r["id"] not in res]
    if missing:
        sys.exit("oracle output missing ids: %s" % missing[:10])
    return res


def corpus_parser_functions(entries):
    """--functions specs for the corpus parser YAMLs (kind == parser)."""
    out = []
    for e in entries:
        if e["kind"] != "parser" or e["query"] is None:
            continue
        doc = e["doc"]
        name = (doc.get("FunctionAlias") or doc.get("FunctionName") or doc.get("ParserName")
                or doc.get("LookupTableName"))
        params = doc.get("FunctionParams")
        if params is None:
            params = doc.get("FunctionParameters")
        if params is None:
            params = doc.get("ParserParams")
        plist = []
        for p in params or []:
            if isinstance(p, dict):
                plist.append({"name": p.get("Name"), "type": p.get("Type"), "default": p.get("Default")})
        names = [str(name)]
        # The ASIM alias (ContentFile::function_names): the same function under a second name.
        alias = doc.get("EquivalentBuiltInFunction")
        if isinstance(alias, str) and alias.strip() and alias.strip() != str(name):
            names.append(alias.strip())
        for n in names:
            out.append({"name": n, "parameters": plist, "body": e["query"], "source": e["path"],
                        "version": parser_version(doc)})
    # One definition per name, chosen as sentinel-lint does (src/lint.rs, function_definitions):
    # the highest version, then the last in path order.
    chosen = {}
    for f in out:
        current = chosen.get(f["name"])
        if current is None or not current["version"] > f["version"]:
            chosen[f["name"]] = f
    return [dict((k, v) for k, v in f.items() if k != "version") for f in out if chosen[f["name"]] is f]


def parser_version(doc):
    """`Parser.Version`, else `Version`/`version`, as a list of numbers (ContentFile::parser_version)."""
    parser = doc.get("Parser")
    text = parser.get("Version") if isinstance(parser, dict) else None
    if text is None:
        text = doc.get("Version", doc.get("version"))
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return []
    return [int("".join(c for c in part if c.isdigit()) or "0") for part in text.split(".")]


NAME_RE = re.compile(r"'([^']*)'")


def error_name(d, query):
    m = NAME_RE.search(d["message"])
    return m.group(1) if m else ""


# The Log Analytics standard columns, which sentinel-lint adds to every custom table that the
# bundled catalog lacks (src/lint.rs, STANDARD_COLUMNS), in the same order.
STANDARD_COLUMNS = [
    ("TenantId", "String"), ("TimeGenerated", "DateTime"), ("Type", "String"),
    ("_ResourceId", "String"), ("_SubscriptionId", "String"), ("_ItemId", "String"),
    ("_TimeReceived", "DateTime"), ("_IsBillable", "String"), ("_BilledSize", "Double"),
]

# Classic custom-log tables (`_CL`) also carry these (src/lint.rs, CLASSIC_CUSTOM_LOG_COLUMNS).
CLASSIC_CUSTOM_LOG_COLUMNS = [("SourceSystem", "String")]


def standard_columns_dir(custom_tables, tables_csv, work):
    """A CustomTables directory that gives every custom table the schema CSV lacks the
    standard columns; loaded after the real one, the oracle appends the columns it misses."""
    import re
    known = {r["table_name"] for r in asim_functions.table_rows(tables_csv)}
    names = set()
    for fn in sorted(os.listdir(custom_tables)):
        if not fn.lower().endswith(".json"):
            continue
        with open(os.path.join(custom_tables, fn), encoding="utf-8-sig", errors="replace") as fh:
            m = re.search(r'"[Nn]ame"\s*:\s*"([^"]+)"', fh.read())
        if m and m.group(1) not in known:
            names.add(m.group(1))
    out = os.path.join(work, "standard-columns")
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        os.remove(os.path.join(out, old))
    for i, name in enumerate(sorted(names)):
        columns = STANDARD_COLUMNS + (CLASSIC_CUSTOM_LOG_COLUMNS if name.endswith("_CL") else [])
        props = [{"Name": c, "Type": t} for c, t in columns]
        with open(os.path.join(out, "%04d.json" % i), "w", encoding="utf-8") as fh:
            json.dump({"Name": name, "Properties": props}, fh)
    return out


def suffixed_custom_tables(custom_tables, work):
    """A copy of the CustomTables in which a column declared twice with different types keeps
    its first declaration and is also there as `Name_type` columns, as sentinel-lint reads them
    (src/catalog/custom.rs, suffix_type_clashes: Kusto's naming of union columns whose types
    disagree); the oracle's own reader keeps the first declaration only."""
    out = os.path.join(work, "custom-tables")
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        os.remove(os.path.join(out, old))
    for fn in sorted(os.listdir(custom_tables)):
        src = os.path.join(custom_tables, fn)
        with open(src, "rb") as fh:
            raw = fh.read()
        dst = os.path.join(out, fn)
        try:
            doc = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw.decode("utf-8-sig", errors="replace")))
        except ValueError:
            doc = None
        props_key = next((k for k in doc if k.lower() == "properties"), None) if isinstance(doc, dict) else None
        props = doc.get(props_key) if props_key else None
        if not isinstance(props, list):
            with open(dst, "wb") as fh:
                fh.write(raw)
            continue

        def field(p, key):
            return next((v for k, v in p.items() if k.lower() == key), None) if isinstance(p, dict) else None
        # The standard columns keep their own types whatever the file declares (src/lint.rs:
        # four files declare `TimeGenerated` a `String`).
        table = str(next((v for k, v in doc.items() if k.lower() == "name"), ""))
        standard = dict(STANDARD_COLUMNS + (CLASSIC_CUSTOM_LOG_COLUMNS if table.endswith("_CL") else []))
        forced = False
        for p in props:
            name = str(field(p, "name") or "").strip()
            type_key = next((k for k in p if k.lower() == "type"), None) if isinstance(p, dict) else None
            if name in standard and type_key and \
                    KUSTO_TYPES.get(str(p[type_key]).strip().lower()) != KUSTO_TYPES[standard[name].lower()]:
                p[type_key] = standard[name]
                forced = True
        types = {}
        for p in props:
            ty = KUSTO_TYPES.get(str(field(p, "type") or "").strip().lower())
            if field(p, "name") and ty:
                types.setdefault(str(field(p, "name")).strip(), set()).add(ty)
        if all(len(t) < 2 for t in types.values()):
            if forced:
                with open(dst, "w", encoding="utf-8") as fh:
                    json.dump(doc, fh)
            else:
                with open(dst, "wb") as fh:
                    fh.write(raw)
            continue
        renamed = []
        for p in props:
            renamed.append(p)
            name, ty = field(p, "name"), KUSTO_TYPES.get(str(field(p, "type") or "").strip().lower())
            if name and ty and len(types.get(str(name).strip(), ())) > 1:
                renamed.append({"Name": "%s_%s" % (str(name).strip(), ty), "Type": ty})
        doc[props_key] = renamed
        with open(dst, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
    return out


def bundled_schemas(tables_csv, work):
    """The schema CSV as a `--schemas` JSON. The CustomTables are layered over it by the
    oracle's own merge (`--custom-tables`), which keeps the CSV type of a column both declare
    and adds the new columns, as sentinel-lint's `CatalogBuilder::merge_table` does."""
    schemas = {}
    for row in asim_functions.table_rows(tables_csv):
        cols = schemas.setdefault(row["table_name"], {})
        cols.setdefault(row["column_name"], row["column_type"])
    out = os.path.join(work, "schemas-bundled.json")
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(schemas, fh)
    return out


# Type spellings sentinel-lint's ScalarType::parse accepts, to their Kusto names.
KUSTO_TYPES = {
    "bool": "bool", "boolean": "bool", "system.boolean": "bool", "sbyte": "bool", "system.sbyte": "bool",
    "int": "int", "int32": "int", "system.int32": "int",
    "long": "long", "int64": "long", "system.int64": "long", "bigint": "long",
    "real": "real", "double": "real", "float": "real", "system.double": "real", "single": "real",
    "system.single": "real", "decimal": "decimal", "system.decimal": "decimal",
    "string": "string", "system.string": "string", "datetime": "datetime", "date": "datetime",
    "system.datetime": "datetime", "timespan": "timespan", "time": "timespan",
    "system.timespan": "timespan", "guid": "guid", "uniqueid": "guid", "system.guid": "guid",
    "dynamic": "dynamic", "object": "dynamic", "system.object": "dynamic",
}


def parameter_prefix(entry):
    """`declare query_parameters(...);` for a parser's declared parameters, as sentinel-lint
    binds a parser body (src/checks/context.rs, parser_parameters): Sentinel calls a parser with
    its parameters in scope, so they are not unknown names. Empty for other queries."""
    if entry["kind"] != "parser":
        return ""
    doc = entry.get("doc") or {}
    params = None
    for key in ("FunctionParams", "ParserParams", "FunctionParameters"):
        if isinstance(doc.get(key), list):
            params = doc[key]
            break
    declared = []
    for p in params or []:
        if not isinstance(p, dict):
            continue
        name, ty = p.get("Name"), p.get("Type")
        if not isinstance(name, str) or not isinstance(ty, str):
            continue
        if not name or name[0].isdigit() or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
            continue
        kusto = KUSTO_TYPES.get(ty.strip().lower())
        if kusto:
            declared.append("%s:%s" % (name, kusto))
    if not declared:
        return ""
    return "declare query_parameters(%s);\n" % ", ".join(declared)


def utf16_len(text):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", default=os.path.join(tempfile.gettempdir(), "kql-oracle"))
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "azure-sentinel-2022-02"))
    ap.add_argument("--asim-dir", default=os.path.join(SHARED, "data", "asim"))
    # The bundled catalog's tables, so that the oracle sees the tables sentinel-lint sees.
    ap.add_argument("--tables", default=os.path.join(REPO, "schemas", "catalog", "tables.tsv"))
    ap.add_argument("--out", default=os.path.join(REPO, "tests", "data", "oracle"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "oracle-work"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--syntax-only", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()

    entries = list(corpus.walk(a.corpus))
    files = corpus.iter_files(a.corpus)
    records = []
    for i, e in enumerate(entries):
        e["id"] = str(i)
        if e["query"] is not None:
            e["fnv"] = corpus.fnv1a64(e["query"])
            records.append({"id": e["id"], "query": e["query"]})
        else:
            e["fnv"] = ""

    # ---- syntax
    syn = run_oracle(a.oracle, ["--parse-only"], records, a.work, "syntax", a.jobs)
    with open(os.path.join(a.out, "corpus-syntax.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("path\tkind\tfield\tfnv\tvalid\tfirst_error\tfirst_error_byte\n")
        for e in entries:
            valid, first, first_b = "", "", ""
            if e["kind"] == "yaml-error":
                first = "yaml:" + clean(e["error"])
            elif e["query"] is not None:
                r = syn[e["id"]]
                if "error" in r:
                    sys.exit("oracle error on %s: %s" % (e["path"], r["error"]))
                errs = r["syntax_errors"]
                e["valid"] = not errs
                valid = "1" if not errs else "0"
                if errs:
                    d = errs[0]
                    first = "%d:%d:%s:%s" % (d["start"], d["length"], d["code"], clean(d["message"]))
                    first_b = str(corpus.utf16_to_utf8_offset(e["query"], d["start"]))
            fh.write("\t".join([e["path"], e["kind"], e["field"], e["fnv"], valid, first, first_b]) + "\n")
    stats = {"files": len(files), "yaml_files": sum(f.endswith((".yaml", ".yml")) for f in files),
             "kql_files": sum(f.endswith((".kql", ".csl")) for f in files), "entries": len(entries),
             "by_kind": {}, "valid": 0, "invalid": 0}
    for e in entries:
        k = stats["by_kind"].setdefault(e["kind"], {"n": 0, "valid": 0, "invalid": 0})
        k["n"] += 1
        if "valid" in e:
            k["valid" if e["valid"] else "invalid"] += 1
            stats["valid" if e["valid"] else "invalid"] += 1
    if a.syntax_only:
        print(json.dumps(stats, indent=1))
        return

    # ---- functions + schema
    cfns = corpus_parser_functions(entries)
    cfile = os.path.join(a.work, "corpus_functions.jsonl")
    with open(cfile, "w", encoding="utf-8") as fh:
        for f in cfns:
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    afile = os.path.join(a.work, "asim_functions.jsonl")
    afns = asim_functions.asim_functions(os.path.join(a.asim_dir, "asim_parsers.csv"),
                                         os.path.join(a.asim_dir, "asim_fields.csv"))
    afns.append(asim_functions.watchlist_function(a.tables))
    with open(afile, "w", encoding="utf-8") as fh:
        for f in afns:
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    ct = os.path.join(a.corpus, ".script", "tests", "KqlvalidationsTests", "CustomTables")
    std = standard_columns_dir(ct, a.tables, a.work)
    # Functions first: the CI's CustomTables declare some ASIM functions (imDns, imAuthentication,
    # ...) as tables, and the first option to define a name wins it. In Sentinel these names are
    # the ASIM parsers, and sentinel-lint calls them as functions; so does the oracle then.
    schemas = bundled_schemas(a.tables, a.work)
    suffixed = suffixed_custom_tables(ct, a.work)
    args = ["--schemas", schemas, "--functions", cfile, "--functions", afile,
            "--custom-tables", suffixed, "--custom-tables", std]
    valid = []
    prefixes = {}
    for r in records:
        e = entries[int(r["id"])]
        if not e.get("valid"):
            continue
        prefix = parameter_prefix(e)
        prefixes[r["id"]] = prefix
        valid.append({"id": r["id"], "query": prefix + r["query"]})
    sem = run_oracle(a.oracle, args, valid, a.work, "schema", a.jobs)
    sc = {"lines": 0, "columns": 0, "open": 0, "scalar": 0, "none": 0, "with_errors": 0,
          "error_codes": {}, "corpus_functions": len(cfns), "asim_functions": len(afns)}
    with open(os.path.join(a.out, "corpus-schema.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for e in entries:
            if not e.get("valid"):
                continue
            r = sem[e["id"]]
            if "error" in r:
                sys.exit("oracle error on %s: %s" % (e["path"], r["error"]))
            if r["syntax_errors"]:
                sys.stderr.write("warning: syntax errors in full run but not parse-only: %s\n" % e["path"])
            q = e["query"]
            # Offsets are into the query as written: the parameter prefix is taken off.
            shift = utf16_len(prefixes[e["id"]])
            errs = []
            for d in r["semantic_errors"]:
                if d["start"] < shift:
                    continue
                d = dict(d, start=d["start"] - shift)
                b0 = corpus.utf16_to_utf8_offset(q, d["start"])
                b1 = corpus.utf16_to_utf8_offset(q, d["start"] + d["length"])
                errs.append([d["code"], b0, b1 - b0, error_name(d, q)])
                sc["error_codes"][d["code"]] = sc["error_codes"].get(d["code"], 0) + 1
            cols = r.get("result_columns")
            rec = {"path": e["path"], "field": e["field"], "fnv": e["fnv"],
                   "columns": None if cols is None else [[c["name"], c["type"]] for c in cols],
                   "open": bool(r.get("result_open")), "scalar": r.get("result_type"),
                   "tables": r["tables_referenced"], "functions": r["functions_referenced"], "errors": errs}
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
            sc["lines"] += 1
            if cols is not None:
                sc["columns"] += 1
            elif rec["scalar"] is not None:
                sc["scalar"] += 1
            else:
                sc["none"] += 1
            sc["open"] += rec["open"]
            sc["with_errors"] += bool(errs)
    sc["error_codes"] = dict(sorted(sc["error_codes"].items()))
    stats["schema"] = sc
    stats["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
