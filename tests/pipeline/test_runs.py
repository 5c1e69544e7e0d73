"""A run whose process died is marked 'interrupted' by the next run started on its host; live runs and
other hosts' runs are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from pipeline.store import RunRow, open_store, start_run
from pipeline.store.runs import run_owner
from pipeline.store.schema import utcnow


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(child.stdout)


HOST, PID = run_owner()
# case → (host, pid, how long before now the run started, status after the next start)
RUNS = {
    "dead process here": (lambda: (HOST, dead_pid()), timedelta(minutes=5), "interrupted"),
    "this live process": (lambda: (HOST, PID), timedelta(0), "running"),
    "pid reused by a newer process": (lambda: (HOST, PID), timedelta(days=3650), "interrupted"),
    "another host": (lambda: ("elsewhere.example", dead_pid()), timedelta(minutes=5), "running"),
    "no owner recorded": (lambda: (None, None), timedelta(minutes=5), "interrupted"),
}


@pytest.mark.parametrize("case", list(RUNS))
def test_the_next_start_marks_runs_whose_process_died(case, store_url):
    owner, age, expected = RUNS[case]
    host, pid = owner()
    store = open_store(store_url)
    with store.begin() as session:
        left = RunRow(flow="bulk", extractor_version="old", host=host, pid=pid, started_at=utcnow() - age)
        session.add(left)
        session.flush()
        left_id = left.id
    new_id = start_run(store, "bulk", "new")
    with store() as session:
        left, new = session.get(RunRow, left_id), session.get(RunRow, new_id)
        assert left.status == expected
        assert (left.finished_at is not None) == (expected == "interrupted")
        assert (new.status, new.host, new.pid) == ("running", HOST, os.getpid())
    store.kw["bind"].dispose()
