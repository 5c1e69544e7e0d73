"""Export stored facts, with reviewers' corrections applied, for a spreadsheet or analysis.

Long form (default): one row per fact, with its report and source. --wide: one row per
report and one column per metric (what you open in a spreadsheet). Rejected facts are
left out; a corrected fact has its corrected value; --reviewed-only keeps facts a
reviewer accepted, corrected or added. Parquet and xlsx need --out.

A wide cell with several facts holds one value, chosen by a documented rule (a confirmed
fact, then an exact value, then the shortest subject, then the first mention); the
`conflicts` column names the metrics that had several values, --all-values puts them all
in the cell. xlsx is the wide table with Chinese headers (`在校学生数 (人)`) and a `metrics`
sheet, the metric dictionary. A CSV file is UTF-8 with a BOM, so Excel opens it as such.

Example:
  reportx export --wide --format csv --out reports.csv
  reportx export --format xlsx --out reports.xlsx
  reportx export --db postgresql://reportx@db/reportx --format parquet --out facts.parquet --reviewed-only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportx.exits import EXIT_OK, EXIT_USAGE

FORMATS = ("jsonl", "csv", "parquet", "xlsx")
NEEDS_FILE = ("parquet", "xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $REPORTX_DB, else ./reportx.db)")
    parser.add_argument("--format", "-f", choices=FORMATS, help="output format (default: from --out suffix, else jsonl)")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--wide", action="store_true", help="one row per report, one column per metric")
    parser.add_argument("--reviewed-only", action="store_true", help="only facts a reviewer accepted, corrected or added")
    parser.add_argument("--all-values", action="store_true", help="wide: every distinct value of a metric in its cell, not one")


def run(args: argparse.Namespace) -> int:
    from pipeline.export import export
    from reportx.commands import open_store_or_fail

    suffix = Path(args.out).suffix.lstrip(".") if args.out else ""
    fmt = args.format or (suffix if suffix in FORMATS else "jsonl")
    if fmt in NEEDS_FILE and not args.out:
        print(f"reportx: --format {fmt} needs --out FILE", file=sys.stderr)
        return EXIT_USAGE
    store = open_store_or_fail(args.db, create=False)
    rows = export(store, fmt, args.out, wide=args.wide, reviewed_only=args.reviewed_only, all_values=args.all_values)
    if args.out:
        print(f"reportx: {rows} row(s) written to {args.out}", file=sys.stderr)
    return EXIT_OK
