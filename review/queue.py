"""The review queue: one row per report, the ones most likely to hold mistakes first.

Reports with cross-check warnings come first, then those with the most
low-confidence facts, then those with the most left to review. Each row says
whose report it is (organisation, region, kind, year) and which earlier report
it repeats, so a reviewer can skip a copy or review the pair together. Counting is
done by the database in a few grouped queries, so the queue of a large store
opens as fast as a small one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pipeline.store.schema import SYSTEM_REVIEWER, DecisionRow, FactRow, ReportRow, SourceRow, WarningRow

LOW_CONFIDENCE = 0.7
QUEUE_STATUSES = ("new", "in progress", "done")
REVIEWED = ("accepted", "corrected", "rejected")


@dataclass
class QueueRow:
    report_id: int
    source: str
    doc: str
    title: str | None
    facts: int
    unreviewed: int
    low_confidence: int
    warnings: list[str]
    reviewers: list[str]
    stale: int
    organisation: str | None = None
    region: list[str] = field(default_factory=list)
    report_kind: str = "other"
    report_year: int | None = None
    year_basis: str | None = None
    duplicate_of: str | None = None  # the doc of the earlier report this one repeats
    duplicate_id: int | None = None  # that report's id, for the link

    @property
    def status(self) -> str:
        if self.unreviewed == 0:
            return "done"
        return "in progress" if self.reviewers or self.unreviewed < self.facts else "new"


@dataclass
class QueueFilter:
    status: str = ""
    metric: str = ""
    kind: str = ""
    warning: str = ""
    search: str = ""

    def active(self) -> bool:
        return any((self.status, self.metric, self.kind, self.warning, self.search))


@dataclass
class Precision:
    """The extractor measured against reviewers' decisions on machine facts."""

    reviewed: int = 0
    accepted: int = 0  # value right as extracted
    corrected: int = 0  # a real fact, some field wrong
    rejected: int = 0  # not a fact
    added: int = 0  # missed by the machine

    @property
    def detection(self) -> float | None:
        return (self.accepted + self.corrected) / self.reviewed if self.reviewed else None

    @property
    def value(self) -> float | None:
        return self.accepted / self.reviewed if self.reviewed else None


IDENTITY = (ReportRow.organisation, ReportRow.region, ReportRow.report_kind, ReportRow.report_year,
            ReportRow.year_basis, ReportRow.duplicate_of)


def report_ids(session: Session, docs: set[str]) -> dict[str, int]:
    """The id of the first stored report of each doc, to link a `duplicate_of` to the report it names."""
    ids: dict[str, int] = {}
    for report_id, doc in session.execute(select(ReportRow.id, ReportRow.doc).where(ReportRow.doc.in_(docs)).order_by(ReportRow.id)):
        ids.setdefault(doc, report_id)
    return ids


def queue(session: Session, wanted: QueueFilter) -> list[QueueRow]:
    reports = select(ReportRow.id, ReportRow.doc, ReportRow.title, SourceRow.name, *IDENTITY).join(SourceRow)
    if wanted.search:
        pattern = f"%{wanted.search}%"
        reports = reports.where(SourceRow.name.ilike(pattern) | ReportRow.doc.ilike(pattern) | ReportRow.title.ilike(pattern)
                                | ReportRow.organisation.ilike(pattern))
    for column, value in ((FactRow.metric, wanted.metric), (FactRow.kind, wanted.kind)):
        if value:
            reports = reports.where(ReportRow.id.in_(select(FactRow.report_id).where(column == value)))
    if wanted.warning:
        reports = reports.where(ReportRow.id.in_(select(WarningRow.report_id).where(WarningRow.code == wanted.warning)))
    rows = {
        r.id: QueueRow(r.id, r.name, r.doc, r.title, 0, 0, 0, [], [], 0, r.organisation, r.region or [], r.report_kind,
                       r.report_year, r.year_basis, r.duplicate_of)
        for r in session.execute(reports)
    }
    if not rows:
        return []
    linked = report_ids(session, {row.duplicate_of for row in rows.values() if row.duplicate_of})
    for row in rows.values():
        row.duplicate_id = linked.get(row.duplicate_of)
    ids = list(rows)
    counts = select(
        FactRow.report_id,
        func.count(),
        func.sum(case((FactRow.status == "unreviewed", 1), else_=0)),
        func.sum(case(((FactRow.confidence < LOW_CONFIDENCE) & (FactRow.status == "unreviewed"), 1), else_=0)),
        func.sum(case((FactRow.stale.is_(True), 1), else_=0)),
    ).where(FactRow.report_id.in_(ids)).group_by(FactRow.report_id)
    for report_id, total, unreviewed, low, stale in session.execute(counts):
        row = rows[report_id]
        row.facts, row.unreviewed, row.low_confidence, row.stale = total, unreviewed or 0, low or 0, stale or 0
    for report_id, code in session.execute(select(WarningRow.report_id, WarningRow.code).where(WarningRow.report_id.in_(ids))):
        rows[report_id].warnings.append(code)
    reviewers = select(DecisionRow.report_id, DecisionRow.reviewer).where(
        DecisionRow.report_id.in_(ids), DecisionRow.reviewer != SYSTEM_REVIEWER).distinct()
    for report_id, reviewer in session.execute(reviewers):
        rows[report_id].reviewers.append(reviewer)
    result = [row for row in rows.values() if not wanted.status or row.status == wanted.status]
    result.sort(key=lambda r: (r.status == "done", -len(r.warnings), -r.low_confidence, -r.unreviewed, r.report_id))
    return result


def choices(session: Session) -> dict[str, list[str]]:
    """The values the queue's filters offer."""
    return {
        "status": list(QUEUE_STATUSES),
        "metric": list(session.scalars(select(FactRow.metric).where(FactRow.metric.is_not(None)).distinct().order_by(FactRow.metric))),
        "kind": list(session.scalars(select(FactRow.kind).distinct().order_by(FactRow.kind))),
        "warning": list(session.scalars(select(WarningRow.code).distinct().order_by(WarningRow.code))),
    }


def precision(session: Session) -> Precision:
    result = Precision()
    by_status = select(FactRow.origin, FactRow.status, func.count()).group_by(FactRow.origin, FactRow.status)
    for origin, status, count in session.execute(by_status):
        if origin == "human":
            result.added += count if status == "added" else 0
        elif status in REVIEWED:
            setattr(result, status, getattr(result, status) + count)
            result.reviewed += count
    return result
