"""The repository's copy of the gold is the team's gold: refreshed whenever ../shared changes."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, SHARED

COPIES = [("gold", "*.jsonl"), ("gold_reports", "*.jsonl")]


@pytest.mark.parametrize(("folder", "pattern"), COPIES, ids=[folder for folder, _ in COPIES])
def test_copy_matches_shared(folder, pattern):
    shared = SHARED / folder
    if not shared.is_dir():
        pytest.skip("../shared is not beside this clone; the copy in tests/data stands alone")
    ours = {path.name: path.read_bytes() for path in (DATA / folder).glob(pattern)}
    theirs = {path.name: path.read_bytes() for path in shared.glob(pattern)}
    assert sorted(ours) == sorted(theirs), f"refresh tests/data/{folder} from ../shared/{folder}"
    stale = [name for name in theirs if ours[name] != theirs[name]]
    assert stale == [], f"refresh tests/data/{folder} from ../shared/{folder}: {stale} differ"


def test_copy_is_present():
    assert sorted(path.name for path in (DATA / "gold").glob("*.jsonl")), "tests/data/gold is empty"
    assert (DATA / "gold_reports" / "seed_reports.jsonl").is_file()
