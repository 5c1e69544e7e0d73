"""The inbox takes a file only when it is complete: never one a writer still holds open (however long it
pauses), never one under a temporary name, and never files away bytes other than those it stored."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from flows.ingest import ingest_flow
from pipeline import inbox
from pipeline.inbox import PROCESSED, file_away, stable_files
from pipeline.run import process_file
from pipeline.store import SourceRow, open_store

FIRST_HALF = "一、基本情况\n我校现有26个教学班，"
SECOND_HALF = "在校学生826人，专任教师57人。\n"
# A writer that writes half the report, says so, and waits (for as long as the test likes) before the rest.
PAUSING_WRITER = """
import sys
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    handle.write(sys.argv[2]); handle.flush()
    print("half", flush=True)
    sys.stdin.readline()
    handle.write(sys.argv[3])
"""
# file name → taken by a pass?
NAMES = {
    "report.txt": True,
    "report.txt.part": False,
    "report.docx.crdownload": False,
    "report.tmp": False,
    "report.txt~": False,
    ".report.txt": False,
}


@pytest.mark.parametrize("name", list(NAMES))
def test_temporary_names_and_dotfiles_are_not_taken(name, tmp_path):
    (tmp_path / name).write_text(FIRST_HALF + SECOND_HALF, encoding="utf-8")
    assert bool(stable_files(tmp_path, 0)) == NAMES[name]


# seconds since the file last changed, settle time → does the pass look again after the settle time?
SETTLED = [(7200, 60, False), (0, 60, True), (30, 60, True)]


@pytest.mark.parametrize("age,settle,looks_again", SETTLED, ids=[f"{a}s-old@settle{s}" for a, s, _ in SETTLED])
def test_only_a_file_changed_within_the_settle_time_is_looked_at_again(age, settle, looks_again, tmp_path, monkeypatch):
    report = tmp_path / "report.txt"
    report.write_text(FIRST_HALF + SECOND_HALF, encoding="utf-8")
    changed = report.stat().st_mtime - age
    os.utime(report, (changed, changed))
    waits = []
    monkeypatch.setattr(inbox.time, "sleep", waits.append)  # the second look happens at once, unchanged
    assert stable_files(tmp_path, settle) == [report]
    assert waits == ([settle] if looks_again else [])


@pytest.mark.parametrize("settle", [0.3])
def test_a_writer_pausing_longer_than_settle_is_waited_for(settle, tmp_path, sqlite_url, prefect_api):
    report = tmp_path / "report.txt"
    writer = subprocess.Popen([sys.executable, "-c", PAUSING_WRITER, str(report), FIRST_HALF, SECOND_HALF],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "half\n"
        paused = ingest_flow(inbox=str(tmp_path), db=sqlite_url, settle_seconds=settle)  # the pause outlasts the settle
        assert paused.files == 0 and report.exists(), "a file open for writing is not taken"
    finally:
        writer.communicate("go\n", timeout=60)
    done = ingest_flow(inbox=str(tmp_path), db=sqlite_url, settle_seconds=settle)
    assert (done.files, done.stored) == (1, 1)
    assert (tmp_path / PROCESSED / report.name).read_text(encoding="utf-8") == FIRST_HALF + SECOND_HALF
    with open_store(sqlite_url)() as session:
        assert list(session.scalars(select(SourceRow.text))) == [FIRST_HALF + SECOND_HALF]


@pytest.mark.parametrize("added", [SECOND_HALF])
def test_a_file_that_changed_after_it_was_read_stays_for_the_next_pass(added, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(FIRST_HALF, encoding="utf-8")
    result = process_file(report)
    with report.open("a", encoding="utf-8") as handle:
        handle.write(added)
    assert file_away(tmp_path, result) is None
    assert report.read_text(encoding="utf-8") == FIRST_HALF + added
    assert file_away(tmp_path, process_file(report)) == tmp_path / PROCESSED / report.name
