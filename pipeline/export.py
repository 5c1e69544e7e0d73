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
from typing import IO, Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, sessionmaker

from models.records import fact_fields
from pipeline.spreadsheet import write_xlsx
from pipeline.store import FactRow, ReportRow, SourceRow
from pipeline.store.anchors import superseded
from pipeline.wide import CONFIRMED, plain, wide_rows

FORMATS = ("jsonl", "csv", "parquet", "xlsx")
REPORT_COLUMNS = ["doc", "source", "sha256", "part", "title", "report_year", "year_basis", "organisation", "region",
                  "report_kind", "duplicate_of", "extractor_version"]
# The fact's own fields (its id is the store's fact_key), then how reviewers left it.
FACT_COLUMNS = ["fact_key", *fact_fields("value", "meaning", "span", "provenance"), "origin", "status", "stale", "machine_disagrees"]
LONG_COLUMNS = REPORT_COLUMNS + FACT_COLUMNS
CHUNK_ROWS = 5000


def exportable(reviewed_only: bool):
    """Never a rejected fact, nor an unreviewed one under a reviewer's fact (one number once); with `reviewed_only`, only confirmed ones."""
    return FactRow.status.in_(CONFIRMED) if reviewed_only else and_(FactRow.status != "rejected", ~superseded())


def fact_query(reviewed_only: bool, every_report: bool = False) -> Select:
    """Exportable facts with their report and source, in report then text order.

    With `every_report`, a report without exportable facts still gives one row (fact None).
    """
    joined = and_(FactRow.report_id == ReportRow.id, exportable(reviewed_only))
    query = select(FactRow, ReportRow, SourceRow.path, SourceRow.sha256).select_from(ReportRow)
    query = query.outerjoin(FactRow, joined) if every_report else query.join(FactRow, joined)
    return query.join(SourceRow, ReportRow.source_id == SourceRow.id).order_by(ReportRow.id, FactRow.start, FactRow.id)


def report_fields(report: ReportRow, path: str, sha256: str) -> dict[str, Any]:
    """A report's columns; its region is one space-separated cell, broad to narrow."""
    return {"doc": report.doc, "source": path, "sha256": sha256, "part": report.part, "title": report.title,
            "report_year": report.report_year, "year_basis": report.year_basis, "organisation": report.organisation,
            "region": " ".join(report.region or []), "report_kind": report.report_kind,
            "duplicate_of": report.duplicate_of, "extractor_version": report.extractor_version}


def long_rows(session: Session, reviewed_only: bool = False) -> Iterator[dict[str, Any]]:
    """One row per fact: the report and source it belongs to, then the fact as reviewed."""
    for fact, report, path, sha256 in session.execute(fact_query(reviewed_only).execution_options(yield_per=CHUNK_ROWS)):
        yield {**report_fields(report, path, sha256), **{name: plain(getattr(fact, name)) for name in FACT_COLUMNS}}


def metric_kinds(session: Session, reviewed_only: bool = False) -> dict[str, str]:
    """Each metric found among exportable facts, with its kind (dates export as TIMEX text)."""
    query = select(FactRow.metric, FactRow.kind).where(FactRow.metric.is_not(None), exportable(reviewed_only))
    return dict(session.execute(query.distinct().order_by(FactRow.metric)).all())


@contextmanager
def opened(out: str | None, binary: bool = False, bom: bool = False) -> Iterator[IO]:
    """The output file (with a UTF-8 BOM when `bom`), or standard output."""
    if out is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    encoding = None if binary else "utf-8-sig" if bom else "utf-8"
    with open(out, "wb" if binary else "w", encoding=encoding, newline=None if binary else "") as handle:
        yield handle


def export(factory: sessionmaker[Session], fmt: str, out: str | None, wide: bool = False, reviewed_only: bool = False,
           all_values: bool = False) -> int:
    """Write the export; returns the number of rows written. A CSV file opens with a BOM (Excel reads it as
    UTF-8); CSV on standard output has none. xlsx is always wide."""
    with factory() as session:
        if wide or fmt == "xlsx":
            kinds = metric_kinds(session, reviewed_only)
            columns = [*REPORT_COLUMNS, "conflicts", *kinds]
            query = fact_query(reviewed_only, every_report=True).execution_options(yield_per=CHUNK_ROWS)
            rows = wide_rows(session.execute(query), list(kinds), report_fields, all_values)
            if all_values:
                kinds = dict.fromkeys(kinds, "date")  # several values make a text cell
        else:
            kinds, columns, rows = {}, LONG_COLUMNS, long_rows(session, reviewed_only)
        if fmt == "xlsx":
            return write_xlsx(rows, columns, metric_kinds(session, reviewed_only), out)
        if fmt == "parquet":
            return write_parquet(rows, columns, kinds, out)
        with opened(out, bom=fmt == "csv") as handle:
            return write_csv(rows, columns, handle) if fmt == "csv" else write_jsonl(rows, handle)


def write_jsonl(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    count = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], columns: list[str], handle: IO[str]) -> int:
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
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
