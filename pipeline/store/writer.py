"""Write extraction results into the store: one transaction per file, keyed by (source sha256, part).

Rerun semantics: a file already stored by the same extractor version is skipped;
with a new version (or new content at the same path) unreviewed machine facts are
replaced, while facts a reviewer decided on are kept and re-attached by span to the
new reading of their characters (`pipeline/store/anchors.py`: a reading a decision
replaced never comes back beside it), marked `machine_disagrees` or `stale`, each
change logged in `decisions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.records import READING, Fact, Report, Source, fact_fields
from pipeline.store.anchors import pair_readings, spans_held
from pipeline.store.duplicates import duplicate_of
from pipeline.store.runs import mark_interrupted, run_owner
from pipeline.store.schema import (
    SYSTEM_REVIEWER,
    DecisionRow,
    FactRow,
    FailureRow,
    ReportRow,
    RunRow,
    SourceRow,
    WarningRow,
    utcnow,
)

if TYPE_CHECKING:
    from pipeline.run import FileResult

# What a reviewer decides on; a rerun compares these with the new machine reading.
READING_FIELDS = fact_fields(*READING)
MACHINE_FIELDS = (*READING_FIELDS, "text", *fact_fields("provenance"))
SPAN_FIELDS = ("start", "end")  # a reading may sit on other characters than the decision it is tied to
WRITE_ATTEMPTS = 3  # a concurrent writer of the same source loses one attempt, then sees the stored rows


@dataclass
class Saved:
    """What writing one file did: 'stored', 'skipped' (already current) or 'failed'."""

    outcome: str
    reports: int = 0
    facts: int = 0


def current_sha256s(session: Session, extractor_version: str) -> set[str]:
    """Sources already extracted by this extractor version (their files are skipped)."""
    query = select(SourceRow.sha256).join(ReportRow).where(ReportRow.extractor_version == extractor_version).distinct()
    return set(session.scalars(query))


def save_results(factory: sessionmaker[Session], results: Iterable[FileResult], extractor_version: str, run_id: int | None) -> list[Saved]:
    """Write each file in its own transaction, retrying one that lost a race with a concurrent writer."""
    saved = []
    for result in results:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with factory.begin() as session:
                    saved.append(save_result(session, result, extractor_version, run_id))
                break
            except (IntegrityError, OperationalError):
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
    return saved


def save_result(session: Session, result: FileResult, extractor_version: str, run_id: int | None) -> Saved:
    """Write one file's reports (or its failure) inside the caller's transaction."""
    if result.failure:
        error = result.failure.error
        session.add(FailureRow(run_id=run_id, path=result.path, sha256=result.failure.sha256, code=str(error.code),
                               message=error.message, traceback_digest=error.traceback_digest))
        return Saved("failed")
    source = result.source
    row = session.scalar(select(SourceRow).where(SourceRow.sha256 == source.sha256))
    old_text = None
    if row is not None:
        row.last_seen = utcnow()
        if session.scalar(select(ReportRow.id).where(ReportRow.source_id == row.id, ReportRow.extractor_version == extractor_version).limit(1)):
            return Saved("skipped")
    else:
        row = session.scalar(select(SourceRow).where(SourceRow.path == source.path).order_by(SourceRow.id.desc()).limit(1))
        if row is not None:  # new content at a known path: the same source, changed
            old_text = row.text
        else:
            row = SourceRow()
            session.add(row)
        update_source(row, source)
        session.flush()
    existing = {report.part: report for report in session.scalars(select(ReportRow).where(ReportRow.source_id == row.id))}
    facts = 0
    for report in result.reports:
        report_row = existing.pop(report.part, None)
        if report_row is None:
            report_row = ReportRow(source_id=row.id)
            session.add(report_row)
        update_report(report_row, report)
        session.flush()
        facts += refresh_facts(session, report_row, report, extractor_version, old_text, source.text)
        report_row.duplicate_of = duplicate_of(session, report, report_row.id)
    for retired in existing.values():
        retire_report(session, retired, old_text, source.text)
    return Saved("stored", len(result.reports), facts)


def source_columns(source: Source) -> dict[str, Any]:
    return {"path": source.path, "name": source.name, "sha256": source.sha256, "size": source.size,
            "format": source.format, "encoding": source.encoding, "text": source.text, "last_seen": utcnow()}


def report_columns(report: Report) -> dict[str, Any]:
    return {"part": report.part, "doc": report.doc, "title": report.title, "report_year": report.report_year,
            "year_basis": report.year_basis, "organisation": report.organisation, "region": report.region,
            "report_kind": report.report_kind, "span_start": report.span[0], "span_end": report.span[1],
            "extractor_version": report.extractor_version, "extracted_at": utcnow()}


def warning_rows(report: Report, report_id: int) -> list[dict[str, Any]]:
    return [{"report_id": report_id, "code": str(w.code), "message": w.message, "start": w.start, "end": w.end,
             "fact_keys": w.facts} for w in report.warnings]


def update_source(row: SourceRow, source: Source) -> None:
    for name, value in source_columns(source).items():
        setattr(row, name, value)


def update_report(row: ReportRow, report: Report) -> None:
    for name, value in report_columns(report).items():
        setattr(row, name, value)


def machine_reading(fact: Fact) -> dict[str, Any]:
    return fact.model_dump(include={*READING_FIELDS, *SPAN_FIELDS})


def fact_columns(fact: Fact, report_id: int, extractor_version: str) -> dict[str, Any]:
    return {**fact.model_dump(include=set(MACHINE_FIELDS) | {"start", "end"}), "fact_key": fact.id,
            "report_id": report_id, "extractor_version": extractor_version}


def decided_facts(session: Session, report_row: ReportRow) -> tuple[list[FactRow], list[int]]:
    """(facts a rerun must keep, ids of the rest): reviewer-decided facts and any with an audit trail."""
    facts = list(session.scalars(select(FactRow).where(FactRow.report_id == report_row.id)))
    audited = set(session.scalars(select(DecisionRow.fact_id).where(DecisionRow.fact_id.in_([f.id for f in facts]))))
    kept = [f for f in facts if f.human or f.id in audited]
    return kept, [f.id for f in facts if not (f.human or f.id in audited)]


def refresh_facts(session: Session, report_row: ReportRow, report: Report, extractor_version: str,
                  old_text: str | None, new_text: str) -> int:
    """Replace a report's machine facts and warnings; re-attach decided facts to the new reading of their characters."""
    kept, replaced = decided_facts(session, report_row)
    if replaced:
        session.execute(delete(FactRow).where(FactRow.id.in_(replaced)))
    session.execute(delete(WarningRow).where(WarningRow.report_id == report_row.id))
    pairs, fresh = pair_readings(kept, report.facts, spans_held(session, kept))
    if old_text is not None:
        for fact in kept:
            mark_stale(session, fact, new_text)
    for fact, reading in pairs:
        reattach(session, fact, reading, extractor_version)
    if fresh:
        session.execute(insert(FactRow), [fact_columns(f, report_row.id, extractor_version) for f in fresh])
    if report.warnings:
        session.execute(insert(WarningRow), warning_rows(report, report_row.id))
    return len(report.facts)


def reattach(session: Session, fact: FactRow, reading: Fact, extractor_version: str) -> None:
    """Tie a decided fact to the new machine reading of its characters, keeping its human fields."""
    before = audit_state(fact)
    if fact.human:
        new = machine_reading(reading)
        disagrees = any(getattr(fact, name) != value for name, value in new.items())
        fact.machine_disagrees, fact.machine_value = disagrees, ({**new, "text": reading.text} if disagrees else None)
    else:  # unreviewed, with an audit trail: its fields are the machine's, so they follow the reading
        for name in (*MACHINE_FIELDS, *SPAN_FIELDS):
            setattr(fact, name, getattr(reading, name))
    fact.fact_key, fact.extractor_version = reading.id, extractor_version
    record_change(session, fact, "reattach", before, f"re-extracted by {extractor_version}")


def mark_stale(session: Session, fact: FactRow, new_text: str) -> None:
    """Flag a decided fact whose characters changed in a new version of its source."""
    if fact.stale or new_text[fact.start : fact.end] == fact.text:
        return
    before = audit_state(fact)
    fact.stale = True
    record_change(session, fact, "stale", before, "the source text under this fact changed")


def retire_report(session: Session, report_row: ReportRow, old_text: str | None, new_text: str) -> None:
    """A part the new extraction no longer has: drop its machine facts; keep it if decided facts remain."""
    kept, replaced = decided_facts(session, report_row)
    if replaced:
        session.execute(delete(FactRow).where(FactRow.id.in_(replaced)))
    session.execute(delete(WarningRow).where(WarningRow.report_id == report_row.id))
    if not kept:
        session.delete(report_row)
    elif old_text is not None:
        for fact in kept:
            mark_stale(session, fact, new_text)


def audit_state(fact: FactRow) -> dict[str, Any]:
    return {"fact_key": fact.fact_key, "extractor_version": fact.extractor_version, "stale": fact.stale,
            "machine_disagrees": fact.machine_disagrees, "machine_value": fact.machine_value,
            **{name: getattr(fact, name) for name in (*READING_FIELDS, *SPAN_FIELDS)}}


def record_change(session: Session, fact: FactRow, action: str, before: dict[str, Any], reason: str) -> None:
    """Bump the fact's version (reviewers' optimistic lock) and append the audit row."""
    fact.version += 1
    fact.updated_at, fact.updated_by = utcnow(), SYSTEM_REVIEWER
    session.add(DecisionRow(fact_id=fact.id, report_id=fact.report_id, reviewer=SYSTEM_REVIEWER, action=action,
                            before=before, after=audit_state(fact), reason=reason))


def start_run(factory: sessionmaker[Session], flow: str, extractor_version: str) -> int:
    """A new 'running' run owned by this process; runs of this host whose process died become 'interrupted'."""
    with factory.begin() as session:
        mark_interrupted(session)
        host, pid = run_owner()
        run = RunRow(flow=flow, extractor_version=extractor_version, host=host, pid=pid)
        session.add(run)
        session.flush()
        return run.id


def finish_run(factory: sessionmaker[Session], run_id: int, files: int, saved: list[Saved]) -> str:
    """Record a run's totals; its status is 'completed', or 'partial' when some files failed."""
    failures = sum(s.outcome == "failed" for s in saved)
    status = "partial" if failures else "completed"
    with factory.begin() as session:
        run = session.get(RunRow, run_id)
        run.finished_at, run.files, run.status = utcnow(), files, status
        run.reports, run.facts, run.failures = sum(s.reports for s in saved), sum(s.facts for s in saved), failures
    return status


def run_failures(factory: sessionmaker[Session], run_id: int) -> list[FailureRow]:
    """The files a run could not process, in the order they failed."""
    with factory() as session:
        return list(session.scalars(select(FailureRow).where(FailureRow.run_id == run_id).order_by(FailureRow.id)))
