#!/usr/bin/env python3
"""Builds tests/data/kql_docs/examples.jsonl from the page excerpts in tests/data/kql_docs/pages.

Each excerpt file is named after the documentation page it comes from
(data-explorer/kusto/query/<file>, or <dir>__<file> for a page in a sub-folder) and holds, verbatim,
the examples of that page that build their own data: a ```kusto code block followed by the
markdown output table the page shows for it. This script pairs each code block with the first
table after it (before the next code block), splits the table as GitHub-flavoured markdown does
(unescaped `|` separates cells, leading and trailing pipes are optional, `\\|` is a literal pipe,
cells are trimmed) and writes one JSON object a line:
{"page", "index", "query", "columns", "rows"}. Cells are kept as the page shows them (`<br>`,
backticks and all); the comparator in tests/kql_docs.rs decides what is formatting.

Run from the repository root: python3 scripts/kql_docs_extract.py
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "kql_docs" / "pages"
OUT = ROOT / "tests" / "data" / "kql_docs" / "examples.jsonl"
DOC_DIR = "data-explorer/kusto/query/"
# The tables of Microsoft's help cluster: an example reading one of them is not self-contained.
SAMPLE_TABLES = re.compile(
    r"\b(StormEvents|Covid19|ContosoSales|SalesFact|SalesTable|Customers|Products|PopulationData|"
    r"nyc_taxi|Trips|demo_make_series\w*|demo_series\w*|demo_clustering\w*|TraceLogs|"
    r"Sales|Employees|US_States|SamplePowerRequirementHistorizedData|Airports)\b"
)
SOURCES = ("print", "datatable", "range", "let", "union", "//", "set")


def split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, cur, i = [], [], 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def is_separator(line: str) -> bool:
    if "-" not in line:
        return False
    cells = split_row(line)
    return all(re.fullmatch(r":?-+:?", c) for c in cells) and len(cells) > 0


def parse_page(text: str, page: str) -> list[dict]:
    lines = text.splitlines()
    examples, i, query = [], 0, None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            lang = stripped[3:].strip().lower()
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            i += 1
            query = "\n".join(body).strip("\n") if lang in ("kusto", "kql") else None
            continue
        starts_table = "|" in stripped and i + 1 < len(lines) and is_separator(lines[i + 1])
        if query is not None and (stripped.startswith("|") or starts_table):
            header = split_row(stripped)
            if i + 1 >= len(lines) or not is_separator(lines[i + 1]):
                sys.exit(f"{page}: a table without a separator line at line {i + 1}")
            rows = []
            i += 2
            # A table ends at the first line without a pipe (leading pipes are optional).
            while i < len(lines) and "|" in lines[i]:
                row = split_row(lines[i])
                if len(row) != len(header):
                    sys.exit(f"{page}: line {i + 1} has {len(row)} cells, the header {len(header)}")
                rows.append(row)
                i += 1
            examples.append({"query": query, "columns": header, "rows": rows})
            query = None
            continue
        i += 1
    return examples


def main() -> None:
    out = []
    for path in sorted(PAGES.glob("*.md")):
        page = DOC_DIR + path.name.replace("__", "/")
        for index, example in enumerate(parse_page(path.read_text(encoding="utf-8"), page), 1):
            query = example["query"]
            if SAMPLE_TABLES.search(query):
                sys.exit(f"{page} #{index}: reads a help-cluster table")
            first = query.lstrip().split(None, 1)[0].split("(")[0]
            if first not in SOURCES:
                sys.exit(f"{page} #{index}: does not build its own data (starts with {first!r})")
            out.append({"page": page, "index": index, **example})
    with OUT.open("w", encoding="utf-8") as f:
        for example in out:
            f.write(json.dumps(example, ensure_ascii=False) + "\n")
    print(f"{len(out)} examples from {len(list(PAGES.glob('*.md')))} pages -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
