"""A dead process-pool worker costs only the file it was extracting; a malformed file costs only itself.

One `reportx bulk` run over an archive of good reports, two PDFs pypdf gives up on, and
one large "poison" report. From outside, the test kill -9s a worker while it extracts an
ordinary report (that file must be retried and stored), and kills every worker that
takes the poison report (it must be recorded as `worker_died` after two deaths).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from flows.workers import death_of
from pipeline.store import FailureRow, ReportRow, RunRow, SourceRow, open_store
from tests.conftest import SAMPLE_FILE

CORPUS_FILES = 120
POISON_COPIES = 4  # the sample file this many times over: long enough in flight to be seen and killed
RUN_DEADLINE_S = 900
LOOK_EVERY_S = 0.05
GOOD_TEXT = "一、基本情况\n我校现有26个教学班，在校学生826人，专任教师57人。\n"
# file name → failure code it must get
MALFORMED = {"font-width-range.pdf": "pdf_unsupported", "filter-typo.pdf": "pdf_unsupported"}

# exit code of a worker → how the failure message says it died (None: not a death of its own)
DEATHS = [(-signal.SIGKILL, "killed by SIGKILL"), (-signal.SIGSEGV, "killed by SIGSEGV"), (-signal.SIGTERM, None),
          (1, "exited with code 1"), (None, None)]


@pytest.mark.parametrize(("exit_code", "death"), DEATHS, ids=[str(code) for code, _ in DEATHS])
def test_how_a_worker_died(exit_code, death):
    assert death_of(exit_code) == death


@dataclass
class KilledRun:
    code: int
    stderr: str
    store: sessionmaker
    archive: Path
    poison: Path
    killed: dict[int, str]  # pid → the file it was extracting

    @property
    def ordinary(self) -> list[str]:
        return [path for path in self.killed.values() if path != str(self.poison)]


def in_flight(tmp: Path) -> dict[int, str]:
    """pid → file, from the ledger of the running bulk (its temporary folder is under `tmp`)."""
    found = {}
    for entry in tmp.glob("reportx-workers-*/[0-9]*"):
        try:
            found[int(entry.name)] = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # written or taken meanwhile
    return found


@pytest.fixture(scope="module")
def killed_run(tmp_path_factory, make_corpus, hostile):
    """The bulk run, with the files whose workers the test killed."""
    folder = tmp_path_factory.mktemp("worker-death")
    archive, tmp = folder / "archive", folder / "tmp"
    tmp.mkdir()
    make_corpus(archive, CORPUS_FILES)
    poison = archive / "poison.txt"
    poison.write_bytes(SAMPLE_FILE.read_bytes() * POISON_COPIES)
    (archive / "font-width-range.pdf").write_bytes(hostile.pdf_with_huge_width_range(GOOD_TEXT))
    (archive / "filter-typo.pdf").write_bytes(hostile.pdf_with_unknown_filter(GOOD_TEXT))
    url = f"sqlite:///{folder / 'store.db'}"
    command = [sys.executable, "-m", "reportx.cli", "bulk", str(archive), "--db", url, "--workers", "2", "--runner", "processes", "-q"]
    log = folder / "stderr.txt"
    with log.open("w") as stderr:
        run = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.DEVNULL,
                               stderr=stderr, start_new_session=True)
    killed: dict[int, str] = {}
    deadline = time.monotonic() + RUN_DEADLINE_S
    try:
        while run.poll() is None and time.monotonic() < deadline:
            for pid, path in in_flight(tmp).items():
                first_ordinary = path.endswith(".txt") and all(done == str(poison) for done in killed.values())
                if pid not in killed and (path == str(poison) or first_ordinary):
                    os.kill(pid, signal.SIGKILL)
                    killed[pid] = path
            time.sleep(LOOK_EVERY_S)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the run, or anything of its group still there
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    stderr = log.read_text(encoding="utf-8", errors="replace")
    return KilledRun(run.returncode, stderr, open_store(url), archive, poison, killed)


def test_the_killed_workers_were_real_and_the_run_finished(killed_run):
    assert len(killed_run.ordinary) == 1, f"one ordinary file killed once: {killed_run.killed}"
    assert list(killed_run.killed.values()).count(str(killed_run.poison)) == 2, f"the poison killed two workers: {killed_run.killed}"
    assert killed_run.code == 1, killed_run.stderr[-3000:]
    reported = sorted(line.split(": ")[2] for line in killed_run.stderr.splitlines() if line.startswith("reportx: failed "))
    assert reported == sorted(["worker_died", *MALFORMED.values()]), killed_run.stderr[-3000:]


def test_every_other_file_is_stored_once(killed_run):
    with killed_run.store() as session:
        per_source = dict(session.execute(select(SourceRow.path, func.count(ReportRow.id)).join(ReportRow)
                                          .group_by(SourceRow.path)).all())
    expected = {str(path): 1 for path in killed_run.archive.glob("report_*.txt")}
    assert per_source == expected, "every report file exactly once, the poison and the malformed PDFs not at all"
    assert killed_run.ordinary[0] in per_source, "the file whose worker was killed once was retried and stored"


def test_only_the_poison_and_the_malformed_files_failed_each_with_its_code(killed_run):
    with killed_run.store() as session:
        failures = {Path(row.path).name: row for row in session.scalars(select(FailureRow))}
        statuses = list(session.scalars(select(RunRow.status)))
    assert {name: row.code for name, row in failures.items()} == {**MALFORMED, killed_run.poison.name: "worker_died"}
    assert failures[killed_run.poison.name].message.count("SIGKILL") == 2
    assert statuses == ["partial"]
