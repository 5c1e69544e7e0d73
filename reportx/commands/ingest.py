"""Ingest new report files from an inbox folder on a schedule; every pass is a Prefect flow run.

Every pass takes the inbox's fully written files (size stable across two looks),
stores the new or changed ones, and moves each to processed/ or to failed/ with a
<name>.reason.json beside it. Overlapping passes never handle a file twice. The
command stays up between passes with the extractor loaded, prints a line per file
stored or failed, and a summary when stopped (Ctrl-C or SIGTERM; during a pass, once it has
filed its files away; a second Ctrl-C stops at once). Without
PREFECT_API_URL, reportx starts a local Prefect API (loopback, SQLite under
PREFECT_HOME) that stops with it; with it, runs show in that server's UI.
--once runs a single pass and exits (for cron); with nothing waiting it answers at once, without
starting Prefect. The inbox must exist.

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

from pipeline.inbox import waiting_files
from reportx.commands import CommandError, open_store_or_fail, store_url
from reportx.exits import EXIT_OK, EXIT_PARTIAL, EXIT_UNAVAILABLE, EXIT_USAGE

DEFAULT_EVERY_SECONDS = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", required=True, metavar="DIR", help="folder where new report files arrive (must exist)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--every", type=float, metavar="SECONDS", help=f"run every SECONDS (default: {DEFAULT_EVERY_SECONDS})")
    when.add_argument("--cron", metavar="EXPR", help='run on a cron schedule, e.g. "*/15 * * * *"')
    when.add_argument("--once", action="store_true", help="run one pass now and exit")
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $REPORTX_DB, else ./reportx.db)")
    parser.add_argument("--settle", type=float, default=1.0, metavar="SECONDS",
                        help="a file must keep its size this long before it is taken (default: 1)")


def run(args: argparse.Namespace) -> int:
    inbox = Path(args.inbox).resolve()
    if not inbox.is_dir():
        raise CommandError(EXIT_USAGE, f"no inbox folder {inbox}; create it (reportx does not, so a typo cannot "
                                       "start a service watching the wrong place)")
    from flows.settings import ServerUnavailable, api_for_command, serve_api

    schedule = None if args.once else make_schedule(args)
    if schedule is None and not waiting_files(inbox):  # a cron job's usual answer: no orchestration to start
        open_store_or_fail(store_url(args.db))
        say("0 file(s): 0 stored, 0 already stored, 0 failed")
        return EXIT_OK
    with api_for_command() as api:  # starts beside the store check, the imports and the extractor's warm-up below
        url = store_url(args.db)  # (a wrong --db is told with nothing created: the API is held until served)
        open_store_or_fail(url)
        serve_api(api)
        from flows.bulk import warm_extractor
        from flows.ingest import STOPPING, ingest_flow, serve_ingestion

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, STOPPING.request)
        from flows.settings import prefect_api
        from pipeline.store import display_url

        try:
            with prefect_api(api, meanwhile=warm_extractor):
                if schedule is None:
                    summary = ingest_flow(inbox=str(inbox), db=url, settle_seconds=args.settle)
                    report(summary)
                    say(summary.line())
                    return EXIT_PARTIAL if summary.failures else EXIT_OK
                say(f"ingest: watching {inbox} {schedule.describe()} into {display_url(url)}; "
                    f"Prefect API {api.describe()}; Ctrl-C to stop")
                passes = serve_ingestion(str(inbox), url, schedule, args.settle, report)
        except ServerUnavailable as error:
            raise CommandError(EXIT_UNAVAILABLE, str(error)) from error
    handled = [h for summary in passes for h in summary.handled]
    say(f"ingest stopped after {len(passes)} pass(es): {len(handled)} file(s), "
        f"{sum(h.outcome == 'stored' for h in handled)} stored, {sum(h.outcome == 'skipped' for h in handled)} "
        f"already stored, {sum(h.outcome == 'failed' for h in handled)} failed")
    return EXIT_OK


def make_schedule(args: argparse.Namespace):
    from flows.schedule import Schedule, ScheduleError

    try:
        return Schedule(every=None if args.cron else (DEFAULT_EVERY_SECONDS if args.every is None else args.every), cron=args.cron)
    except ScheduleError as error:
        raise CommandError(EXIT_USAGE, str(error)) from error


def report(summary) -> None:
    """One line per file stored, already stored or failed."""
    for handled in summary.handled:
        say(handled.line())
    if summary.busy:
        say(summary.line())


def say(line: str) -> None:
    print(f"reportx: {line}", file=sys.stderr, flush=True)
