"""Which of two readings of the same characters wins: one rule for the extractor and the review read-back.

Higher priority first (a date over the count inside it), then the longer span
(`12-15人` over `15人`), then the earlier one; the extractor keeps the winners
of each stretch of text, and the review app prefills a selection with the
single best reading by the same order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from extractors.drafts import FactDraft

NAME = "rules.overlap.v1"


def precedence(fact: FactDraft) -> tuple[int, int, int]:
    """Sort key: the reading that wins an overlap sorts first."""
    return (-fact.priority, -(fact.end - fact.start), fact.start)


def best_reading(candidates: Iterable[FactDraft]) -> FactDraft | None:
    """The one reading that wins among candidates (None when there are none)."""
    return min(candidates, key=precedence, default=None)


def resolve_overlaps(candidates: Iterable[FactDraft]) -> list[FactDraft]:
    """Disjoint winners, in order of precedence: a candidate is kept when no better one overlaps it."""
    starts: list[int] = []  # chosen spans, sorted and disjoint
    ends: list[int] = []
    chosen: list[FactDraft] = []
    for fact in sorted(candidates, key=precedence):
        i = bisect_right(starts, fact.start)
        if (i == 0 or ends[i - 1] <= fact.start) and (i == len(starts) or starts[i] >= fact.end):
            starts.insert(i, fact.start)
            ends.insert(i, fact.end)
            chosen.append(fact)
    return chosen
