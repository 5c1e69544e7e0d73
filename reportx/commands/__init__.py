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


def store_url(db: str | None) -> str:
    """The resolved store URL, or a CommandError saying how to write one."""
    from pipeline.store.database import StoreUrlError, resolve_url  # (not the writers: checked before the API starts)

    try:
        return resolve_url(db)
    except StoreUrlError as error:
        raise CommandError(EXIT_USAGE, str(error)) from error


def open_store_or_fail(db: str | None, create: bool = True):
    """The store's session factory, or a CommandError when it is missing (`create=False`) or cannot be reached."""
    from pipeline.store import StoreMissing, StoreUnavailable, open_store

    url = store_url(db)
    try:
        return open_store(url, create=create)
    except StoreMissing as error:
        raise CommandError(EXIT_USAGE, str(error)) from error
    except StoreUnavailable as error:
        raise CommandError(EXIT_UNAVAILABLE, str(error)) from error
