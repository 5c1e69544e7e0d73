"""Export stored facts for analysis: long (one row per fact) or wide (one row per report, a column per metric).

Reviewers' decisions apply: a corrected fact exports its corrected value, an added fact
is exported, a rejected one never is; `reviewed_only` keeps facts a reviewer confirmed.
Rows stream from the database, so memory stays flat for large stores.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import IO, Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.store import FactRow, ReportRow, SourceRow

FORMATS = ("jsonl", "csv", "parquet")
CONFIRMED = ("accepted", "corrected", "added")
REPORT_COLUMNS = ["doc", "source", "sha256", "part", "title", "report_year", "extractor_version"]
FACT_COLUMNS = [
    "fact_key", "kind", "value", "value_max", "unit", "approx", "text", "start", "end", "subject", "metric",
    "date_start", "date_end", "resolved_start", "resolved_end", "sentence", "confidence", "extractor",
    "origin", "status", "stale", "machine_disagrees",
]
LONG_COLUMNS = REPORT_COLUMNS + FACT_COLUMNS
CHUNK_ROWS = 5000


def exportable(reviewed_only: bool):
    """Never a rejected fact; with `reviewed_only`, only confirmed ones."""
    return FactRow.status.in_(CONFIRMED) if reviewed_only else FactRow.status != "rejected"


def fact_query(reviewed_only: bool, every_report: bool = False) -> Select:
    """Exportable facts with their report and source, in report then text order.

    With `every_report`, a report without exportable facts still gives one row (fact None).
    """
    joined = and_(FactRow.report_id == ReportRow.id, exportable(reviewed_only))
    query = select(FactRow, ReportRow, SourceRow.path, SourceRow.sha256).select_from(ReportRow)
    query = query.outerjoin(FactRow, joined) if every_report else query.join(FactRow, joined)
    return query.join(SourceRow, ReportRow.source_id == SourceRow.id).order_by(ReportRow.id, FactRow.start, FactRow.id)


def plain(value: Any) -> Any:
    """A whole float as an int (826.0 → 826), as the extract output writes it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def report_fields(report: ReportRow, path: str, sha256: str) -> dict[str, Any]:
    return {"doc": report.doc, "source": path, "sha256": sha256, "part": report.part, "title": report.title,
            "report_year": report.report_year, "extractor_version": report.extractor_version}


def long_rows(session: Session, reviewed_only: bool = False) -> Iterator[dict[str, Any]]:
    """One row per fact: the report and source it belongs to, then the fact as reviewed."""
    for fact, report, path, sha256 in session.execute(fact_query(reviewed_only).execution_options(yield_per=CHUNK_ROWS)):
        yield {**report_fields(report, path, sha256), **{name: plain(getattr(fact, name)) for name in FACT_COLUMNS}}


def metric_kinds(session: Session, reviewed_only: bool = False) -> dict[str, str]:
    """Each metric found among exportable facts, with its kind (dates export as TIMEX text)."""
    query = select(FactRow.metric, FactRow.kind).where(FactRow.metric.is_not(None), exportable(reviewed_only))
    return dict(session.execute(query.distinct().order_by(FactRow.metric)).all())


def cell(fact: FactRow) -> Any:
    if fact.kind == "date":
        return fact.date_start if fact.date_start == fact.date_end else f"{fact.date_start}/{fact.date_end}"
    return plain(fact.value)


def wide_rows(session: Session, metrics: list[str], reviewed_only: bool = False) -> Iterator[dict[str, Any]]:
    """One row per report, one column per metric: a confirmed fact's value first, else the first in the text."""
    rows = session.execute(fact_query(reviewed_only, every_report=True).execution_options(yield_per=CHUNK_ROWS))
    for _, group in groupby(rows, key=lambda row: row[1].id):
        group = list(group)
        _, report, path, sha256 = group[0]
        values: dict[str, Any] = {}
        facts = [row[0] for row in group if row[0] is not None]
        for fact in sorted(facts, key=lambda fact: fact.status not in CONFIRMED):
            if fact.metric and fact.metric not in values:
                values[fact.metric] = cell(fact)
        yield {**report_fields(report, path, sha256), **{metric: values.get(metric) for metric in metrics}}


@contextmanager
def opened(out: str | None, binary: bool = False) -> Iterator[IO]:
    if out is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with open(out, "wb" if binary else "w", encoding=None if binary else "utf-8", newline=None if binary else "") as handle:
        yield handle


def export(factory: sessionmaker[Session], fmt: str, out: str | None, wide: bool = False, reviewed_only: bool = False) -> int:
    """Write the export; returns the number of rows written."""
    with factory() as session:
        if wide:
            kinds = metric_kinds(session, reviewed_only)
            columns = REPORT_COLUMNS + list(kinds)
            rows = wide_rows(session, list(kinds), reviewed_only)
        else:
            kinds, columns, rows = {}, LONG_COLUMNS, long_rows(session, reviewed_only)
        if fmt == "parquet":
            return write_parquet(rows, columns, kinds, out)
        with opened(out) as handle:
            return write_csv(rows, columns, handle) if fmt == "csv" else write_jsonl(rows, handle)


def write_jsonl(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    count = 0
    for count, row in enumerate(rows, 1):
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def write_csv(rows: Iterator[dict[str, Any]], columns: list[str], handle: IO[str]) -> int:
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
    return count


def parquet_schema(columns: list[str], metric_kinds: dict[str, str]):
    import pyarrow as pa

    types = {"part": pa.int64(), "report_year": pa.int64(), "start": pa.int64(), "end": pa.int64(),
             "value": pa.float64(), "value_max": pa.float64(), "confidence": pa.float64(),
             "stale": pa.bool_(), "machine_disagrees": pa.bool_()}
    types.update({metric: pa.string() if kind == "date" else pa.float64() for metric, kind in metric_kinds.items()})
    return pa.schema([(name, types.get(name, pa.string())) for name in columns])


def write_parquet(rows: Iterator[dict[str, Any]], columns: list[str], metric_kinds: dict[str, str], out: str | None) -> int:
    """Parquet in chunks of CHUNK_ROWS rows, with numbers typed as numbers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns, metric_kinds)
    count, chunk = 0, []
    with opened(out, binary=True) as handle, pq.ParquetWriter(handle, schema) as writer:
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count, chunk = count + len(chunk), []
        writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    return count + len(chunk)
