"""Shared fixtures for all tests (one conftest, as tests/README.md says)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_FILE = SAMPLES / "000_fa63da99af307c15.txt"
# The dev gold for samples/ (a copy of the team's shared gold, kept in step by test_gold_copy.py).
DATA = ROOT / "tests" / "data"
GOLD_FILES = sorted((DATA / "gold").glob("*.jsonl"))
REPORT_GOLD = DATA / "gold_reports" / "seed_reports.jsonl"
# Only the peers' public suites are read from ../shared, when it is there.
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Prefect state of this test session (also for `reportx` subprocesses), removed at exit.
PREFECT_HOME = Path(os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="reportx-prefect-")))
atexit.register(shutil.rmtree, PREFECT_HOME, ignore_errors=True)
POSTGRES_SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432"


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


# A report whose text carries markup: the review page must show it as text.
HOSTILE_REPORT = "篇1\n测试学校<script>alert(1)</script>有学生826人，教师<b>52名</b>，占地1.4万平米，建于1968年，投资3150万元。\n"


@pytest.fixture(scope="session")
def review_store_template(tmp_path_factory, sample_result):
    """A SQLite store holding the samples and a hostile report, built once; tests copy it."""
    from extractors.version import EXTRACTOR_VERSION
    from pipeline.run import process_file
    from pipeline.store import open_store, save_results

    folder = tmp_path_factory.mktemp("review-template")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE_REPORT, encoding="utf-8")
    factory = open_store(f"sqlite:///{folder / 'store.db'}")
    save_results(factory, [sample_result, process_file(hostile)], EXTRACTOR_VERSION, None)
    factory.kw["bind"].dispose()
    return folder / "store.db"


@pytest.fixture
def review_store(tmp_path, review_store_template):
    """A fresh copy of the review test store: (URL, session factory)."""
    import shutil

    from pipeline.store import open_store

    path = tmp_path / "store.db"
    shutil.copy(review_store_template, path)
    url = f"sqlite:///{path}"
    factory = open_store(url)
    yield url, factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session")
def review_server(tmp_path_factory, review_store_template):
    """The review app on a free loopback port, in a thread, over its own copy of the store: (base URL, factory)."""
    import shutil

    from pipeline.store import open_store
    from review.app import create_app
    from review.harness import serve_in_thread

    path = tmp_path_factory.mktemp("review-server") / "store.db"
    shutil.copy(review_store_template, path)
    factory = open_store(f"sqlite:///{path}")
    with serve_in_thread(create_app(factory)) as base:
        yield base, factory


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright, headless (playwright cannot download browsers here)."""
    from review import harness

    if harness.chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    with harness.chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def external_suites():
    """Peers' public test suites as data (../shared/external); tests using them skip when absent."""
    if not EXTERNAL.is_dir():
        pytest.skip("peers' suites (../shared/external) are not present")
    return EXTERNAL


@pytest.fixture
def sqlite_url(tmp_path):
    """A fresh SQLite store file."""
    return f"sqlite:///{tmp_path / 'reportx.db'}"


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database on 127.0.0.1:5432 (the `test` server), dropped afterwards.

    Skips when the server is unreachable, except under CI=true, where it fails.
    """
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{POSTGRES_SERVER}/test", isolation_level="AUTOCOMMIT")
    name = f"reportx_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except Exception as error:  # any driver error means the server cannot be used
        admin.dispose()
        message = f"PostgreSQL on 127.0.0.1:5432 (database test) is unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield f"{POSTGRES_SERVER}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request):
    """Each store test runs on a real SQLite file and on a real PostgreSQL database."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(scope="session")
def prefect_api():
    """One Prefect API for the flow tests that run in this process (a test harness, entered once)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield


@pytest.fixture(scope="session")
def make_corpus():
    """`make_corpus(dest, count)`: single-report files from the samples, each with its own sha256."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import make_corpus

    return make_corpus


@pytest.fixture(scope="session")
def hostile():
    """Builders of malformed and hostile inputs (`benchmarks/hostile.py`); its PDFs need the CJK font."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import hostile

    if not hostile.CJK_FONT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CJK font missing: {hostile.CJK_FONT} (install fonts-wqy-microhei)")
        pytest.skip("no CJK font to build PDFs with")
    return hostile


# How long the children of a killed reportx may take to notice and go (generous: the machine may be busy).
ORPHAN_DEADLINE_S = 60


def descendants(pid: int) -> list:
    """The live processes under `pid` (psutil), e.g. a local Prefect API and pool workers."""
    import psutil

    return psutil.Process(pid).children(recursive=True)


def survivors(processes: list, deadline_s: float = ORPHAN_DEADLINE_S) -> list[str]:
    """Those of `processes` still running (not zombies) at the deadline, as 'pid command' strings, then killed."""
    import psutil

    def running(process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + deadline_s
    while any(map(running, processes)) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in processes if running(p)]
    described = [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in left]
    for process in left:
        process.kill()
    return described
