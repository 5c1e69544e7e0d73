"""What the report page shows, assembled as data: text segments, fact rows, warnings, the selected fact's panel.

Templates only loop over these objects; every decision about what is shown
where (which warnings belong to a fact, which fact comes next, what the form
holds after an error) is made here, where it can be tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.schema import DecisionRow, FactRow, ReportRow, SourceRow, WarningRow
from review.decisions import EDITABLE, history
from review.highlight import Segment, segments
from review.queue import report_ids
from review.readback import Reading, meaning, number, readback

KINDS = ("count", "area", "money", "rate", "length", "weight", "duration", "date", "quantity")
APPROX = ("exact", "about", "over", "under", "at_least", "at_most")


@dataclass
class FactView:
    row: FactRow
    warnings: list[WarningRow] = field(default_factory=list)

    @property
    def meaning(self) -> str:
        return meaning(self.row)

    @property
    def readback(self) -> str:
        return readback(self.row)

    @property
    def machine_meaning(self) -> str | None:
        """The newest machine reading where it differs from the reviewer's."""
        if not (self.row.machine_disagrees and self.row.machine_value):
            return None
        reading = {**{name: None for name in EDITABLE}, **self.row.machine_value, "resolved_start": None}
        return meaning(SimpleNamespace(**reading))


@dataclass
class Panel:
    """The right-hand panel: one fact with its form and history, or a new fact being added."""

    report: ReportRow
    fact: FactView | None = None
    values: dict[str, str] = field(default_factory=dict)  # what the form fields hold
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    conflict: bool = False
    trail: list[DecisionRow] = field(default_factory=list)
    reading: Reading | None = None  # set when adding a fact from a selection

    @property
    def adding(self) -> bool:
        return self.reading is not None


@dataclass
class ReportPage:
    report: ReportRow
    source: SourceRow
    segments: list[Segment]
    facts: list[FactView]
    warnings: list[WarningRow]
    panel: Panel
    repeats_id: int | None = None  # the report this one repeats (`duplicate_of`), for the link


def form_values(fields: dict[str, Any]) -> dict[str, str]:
    """Fields as the form shows them: numbers as a reader writes them, None as empty."""
    values = {}
    for name in EDITABLE:
        value = fields.get(name)
        values[name] = "" if value is None else number(value) if name in ("value", "value_max") else str(value)
    return values


def load_facts(session: Session, report: ReportRow) -> list[FactView]:
    facts = list(session.scalars(select(FactRow).where(FactRow.report_id == report.id).order_by(FactRow.start, FactRow.end, FactRow.id)))
    views = {fact.fact_key: FactView(fact) for fact in facts}
    for warning in report.warnings:
        for key in warning.fact_keys or []:
            if key in views:
                views[key].warnings.append(warning)
    return [views[fact.fact_key] for fact in facts]


def report_text(report: ReportRow) -> str:
    return report.source.text[report.span_start : report.span_end]


def text_segments(report: ReportRow, facts: list[FactView]) -> list[Segment]:
    return segments(report_text(report), report.span_start, [f.row for f in facts])


def fact_panel(session: Session, report: ReportRow, fact: FactRow, **state: Any) -> Panel:
    view = FactView(fact, [w for w in report.warnings if fact.fact_key in (w.fact_keys or [])])
    values = state.pop("values", None) or form_values({name: getattr(fact, name) for name in EDITABLE})
    return Panel(report, view, values, trail=history(session, fact.id), **state)


def add_panel(report: ReportRow, reading: Reading, values: dict[str, str] | None = None, **state: Any) -> Panel:
    prefill = form_values({**reading.fields, "start": reading.start, "end": reading.end})
    return Panel(report, values=values or prefill, reading=reading, **state)


def next_fact(facts: list[FactView], after: FactRow) -> FactRow:
    """The next unreviewed fact in text order after `after` (wrapping round), else `after` itself."""
    order = [f.row for f in facts]
    index = next((i for i, f in enumerate(order) if f.id == after.id), -1)
    for fact in order[index + 1 :] + order[: index + 1]:
        if fact.status == "unreviewed" and fact.id != after.id:
            return fact
    return after


def report_page(session: Session, report: ReportRow, selected: FactRow | None) -> ReportPage:
    facts = load_facts(session, report)
    if selected is None:
        selected = next((f.row for f in facts if f.row.status == "unreviewed"), facts[0].row if facts else None)
    panel = fact_panel(session, report, selected) if selected is not None else Panel(report)
    repeats_id = report_ids(session, {report.duplicate_of}).get(report.duplicate_of) if report.duplicate_of else None
    return ReportPage(report, report.source, text_segments(report, facts), facts, list(report.warnings), panel, repeats_id)
