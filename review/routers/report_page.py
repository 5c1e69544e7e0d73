"""A report under review: the whole page, one fact's panel, and the panel for adding a fact from a selection."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from review.context import MAX_ROW_ID, DbSession, RowId, SignedIn, get_fact, get_report, render
from review.readback import read_selection
from review.views import add_panel, fact_panel, report_page

router = APIRouter()
Offset = Annotated[int, Query(ge=0, le=MAX_ROW_ID)]


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_view(request: Request, report_id: RowId, who: SignedIn, session: DbSession,
                fact: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None) -> HTMLResponse:
    report = get_report(session, report_id)
    selected = get_fact(session, report, fact) if fact is not None else None
    return render(request, "report.html", who, page=report_page(session, report, selected))


@router.get("/reports/{report_id}/facts/{fact_id}", response_class=HTMLResponse)
def panel_view(request: Request, report_id: RowId, fact_id: RowId,
               who: SignedIn, session: DbSession) -> HTMLResponse:
    report = get_report(session, report_id)
    return render(request, "_panel.html", who, panel=fact_panel(session, report, get_fact(session, report, fact_id)))


@router.get("/reports/{report_id}/selection", response_class=HTMLResponse)
def selection_view(request: Request, report_id: RowId, start: Offset, end: Offset,
                   who: SignedIn, session: DbSession) -> HTMLResponse:
    report = get_report(session, report_id)
    if not report.span_start <= start < end <= report.span_end:
        raise HTTPException(422, "the selection is outside this report")
    reading = read_selection(report.source.text, start, end, report.report_year)
    message = None if reading.found else "reportx reads no number or date here: fill in the fields."
    return render(request, "_panel.html", who, panel=add_panel(report, reading, message=message))
