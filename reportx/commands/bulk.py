"""Convert an archive of report files into the store, in parallel, as a Prefect flow.

Files already stored with the same content (sha256) and extractor version are
skipped, so a rerun (also after a crash or kill) only does what is left. Each file
that cannot be read is recorded as a failure (path, code, message) and the run goes
on. A progress bar on a terminal, and a summary line at the end (files, reports,
facts, failures, elapsed, MB/s). The store is ./reportx.db unless --db or REPORTX_DB
names another (any SQLAlchemy URL, e.g. postgresql://user@host/db).

Runners: auto (the default: processes when the work outweighs starting them, about 3 CPU-s
each; else this process, whose extractor loads while Prefect starts), threads (this
process), processes (CPU-bound extraction on this machine), dask (a local Dask cluster,
or an existing one with --dask-address; use PostgreSQL as the shared store then).

Example:
  reportx bulk samples/
  reportx bulk archive/ --workers 4 --runner dask --dask-address tcp://10.0.0.5:8786 --db postgresql://reportx@db/reportx
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from typing import TYPE_CHECKING

from reportx.commands import CommandError, open_store_or_fail, require_paths, store_url
from reportx.exits import EXIT_OK, EXIT_PARTIAL, EXIT_UNAVAILABLE, EXIT_USAGE

if TYPE_CHECKING:
    from pipeline.plan import Plan

RUNNERS = ("auto", "threads", "processes", "dask")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $REPORTX_DB, else ./reportx.db)")
    parser.add_argument("--workers", "-w", type=int, default=os.cpu_count() or 2, help="parallel workers (default: CPU count)")
    parser.add_argument("--runner", choices=RUNNERS, default="auto",
                        help="where tasks run (default: auto, processes only when the work outweighs starting them)")
    parser.add_argument("--dask-address", metavar="tcp://HOST:PORT", help="an existing Dask scheduler (implies --runner dask)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")


def run(args: argparse.Namespace) -> int:
    require_paths(args.paths)
    if args.workers < 1:
        print("reportx: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from flows.settings import ServerUnavailable, api_for_command, serve_api

    with api_for_command() as api:  # held (it creates nothing) while the store is checked, served beside the imports below
        url = store_url(args.db)
        store = open_store_or_fail(url)
        files, plan = files_already_stored(args.paths, url, store)
        stored = plan.skipped
        if not files:
            raise CommandError(EXIT_USAGE, "no report files found under " + ", ".join(args.paths))
        if files == stored:  # answered from the store: the API never serves
            say(args, f"{files} file(s) ({stored} already stored), 0 report(s), 0 fact(s), 0 failed "
                      f"in {time.monotonic() - args.started:.1f} s (0.00 MB/s)")
            return EXIT_OK
        serve_api(api)
        say(args, f"{files - stored} of {files} file(s) to extract; Prefect API {api.describe()}")
        from flows.bulk import run_bulk
        from pipeline.plan import worth_processes
        from pipeline.store import run_failures

        runner = "dask" if args.dask_address else args.runner
        if runner == "auto":
            runner = "processes" if worth_processes(plan.total_bytes, args.workers) else "threads"
        try:
            summary = run_bulk(args.paths, url, args.workers, runner, args.dask_address, quiet=args.quiet, api=api)
        except ServerUnavailable as error:
            raise CommandError(EXIT_UNAVAILABLE, str(error)) from error
    summary = dataclasses.replace(summary, elapsed=time.monotonic() - args.started)
    for failure in run_failures(store, summary.run_id):
        print(f"reportx: failed {failure.path}: {failure.code}: {failure.message}", file=sys.stderr)
    say(args, summary.line())
    return EXIT_PARTIAL if summary.failures else EXIT_OK


def files_already_stored(paths: list[str], url: str, store) -> tuple[int, Plan]:
    """(files under `paths` but the store's own, the plan: what is left to extract, what is stored by this
    extractor version already)."""
    from extractors.version import EXTRACTOR_VERSION
    from pipeline.ingest import discover
    from pipeline.plan import plan_files
    from pipeline.store import current_sha256s, is_store_file

    with store() as session:
        stored = current_sha256s(session, EXTRACTOR_VERSION)
    files = list(discover(paths, skip=is_store_file(url)))
    return len(files), plan_files(files, stored)


def say(args: argparse.Namespace, line: str) -> None:
    if not args.quiet:
        print(f"reportx: {line}", file=sys.stderr, flush=True)
