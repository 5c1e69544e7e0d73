"""Shared fixtures for all tests (one conftest, as tests/README.md says)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_FILE = SAMPLES / "000_fa63da99af307c15.txt"
SHARED = ROOT.parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))
EXTERNAL = SHARED / "external"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def sample_source():
    from pipeline.ingest import read_source

    return read_source(SAMPLE_FILE)


@pytest.fixture(scope="session")
def sample_result():
    """The samples file extracted once for the whole session."""
    from pipeline.run import process_file

    result = process_file(SAMPLE_FILE)
    assert result.ok, result.failure
    return result


@pytest.fixture(scope="session")
def extract():
    """The whole extraction of one snippet: {text as written: FactDraft} (engine, overlaps resolved)."""
    from extractors.engine import extract_report
    from pipeline.normalise import normalise

    def run(original: str) -> dict:
        normalised = normalise(original)
        draft = extract_report(normalised.text, 0, len(normalised.text))
        return {original[slice(*normalised.original_span(f.start, f.end))]: f for f in draft.facts}

    return run


@pytest.fixture(scope="session")
def external_suites():
    """Peers' public test suites as data (../shared/external); tests using them skip when absent."""
    if not EXTERNAL.is_dir():
        pytest.skip("peers' suites (../shared/external) are not present")
    return EXTERNAL
