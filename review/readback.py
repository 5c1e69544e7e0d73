"""Say back what a fact means (`1.4万平米 → 14000 m2`) and read a selection with the extractor's own parsers.

A reviewer trusts a value faster when the page states the normalisation in
words next to the evidence; and a fact added by selecting text starts from what
reportx itself would read there, so the reviewer only fixes what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractors.dates import DateContext, find_dates
from extractors.overlaps import best_reading
from extractors.quantities import find_quantities
from models.records import fact_fields
from pipeline.normalise import normalise

APPROX_WORDS = {"exact": "", "about": "about ", "over": "over ", "under": "under ", "at_least": "at least ", "at_most": "at most "}


def number(value: float | int | None) -> str:
    """A value as a reader writes it: 14000, 99.6 (no trailing .0, no exponent)."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def meaning(fact: Any) -> str:
    """The normalised reading of a fact: `about 14000 m2`, `12–15 人`, `2011-11-14 … 2011-11-19`."""
    if fact.kind == "date":
        start, end = fact.date_start or "?", fact.date_end or "?"
        reading = start if start == end else f"{start} … {end}"
        if getattr(fact, "resolved_start", None) and fact.resolved_start != fact.date_start:
            reading += f" (resolved {fact.resolved_start})"
        return reading
    value = number(fact.value)
    if fact.value_max is not None:
        value = f"{value}–{number(fact.value_max)}"
    return f"{APPROX_WORDS.get(fact.approx or 'exact', '')}{value} {fact.unit or '?'}"


def readback(fact: Any) -> str:
    """`1.4万平米 → 14000 m2`: the evidence and what reportx made of it."""
    return f"{fact.text} → {meaning(fact)}"


@dataclass(frozen=True)
class Reading:
    """What the extractor's parsers read in a selected span (a prefill for a new fact)."""

    start: int
    end: int
    text: str
    fields: dict[str, Any]
    found: bool  # False: no parser recognised the selection; fields are a blank quantity


def read_selection(source_text: str, start: int, end: int, report_year: int | None = None) -> Reading:
    """Parse source_text[start:end] with the quantity and date finders; the reading the extractor would keep wins.

    The span of the reading is mapped back through the normalisation's offset map,
    so a selection with stray characters around the number shrinks to the number.
    """
    selection = source_text[start:end]
    normalised = normalise(selection)
    drafts = [*find_quantities(normalised.text, 0, len(normalised.text)),
              *find_dates(normalised.text, 0, len(normalised.text), DateContext(report_year))]
    best = best_reading(drafts)
    if best is None:
        blank = {"kind": "quantity", "value": None, "value_max": None, "unit": None, "approx": "exact",
                 "date_start": None, "date_end": None}
        return Reading(start, end, selection, blank, found=False)
    local_start, local_end = normalised.original_span(best.start, best.end)
    fields = {key: best.fields()[key] for key in fact_fields("value")}
    return Reading(start + local_start, start + local_end, selection[local_start:local_end], fields, found=True)
