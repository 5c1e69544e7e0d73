"""The `reportx` command line: one subcommand per module under `reportx/commands/`.

Exit codes (all subcommands):
  0  everything worked
  1  some inputs failed (each is reported with its reason; the rest were processed)
  2  usage error (bad arguments, nothing to read)
  3  an operation could not start (database unreachable, port taken, …)
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn

from flows.lifetime import collect_garbage_rarely, exit_now
from reportx.commands import CommandError
from reportx.exits import EXIT_OK, EXIT_USAGE

# name → (module, one-line help); modules are imported only when their command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("reportx.commands.extract", "extract facts from report files into JSON Lines, JSON or CSV"),
    "eval": ("reportx.commands.evaluate", "score extracted facts against gold annotations"),
    "schema": ("reportx.commands.schema", "print the JSON Schema of the output records"),
    "bulk": ("reportx.commands.bulk", "convert an archive of report files into the store (a Prefect flow)"),
    "ingest": ("reportx.commands.ingest", "ingest new files from an inbox folder on a schedule (a Prefect flow run per pass)"),
    "api": ("reportx.commands.api", "keep a local Prefect API running for other commands (saves each its start-up)"),
    "export": ("reportx.commands.export", "export stored facts as JSON Lines, CSV or Parquet, reviewed corrections applied"),
    "review": ("reportx.commands.review", "review and correct extracted facts in the browser; export them as gold"),
}


def build_parser(command_name: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (fast start, and one
    command's missing optional dependency never breaks the others)."""
    parser = argparse.ArgumentParser(
        prog="reportx",
        description="Turn Chinese reports (inspection reports, work summaries, statistics bulletins) "
        "into validated facts: numbers with units, dates, subjects and metrics, each tied to its exact span.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reportx {installed_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if name != command_name:
            subparsers.add_parser(name, help=help_text, add_help=False)
            continue
        command = importlib.import_module(module)
        sub = subparsers.add_parser(
            name,
            help=help_text,
            description=(command.__doc__ or help_text).strip(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def installed_version() -> str:
    try:
        return version("reportx")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def command_started(argv: Sequence[str] | None) -> float:
    """When the user's command began, on the monotonic clock: the process start when run as a program."""
    if argv is not None:  # called from Python: the call is the command
        return time.monotonic()
    return time.monotonic() - process_age()


def process_age() -> float:
    """Seconds since this process started: from the kernel's clock ticks since boot where Linux tells them
    (to 10 ms), else from psutil (whose start time rounds the boot time to the second: up to 1 s off)."""
    try:
        after_name = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return time.clock_gettime(time.CLOCK_BOOTTIME) - int(after_name[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, AttributeError, IndexError, ValueError):
        import psutil

        return time.time() - psutil.Process().create_time()


def main(argv: Sequence[str] | None = None) -> int:
    started = command_started(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((a for a in argv if not a.startswith("-")), None))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    args.started = started  # summaries report the wall time the user waited

    try:
        return args.run(args)
    except CommandError as error:
        print(f"reportx: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("reportx: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (`| head -1`) has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return EXIT_OK


def program() -> NoReturn:
    """`reportx` as a program (its console script, `python -m reportx`): `main` in a process that starts and ends quickly."""
    collect_garbage_rarely()
    exit_now(main())


if __name__ == "__main__":
    program()
