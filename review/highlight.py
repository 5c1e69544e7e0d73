"""Highlight segments of a report's text: the view model the report page loops over.

The text is cut at every fact boundary, so each segment is covered by the same
set of facts from its first character to its last; overlapping spans simply
give segments with several facts. The innermost (shortest) fact colours a
segment, the others are listed so a click can reach them, and `layer` says how
many facts stack there. Built and tested as data; the template only loops.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol


class Spanned(Protocol):
    id: int
    start: int
    end: int
    kind: str
    status: str


@dataclass(frozen=True)
class Mark:
    """One fact as seen from a segment it covers."""

    fact: int
    kind: str
    status: str
    first: bool  # the segment opens the fact's span


@dataclass(frozen=True)
class Segment:
    text: str
    start: int  # offset in the source text
    end: int
    marks: tuple[Mark, ...] = field(default_factory=tuple)

    @property
    def top(self) -> Mark | None:
        """The innermost fact: the one the segment is coloured by."""
        return self.marks[0] if self.marks else None

    @property
    def layer(self) -> int:
        return len(self.marks)

    @property
    def fact_ids(self) -> str:
        return " ".join(str(mark.fact) for mark in self.marks)


def segments(text: str, offset: int, facts: Iterable[Spanned]) -> list[Segment]:
    """Cut `text` (which starts at `offset` in the source) into highlight segments.

    Facts outside the text are clipped; a fact of zero width after clipping is dropped.
    """
    end_of_text = offset + len(text)
    spans = []
    for fact in facts:
        start, end = max(fact.start, offset), min(fact.end, end_of_text)
        if start < end:
            spans.append((start, end, fact))
    cuts = sorted({offset, end_of_text, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starting: dict[int, list] = {}
    for span in spans:
        starting.setdefault(span[0], []).append(span)
    active: list = []
    result = []
    for left, right in pairwise(cuts):
        active = [span for span in active if span[1] > left] + starting.get(left, [])
        # Innermost first: the shortest span wins the colour; ties go to the earlier start, then the id.
        active.sort(key=lambda span: (span[1] - span[0], span[0], span[2].id))
        marks = tuple(Mark(fact.id, fact.kind, fact.status, start == left) for start, _, fact in active)
        result.append(Segment(text[left - offset : right - offset], left, right, marks))
    return result

