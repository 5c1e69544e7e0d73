"""The README's cluster example: a `dask scheduler` and two workers, `reportx bulk --dask-address`, a PostgreSQL store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows.settings import free_port
from pipeline.store import ReportRow, SourceRow, open_store

DASK = str(Path(sys.executable).parent / "dask")
CLUSTER_DEADLINE_S = 300


@pytest.mark.parametrize("files", [12])
def test_bulk_on_a_local_dask_cluster(files, postgres_url, make_corpus, tmp_path):
    archive = tmp_path / "archive"
    make_corpus(archive, files)
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen([DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run = subprocess.run([sys.executable, "-m", "reportx.cli", "bulk", str(archive), "--dask-address", address,
                              "--db", postgres_url], capture_output=True, text=True, timeout=CLUSTER_DEADLINE_S)
        assert run.returncode == 0, run.stderr[-3000:]
        with open_store(postgres_url)() as session:
            counts = session.execute(select(func.count(SourceRow.id.distinct()), func.count(ReportRow.id)).join(ReportRow)).one()
        assert tuple(counts) == (files, files)
    finally:
        for process in (workers, scheduler):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)
