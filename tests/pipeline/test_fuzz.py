"""Mutated report files of every format (seeded): `reportx extract` gives each exactly one outcome, its
reports or one coded error record, and never a traceback (`benchmarks/fuzz_inputs.py` runs more, with bulk)."""

from __future__ import annotations

import pytest

from benchmarks.fuzz_inputs import extract_outcomes, make_mutants, reportx_tracebacks
from models.codes import FailureCode

# (seed, mutants): small enough for the suite; the script runs hundreds
RUNS = [(14, 60)]


@pytest.mark.parametrize(("seed", "count"), RUNS, ids=[f"seed{seed}x{count}" for seed, count in RUNS])
def test_every_mutant_gets_exactly_one_outcome(seed, count, tmp_path, hostile):
    folder = tmp_path / "mutants"
    make_mutants(folder, seed, count)
    outcomes, problems, stderr = extract_outcomes(folder, tmp_path / "out.jsonl")
    assert problems == [], "files with no outcome or with reports and an error"
    assert sum(outcomes.values()) == count
    assert set(outcomes) <= {"reports", *FailureCode}
    assert outcomes["reports"] and len(outcomes) > 2, f"the mutants should be read and fail in several ways: {outcomes}"
    assert reportx_tracebacks(stderr) == 0, stderr[-3000:]
