"""Near-duplicate reports: a report that repeats an earlier stored one is linked to it, never dropped.

Two reports repeat each other when at least REPEATED of the facts of the smaller one
reappear in the other with the same kind, value and unit; dates compare by month and
day, since a copied template masks its year (xx年11月14日 repeats 2011年11月14日). A
report needs MIN_FACTS facts for the comparison to mean anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.records import Report
from pipeline.store.schema import FactRow, ReportRow

REPEATED = 0.9
MIN_FACTS = 5
CANDIDATES = 20  # earlier reports sharing the most values that are compared in full

Signature = tuple


def signature(facts: Iterable) -> Counter[Signature]:
    """The facts of a report as comparable readings (Fact records or stored rows)."""
    return Counter(
        (fact.kind, fact.value, fact.value_max, fact.unit, (fact.date_start or "")[4:], (fact.date_end or "")[4:])
        for fact in facts
    )


def repeats(mine: Counter[Signature], theirs: Counter[Signature]) -> bool:
    smaller = min(sum(mine.values()), sum(theirs.values()))
    return smaller >= MIN_FACTS and sum((mine & theirs).values()) >= REPEATED * smaller


def duplicate_of(session: Session, report: Report, report_id: int) -> str | None:
    """The doc of the earliest stored report this one repeats (following its own link), else None."""
    mine = signature(report.facts)
    if sum(mine.values()) < MIN_FACTS:
        return None
    values = {fact.value for fact in report.facts if fact.value is not None}
    shared = (
        select(FactRow.report_id)
        .where(FactRow.report_id < report_id, FactRow.value.in_(values), FactRow.status != "rejected")
        .group_by(FactRow.report_id)
        .order_by(func.count().desc(), FactRow.report_id)
        .limit(CANDIDATES)
    )
    for candidate_id in sorted(session.scalars(shared)):
        facts = session.scalars(select(FactRow).where(FactRow.report_id == candidate_id, FactRow.status != "rejected"))
        if repeats(mine, signature(facts)):
            candidate = session.get(ReportRow, candidate_id)
            return candidate.duplicate_of or candidate.doc
    return None
