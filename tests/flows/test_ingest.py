"""Scheduled ingestion: inbox passes, the lock against overlapping runs, and `reportx ingest --every` served for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from flows.ingest import ingest_flow
from pipeline.inbox import FAILED, PROCESSED, REASON_SUFFIX, inbox_lock, stable_files
from pipeline.store import SourceRow, open_store

BROKEN = ("broken.txt", b"\x00\x01\x02\x03binary", "binary_file")
SERVED_EVERY_S = 2
SERVED_DEADLINE_S = 180


def filed(inbox, folder):
    return sorted(p.name for p in (inbox / folder).glob("*")) if (inbox / folder).exists() else []


def stored_sources(url) -> int:
    with open_store(url)() as session:
        return session.scalar(select(func.count(SourceRow.id)))


@pytest.mark.parametrize("settle", [0.3])
def test_a_file_still_growing_waits_for_the_next_pass(settle, tmp_path):
    (tmp_path / "done.txt").write_text("学校现有学生826人。", encoding="utf-8")
    growing = tmp_path / "growing.txt"
    growing.write_text("学校", encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({settle / 3}); "
                               f"open({str(growing)!r}, 'a', encoding='utf-8').write('现有学生826人。')"])
    ready = stable_files(tmp_path, settle)
    writer.wait()
    assert [p.name for p in ready] == ["done.txt"]


@pytest.mark.parametrize("files", [["report.txt"]])
def test_an_overlapping_pass_does_nothing(files, tmp_path, sqlite_url):
    for name in files:
        (tmp_path / name).write_text("学校现有学生826人。", encoding="utf-8")
    with inbox_lock(tmp_path) as held:
        assert held
        summary = ingest_flow.fn(inbox=str(tmp_path), db=sqlite_url, settle_seconds=0)
    assert summary.busy
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == files


@pytest.mark.parametrize(("name", "data", "code"), [BROKEN], ids=["binary"])
def test_one_pass_files_everything_away(name, data, code, tmp_path, sqlite_url, make_corpus, prefect_api):
    inbox = tmp_path / "inbox"
    good = make_corpus(inbox, 2)
    (inbox / "copy.txt").write_bytes(good[0].read_bytes())
    (inbox / name).write_bytes(data)
    summary = ingest_flow(inbox=str(inbox), db=sqlite_url, settle_seconds=0)
    assert (summary.files, summary.stored, summary.skipped, summary.failures) == (4, 2, 1, 1)
    assert filed(inbox, PROCESSED) == sorted(["copy.txt", *(p.name for p in good)])
    assert filed(inbox, FAILED) == sorted([name, name + REASON_SUFFIX])
    assert json.loads((inbox / FAILED / (name + REASON_SUFFIX)).read_text(encoding="utf-8"))["error"]["code"] == code
    assert stored_sources(sqlite_url) == 2


@pytest.mark.parametrize(("name", "data", "code"), [BROKEN], ids=["binary"])
def test_served_ingestion_every_2_seconds(name, data, code, tmp_path, sqlite_url, make_corpus):
    """While `reportx ingest --every 2` runs: 3 good files, 1 broken, 1 duplicate are each handled once."""
    inbox, corpus = tmp_path / "inbox", tmp_path / "corpus"
    good = make_corpus(corpus, 3)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "reportx.cli", "ingest", "--inbox", str(inbox), "--every", str(SERVED_EVERY_S),
         "--db", sqlite_url, "--settle", "0.5"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + SERVED_DEADLINE_S
        while not inbox.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        for path in good:
            (inbox / path.name).write_bytes(path.read_bytes())
        (inbox / name).write_bytes(data)
        (inbox / "duplicate.txt").write_bytes(good[0].read_bytes())
        while any(inbox.glob("*.txt")) and serve.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert serve.poll() is None, f"ingest stopped: {serve.stderr.read().decode()[-3000:]}"
        assert filed(inbox, PROCESSED) == sorted(["duplicate.txt", *(p.name for p in good)])
        assert filed(inbox, FAILED) == sorted([name, name + REASON_SUFFIX])
        assert json.loads((inbox / FAILED / (name + REASON_SUFFIX)).read_text(encoding="utf-8"))["error"]["code"] == code
        assert stored_sources(sqlite_url) == 3
        time.sleep(2 * SERVED_EVERY_S)
        assert serve.poll() is None, "the process stays up between passes"
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(60)
