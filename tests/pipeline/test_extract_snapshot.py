"""`reportx extract` writes exactly the stored output for the samples and for dense bulletins.

The stored files are the whole JSON Lines output, byte for byte: a speed-up that changes
any fact, offset, subject or warning shows up here. When extraction is meant to change,
regenerate them in the same commit as the change (and read the diff):

    .venv/bin/reportx extract -q samples/ > tests/data/extract/samples.jsonl
    .venv/bin/reportx extract -q tests/data/extract/dense_bulletins.txt > tests/data/extract/dense_bulletins.jsonl

`dense_bulletins.txt` holds reports 0–7 of `benchmarks/corpus.py:dense_report` (statistics
bulletins and flattened tables, about one fact per 16 characters) as a `篇N` collection.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DATA, ROOT

# (input as given on the command line, stored output)
SNAPSHOTS = [
    ("samples/", DATA / "extract" / "samples.jsonl"),
    ("tests/data/extract/dense_bulletins.txt", DATA / "extract" / "dense_bulletins.jsonl"),
]


def _first_difference(expected: str, actual: str) -> str:
    """The first report and field that differ, for a failure a reader can act on."""
    for old_line, new_line in zip(expected.splitlines(), actual.splitlines(), strict=False):
        if old_line == new_line:
            continue
        old, new = json.loads(old_line), json.loads(new_line)
        for key in old.keys() | new.keys():
            if key == "facts" and old.get(key) != new.get(key):
                for old_fact, new_fact in zip(old["facts"], new["facts"], strict=False):
                    if old_fact != new_fact:
                        changed = {k: (old_fact.get(k), new_fact.get(k)) for k in old_fact.keys() | new_fact.keys() if old_fact.get(k) != new_fact.get(k)}
                        return f"{old.get('doc')}: fact {old_fact.get('text')!r} at {old_fact.get('start')}: {changed}"
                return f"{old.get('doc')}: {len(old['facts'])} facts stored, {len(new['facts'])} now"
            if old.get(key) != new.get(key):
                return f"{old.get('doc')}: {key}: stored {old.get(key)!r}, now {new.get(key)!r}"
        return f"{old.get('doc')}: same values, different bytes"
    return f"{len(expected.splitlines())} records stored, {len(actual.splitlines())} now"


@pytest.mark.parametrize(("argument", "stored"), SNAPSHOTS, ids=[stored.stem for _, stored in SNAPSHOTS])
def test_extract_output_is_the_stored_output(argument, stored):
    done = subprocess.run(
        [sys.executable, "-m", "reportx.cli", "extract", "-q", argument],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected = stored.read_text(encoding="utf-8")
    assert done.stdout == expected, _first_difference(expected, done.stdout)
