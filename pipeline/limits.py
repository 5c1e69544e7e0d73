"""Bounds on one input file, checked before the expensive work, so an absurd or hostile file costs little.

Every limit is a row of `LIMITS`: its default, the environment variable that raises
it, and the failure code a file over it gets (the message names the limit). The
environment is read when a file is read, so worker processes see what the user set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from models.codes import FailureCode, ReportxError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One bound: `default` in `unit`s (a MB limit is kept in bytes), raised with `env`."""

    env: str
    default: float
    unit: str
    code: FailureCode
    scale: int = 1

    def value(self, environ: Mapping[str, str]) -> int:
        given = environ.get(self.env)
        try:
            amount = float(given) if given else self.default
        except ValueError as error:
            raise ValueError(f"{self.env}={given!r} is not a number") from error
        return int(amount * self.scale)

    def shown(self, amount: int) -> str:
        return f"{amount / self.scale:.1f} {self.unit}" if self.scale > 1 else f"{amount:,} {self.unit}"

    def check(self, what: str, actual: int, environ: Mapping[str, str] | None = None) -> None:
        """Raise this limit's coded error when `actual` (of `what`) is over it."""
        bound = self.value(os.environ if environ is None else environ)
        if actual > bound:
            raise ReportxError(self.code, f"{what} is {self.shown(actual)}, over the limit of {self.shown(bound)} "
                                          f"(raise it with {self.env})")


LIMITS: dict[str, Limit] = {
    "file size": Limit("REPORTX_MAX_FILE_MB", 64, "MB", FailureCode.FILE_TOO_LARGE, scale=MB),
    "decoded text": Limit("REPORTX_MAX_TEXT_CHARS", 30_000_000, "characters", FailureCode.TEXT_TOO_LONG),
    "XML inside the .docx": Limit("REPORTX_MAX_DOCX_XML_MB", 16, "MB", FailureCode.DOCX_TOO_LARGE, scale=MB),
    "HTML nesting": Limit("REPORTX_MAX_HTML_DEPTH", 512, "levels", FailureCode.HTML_TOO_DEEP),
}


def check_limit(name: str, actual: int, what: str | None = None) -> None:
    """Raise the coded error of limit `name` when `actual` (of `what`, by default the limit's name) exceeds it."""
    LIMITS[name].check(what or name, actual)
