"""Which process runs a run, and what became of runs whose process died.

A run is 'running' until it finishes ('completed', or 'partial' when files failed). A
run killed with its process (kill -9, a crash, a power cut) would stay 'running' for
ever; the next run started on the same host marks it 'interrupted'. Runs of other hosts
are left to their own host, which alone can tell whether their process lives.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

import psutil
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.schema import RunRow, utcnow

RUNNING, INTERRUPTED = "running", "interrupted"
CLOCK_SLACK_S = 1.0  # process start times and run start times come from different clocks' roundings


def run_owner() -> tuple[str, int]:
    """(host, pid) of this process, recorded on the runs it starts."""
    return socket.gethostname(), os.getpid()


def owner_alive(pid: int, started_at: datetime) -> bool:
    """The process that started a run at `started_at` still runs (not a newer process that reuses its pid)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        created = process.create_time()
    except psutil.NoSuchProcess:
        return False
    if started_at.tzinfo is None:  # SQLite keeps no time zone; the store writes UTC
        started_at = started_at.replace(tzinfo=UTC)
    return created <= started_at.timestamp() + CLOCK_SLACK_S


def mark_interrupted(session: Session) -> list[int]:
    """Mark 'interrupted' the running runs of this host whose process is gone (and any without an owner); their ids."""
    host, _ = run_owner()
    marked = []
    for run in session.scalars(select(RunRow).where(RunRow.status == RUNNING)):
        if run.host is None or (run.host == host and not owner_alive(run.pid, run.started_at)):
            run.status, run.finished_at = INTERRUPTED, utcnow()
            marked.append(run.id)
    return marked
