"""The one overlap rule: higher priority, then the longer span, then the earlier one — for the extractor and the read-back."""

from __future__ import annotations

import pytest

from extractors.drafts import FactDraft
from extractors.overlaps import best_reading, resolve_overlaps

# (case, text, candidates as (surface, kind, priority), the surfaces kept in order of precedence)
OVERLAPS = [
    ("a date range over the dates and days inside it", "2011年11月14日—19日",
     [("11月14日", "date", 1), ("19日", "duration", 0), ("2011年11月14日—19日", "date", 3)], ["2011年11月14日—19日"]),
    ("higher priority beats a longer reading", "投资3150万元",
     [("投资3150万", "quantity", 0), ("3150万元", "money", 1)], ["3150万元"]),
    ("equal priority: the longer span", "12-15人", [("15人", "count", 0), ("12-15人", "count", 0)], ["12-15人"]),
    ("equal priority and length: the earlier span", "1234人", [("234人", "count", 0), ("1234", "count", 0)], ["1234"]),
    ("disjoint readings are all kept", "在校826人，教师57人",
     [("57人", "count", 0), ("826人", "count", 0)], ["826人", "57人"]),
]


def drafts(text: str, candidates: list[tuple[str, str, int]]) -> list[FactDraft]:
    found = []
    for surface, kind, priority in candidates:
        start = text.index(surface)
        found.append(FactDraft(start, start + len(surface), kind, None, None, extractor="test", priority=priority))
    return found


@pytest.mark.parametrize("text, candidates, kept", [c[1:] for c in OVERLAPS], ids=[c[0] for c in OVERLAPS])
def test_resolve_overlaps(text, candidates, kept):
    assert [text[f.start : f.end] for f in resolve_overlaps(drafts(text, candidates))] == kept


@pytest.mark.parametrize("text, candidates, kept", [c[1:] for c in OVERLAPS], ids=[c[0] for c in OVERLAPS])
def test_best_reading_is_what_the_extractor_keeps_first(text, candidates, kept):
    best = best_reading(drafts(text, candidates))
    assert text[best.start : best.end] == kept[0]


@pytest.mark.parametrize("candidates", [[]], ids=["nothing read"])
def test_no_candidates(candidates):
    assert (resolve_overlaps(candidates), best_reading(candidates)) == ([], None)
