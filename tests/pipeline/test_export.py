"""Exports: long and wide, JSON Lines / CSV / Parquet, with reviewers' corrections applied."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import select

from extractors.version import EXTRACTOR_VERSION
from pipeline.export import export
from pipeline.store import FactRow, ReportRow, open_store, save_results

FORMATS = ["jsonl", "csv", "parquet"]
SAMPLE_DOC = "000_fa63da99af307c15.txt#{}"
# (report, metric, the value its cell holds): the rule picks the mention that names the metric itself.
CHOSEN = [(1, "teachers.backbone", 16), (1, "area.building", 3693), (1, "students.total", 826)]
DUPLICATES = {SAMPLE_DOC.format(11): SAMPLE_DOC.format(6)}  # 篇11 is 篇6 with its year masked


def read_rows(path, fmt):
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
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


@pytest.mark.parametrize(("argv", "code"), [(["--wide", "--format", "csv"], 0), (["--format", "parquet"], 2),
                                            (["--format", "xlsx"], 2)],
                         ids=["wide-csv", "parquet-needs-out", "xlsx-needs-out"])
def test_export_command(argv, code, sqlite_url, sample_result, capsys):
    from reportx.cli import main

    save_results(open_store(sqlite_url), [sample_result], EXTRACTOR_VERSION, None)
    assert main(["export", "--db", sqlite_url, *argv]) == code
    if code == 0:
        assert len(capsys.readouterr().out.splitlines()) == 1 + len(sample_result.reports)


@pytest.fixture
def sample_store(sqlite_url, sample_result):
    store = open_store(sqlite_url)
    save_results(store, [sample_result], EXTRACTOR_VERSION, None)
    return store


def conflicting_pairs(sample_result) -> set[tuple[str, str]]:
    """(doc, metric) pairs whose facts give more than one distinct value, straight from the extraction."""
    values: dict[tuple[str, str], set] = {}
    for report in sample_result.reports:
        for fact in report.facts:
            if fact.metric:
                values.setdefault((report.doc, fact.metric), set()).add(fact.value if fact.kind != "date" else fact.date_start)
    return {pair for pair, found in values.items() if len(found) > 1}


def test_wide_csv_flags_every_conflict(sample_store, sample_result, tmp_path):
    out = tmp_path / "reports.csv"
    export(sample_store, "csv", str(out), wide=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "a CSV file opens with a BOM, so Excel reads UTF-8"
    flagged = {(row["doc"], metric) for row in read_rows(out, "csv") for metric in row["conflicts"].split()}
    expected = conflicting_pairs(sample_result)
    assert flagged == expected
    assert {(SAMPLE_DOC.format(1), "area.building"), (SAMPLE_DOC.format(1), "teachers.backbone"),
            (SAMPLE_DOC.format(10), "schools.total")} <= flagged


@pytest.mark.parametrize(("part", "metric", "value"), CHOSEN, ids=[f"{m}@{p}" for p, m, _ in CHOSEN])
def test_wide_cell_holds_the_chosen_value(part, metric, value, sample_store, tmp_path):
    out = tmp_path / "reports.jsonl"
    export(sample_store, "jsonl", str(out), wide=True)
    rows = {row["doc"]: row for row in read_rows(out, "jsonl")}
    assert rows[SAMPLE_DOC.format(part)][metric] == value


def test_all_values_puts_every_value_in_the_cell(sample_store, tmp_path):
    out = tmp_path / "reports.csv"
    export(sample_store, "csv", str(out), wide=True, all_values=True)
    first = read_rows(out, "csv")[0]
    assert set(first["teachers.backbone"].split("; ")) == {"4", "16"}


def test_xlsx_has_labelled_headers_and_the_metric_dictionary(sample_store, sample_result, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "reports.xlsx"
    assert export(sample_store, "xlsx", str(out)) == len(sample_result.reports)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["reports", "metrics"]
    header = [cell.value for cell in next(book["reports"].iter_rows(max_row=1))]
    assert "在校学生数 (人)" in header and "conflicts" in header and "organisation" in header
    dictionary = [[cell.value for cell in row] for row in book["metrics"].iter_rows()]
    assert dictionary[0] == ["id", "label", "unit", "kind", "range_min", "range_max"]
    assert ["students.total", "在校学生数", "人", "count", 0, 300000000] in dictionary


def test_near_duplicates_are_linked_not_dropped(sample_store, sample_result, tmp_path):
    out = tmp_path / "reports.jsonl"
    export(sample_store, "jsonl", str(out), wide=True)
    rows = read_rows(out, "jsonl")
    assert len(rows) == len(sample_result.reports)
    assert {row["doc"]: row["duplicate_of"] for row in rows if row["duplicate_of"]} == DUPLICATES


def test_wide_rows_carry_report_identity(sample_store, tmp_path):
    out = tmp_path / "reports.jsonl"
    export(sample_store, "jsonl", str(out), wide=True)
    first = read_rows(out, "jsonl")[0]
    assert (first["organisation"], first["region"], first["report_kind"]) == (
        "庆安县欢胜中学", "黑龙江省 绥化市 庆安县 欢胜乡", "school_self_evaluation")
