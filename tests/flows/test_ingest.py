"""Scheduled ingestion: inbox passes, the lock, schedules, and `reportx ingest` run for real (served, --once, killed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

import flows.ingest
from flows.ingest import Stopping, ingest_flow, serve_ingestion
from flows.schedule import Schedule, ScheduleError
from pipeline.inbox import FAILED, PROCESSED, REASON_SUFFIX, inbox_lock, stable_files
from pipeline.store import RunRow, SourceRow, open_store
from tests.conftest import SAMPLE_FILE, descendants, survivors

BROKEN = ("broken.txt", b"\x00\x01\x02\x03binary", "binary_file")
SERVED_EVERY_S = 2
SERVED_DEADLINE_S = 300
# (every, cron) → the longest first wait after a pass that has just begun
SCHEDULES = [((2, None), 2), ((None, "* * * * *"), 60), ((None, "*/15 * * * *"), 15 * 60)]
BAD_SCHEDULES = [((0, None), "positive"), ((-1, None), "positive"), ((None, "every day"), "not a cron expression"),
                 ((None, "61 * * * *"), "not a cron expression"), ((None, None), "give an interval")]


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


@pytest.mark.parametrize("store_name", ["reportx.db"])
def test_a_store_in_the_inbox_stays_put(store_name, tmp_path, make_corpus, prefect_api):
    """A store kept in the inbox is never an input: a pass neither reads it nor files it away."""
    inbox = tmp_path / "inbox"
    good = make_corpus(inbox, 1)
    url = f"sqlite:///{inbox / store_name}"
    open_store(url).kw["bind"].dispose()  # the store exists before the pass looks at the inbox, and nobody has it open
    summary = ingest_flow(inbox=str(inbox), db=url, settle_seconds=0)
    assert (summary.files, summary.stored, summary.failures) == (1, 1, 0)
    assert filed(inbox, PROCESSED) == [good[0].name] and filed(inbox, FAILED) == []
    assert (inbox / store_name).is_file() and stored_sources(url) == 1


@pytest.mark.parametrize(("when", "longest"), SCHEDULES, ids=["every-2", "cron-minute", "cron-quarter"])
def test_a_schedule_waits_at_most_one_period(when, longest):
    schedule = Schedule(*when)
    assert 0 <= schedule.seconds_until_next(time.monotonic()) <= longest


@pytest.mark.parametrize(("when", "message"), BAD_SCHEDULES, ids=["zero", "negative", "words", "minute-61", "none"])
def test_a_bad_schedule_is_refused_in_words(when, message):
    with pytest.raises(ScheduleError, match=message):
        Schedule(*when)


def reportx_ingest(inbox, db, tmp_path, *when: str) -> tuple[subprocess.Popen, object]:
    """`reportx ingest` in its own process, stderr to a file the test reads while it runs."""
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "ingest.log"
    with open(log, "w") as handle:
        run = subprocess.Popen([sys.executable, "-m", "reportx.cli", "ingest", "--inbox", str(inbox), "--db", db, *when],
                               env=env, stdout=subprocess.DEVNULL, stderr=handle)
    return run, log


def wait_for_line(run, log, text: str) -> None:
    deadline = time.monotonic() + SERVED_DEADLINE_S
    while text not in log.read_text() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert text in log.read_text(), f"no {text!r} from ingest: {log.read_text()[-3000:]}"


@pytest.mark.parametrize(("name", "data", "code"), [BROKEN], ids=["binary"])
def test_served_ingestion_every_2_seconds(name, data, code, tmp_path, sqlite_url, make_corpus):
    """While `reportx ingest --every 2` runs: 3 good files, 1 broken, 1 duplicate are each handled once, each
    with its line; SIGTERM stops it with a summary and takes its local Prefect API with it."""
    inbox, corpus = tmp_path / "inbox", tmp_path / "corpus"
    inbox.mkdir()
    good = make_corpus(corpus, 3)
    serve, log = reportx_ingest(inbox, sqlite_url, tmp_path, "--every", str(SERVED_EVERY_S), "--settle", "0.5")
    try:
        wait_for_line(serve, log, f"watching {inbox} every {SERVED_EVERY_S} s")
        for path in good:
            (inbox / path.name).write_bytes(path.read_bytes())
        (inbox / name).write_bytes(data)
        (inbox / "duplicate.txt").write_bytes(good[0].read_bytes())
        deadline = time.monotonic() + SERVED_DEADLINE_S
        while any(inbox.glob("*.txt")) and serve.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert serve.poll() is None, f"ingest stopped: {log.read_text()[-3000:]}"
        assert filed(inbox, PROCESSED) == sorted(["duplicate.txt", *(p.name for p in good)])
        assert filed(inbox, FAILED) == sorted([name, name + REASON_SUFFIX])
        assert json.loads((inbox / FAILED / (name + REASON_SUFFIX)).read_text(encoding="utf-8"))["error"]["code"] == code
        assert stored_sources(sqlite_url) == 3
        time.sleep(2 * SERVED_EVERY_S)
        assert serve.poll() is None, "the process stays up between passes"
        children = descendants(serve.pid)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(SERVED_DEADLINE_S) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
    lines = log.read_text().splitlines()
    per_file = sorted(line.split(" /")[0] for line in lines if line.startswith(("reportx: stored", "reportx: already", "reportx: failed")))
    assert per_file == ["reportx: already stored"] + ["reportx: failed"] + ["reportx: stored"] * 3, lines
    assert any(line.startswith(f"reportx: failed {inbox / name}: {code}: ") for line in lines), lines
    assert "5 file(s), 3 stored, 1 already stored, 1 failed" in lines[-1]
    assert survivors(children) == [], "processes of a stopped `reportx ingest` outlived it"


@pytest.mark.parametrize("source", [SAMPLE_FILE], ids=["samples"])
def test_ingest_once_stores_a_file_and_exits(source, tmp_path, sqlite_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / source.name).write_bytes(source.read_bytes())
    once, log = reportx_ingest(inbox, sqlite_url, tmp_path, "--once")
    assert once.wait(SERVED_DEADLINE_S) == 0, log.read_text()[-3000:]
    assert f"stored {inbox / source.name}: 13 report(s)" in log.read_text()
    assert filed(inbox, PROCESSED) == [source.name]
    assert stored_sources(sqlite_url) == 1


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_killed_or_interrupted_ingest_leaves_no_process(sig, tmp_path, sqlite_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    serve, log = reportx_ingest(inbox, sqlite_url, tmp_path, "--every", str(SERVED_EVERY_S))
    try:
        wait_for_line(serve, log, "watching")
        children = descendants(serve.pid)
        assert children, "a local Prefect API runs beside the service"
        serve.send_signal(sig)  # to the parent only
        serve.wait(SERVED_DEADLINE_S)
    finally:
        if serve.poll() is None:
            serve.kill()
    assert survivors(children) == [], f"processes of `reportx ingest` outlived its {sig.name}"


@pytest.mark.parametrize("copies", [12])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_a_stop_during_a_pass_lets_it_file_its_files_away(sig, copies, tmp_path, sqlite_url):
    """A service manager's SIGTERM or a Ctrl-C mid-pass: the pass stores and files away its file, then reportx
    exits 0 (never a KeyboardInterrupt inside Prefect's engine)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report = inbox / "long.txt"
    report.write_bytes(SAMPLE_FILE.read_bytes() * copies)  # long enough to be caught while it is extracted
    once, log = reportx_ingest(inbox, sqlite_url, tmp_path, "--once")
    deadline = time.monotonic() + SERVED_DEADLINE_S
    try:
        while not running_passes(sqlite_url) and once.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert once.poll() is None, f"the pass ended before it could be stopped: {log.read_text()[-3000:]}"
        once.send_signal(sig)
        assert once.wait(SERVED_DEADLINE_S) == 0, log.read_text()[-3000:]
    finally:
        if once.poll() is None:
            once.kill()
    assert filed(inbox, PROCESSED) == [report.name] and not report.exists()
    assert stored_sources(sqlite_url) == 1
    assert f"stored {report}" in log.read_text()


def running_passes(db: str) -> int:
    try:
        with open_store(db, upgrade=False)() as session:
            return session.scalar(select(func.count(RunRow.id)).where(RunRow.status == "running"))
    except Exception:  # the store may not be migrated yet
        return 0


@pytest.mark.parametrize("after_s", [1.0])
def test_a_stop_whose_interrupt_was_lost_still_ends_the_service(after_s, tmp_path, sqlite_url, prefect_api, monkeypatch):
    """A KeyboardInterrupt raised inside a finaliser (`__del__`) is printed and dropped by Python; the
    request it carried is not, and the service ends after the pass it is in."""
    stopping = Stopping()
    monkeypatch.setattr(flows.ingest, "STOPPING", stopping)
    forced = threading.Event()

    def interrupt_lost_in_a_finaliser():
        try:
            stopping.request()
        except KeyboardInterrupt:
            pass

    def force_stop():  # only so that a failing run ends
        forced.set()
        stopping.requested = True

    lost, fallback = threading.Timer(after_s, interrupt_lost_in_a_finaliser), threading.Timer(SERVED_DEADLINE_S, force_stop)
    lost.start()
    fallback.start()
    try:
        passes = serve_ingestion(str(tmp_path), sqlite_url, Schedule(every=0.2), 0.0, lambda summary: None)
    finally:
        fallback.cancel()
    assert passes and not forced.is_set(), "the lost interrupt's request did not end the service"
