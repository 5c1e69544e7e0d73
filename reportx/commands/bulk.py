"""Convert an archive of report files into the store, in parallel, as a Prefect flow.

Files already stored with the same content (sha256) and extractor version are
skipped, so a rerun (also after a crash or kill) only does what is left. Each file
that cannot be read is recorded as a failure (path, code, message) and the run goes
on. A progress bar on a terminal, and a summary line at the end (files, reports,
facts, failures, elapsed, MB/s). The store is ./reportx.db unless --db or REPORTX_DB
names another (any SQLAlchemy URL, e.g. postgresql://user@host/db).

Runners: threads (light work), processes (CPU-bound extraction on this machine, the
default), dask (a local Dask cluster, or an existing one with --dask-address; use
PostgreSQL as the shared store then).

Example:
  reportx bulk samples/
  reportx bulk archive/ --workers 4 --runner dask --dask-address tcp://10.0.0.5:8786 --db postgresql://reportx@db/reportx
"""

from __future__ import annotations

import argparse
import os
import sys
from reportx.exits import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE


RUNNERS = ("threads", "processes", "dask")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $REPORTX_DB, else ./reportx.db)")
    parser.add_argument("--workers", "-w", type=int, default=os.cpu_count() or 2, help="parallel workers (default: CPU count)")
    parser.add_argument("--runner", choices=RUNNERS, default="processes", help="where tasks run (default: processes)")
    parser.add_argument("--dask-address", metavar="tcp://HOST:PORT", help="an existing Dask scheduler (implies --runner dask)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")


def run(args: argparse.Namespace) -> int:
    from flows.settings import configure_prefect
    from reportx.commands import open_store_or_fail, require_paths

    require_paths(args.paths)
    if args.workers < 1:
        print("reportx: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    configure_prefect()
    from flows.bulk import run_bulk
    from pipeline.store import resolve_url, run_failures

    url = resolve_url(args.db)
    store = open_store_or_fail(url)
    runner = "dask" if args.dask_address else args.runner
    summary = run_bulk(args.paths, url, args.workers, runner, args.dask_address, quiet=args.quiet)
    for failure in run_failures(store, summary.run_id):
        print(f"reportx: failed {failure.path}: {failure.code}: {failure.message}", file=sys.stderr)
    if not args.quiet:
        print(f"reportx: {summary.line()}", file=sys.stderr)
    return EXIT_PARTIAL if summary.failures else EXIT_OK

