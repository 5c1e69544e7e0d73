"""What every route of the review app needs: the store session, the signed-in reviewer, the CSRF check, rendering.

The app's settings are set once on `app.state` by `create_app`; routers read them
from the request, so each router is a plain module with no factory around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from pipeline.store.schema import FactRow, ReportRow
from review.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, SessionSigner, csrf_ok
from review.security import Session as Reviewer

MAX_ROW_ID = 2**31 - 1  # ids and versions are 32-bit integers in the store (PostgreSQL INTEGER)
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]  # a larger or non-numeric id is a 422, never a database error


@dataclass(frozen=True)
class Settings:
    factory: sessionmaker[Session]
    signer: SessionSigner
    auth_hash: str | None  # set: logging in asks for the password
    templates: Jinja2Templates
    secure_cookies: bool  # set: the session cookie is only sent over https


class LoginRequired(Exception):
    pass


def settings(request: Request) -> Settings:
    return request.app.state.review


def db(request: Request) -> Iterator[Session]:
    with settings(request).factory() as session:
        yield session


def reviewer(request: Request) -> Reviewer:
    session = settings(request).signer.load(request.cookies.get(SESSION_COOKIE))
    if session is None or not session.reviewer:
        raise LoginRequired()
    return session


async def checked(request: Request, who: Annotated[Reviewer, Depends(reviewer)]) -> Reviewer:
    """A state-changing request must carry the session's CSRF token (header or form field)."""
    token = request.headers.get(CSRF_HEADER) or (await request.form()).get(CSRF_FIELD)
    if not csrf_ok(who, token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page")
    return who


# Route parameters: the store session, the signed-in reviewer, and one who also sent the CSRF token.
DbSession = Annotated[Session, Depends(db)]
SignedIn = Annotated[Reviewer, Depends(reviewer)]
CsrfChecked = Annotated[Reviewer, Depends(checked)]


def render(request: Request, name: str, who: Reviewer | None, status: int = 200, **context: Any) -> HTMLResponse:
    context.update(reviewer=who.reviewer if who else "", csrf=who.csrf if who else "")
    return settings(request).templates.TemplateResponse(request, name, context, status_code=status)


def set_session_cookie(request: Request, response: Response, session: Reviewer) -> None:
    """The signed session cookie: HttpOnly, SameSite=Strict, and Secure behind TLS (`--secure-cookies` or an https request)."""
    secure = settings(request).secure_cookies or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, settings(request).signer.dump(session), httponly=True, samesite="strict", secure=secure)


def get_report(session: Session, report_id: int) -> ReportRow:
    report = session.get(ReportRow, report_id)
    if report is None:
        raise HTTPException(404, f"no report {report_id}")
    return report


def get_fact(session: Session, report: ReportRow, fact_id: int) -> FactRow:
    fact = session.get(FactRow, fact_id)
    if fact is None or fact.report_id != report.id:
        raise HTTPException(404, f"no fact {fact_id} in report {report.id}")
    return fact
