"""The queue page: every report, the ones most likely to hold mistakes first, with filters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from review.context import DbSession, SignedIn, render
from review.queue import QueueFilter, choices, precision, queue

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, who: SignedIn, session: DbSession,
               status: str = "", metric: str = "", kind: str = "", warning: str = "", search: str = "") -> HTMLResponse:
    wanted = QueueFilter(status, metric, kind, warning, search.strip())
    return render(request, "queue.html", who, rows=queue(session, wanted), wanted=wanted,
                  choices=choices(session), precision=precision(session))
