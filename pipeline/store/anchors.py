"""A reviewer's decision owns the characters it covers, so a decided number never comes back beside it.

A decided fact (accepted, corrected, rejected, flagged, added) is anchored to
every span it has held: the span the reviewer left it with and the machine
reading a decision replaced (`352棵` edited to `352`, a kind or value changed,
a rejection). A rerun ties each decided fact to the new machine reading of
those characters and drops any other reading over them; an export leaves out
an unreviewed fact that overlaps a decided one (a reviewer added `52名` where
the machine read `>52名`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from models.records import Fact
from pipeline.store.schema import DecisionRow, FactRow

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_held(session: Session, facts: Sequence[FactRow]) -> dict[int, set[Span]]:
    """Every span each fact has held: its own, and each one its audit trail recorded before or after a change."""
    spans: dict[int, set[Span]] = {fact.id: {(fact.start, fact.end)} for fact in facts}
    trail = select(DecisionRow.fact_id, DecisionRow.before, DecisionRow.after).where(DecisionRow.fact_id.in_(list(spans)))
    for fact_id, before, after in session.execute(trail):
        for state in (before, after):
            if state and state.get("start") is not None and state.get("end") is not None:
                spans[fact_id].add((state["start"], state["end"]))
    return spans


def _closeness(fact: FactRow, reading: Fact, held: set[Span]) -> tuple[Any, ...]:
    """How surely a reading is the one a fact was made from: same span and kind, same span, most shared characters."""
    span = (reading.start, reading.end)
    own = (fact.start, fact.end)
    return (span == own and reading.kind == fact.kind, span == own, span in held, overlap(own, span),
            max(overlap(s, span) for s in held))


def pair_readings(kept: Sequence[FactRow], readings: Iterable[Fact], held: dict[int, set[Span]]) -> tuple[list[tuple[FactRow, Fact]], list[Fact]]:
    """(each kept fact with the new reading of its characters, the readings no decision owns).

    Pairs are one to one, closest first. A reading over a decided fact's characters that
    pairs with nothing is dropped: the reviewer has already said what stands there.
    Facts kept only for their audit trail (unreviewed) pair too, but own no characters.
    """
    readings = list(readings)
    candidates = []
    for fact in kept:
        for index, reading in enumerate(readings):
            if any(overlap(span, (reading.start, reading.end)) for span in held[fact.id]):
                candidates.append((_closeness(fact, reading, held[fact.id]), fact.id, index, fact))
    candidates.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    pairs, paired_facts, taken = [], set(), set()
    for _, fact_id, index, fact in candidates:
        if fact_id not in paired_facts and index not in taken:
            pairs.append((fact, readings[index]))
            paired_facts.add(fact_id)
            taken.add(index)
    owned = {index for _, _, index, fact in candidates if fact.human}
    return pairs, [reading for index, reading in enumerate(readings) if index not in taken | owned]


def superseded() -> ColumnElement[bool]:
    """SQL: an unreviewed fact that shares characters with a decided fact of its report (exports leave it out)."""
    decided = aliased(FactRow)
    return and_(FactRow.status == "unreviewed", exists().where(
        decided.report_id == FactRow.report_id, decided.id != FactRow.id,
        decided.start < FactRow.end, FactRow.start < decided.end,
        or_(decided.origin == "human", decided.status != "unreviewed"),
    ))
