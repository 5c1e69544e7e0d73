"""Exports: long and wide, JSON Lines / CSV / Parquet, with reviewers' corrections applied."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import select

from extractors.engine import EXTRACTOR_VERSION
from pipeline.export import export
from pipeline.store import FactRow, ReportRow, open_store, save_results

FORMATS = ["jsonl", "csv", "parquet"]


def read_rows(path, fmt):
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


@pytest.fixture
def reviewed_store(store_url, sample_result):
    """The samples stored, with one fact corrected, one rejected and one accepted (metric facts)."""
    store = open_store(store_url)
    save_results(store, [sample_result], EXTRACTOR_VERSION, None)
    with store.begin() as session:
        first_report = session.scalar(select(ReportRow.id).order_by(ReportRow.id))
        facts = list(session.scalars(select(FactRow).where(FactRow.report_id == first_report, FactRow.metric.is_not(None),
                                                           FactRow.value.is_not(None)).order_by(FactRow.start)))
        corrected, rejected, accepted = facts[0], facts[1], facts[2]
        corrected.status, corrected.value = "corrected", 4242
        rejected.status = "rejected"
        accepted.status = "accepted"
        decisions = {"corrected": corrected.fact_key, "rejected": rejected.fact_key, "accepted": accepted.fact_key,
                     "metric": corrected.metric}
    return store, decisions


@pytest.mark.parametrize("fmt", FORMATS)
def test_long_export_applies_corrections(fmt, reviewed_store, sample_result, tmp_path):
    store, decisions = reviewed_store
    out = tmp_path / f"facts.{fmt}"
    written = export(store, fmt, str(out))
    rows = {row["fact_key"]: row for row in read_rows(out, fmt)}
    assert written == len(rows) == sum(len(r.facts) for r in sample_result.reports) - 1
    assert decisions["rejected"] not in rows
    assert float(rows[decisions["corrected"]]["value"]) == 4242
    assert rows[decisions["corrected"]]["status"] == "corrected"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reviewed_only_keeps_confirmed_facts(fmt, reviewed_store, tmp_path):
    store, decisions = reviewed_store
    out = tmp_path / f"facts.{fmt}"
    export(store, fmt, str(out), reviewed_only=True)
    assert {row["fact_key"] for row in read_rows(out, fmt)} == {decisions["corrected"], decisions["accepted"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_wide_export_has_a_row_per_report_and_a_column_per_metric(fmt, reviewed_store, sample_result, tmp_path):
    store, decisions = reviewed_store
    out = tmp_path / f"reports.{fmt}"
    export(store, fmt, str(out), wide=True)
    rows = read_rows(out, fmt)
    metrics = {f.metric for r in sample_result.reports for f in r.facts if f.metric and f.id != decisions["rejected"]}
    assert [row["doc"] for row in rows] == [r.doc for r in sample_result.reports]
    assert metrics <= set(rows[0])
    assert float(rows[0][decisions["metric"]]) == 4242, "a corrected value wins its report's cell"


@pytest.mark.parametrize(("argv", "code"), [(["--wide", "--format", "csv"], 0), (["--format", "parquet"], 2)],
                         ids=["wide-csv", "parquet-needs-out"])
def test_export_command(argv, code, sqlite_url, sample_result, capsys):
    from reportx.cli import main

    save_results(open_store(sqlite_url), [sample_result], EXTRACTOR_VERSION, None)
    assert main(["export", "--db", sqlite_url, *argv]) == code
    if code == 0:
        assert len(capsys.readouterr().out.splitlines()) == 1 + len(sample_result.reports)
