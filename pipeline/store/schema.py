"""The store's tables: extracted sources, reports and facts, their review trail, failures and runs.

Column names follow the store schema contract shared with the review app; a
change here needs an Alembic migration under `pipeline/migrations/versions/`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import NoneType
from typing import Any, get_args

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.records import Fact, fact_fields

FACT_ORIGINS = ("machine", "human")
FACT_STATUSES = ("unreviewed", "accepted", "corrected", "rejected", "added", "flagged")
DECISION_ACTIONS = ("accept", "reject", "edit", "add", "flag", "undo", "reattach", "stale")
RUN_FLOWS = ("bulk", "ingest", "extract")
SYSTEM_REVIEWER = "reportx"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    """One input file's content (unique by sha256) and the decoded text facts' offsets point into."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1024), index=True)
    name: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reports: Mapped[list[ReportRow]] = relationship(back_populates="source", order_by="ReportRow.part")


class ReportRow(Base):
    """One report of a source (the whole file, or one `篇N` part), keyed by (source, part)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("source_id", "part", name="uq_reports_source_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    part: Mapped[int] = mapped_column(Integer)
    doc: Mapped[str] = mapped_column(String(600))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    report_year: Mapped[int | None] = mapped_column(Integer)
    year_basis: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    region: Mapped[list[str]] = mapped_column(JSON, default=list)
    report_kind: Mapped[str] = mapped_column(String(32), default="other")
    duplicate_of: Mapped[str | None] = mapped_column(String(600))
    extractor_version: Mapped[str] = mapped_column(String(64), index=True)
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    source: Mapped[SourceRow] = relationship(back_populates="reports")
    facts: Mapped[list[FactRow]] = relationship(back_populates="report", order_by="FactRow.start")
    warnings: Mapped[list[WarningRow]] = relationship(back_populates="report")


class FactRow(Base):
    """A fact as the machine read it, and as reviewers decided it (origin, status, version)."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    fact_key: Mapped[str] = mapped_column(String(64), index=True)
    # + one column per field of the Fact model (kind, value, … extractor), added below the class.
    extractor_version: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(8), default="machine")
    status: Mapped[str] = mapped_column(String(12), default="unreviewed", index=True)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    machine_disagrees: Mapped[bool] = mapped_column(Boolean, default=False)
    machine_value: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128), default=SYSTEM_REVIEWER)

    report: Mapped[ReportRow] = relationship(back_populates="facts")

    @property
    def human(self) -> bool:
        """A reviewer decided on it: a rerun never deletes it or changes its human fields."""
        return self.origin == "human" or self.status != "unreviewed"



# A fact's fields are declared once, on `models.records.Fact`; the store keeps each in a column
# of its Python type, with the sizes and indexes below (Fact.id is the store's fact_key).
FACT_COLUMN_TYPES = {
    "kind": String(16), "unit": String(32), "approx": String(16), "metric": String(128), "extractor": String(64),
    "date_start": String(10), "date_end": String(10), "resolved_start": String(10), "resolved_end": String(10),
}
FACT_COLUMN_INDEXED = {"metric"}
_TYPE_OF = {str: Text, int: Integer, float: Float}


def fact_column(name: str):
    """The facts-table column of one Fact field: its type, nullability and default from the model."""
    field = Fact.model_fields[name]
    members = set(get_args(field.annotation)) or {field.annotation}
    column_type = FACT_COLUMN_TYPES.get(name) or (Float if float in members else _TYPE_OF[next(iter(members - {NoneType}))])
    return mapped_column(
        name, column_type, nullable=NoneType in members, index=name in FACT_COLUMN_INDEXED,
        default=None if field.is_required() else field.default,
    )


for _name in fact_fields():
    if _name != "id":
        setattr(FactRow, _name, fact_column(_name))

class WarningRow(Base):
    """Something a reviewer should look at in a report, naming the facts involved by fact_key."""

    __tablename__ = "report_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    fact_keys: Mapped[list[str]] = mapped_column(JSON, default=list)

    report: Mapped[ReportRow] = relationship(back_populates="warnings")


class DecisionRow(Base):
    """Append-only audit trail of every change to a fact, by a reviewer or by a rerun."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(12))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class FailureRow(Base):
    """A file that could not be processed in a run, with its coded reason."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), index=True)
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    traceback_digest: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RunRow(Base):
    """One bulk, ingest or extract run and its totals; `host` and `pid` name the process that runs it, so a
    run whose process died ('running' for ever) is marked 'interrupted' when the next run starts there."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flow: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    files: Mapped[int] = mapped_column(Integer, default=0)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="running")
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
