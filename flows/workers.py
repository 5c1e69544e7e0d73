"""A process-pool worker that dies (kill -9, the OOM killer, a crash) costs only the file it was extracting.

A dead worker breaks the whole pool: every batch in it fails with BrokenProcessPool.
Each worker therefore notes in a ledger folder the file it is extracting (one small
file per worker pid), and the parent watches its children's exit codes. After a
break, a worker that died of anything but the pool's own SIGTERM names its file: that
file gets a strike. The broken batches run again on a fresh pool; a file with two
strikes is recorded as `worker_died`, with the signals, instead of running a third time.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.codes import FAILURE_MESSAGES, FailureCode
from models.records import Failure
from pipeline.run import FileResult, failure_record

STRIKES_TO_FAIL = 2
NO_PROGRESS_ROUNDS = 3  # pool breaks in a row that neither finish a batch nor name a culprit
WATCH_INTERVAL_S = 0.2
EXIT_WAIT_S = 10.0


class WorkerLedger:
    """Which file each worker is extracting: `<folder>/<pid>` holds it while the work is in flight."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def note(self, path: str) -> None:
        """(worker) `path` is in flight in this process; written whole or not at all."""
        entry = self.folder / str(os.getpid())
        scratch = entry.with_suffix(".new")
        scratch.write_text(json.dumps(path), encoding="utf-8")
        os.replace(scratch, entry)

    def clear(self) -> None:
        """(worker) Nothing of this process's is in flight any more."""
        with contextlib.suppress(FileNotFoundError):
            (self.folder / str(os.getpid())).unlink()

    def take(self) -> dict[int, str]:
        """(parent) pid → file of every entry left, emptying the ledger for the next pool."""
        entries = {}
        for entry in self.folder.iterdir():
            with contextlib.suppress(FileNotFoundError, ValueError):
                if entry.name.isdigit():
                    entries[int(entry.name)] = json.loads(entry.read_text(encoding="utf-8"))
            entry.unlink(missing_ok=True)
        return entries


class ChildWatch:
    """Keeps every child process seen alive, so their exit codes can be read after they died and were reaped."""

    def __init__(self) -> None:
        self.seen: dict[int, multiprocessing.Process] = {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.watch, name="reportx-child-watch", daemon=True)

    def watch(self) -> None:
        while not self.stopped.wait(WATCH_INTERVAL_S):
            self.look()

    def look(self) -> None:
        for child in multiprocessing.active_children():
            self.seen.setdefault(child.pid, child)

    def exit_code(self, pid: int) -> int | None:
        """The child's exit code; a broken pool ends and reaps its workers just after failing their batches."""
        child = self.seen.get(pid)
        deadline = time.monotonic() + EXIT_WAIT_S
        while child is not None and child.exitcode is None and time.monotonic() < deadline:
            time.sleep(WATCH_INTERVAL_S / 4)
        return None if child is None else child.exitcode

    def __enter__(self) -> ChildWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join()


def forget_message_queue(pool) -> None:
    """A worker killed while it wrote to its pool's message queue holds the queue's lock for ever: the queue's feeder
    thread in this process then never ends, and Python would wait for it at exit (Prefect keeps the queue in a
    private attribute; a pool without one is left as it is)."""
    queue = getattr(pool, "_subprocess_message_queue", None)
    if queue is not None:
        queue.cancel_join_thread()


def death_of(exit_code: int | None) -> str | None:
    """How a worker died, or None when it did not die on its own (alive, or ended by the pool's SIGTERM)."""
    if exit_code is None or exit_code == -signal.SIGTERM:
        return None
    if exit_code < 0:
        return f"killed by {signal.Signals(-exit_code).name}"
    return f"exited with code {exit_code}"


@dataclass
class Strikes:
    """Files that were in flight when their worker died, with how each death happened."""

    deaths: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    quiet_rounds: int = 0

    def record(self, ledger: WorkerLedger, watch: ChildWatch, finished_batches: int) -> int:
        """Strike the files of workers that died in the last pool; returns how many were struck."""
        watch.look()
        struck = 0
        for pid, path in ledger.take().items():
            if death := death_of(watch.exit_code(pid)):
                self.deaths[path].append(death)
                struck += 1
        self.quiet_rounds = 0 if struck or finished_batches else self.quiet_rounds + 1
        return struck

    def out(self, path: str) -> bool:
        """This file killed workers too often (or the pool keeps dying): it is not run again."""
        return len(self.deaths.get(path, ())) >= STRIKES_TO_FAIL or self.quiet_rounds >= NO_PROGRESS_ROUNDS

    def failure(self, path: str) -> Failure:
        deaths = self.deaths.get(path) or [f"the pool broke {NO_PROGRESS_ROUNDS} times without finishing a batch"]
        message = f"{FAILURE_MESSAGES[FailureCode.WORKER_DIED]}: {', then '.join(deaths)}"
        return failure_record(path, FailureCode.WORKER_DIED, message)

    def split(self, paths: list[str]) -> tuple[list[str], list[FileResult]]:
        """(files to run again, failure results of the files that are out)."""
        again = [path for path in paths if not self.out(path)]
        return again, [FileResult(path, failure=self.failure(path)) for path in paths if self.out(path)]


@contextlib.contextmanager
def worker_ledger() -> Iterator[WorkerLedger]:
    """A fresh ledger folder for one run, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="reportx-workers-") as folder:
        yield WorkerLedger(folder)
