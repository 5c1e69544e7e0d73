"""Bulk conversion: the batch task, reruns that only redo what changed, a busy machine, and kill -9 leaving no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from extractors.version import EXTRACTOR_VERSION
from flows.bulk import extract_batch, run_bulk
from pipeline.run import process_file
from pipeline.store import FactRow, ReportRow, RunRow, SourceRow, open_store, save_results
from tests.conftest import SAMPLE_FILE, descendants, survivors

# An added sentence with a fact: the changed file must be re-extracted, the others not.
ADDED_SENTENCE = "\n学校新增专任教师12人。\n"
BROKEN_FILE = ("scan.txt", b"\x00\x01\x02\x03binary", "binary_file")
KILL_CORPUS_FILES = 520
KILL_AFTER_REPORTS = 60
KILL_DEADLINE_S = 300
BUSY_LOOP = [sys.executable, "-c", "while True: pass"]
BUSY_LOOPS = 2
BUSY_CORPUS_FILES = 6


def row_counts(store) -> dict[str, int]:
    with store() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in (SourceRow, ReportRow, FactRow)}


@pytest.mark.parametrize(("name", "data", "code"), [BROKEN_FILE], ids=["binary"])
def test_extract_batch_records_a_bad_file_and_goes_on(name, data, code, tmp_path):
    broken = tmp_path / name
    broken.write_bytes(data)
    results = extract_batch.fn([str(broken), str(SAMPLE_FILE)])
    assert [r.failure.error.code if r.failure else "ok" for r in results] == [code, "ok"]


@pytest.mark.parametrize("sentence", [ADDED_SENTENCE], ids=["added-fact"])
def test_bulk_twice_then_one_changed_file(sentence, store_url, make_corpus, prefect_api, tmp_path):
    archive = tmp_path / "archive"
    make_corpus(archive, 3)
    (archive / SAMPLE_FILE.name).write_bytes(SAMPLE_FILE.read_bytes())
    store = open_store(store_url)
    first = run_bulk([str(archive)], store_url, workers=1, runner="threads", quiet=True)
    counts = row_counts(store)
    second = run_bulk([str(archive)], store_url, workers=1, runner="threads", quiet=True)
    assert (first.files, first.skipped, first.failures) == (4, 0, 0)
    assert (second.skipped, second.reports) == (4, 0)
    assert row_counts(store) == counts

    with store() as session:
        facts_before = dict(session.execute(select(FactRow.id, FactRow.report_id)).all())
    changed = archive / "report_00001.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + sentence, encoding="utf-8")
    third = run_bulk([str(archive)], store_url, workers=1, runner="threads", quiet=True)
    assert (third.skipped, third.reports) == (3, 1)
    with store() as session:
        changed_report = session.scalar(select(ReportRow.id).join(SourceRow).where(SourceRow.path == str(changed)))
        facts_after = dict(session.execute(select(FactRow.id, FactRow.report_id)).all())
    untouched = {fid for fid, rid in facts_before.items() if rid != changed_report}
    assert untouched <= set(facts_after), "facts of unchanged files must not be re-extracted"
    assert row_counts(store)["reports"] == counts["reports"]
    assert row_counts(store)["facts"] == counts["facts"] + 1


def stored_reports(store) -> int:
    try:
        return row_counts(store)["reports"]
    except Exception:  # the store may be mid-migration when the run has just started
        return 0


@pytest.mark.parametrize("files", [KILL_CORPUS_FILES])
def test_kill_9_mid_run_then_rerun_stores_every_report_once(files, sqlite_url, make_corpus, tmp_path):
    archive = tmp_path / "archive"
    paths = make_corpus(archive, files)
    reportx = [sys.executable, "-m", "reportx.cli", "bulk", str(archive), "--db", sqlite_url, "--workers", "2", "--runner", "processes", "-q"]
    run = subprocess.Popen(reportx, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    store = open_store(sqlite_url)
    deadline = time.monotonic() + KILL_DEADLINE_S
    while stored_reports(store) < KILL_AFTER_REPORTS and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert run.poll() is None, f"the run ended before it could be killed: {run.stderr.read().decode()[-2000:]}"
    children = descendants(run.pid)
    assert len(children) >= 2, "a local Prefect API and at least one pool worker"
    os.kill(run.pid, signal.SIGKILL)  # the parent only: its children must go by themselves
    run.wait()
    assert survivors(children) == [], "processes of a killed `reportx bulk` outlived it"
    killed_at = stored_reports(store)
    assert KILL_AFTER_REPORTS <= killed_at < files

    rerun = subprocess.run(reportx, capture_output=True, text=True, timeout=KILL_DEADLINE_S)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    expected = {p: len(process_file(p).reports[0].facts) for p in paths[:13]}
    with store() as session:
        per_source = dict(session.execute(select(SourceRow.path, func.count(ReportRow.id)).join(ReportRow).group_by(SourceRow.path)).all())
        facts = dict(session.execute(select(SourceRow.path, func.count(FactRow.id)).join(ReportRow, ReportRow.source_id == SourceRow.id)
                                     .join(FactRow).group_by(SourceRow.path)).all())
        keys = session.execute(select(func.count(FactRow.id), func.count(FactRow.fact_key.distinct()))).one()
        statuses = sorted(session.scalars(select(RunRow.status)))
    assert per_source == {str(p): 1 for p in paths}, "every report exactly once"
    for number, path in enumerate(paths):
        assert facts.get(str(path), 0) == expected[paths[number % 13]], f"facts of {path.name} lost or duplicated"
    assert keys[0] == keys[1], "a fact stored twice"
    assert statuses == ["completed", "interrupted"], "the rerun marks the killed run 'interrupted' and completes"


def reportx_bulk(paths: list, db: str, prefect_home, **popen) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([sys.executable, "-m", "reportx.cli", "bulk", *map(str, paths), "--db", db, "--workers", "2"],
                          env=env, capture_output=True, text=True, timeout=KILL_DEADLINE_S, **popen)


@pytest.mark.parametrize("source", [SAMPLE_FILE], ids=["samples"])
def test_a_rerun_with_everything_stored_answers_from_the_store(source, sqlite_url, sample_result, tmp_path):
    """No Prefect API serves when every file is stored already: the one held while the store was checked
    ends, and its PREFECT_HOME is never left behind."""
    save_results(open_store(sqlite_url), [sample_result], EXTRACTOR_VERSION, None)
    done = reportx_bulk([source], sqlite_url, tmp_path / "prefect")
    assert done.returncode == 0, done.stderr
    assert "1 file(s) (1 already stored), 0 report(s)" in done.stderr
    assert not (tmp_path / "prefect").exists(), "orchestration started for a run with nothing to do"


@pytest.mark.parametrize("store_name", ["reportx.db"])
def test_a_store_in_the_folder_read_is_no_input(store_name, tmp_path):
    """`reportx bulk .` with the default ./reportx.db: the store's own files (database, WAL, shared memory)
    are never inputs, so nothing fails and a rerun is answered from the store."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / SAMPLE_FILE.name).write_bytes(SAMPLE_FILE.read_bytes())
    url = f"sqlite:///{archive / store_name}"
    first = reportx_bulk([archive], url, tmp_path / "prefect")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "1 file(s) (0 already stored)" in first.stderr and "0 failed" in first.stderr
    again = reportx_bulk([archive], url, tmp_path / "prefect-again")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "1 file(s) (1 already stored), 0 report(s)" in again.stderr
    assert not (tmp_path / "prefect-again").exists(), "the store's own files were taken for new input"


@pytest.mark.parametrize("loops", [BUSY_LOOPS])
def test_bulk_succeeds_while_busy_loops_saturate_the_cpu(loops, sqlite_url, make_corpus, tmp_path):
    """On a fresh PREFECT_HOME (the slowest start-up) with every core busy, the run waits for its API and succeeds."""
    paths = make_corpus(tmp_path / "archive", BUSY_CORPUS_FILES)
    busy = [subprocess.Popen(BUSY_LOOP) for _ in range(loops)]
    try:
        done = reportx_bulk([tmp_path / "archive"], sqlite_url, tmp_path / "prefect")
    finally:
        for loop in busy:
            loop.kill()
            loop.wait()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert f"{len(paths)} file(s) (0 already stored), {len(paths)} report(s)" in done.stderr
    assert row_counts(open_store(sqlite_url))["reports"] == len(paths)
