"""Extract facts from report files (.txt .md .docx .pdf .html .htm; folders are searched recursively).

Writes one JSON object per report (JSON Lines by default). A file that cannot be
read gets a record {"source": …, "error": {"code": …, "message": …}} in the
output and a line on stderr; the other files are still processed, and the exit
code is 1. A summary line goes to stderr at the end.

Example:
  reportx extract samples/ | head -1
  reportx extract archive/ --out facts.csv --format csv
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.output import OutputWriter
from reportx.exits import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

FORMATS = ("jsonl", "json", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--format", "-f", choices=FORMATS, help="output format (default: from --out suffix, else jsonl)")
    parser.add_argument("--include-text", action="store_true", help="add each source's decoded text to its reports (source_text)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")


def run(args: argparse.Namespace) -> int:
    from pipeline.ingest import discover
    from pipeline.progress import progress
    from pipeline.run import process_file
    from reportx.commands import require_paths

    require_paths(args.paths)
    files = list(discover(args.paths))
    if not files:
        print("reportx: no files found under " + ", ".join(args.paths), file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out and Path(args.out).suffix.lstrip(".") in FORMATS else "jsonl")
    started = time.perf_counter()
    reports = facts = failed = size = 0
    with OutputWriter(args.out, fmt, include_text=args.include_text) as writer:
        for path in progress(files, desc="extract", unit="file", quiet=args.quiet):
            result = process_file(path)
            writer.write(result)
            if result.failure:
                failed += 1
                print(f"reportx: failed {path}: {result.failure.error.code}: {result.failure.error.message}", file=sys.stderr)
            else:
                size += result.source.size
                reports += len(result.reports)
                facts += sum(len(r.facts) for r in result.reports)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(
            f"reportx: {len(files)} file(s), {reports} report(s), {facts} fact(s), {failed} failed "
            f"in {elapsed:.1f} s ({size / 1e6 / max(elapsed, 1e-9):.2f} MB/s)",
            file=sys.stderr,
        )
    return EXIT_PARTIAL if failed else EXIT_OK
