"""Reviewers' decisions on facts: accept, reject, edit, add, flag, undo — each one audited, none lost.

Every change is a compare-and-swap on the fact's `version` (two reviewers on one
fact: the second save raises `Conflict` with the current fact, nothing is
overwritten silently) and appends a `decisions` row with the fact's state
before and after. Edits are validated by the same Pydantic `Fact` model the
extractor's output passes, against the source text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from extractors.numerals import NotANumber, parse_number
from models.records import READING, Fact, fact_fields
from pipeline.store.schema import DecisionRow, FactRow, ReportRow, utcnow

# What a reviewer may change, and what a decision row snapshots (plus status).
EDITABLE = (*fact_fields(*READING), "start", "end")
NUMBERS = ("value", "value_max")
INTEGERS = ("start", "end")
UNDOABLE = ("accept", "reject", "edit", "flag", "add", "undo")  # not the rerun's reattach/stale marks
HUMAN_EXTRACTOR = "human"


class Conflict(Exception):
    """The fact changed since the reviewer loaded it; `fact` is its current state."""

    def __init__(self, fact: FactRow, latest: DecisionRow | None):
        self.fact = fact
        self.latest = latest
        who = f" by {latest.reviewer} at {latest.at:%H:%M:%S}" if latest else ""
        super().__init__(f"This fact was changed{who} while you were looking at it; its current value is shown. Nothing was saved.")


class Invalid(Exception):
    """The input does not make a valid fact; `errors` maps a form field (or '' for the whole fact) to a message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k or 'fact'}: {v}" for k, v in errors.items()))


def snapshot(fact: FactRow) -> dict[str, Any]:
    """The reviewable state of a fact, as stored in a decision's before/after."""
    state = {field: getattr(fact, field) for field in EDITABLE}
    state.update(status=fact.status, text=fact.text)
    return state


def parse_form(form: Mapping[str, str]) -> dict[str, Any]:
    """Form strings → typed fields: '' is None, numbers are read like the extractor reads them (1.4万 = 14000)."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in EDITABLE:
        if name not in form:
            continue
        raw = str(form[name]).strip()
        if name in NUMBERS:
            try:
                fields[name] = parse_number(raw) if raw else None
            except (NotANumber, KeyError, ValueError):
                errors[name] = f"not a number: {raw!r}"
        elif name in INTEGERS:
            if not raw.isdigit():
                errors[name] = f"an offset is a whole number ≥ 0, not {raw!r}"
            else:
                fields[name] = int(raw)
        else:
            fields[name] = raw or None
    if errors:
        raise Invalid(errors)
    return fields


def validated(fields: dict[str, Any], source_text: str) -> dict[str, Any]:
    """Check a fact's fields with the output model; the text is always re-read from the span."""
    start, end = fields["start"], fields["end"]
    if not 0 <= start < end <= len(source_text):
        raise Invalid({"end": f"the span [{start}, {end}) is empty or outside the text"})
    data = {name: fields.get(name) for name in EDITABLE}
    data.update(text=source_text[start:end], approx=data["approx"] or "exact", extractor=HUMAN_EXTRACTOR)
    if data["kind"] != "date":
        data["value"] = _tidy(data["value"])
        data["value_max"] = _tidy(data["value_max"])
    try:
        fact = Fact.model_validate(data, context={"source_text": source_text})
    except ValidationError as error:
        raise Invalid(_messages(error)) from None
    return {**{name: getattr(fact, name) for name in EDITABLE}, "text": fact.text}


def _tidy(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _messages(error: ValidationError) -> dict[str, str]:
    messages: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        messages.setdefault(field, item["msg"].removeprefix("Value error, "))
    return messages


def _claim(session: Session, fact: FactRow, version: int) -> None:
    """Compare-and-swap the version in the database: only one of two concurrent saves wins."""
    result = session.execute(
        update(FactRow).where(FactRow.id == fact.id, FactRow.version == version).values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        current = session.get(FactRow, fact.id)
        session.refresh(current)
        raise Conflict(current, latest_decision(session, fact.id))
    session.refresh(fact, ["version"])


def latest_decision(session: Session, fact_id: int) -> DecisionRow | None:
    return session.scalars(select(DecisionRow).where(DecisionRow.fact_id == fact_id).order_by(DecisionRow.id.desc()).limit(1)).first()


def _record(session: Session, fact: FactRow, reviewer: str, action: str, before: dict | None, reason: str | None = None) -> DecisionRow:
    fact.updated_at = utcnow()
    fact.updated_by = reviewer
    row = DecisionRow(fact_id=fact.id, report_id=fact.report_id, reviewer=reviewer, at=fact.updated_at,
                      action=action, before=before, after=snapshot(fact), reason=reason)
    session.add(row)
    session.commit()
    return row


def _reviewed_status(fact: FactRow) -> str:
    if fact.origin == "human":
        return "added"
    return "corrected" if fact.status == "corrected" else "accepted"


def accept(session: Session, fact: FactRow, version: int, reviewer: str) -> DecisionRow:
    _claim(session, fact, version)
    before = snapshot(fact)
    fact.status = _reviewed_status(fact)
    return _record(session, fact, reviewer, "accept", before)


def reject(session: Session, fact: FactRow, version: int, reviewer: str, reason: str) -> DecisionRow:
    if not reason.strip():
        raise Invalid({"reason": "say why the fact is rejected (e.g. 'an ordinal, not a count')"})
    _claim(session, fact, version)
    before = snapshot(fact)
    fact.status = "rejected"
    return _record(session, fact, reviewer, "reject", before, reason.strip())


def flag(session: Session, fact: FactRow, version: int, reviewer: str, reason: str | None) -> DecisionRow:
    _claim(session, fact, version)
    before = snapshot(fact)
    fact.status = "flagged"
    return _record(session, fact, reviewer, "flag", before, (reason or "").strip() or None)


def edit(session: Session, fact: FactRow, version: int, reviewer: str, form: Mapping[str, str], source_text: str) -> DecisionRow:
    """Change fields and/or the span; the fact becomes 'corrected' (or stays 'added')."""
    fields = validated({**snapshot(fact), **parse_form(form)}, source_text)
    _claim(session, fact, version)
    before = snapshot(fact)
    for name, value in fields.items():
        setattr(fact, name, value)
    fact.status = "added" if fact.origin == "human" else "corrected"
    return _record(session, fact, reviewer, "edit", before)


def add(session: Session, report: ReportRow, reviewer: str, form: Mapping[str, str], source_text: str) -> FactRow:
    """A fact the machine missed, made by a reviewer from a text selection."""
    fields = validated(parse_form(form) | {k: None for k in EDITABLE if k not in form}, source_text)
    if not report.span_start <= fields["start"] < fields["end"] <= report.span_end:
        raise Invalid({"end": "the selection is outside this report"})
    fact = FactRow(report_id=report.id, fact_key=f"human:{report.id}:{fields['start']}:{fields['end']}:{fields['kind']}",
                   confidence=1.0, extractor=HUMAN_EXTRACTOR, extractor_version=report.extractor_version,
                   origin="human", status="added", version=1, **fields)
    session.add(fact)
    session.flush()
    _record(session, fact, reviewer, "add", None)
    return fact


def undo(session: Session, fact: FactRow, version: int, reviewer: str) -> DecisionRow:
    """Undo the newest reviewer decision not yet undone; undoing again steps further back."""
    target = _undo_target(session, fact.id)
    if target is None:
        raise Invalid({"": "nothing to undo on this fact"})
    _claim(session, fact, version)
    before = snapshot(fact)
    if target.before is None:  # undoing an add withdraws the fact; it stays in the trail
        fact.status = "rejected"
    else:
        for name in (*EDITABLE, "status", "text"):
            setattr(fact, name, target.before[name])
    return _record(session, fact, reviewer, "undo", before, f"undo of decision {target.id} ({target.action})")


def _undo_target(session: Session, fact_id: int) -> DecisionRow | None:
    """Walk the trail newest first; each undo cancels the next undoable decision below it."""
    pending = 0
    rows = session.scalars(select(DecisionRow).where(DecisionRow.fact_id == fact_id).order_by(DecisionRow.id.desc()))
    for row in rows:
        if row.action not in UNDOABLE:
            continue
        if row.action == "undo":
            pending += 1
        elif pending:
            pending -= 1
        else:
            return row
    return None


def history(session: Session, fact_id: int) -> list[DecisionRow]:
    return list(session.scalars(select(DecisionRow).where(DecisionRow.fact_id == fact_id).order_by(DecisionRow.id.desc())))
