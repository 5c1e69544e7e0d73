"""Write a batch of files in one transaction, with multi-row inserts for content the store has never seen.

Bulk conversion is mostly new files; inserting their sources, reports, facts and
warnings a table at a time costs a fraction of writing them one by one. Anything the
store already knows (same content, or the same path with new content) goes through
`save_result` and its rerun semantics. Each report is still all-or-nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.store.schema import FactRow, ReportRow, SourceRow, WarningRow
from pipeline.store.writer import (
    Saved,
    fact_columns,
    report_columns,
    save_result,
    save_results,
    source_columns,
    warning_rows,
)

if TYPE_CHECKING:
    from pipeline.run import FileResult


def save_batch(factory: sessionmaker[Session], results: list[FileResult], extractor_version: str, run_id: int | None) -> list[Saved]:
    """Write `results` in one transaction; if a concurrent writer got in first, one transaction per file."""
    try:
        with factory.begin() as session:
            return write_batch(session, results, extractor_version, run_id)
    except (IntegrityError, OperationalError):
        return save_results(factory, results, extractor_version, run_id)


def unseen(session: Session, results: list[FileResult]) -> list[int]:
    """Positions of readable files whose content and path are new to the store and to the batch."""
    readable = [r for r in results if r.failure is None]
    known = set(session.scalars(select(SourceRow.sha256).where(SourceRow.sha256.in_({r.source.sha256 for r in readable}))))
    known |= set(session.scalars(select(SourceRow.path).where(SourceRow.path.in_({r.source.path for r in readable}))))
    fresh = []
    for position, result in enumerate(results):
        if result.failure is None and result.source.sha256 not in known and result.source.path not in known:
            known.update((result.source.sha256, result.source.path))
            fresh.append(position)
    return fresh


def write_batch(session: Session, results: list[FileResult], extractor_version: str, run_id: int | None) -> list[Saved]:
    fresh = set(unseen(session, results))
    insert_new(session, [results[position] for position in sorted(fresh)], extractor_version)
    return [
        Saved("stored", len(result.reports), sum(len(r.facts) for r in result.reports)) if position in fresh
        else save_result(session, result, extractor_version, run_id)
        for position, result in enumerate(results)
    ]


def insert_new(session: Session, fresh: list[FileResult], extractor_version: str) -> None:
    """Sources, then reports, then facts and warnings, one multi-row insert each."""
    if not fresh:
        return
    source_ids = session.scalars(insert(SourceRow).returning(SourceRow.id, sort_by_parameter_order=True),
                                 [source_columns(result.source) for result in fresh]).all()
    reports = [(report, source_id) for result, source_id in zip(fresh, source_ids, strict=True) for report in result.reports]
    report_ids = session.scalars(insert(ReportRow).returning(ReportRow.id, sort_by_parameter_order=True),
                                 [{**report_columns(report), "source_id": source_id} for report, source_id in reports]).all()
    facts = [fact_columns(fact, report_id, extractor_version) for (report, _), report_id in zip(reports, report_ids, strict=True) for fact in report.facts]
    warnings = [row for (report, _), report_id in zip(reports, report_ids, strict=True) for row in warning_rows(report, report_id)]
    if facts:
        session.execute(insert(FactRow), facts)
    if warnings:
        session.execute(insert(WarningRow), warnings)
