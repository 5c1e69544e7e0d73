"""One module per `reportx` subcommand: `add_arguments(parser)` and `run(args) -> exit code`.

The checks every command makes the same way live here; they raise `CommandError`,
which `reportx.cli.main` turns into one line on stderr and the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from reportx.exits import EXIT_UNAVAILABLE, EXIT_USAGE


class CommandError(Exception):
    """A command cannot go on; `code` is its exit code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def require_paths(paths: Iterable[str]) -> None:
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        raise CommandError(EXIT_USAGE, f"no such file or folder: {', '.join(missing)}")


def open_store_or_fail(url: str | None):
    """The store's session factory, or a CommandError when the database cannot be reached."""
    from pipeline.store import StoreUnavailable, open_store

    try:
        return open_store(url)
    except StoreUnavailable as error:
        raise CommandError(EXIT_UNAVAILABLE, str(error)) from error
