"""The store: the schema contract, idempotent writes, and rerun semantics that never touch human decisions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from extractors.version import EXTRACTOR_VERSION
from pipeline.run import process_file
from pipeline.store import (
    DecisionRow,
    FactRow,
    FailureRow,
    ReportRow,
    SourceRow,
    open_store,
    resolve_url,
    save_results,
    start_run,
)

# A report whose fact text changes between two versions of the same file.
EDITED_REPORT = ("学校现有在校学生826人,专任教师57人。", "826人", "学校现有在校学生926人,专任教师57人。")

CONTRACT_COLUMNS = {
    "sources": {"id", "path", "name", "sha256", "size", "format", "encoding", "text", "first_seen", "last_seen"},
    "reports": {"id", "source_id", "part", "doc", "span_start", "span_end", "title", "report_year",
                "extractor_version", "extracted_at"},
    "facts": {"id", "report_id", "fact_key", "kind", "value", "value_max", "unit", "approx", "text", "start", "end",
              "subject", "metric", "date_start", "date_end", "resolved_start", "resolved_end", "sentence",
              "confidence", "extractor", "extractor_version", "origin", "status", "stale", "machine_disagrees",
              "machine_value", "version", "updated_at", "updated_by"},
    "report_warnings": {"id", "report_id", "code", "message", "start", "end", "fact_keys"},
    "decisions": {"id", "fact_id", "report_id", "reviewer", "at", "action", "before", "after", "reason"},
    "failures": {"id", "run_id", "path", "sha256", "code", "message", "traceback_digest", "at"},
    "runs": {"id", "flow", "started_at", "finished_at", "files", "reports", "facts", "failures",
             "extractor_version", "status"},
}

URLS = [
    (None, {}, "sqlite:///{cwd}/reportx.db"),
    (None, {"REPORTX_DB": "elsewhere.db"}, "sqlite:///{cwd}/elsewhere.db"),
    ("given.db", {"REPORTX_DB": "elsewhere.db"}, "sqlite:///{cwd}/given.db"),
    ("postgresql://reportx@db/reportx", {}, "postgresql://reportx@db/reportx"),
]


def count(store, column) -> int:
    with store() as session:
        return session.scalar(select(func.count(column)))


def with_version(result, version):
    """The same extraction as if a new extractor version had produced it."""
    reports = [r.model_copy(update={"extractor_version": version}) for r in result.reports]
    return type(result)(result.path, result.source, reports, result.failure)


@pytest.mark.parametrize(("db", "env", "expected"), URLS, ids=["default", "env", "flag-wins", "postgresql"])
def test_store_url(db, env, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTX_DB", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert resolve_url(db) == expected.format(cwd=tmp_path.resolve())


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_migrations_create_the_contract_schema(table, store_url):
    store = open_store(store_url)
    columns = {column["name"] for column in inspect(store.kw["bind"]).get_columns(table)}
    assert CONTRACT_COLUMNS[table] <= columns


@pytest.mark.parametrize("db", ["sqlite_url"])
def test_sqlite_store_runs_in_wal_mode(db, request):
    store = open_store(request.getfixturevalue(db))
    with store() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize("times", [2])
def test_saving_twice_stores_once(times, store_url, sample_result):
    store = open_store(store_url)
    outcomes = [save_results(store, [sample_result], EXTRACTOR_VERSION, None)[0].outcome for _ in range(times)]
    assert outcomes == ["stored"] + ["skipped"] * (times - 1)
    assert count(store, SourceRow.id) == 1
    assert count(store, ReportRow.id) == len(sample_result.reports)
    assert count(store, FactRow.id) == sum(len(r.facts) for r in sample_result.reports)


@pytest.mark.parametrize("code", ["binary_file"])
def test_a_failure_is_recorded(code, store_url, tmp_path):
    broken = tmp_path / "scan.txt"
    broken.write_bytes(b"\x00\x01\x02\x03binary")
    store = open_store(store_url)
    run_id = start_run(store, "bulk", EXTRACTOR_VERSION)
    saved = save_results(store, [process_file(broken)], EXTRACTOR_VERSION, run_id)
    assert saved[0].outcome == "failed"
    with store() as session:
        failure = session.scalar(select(FailureRow))
    assert (failure.run_id, failure.path, failure.code) == (run_id, str(broken), code)


def review(store, decide):
    """Apply reviewer decisions `decide(facts)` the way the review app writes them."""
    with store.begin() as session:
        facts = list(session.scalars(select(FactRow).order_by(FactRow.report_id, FactRow.start)))
        decide(session, facts)


@pytest.mark.parametrize("new_version", ["test.next"])
def test_new_extractor_version_keeps_human_decisions(new_version, store_url, sample_result):
    store = open_store(store_url)
    save_results(store, [sample_result], EXTRACTOR_VERSION, None)
    machine_facts = count(store, FactRow.id)
    decided = {}

    def decide(session, facts):
        accepted, corrected, rejected = [fact for fact in facts if fact.value is not None][:3]
        accepted.status = "accepted"
        corrected.status, corrected.value = "corrected", corrected.value + 1
        rejected.status = "rejected"
        decided.update(accepted=accepted.id, corrected=corrected.id, rejected=rejected.id,
                       corrected_value=corrected.value)

    review(store, decide)
    saved = save_results(store, [with_version(sample_result, new_version)], new_version, None)
    assert saved[0].outcome == "stored"
    with store() as session:
        facts = {f.id: f for f in session.scalars(select(FactRow))}
        decisions = list(session.scalars(select(DecisionRow)))
    assert len(facts) == machine_facts, "a re-attached fact must not be duplicated by its new machine reading"
    assert {f.extractor_version for f in facts.values()} == {new_version}
    assert facts[decided["accepted"]].status == "accepted" and not facts[decided["accepted"]].machine_disagrees
    corrected = facts[decided["corrected"]]
    assert (corrected.status, corrected.value, corrected.machine_disagrees) == ("corrected", decided["corrected_value"], True)
    assert corrected.machine_value["value"] == decided["corrected_value"] - 1
    assert facts[decided["rejected"]].status == "rejected"
    assert sorted((d.fact_id, d.action, d.reviewer) for d in decisions) == sorted(
        (decided[name], "reattach", "reportx") for name in ("accepted", "corrected", "rejected"))


@pytest.mark.parametrize(("text", "fact_text", "edited"), [EDITED_REPORT], ids=["826人"])
def test_changed_source_text_marks_decided_facts_stale(text, fact_text, edited, store_url, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    store = open_store(store_url)
    save_results(store, [process_file(report)], EXTRACTOR_VERSION, None)

    def accept(session, facts):
        for fact in facts:
            fact.status = "accepted" if fact.text == fact_text else fact.status

    review(store, accept)
    report.write_text(edited, encoding="utf-8")
    save_results(store, [process_file(report)], EXTRACTOR_VERSION, None)
    with store() as session:
        accepted = session.scalar(select(FactRow).where(FactRow.status == "accepted"))
        actions = [d.action for d in session.scalars(select(DecisionRow).order_by(DecisionRow.id))]
    assert count(store, SourceRow.id) == 1, "new content at the same path is the same source, changed"
    assert (accepted.text, accepted.stale) == (fact_text, True)
    assert "stale" in actions


@pytest.mark.parametrize("repeats", [2])
def test_a_batch_stores_new_content_once(repeats, store_url, sample_result, tmp_path):
    from pipeline.store import save_batch

    broken = tmp_path / "scan.txt"
    broken.write_bytes(b"\x00\x01\x02\x03binary")
    store = open_store(store_url)
    batch = [sample_result] * repeats + [process_file(broken)]
    first = [s.outcome for s in save_batch(store, batch, EXTRACTOR_VERSION, None)]
    second = [s.outcome for s in save_batch(store, batch, EXTRACTOR_VERSION, None)]
    assert first == ["stored"] + ["skipped"] * (repeats - 1) + ["failed"]
    assert second == ["skipped"] * repeats + ["failed"]
    assert count(store, ReportRow.id) == len(sample_result.reports)
    assert count(store, FactRow.id) == sum(len(r.facts) for r in sample_result.reports)
