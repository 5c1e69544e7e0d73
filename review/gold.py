"""Reviewed facts as gold annotations (ANNOTATION.md), so `reportx eval` measures the extractor against reviewers.

Accepted, corrected and added facts become gold lines; a rejected fact becomes a
"no fact here" line (its span, no kind), so the extractor's reading there counts as
spurious; unreviewed, flagged and stale facts are left out, since no reviewer vouches
for them. Every line carries the decision in `review`, which tells `reportx eval` to
score those reports only on reviewed spans (pipeline/partial_review.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pipeline.partial_review import REJECTED, REVIEW_FIELD
from pipeline.store.schema import FactRow, ReportRow

GOLD_STATUSES = ("accepted", "corrected", "added")


def occurrence(report_text: str, text: str, position: int) -> int:
    """Which occurrence of `text` in the report starts at `position` (counted as the scorer locates it)."""
    count, found = 0, report_text.find(text)
    while 0 <= found < position:
        count += 1
        found = report_text.find(text, found + 1)
    return count


def gold_line(report: ReportRow, report_text: str, fact: FactRow) -> dict[str, Any]:
    where = {"doc": report.doc, "text": fact.text, "occurrence": occurrence(report_text, fact.text, fact.start - report.span_start)}
    if fact.status == REJECTED:
        return {**where, "kind": None, REVIEW_FIELD: REJECTED}
    line: dict[str, Any] = {
        **where,
        "kind": fact.kind,
        "value": _number(fact.value),
        "unit": fact.unit,
        "approx": fact.approx,
        "subject": fact.subject,
        "optional": False,
        REVIEW_FIELD: fact.status,
    }
    if fact.value_max is not None:
        line["value_max"] = _number(fact.value_max)
    if fact.kind == "date":
        line.update(date_start=fact.date_start, date_end=fact.date_end)
    return line


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def gold_lines(session: Session) -> Iterator[dict[str, Any]]:
    """Every reviewed fact of the store as one gold line (a rejected one as "no fact here"), report by report, in text order."""
    reports = session.scalars(select(ReportRow).options(selectinload(ReportRow.source)).order_by(ReportRow.source_id, ReportRow.part))
    for report in reports:
        report_text = report.source.text[report.span_start : report.span_end]
        facts = session.scalars(
            select(FactRow)
            .where(FactRow.report_id == report.id, FactRow.status.in_((*GOLD_STATUSES, REJECTED)), FactRow.stale.is_(False))
            .order_by(FactRow.start, FactRow.end)
        )
        for fact in facts:
            yield gold_line(report, report_text, fact)
