"""Scheduled ingestion of an inbox folder into the store: one Prefect flow run per scheduled pass.

What: each pass takes the inbox's fully written files, extracts the new or changed ones
(content already stored by this extractor version is skipped), stores them, and moves
each file to processed/ or failed/ (with a reason). Why: submissions arrive at any
time; a schedule (interval or cron) picks them up without anyone watching, and a lock
keeps overlapping passes from handling a file twice.

The schedule runs in this process and calls the flow directly on each tick, so the
extractor stays loaded between passes and a dropped file is stored within one interval
(plus the settle time). Prefect's `flow.serve` would need a Prefect server to fire its
schedule (~11 s to start) and starts a new Python process, which loads spaCy again
(~4 s), for every run. Every pass is still a real Prefect flow run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow

from extractors.version import EXTRACTOR_VERSION
from flows.bulk import extract_batch
from flows.schedule import Schedule
from pipeline.inbox import file_away, inbox_lock, stable_files
from pipeline.store import finish_run, is_store_file, open_store, save_results, start_run

SETTLE_SECONDS = 1.0


@dataclass
class Handled:
    """What a pass did with one file: 'stored', 'skipped' (already stored) or 'failed', with why."""

    path: str
    outcome: str
    reports: int = 0
    facts: int = 0
    reason: str = ""

    def line(self) -> str:
        if self.outcome == "failed":
            return f"failed {self.path}: {self.reason}"
        if self.outcome == "skipped":
            return f"already stored {self.path}"
        return f"stored {self.path}: {self.reports} report(s), {self.facts} fact(s)"


@dataclass
class IngestSummary:
    busy: bool = False
    handled: list[Handled] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(h.outcome == outcome for h in self.handled)

    @property
    def files(self) -> int:
        return len(self.handled)

    @property
    def stored(self) -> int:
        return self.count("stored")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def failures(self) -> int:
        return self.count("failed")

    def line(self) -> str:
        if self.busy:
            return "another ingestion pass holds the inbox; nothing done"
        return f"{self.files} file(s): {self.stored} stored, {self.skipped} already stored, {self.failures} failed"


@flow(name="reportx-ingest", validate_parameters=False)
def ingest_flow(inbox: str, db: str, settle_seconds: float = SETTLE_SECONDS) -> IngestSummary:
    """One pass over the inbox: extract, store, and file away every fully written file."""
    folder = Path(inbox)
    with STOPPING.held(), inbox_lock(folder) as held:
        if not held:
            return IngestSummary(busy=True)
        ready = stable_files(folder, settle_seconds, skip=is_store_file(db))  # (a store kept in the inbox stays put)
        if not ready:
            return IngestSummary()
        store = open_store(db)
        run_id = start_run(store, "ingest", EXTRACTOR_VERSION)
        results = extract_batch([str(path) for path in ready])
        saved = save_results(store, results, EXTRACTOR_VERSION, run_id)
        for result in results:
            file_away(folder, result)
        finish_run(store, run_id, len(ready), saved)
    return IngestSummary(handled=[
        Handled(result.path, done.outcome, done.reports, done.facts,
                f"{result.failure.error.code}: {result.failure.error.message}" if result.failure else "")
        for result, done in zip(results, saved, strict=True)
    ])


class Stopping:
    """Ctrl-C or SIGTERM (a service manager stopping reportx) between passes stops at once; during a
    pass, it is held until the pass has filed its files away, so a stop never leaves a stored file in
    the inbox, and never lands inside Prefect's engine (Prefect answers SIGTERM by crashing the run).
    A second Ctrl-C during a pass stops at once: the pass's files stay in the inbox for the next one.

    The request is also kept as a flag: a KeyboardInterrupt raised while Python runs a finaliser
    (`__del__` during garbage collection) is printed and dropped, and the service would go on."""

    requested = False

    def request(self, signum=None, frame=None) -> None:
        """The handler outside passes: unwind like Ctrl-C (the API stops, the summary prints)."""
        self.requested = True
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        try:
            previous = {signum: signal.signal(signum, self._hold) for signum in (signal.SIGINT, signal.SIGTERM)}
        except ValueError:  # not the main thread: signals are not ours to hold
            yield
            return
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _hold(self, signum, frame) -> None:
        if self.requested and signum == signal.SIGINT:
            os.write(2, b"reportx: interrupted during a pass; its unfiled files stay in the inbox\n")
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)  # ended by the signal, as a Ctrl-C'd program is (exit status 130)
        self.requested = True
        if signum == signal.SIGINT:  # (os.write: a handler must not reenter the buffered stderr)
            os.write(2, b"reportx: stopping once this pass has filed its files away (Ctrl-C again: at once)\n")


STOPPING = Stopping()


def serve_ingestion(inbox: str, db: str, schedule: Schedule, settle_seconds: float,
                    report: Callable[[IngestSummary], None]) -> list[IngestSummary]:
    """Run a pass on every tick of `schedule` until interrupted (Ctrl-C, or SIGTERM: see Stopping); the passes' summaries."""
    passes: list[IngestSummary] = []
    previous_start = None
    try:
        while not STOPPING.requested:
            time.sleep(schedule.seconds_until_next(previous_start))
            if STOPPING.requested:  # (asked while asleep, its KeyboardInterrupt dropped by a finaliser)
                break
            previous_start = time.monotonic()
            passes.append(ingest_flow(inbox=inbox, db=db, settle_seconds=settle_seconds))
            report(passes[-1])
    except KeyboardInterrupt:
        pass
    return passes
