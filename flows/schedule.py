"""When scheduled ingestion runs: every N seconds, or at the times a cron expression names.

Plain data with no Prefect in it, so the command line checks a schedule before it starts
anything, and the ingestion loop asks it how long to wait.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from cronsim import CronSim, CronSimError


class ScheduleError(ValueError):
    """A cron expression or interval that cannot be scheduled (the CLI exits with EXIT_USAGE)."""


@dataclass(frozen=True)
class Schedule:
    """Every `every` seconds from the start (a pass at once), or at the times a cron expression names."""

    every: float | None = None
    cron: str | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.cron is None):
            raise ScheduleError("give an interval or a cron expression")
        if self.every is not None and self.every <= 0:
            raise ScheduleError(f"the interval must be positive, not {self.every:g}")
        if self.cron is not None:
            try:
                CronSim(self.cron, datetime.now().astimezone())
            except CronSimError as error:
                raise ScheduleError(f"not a cron expression: {self.cron!r} ({error}); "
                                    "write five fields, e.g. \"*/15 * * * *\"") from error

    def describe(self) -> str:
        return f"every {self.every:g} s" if self.every is not None else f"on cron {self.cron!r}"

    def seconds_until_next(self, previous_start: float | None) -> float:
        """Seconds to wait from now (monotonic) for the next pass; `previous_start` is when the last one began."""
        if self.every is not None:
            return 0.0 if previous_start is None else max(0.0, previous_start + self.every - time.monotonic())
        now = datetime.now().astimezone()
        return (next(CronSim(self.cron, now)) - now).total_seconds()
