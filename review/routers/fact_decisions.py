"""Decisions posted from the report page: accept, reject, flag, undo, edit a fact, or add one the machine missed.

Each action is one entry of `ACTIONS`; the route resolves the fact, runs the
action, and answers htmx with the panel to show next (plus the changed row,
and the text when spans moved), or a plain form post with a redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from pipeline.store.schema import FactRow, ReportRow
from review import decisions
from review.context import MAX_ROW_ID, CsrfChecked, DbSession, RowId, get_fact, get_report, render
from review.readback import read_selection
from review.security import Session as Reviewer
from review.views import Panel, add_panel, fact_panel, load_facts, next_fact, report_page, text_segments

router = APIRouter()
Version = Annotated[int, Form(ge=0, le=MAX_ROW_ID)]  # `version=abc` is a 422, never a 500


@dataclass(frozen=True)
class Posted:
    """One decision as posted: the fact, the version the reviewer saw, who, and the form."""

    session: Session
    fact: FactRow
    version: int
    reviewer: str
    form: dict[str, str]
    source_text: str


# action → what it does; "accept" also moves on to the next unreviewed fact.
ACTIONS: dict[str, Callable[[Posted], Any]] = {
    "accept": lambda p: decisions.accept(p.session, p.fact, p.version, p.reviewer),
    "reject": lambda p: decisions.reject(p.session, p.fact, p.version, p.reviewer, p.form.get("reason", "")),
    "flag": lambda p: decisions.flag(p.session, p.fact, p.version, p.reviewer, p.form.get("reason", "")),
    "undo": lambda p: decisions.undo(p.session, p.fact, p.version, p.reviewer),
    "edit": lambda p: decisions.edit(p.session, p.fact, p.version, p.reviewer, p.form, p.source_text),
}
ADVANCING = {"accept"}


def respond(request: Request, who: Reviewer, session: Session, panel: Panel, status: int = 200, **changed: Any) -> Response:
    """htmx gets the panel (plus any out-of-band swaps); a plain form post gets the whole page, or a redirect."""
    if request.headers.get("hx-request"):
        return render(request, "_changed.html" if changed else "_panel.html", who, status=status, panel=panel, **changed)
    if status == 200 and panel.fact:
        return RedirectResponse(f"/reports/{panel.report.id}?fact={panel.fact.row.id}", status_code=303)
    page = report_page(session, panel.report, None)
    page.panel = panel
    return render(request, "report.html", who, status=status, page=page)


def after_change(request: Request, who: Reviewer, session: Session, report: ReportRow, changed: FactRow,
                 advance: bool, spans_changed: bool) -> Response:
    """The panel of the fact shown next, with the changed fact's row (and the text, when spans moved) swapped in place."""
    facts = load_facts(session, report)
    shown = next_fact(facts, changed) if advance else changed
    row = next(f for f in facts if f.row.id == changed.id)
    text = text_segments(report, facts) if spans_changed else None
    return respond(request, who, session, fact_panel(session, report, shown), row=row, report=report, segments=text, facts=facts)


def form_offset(form: dict[str, str], name: str) -> int:
    raw = form.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ROW_ID else 0


@router.post("/reports/{report_id}/facts/{fact_id}/{action}")
async def decide(request: Request, report_id: RowId, fact_id: RowId, action: str, who: CsrfChecked, session: DbSession,
                 version: Version = 0) -> Response:
    if action not in ACTIONS:
        raise HTTPException(404, f"no action {action!r}")
    report = get_report(session, report_id)
    fact = get_fact(session, report, fact_id)
    form = {k: str(v) for k, v in (await request.form()).items()}
    before = (fact.start, fact.end)
    try:
        ACTIONS[action](Posted(session, fact, version, who.reviewer, form, report.source.text))
    except decisions.Conflict as conflict:
        panel = fact_panel(session, report, conflict.fact, message=str(conflict), conflict=True)
        return respond(request, who, session, panel, status=409)
    except decisions.Invalid as invalid:
        session.rollback()
        panel = fact_panel(session, report, fact, values=form if action == "edit" else None, errors=invalid.errors,
                           message="Nothing was saved: " + "; ".join(invalid.errors.values()))
        return respond(request, who, session, panel, status=422)
    return after_change(request, who, session, report, fact, advance=action in ADVANCING,
                        spans_changed=before != (fact.start, fact.end))


@router.post("/reports/{report_id}/facts")
async def add_fact(request: Request, report_id: RowId, who: CsrfChecked, session: DbSession) -> Response:
    report = get_report(session, report_id)
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        fact = decisions.add(session, report, who.reviewer, form, report.source.text)
    except decisions.Invalid as invalid:
        session.rollback()
        start = min(max(form_offset(form, "start"), report.span_start), report.span_end - 1)
        end = min(max(form_offset(form, "end"), start + 1), report.span_end)
        reading = read_selection(report.source.text, start, end, report.report_year)
        panel = add_panel(report, reading, values=form, errors=invalid.errors,
                          message="Nothing was saved: " + "; ".join(invalid.errors.values()))
        return respond(request, who, session, panel, status=422)
    return after_change(request, who, session, report, fact, advance=False, spans_changed=True)
