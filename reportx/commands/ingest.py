"""Ingest new report files from an inbox folder on a schedule, as a served Prefect deployment.

Every run takes the inbox's fully written files (size stable across two looks),
stores the new or changed ones, and moves each to processed/ or to failed/ with a
<name>.reason.json beside it. Overlapping runs never handle a file twice. Without
PREFECT_API_URL, reportx starts a local Prefect server (loopback, SQLite under
PREFECT_HOME) and stops it on exit; with it, runs show in that server's UI.
--once runs a single pass and exits (for cron).

Example:
  reportx ingest --inbox inbox/ --every 60
  reportx ingest --inbox inbox/ --cron "*/15 * * * *" --db postgresql://reportx@db/reportx
  reportx ingest --inbox inbox/ --once
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from reportx.exits import EXIT_OK, EXIT_PARTIAL, EXIT_UNAVAILABLE, EXIT_USAGE


DEFAULT_EVERY_SECONDS = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", required=True, metavar="DIR", help="folder where new report files arrive")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--every", type=float, metavar="SECONDS", help=f"run every SECONDS (default: {DEFAULT_EVERY_SECONDS})")
    when.add_argument("--cron", metavar="EXPR", help='run on a cron schedule, e.g. "*/15 * * * *"')
    when.add_argument("--once", action="store_true", help="run one pass now and exit")
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $REPORTX_DB, else ./reportx.db)")
    parser.add_argument("--settle", type=float, default=1.0, metavar="SECONDS",
                        help="a file must keep its size this long before it is taken (default: 1)")


def run(args: argparse.Namespace) -> int:
    from flows.settings import ServerUnavailable, configure_prefect
    from reportx.commands import open_store_or_fail
    from pipeline.store import resolve_url

    if args.every is not None and args.every <= 0:
        print("reportx: --every must be positive", file=sys.stderr)
        return EXIT_USAGE
    inbox = Path(args.inbox).resolve()
    inbox.mkdir(parents=True, exist_ok=True)
    url = resolve_url(args.db)
    open_store_or_fail(url)
    configure_prefect()
    from flows.ingest import ingest_once, serve_ingestion

    if args.once:
        summary = ingest_once(str(inbox), url, args.settle)
        print(f"reportx: {summary.line()}", file=sys.stderr)
        return EXIT_PARTIAL if summary.failures else EXIT_OK
    signal.signal(signal.SIGTERM, interrupt)
    try:
        serve_ingestion(str(inbox), url, every=args.every or (None if args.cron else DEFAULT_EVERY_SECONDS),
                        cron=args.cron, settle_seconds=args.settle)
    except ServerUnavailable as error:
        print(f"reportx: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def interrupt(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so the local Prefect server is stopped too."""
    raise KeyboardInterrupt
