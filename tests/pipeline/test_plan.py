"""Planning a bulk run: stored and repeated content is skipped; batches keep workers busy without tiny tasks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.plan import MAX_BATCH_BYTES, MAX_BATCH_FILES, MIN_BATCH_BYTES, batch_budget, batches, plan_files, worth_processes

# (name, text) of files in an archive; the copy repeats the first one's content.
ARCHIVE = [("a.txt", "学校现有学生826人。"), ("b.txt", "专任教师57人。"), ("copy.txt", "学校现有学生826人。")]

BUDGETS = [
    (10_000, 2, MIN_BATCH_BYTES),
    (100 * MAX_BATCH_BYTES, 2, MAX_BATCH_BYTES),
    (16 * 256 * 1024, 4, 256 * 1024),
]


@pytest.mark.parametrize("stored", [set(), {"b.txt"}], ids=["fresh", "b-stored"])
def test_plan_skips_stored_and_repeated_content(stored, tmp_path):
    for name, text in ARCHIVE:
        (tmp_path / name).write_text(text, encoding="utf-8")
    digests = {hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() for name in stored}
    plan = plan_files(sorted(tmp_path.iterdir()), digests)
    assert [Path(path).name for path, _ in plan.todo] == [name for name in ("a.txt", "b.txt") if name not in stored]
    assert plan.skipped == 1 + len(stored)


@pytest.mark.parametrize(("total", "workers", "expected"), BUDGETS, ids=["small", "huge", "even"])
def test_batch_budget(total, workers, expected):
    assert batch_budget(total, workers) == expected


@pytest.mark.parametrize(("sizes", "budget", "expected"), [
    ([40, 40, 40, 40], 100, [3, 1]),
    ([1] * (MAX_BATCH_FILES + 1), 10**9, [MAX_BATCH_FILES, 1]),
], ids=["by-bytes", "by-count"])
def test_batches_group_consecutive_files(sizes, budget, expected):
    todo = [(f"f{i}", size) for i, size in enumerate(sizes)]
    groups = batches(todo, budget)
    assert [len(group) for group in groups] == expected
    assert [path for group in groups for path in group] == [path for path, _ in todo]


# bytes to extract, workers → is a process pool worth starting?
WORTH = [
    (120_000, 2, False),  # the samples: ~0.2 s of extraction against ~3 s to start a worker
    (2_000_000, 2, False),  # 4 s alone, 2 s on two workers: not the 3 s a worker costs
    (10_000_000, 2, True),
    (2_000_000, 16, True),  # many workers save almost all of the 4 s
    (10_000_000, 1, False),  # one worker never beats this process
]


@pytest.mark.parametrize("total,workers,expected", WORTH)
def test_a_process_pool_is_started_only_when_the_work_outweighs_it(total, workers, expected):
    assert worth_processes(total, workers) is expected
