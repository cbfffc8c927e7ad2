#!/usr/bin/env python3
"""Walk a Sentinel content corpus and list every query, classified the way sentinel-lint does.

Usable as a module (walk(), fnv1a64(), utf16_to_utf8_offset()) and as a script:
    corpus.py CORPUS_ROOT > queries.jsonl
prints one JSON object per entry: {"path","kind","field","fnv","query"} (query absent
for yaml-error entries, "error" holds the PyYAML message instead).
"""
import json
import os
import sys

import yaml

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(text):
    """FNV-1a 64-bit over the UTF-8 bytes of text, as 16 lowercase hex digits."""
    h = FNV_OFFSET
    for b in text.encode("utf-8", "surrogatepass"):
        h ^= b
        h = (h * FNV_PRIME) & MASK64
    return "%016x" % h


def utf16_to_utf8_offset(text, off16):
    """Convert a UTF-16 code-unit offset into text to a UTF-8 byte offset.

    An offset past the end maps to the byte length plus the excess (it should not happen).
    An offset that falls inside a surrogate pair maps to the start of that character."""
    u16 = 0
    u8 = 0
    for ch in text:
        if u16 >= off16:
            return u8
        cp = ord(ch)
        w16 = 2 if cp > 0xFFFF else 1
        if u16 + w16 > off16:  # inside a surrogate pair
            return u8
        u16 += w16
        u8 += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return u8 + (off16 - u16)


def yaml_error_text(e):
    """'LINE:COL:problem' (1-based, from the problem mark) without the file name."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    msg = " ".join(x for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
    if not msg:
        msg = str(e)
    msg = " ".join(msg.split())
    if mark is None:
        return "0:0:" + msg
    return "%d:%d:%s" % (mark.line + 1, mark.column + 1, msg)


def classify(doc):
    """Return (kind, field) for one YAML document, or None if it is not content."""
    if not isinstance(doc, dict):
        return None
    kind = doc.get("kind")
    if (isinstance(kind, str) and kind.lower() in ("scheduled", "nrt")) or (
        "kind" not in doc and ("queryFrequency" in doc or "triggerOperator" in doc)
    ):
        return ("rule", "query")
    # ASIM parsers in Azure-Sentinel name themselves with ParserName; their lookup tables with
    # LookupTableName (src/content/model.rs, PARSER_NAME_FIELDS).
    if "FunctionName" in doc or "FunctionAlias" in doc or "ParserName" in doc or "LookupTableName" in doc:
        for f in ("FunctionQuery", "ParserQuery", "LookupTableQuery", "query"):
            if f in doc:
                return ("parser", f)
    if isinstance(doc.get("query"), str):
        return ("hunting", "query")
    return None


def iter_files(root):
    """Relative POSIX paths of *.yaml, *.yml, *.kql, *.csl files, hidden dirs skipped, sorted."""
    out = []
    for dp, dns, fns in os.walk(root):
        dns[:] = [d for d in dns if not d.startswith(".")]
        for fn in fns:
            if fn.endswith((".yaml", ".yml", ".kql", ".csl")):
                rel = os.path.relpath(os.path.join(dp, fn), root)
                out.append(rel.replace(os.sep, "/"))
    out.sort()
    return out


def walk(root):
    """Yield dicts {path, kind, field, query, doc} (doc only for YAML) in path order.

    kind is rule / hunting / parser / kql, or yaml-error (then "error" instead of query).
    query is None when the classified field is missing or not a string (rules only)."""
    for rel in iter_files(root):
        full = os.path.join(root, rel)
        if rel.endswith((".kql", ".csl")):
            with open(full, "rb") as fh:
                data = fh.read()
            yield {"path": rel, "kind": "kql", "field": "-", "query": data.decode("utf-8")}
            continue
        try:
            with open(full, "rb") as fh:
                docs = list(yaml.load_all(fh, Loader=yaml.SafeLoader))
        except yaml.YAMLError as e:
            yield {"path": rel, "kind": "yaml-error", "field": "-", "query": None,
                   "error": yaml_error_text(e)}
            continue
        for doc in docs:
            c = classify(doc)
            if c is None:
                continue
            q = doc.get(c[1])
            yield {"path": rel, "kind": c[0], "field": c[1],
                   "query": q if isinstance(q, str) else None, "doc": doc}


def main():
    root = sys.argv[1]
    for e in walk(root):
        rec = {k: e[k] for k in ("path", "kind", "field")}
        if e["query"] is not None:
            rec["fnv"] = fnv1a64(e["query"])
            rec["query"] = e["query"]
        if "error" in e:
            rec["error"] = e["error"]
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main()
