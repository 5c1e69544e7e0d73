"""The review web app: the queue, the report page, and the decisions posted from it.

Server-rendered Jinja templates (autoescaped: report text is always shown as
text), htmx and a little plain JS served from the package. Every POST needs the
session's CSRF token; every page needs a reviewer name (and, off loopback, the
`--auth` password).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from pipeline.store.schema import FactRow, ReportRow
from review import decisions
from review.queue import QueueFilter, choices, precision, queue
from review.readback import read_selection
from review.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, Session as Reviewer, SessionSigner, check_password, csrf_ok
from review.views import APPROX, KINDS, Panel, add_panel, fact_panel, load_facts, next_fact, report_page, text_segments

PACKAGE = Path(__file__).parent
ACTIONS = ("accept", "reject", "edit", "flag", "undo")


class LoginRequired(Exception):
    pass


def create_app(factory: sessionmaker[Session], auth_hash: str | None = None, signer: SessionSigner | None = None) -> FastAPI:
    """The app over a store's session factory; `auth_hash` makes login ask for the password."""
    app = FastAPI(title="reportx review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # a 30,000-character report page shrinks ~20×
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.globals.update(KINDS=KINDS, APPROX=APPROX, CSRF_FIELD=CSRF_FIELD)
    signer = signer or SessionSigner()

    def db():
        with factory() as session:
            yield session

    def reviewer(request: Request) -> Reviewer:
        session = signer.load(request.cookies.get(SESSION_COOKIE))
        if session is None or not session.reviewer:
            raise LoginRequired()
        return session

    async def checked(request: Request, who: Reviewer = Depends(reviewer)) -> Reviewer:
        """A state-changing request must carry the session's CSRF token (header or form field)."""
        token = request.headers.get(CSRF_HEADER) or (await request.form()).get(CSRF_FIELD)
        if not csrf_ok(who, token):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page")
        return who

    def render(request: Request, name: str, who: Reviewer | None, status: int = 200, **context: Any) -> HTMLResponse:
        context.update(reviewer=who.reviewer if who else "", csrf=who.csrf if who else "")
        return templates.TemplateResponse(request, name, context, status_code=status)

    def respond(request: Request, who: Reviewer, session: Session, panel: Panel, status: int = 200, **changed: Any) -> Response:
        """htmx gets the panel (plus any out-of-band swaps); a plain form post gets the whole page, or a redirect."""
        if request.headers.get("hx-request"):
            return render(request, "_changed.html" if changed else "_panel.html", who, status=status, panel=panel, **changed)
        if status == 200 and panel.fact:
            return RedirectResponse(f"/reports/{panel.report.id}?fact={panel.fact.row.id}", status_code=303)
        page = report_page(session, panel.report, None)
        page.panel = panel
        return render(request, "report.html", who, status=status, page=page)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _: LoginRequired) -> Response:
        target = f"/login?next={quote(str(request.url.path))}"
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        pending = signer.load(request.cookies.get(SESSION_COOKIE)) or signer.new_session("")
        response = render(request, "login.html", pending, next=next, needs_password=bool(auth_hash), error=None)
        response.set_cookie(SESSION_COOKIE, signer.dump(pending), httponly=True, samesite="strict")
        return response

    @app.post("/login", response_class=HTMLResponse)
    def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form(""), next: str = Form("/")) -> Response:
        pending = signer.load(request.cookies.get(SESSION_COOKIE))
        if not csrf_ok(pending, csrf):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page")
        name = name.strip()
        error = None
        if not name or len(name) > 64:
            error = "Give your name (up to 64 characters): it goes into the audit trail."
        elif auth_hash and not check_password(password, auth_hash):
            error = "Wrong password."
        if error:
            return render(request, "login.html", pending, status=401, next=next, needs_password=bool(auth_hash), error=error)
        response = RedirectResponse(next if next.startswith("/") and not next.startswith("//") else "/", status_code=303)
        response.set_cookie(SESSION_COOKIE, signer.dump(signer.new_session(name)), httponly=True, samesite="strict")
        return response

    @app.post("/logout")
    def logout(_: Reviewer = Depends(checked)) -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, status: str = "", metric: str = "", kind: str = "", warning: str = "", search: str = "",
                   who: Reviewer = Depends(reviewer), session: Session = Depends(db)) -> HTMLResponse:
        wanted = QueueFilter(status, metric, kind, warning, search.strip())
        return render(request, "queue.html", who, rows=queue(session, wanted), wanted=wanted,
                      choices=choices(session), precision=precision(session))

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

    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    def report_view(request: Request, report_id: int, fact: int | None = None,
                    who: Reviewer = Depends(reviewer), session: Session = Depends(db)) -> HTMLResponse:
        report = get_report(session, report_id)
        selected = get_fact(session, report, fact) if fact is not None else None
        return render(request, "report.html", who, page=report_page(session, report, selected))

    @app.get("/reports/{report_id}/facts/{fact_id}", response_class=HTMLResponse)
    def panel_view(request: Request, report_id: int, fact_id: int,
                   who: Reviewer = Depends(reviewer), session: Session = Depends(db)) -> HTMLResponse:
        report = get_report(session, report_id)
        return render(request, "_panel.html", who, panel=fact_panel(session, report, get_fact(session, report, fact_id)))

    @app.get("/reports/{report_id}/selection", response_class=HTMLResponse)
    def selection_view(request: Request, report_id: int, start: int, end: int,
                       who: Reviewer = Depends(reviewer), session: Session = Depends(db)) -> HTMLResponse:
        report = get_report(session, report_id)
        if not report.span_start <= start < end <= report.span_end:
            raise HTTPException(422, "the selection is outside this report")
        reading = read_selection(report.source.text, start, end, report.report_year)
        message = None if reading.found else "reportx reads no number or date here: fill in the fields."
        return render(request, "_panel.html", who, panel=add_panel(report, reading, message=message))

    def after_change(request: Request, who: Reviewer, session: Session, report: ReportRow, changed: FactRow,
                     advance: bool, spans_changed: bool) -> Response:
        """The panel of the fact shown next, with the changed fact's row (and the text, when spans moved) swapped in place."""
        facts = load_facts(session, report)
        shown = next_fact(facts, changed) if advance else changed
        row = next(f for f in facts if f.row.id == changed.id)
        text = text_segments(report, facts) if spans_changed else None
        return respond(request, who, session, fact_panel(session, report, shown), row=row, report=report, segments=text, facts=facts)

    @app.post("/reports/{report_id}/facts/{fact_id}/{action}")
    async def decide(request: Request, report_id: int, fact_id: int, action: str,
                     who: Reviewer = Depends(checked), session: Session = Depends(db)) -> Response:
        if action not in ACTIONS:
            raise HTTPException(404, f"no action {action!r}")
        report = get_report(session, report_id)
        fact = get_fact(session, report, fact_id)
        form = await request.form()
        version = int(form.get("version") or 0)
        before = (fact.start, fact.end)
        try:
            if action == "accept":
                decisions.accept(session, fact, version, who.reviewer)
            elif action == "reject":
                decisions.reject(session, fact, version, who.reviewer, str(form.get("reason", "")))
            elif action == "flag":
                decisions.flag(session, fact, version, who.reviewer, str(form.get("reason", "")))
            elif action == "undo":
                decisions.undo(session, fact, version, who.reviewer)
            else:
                decisions.edit(session, fact, version, who.reviewer, {k: str(v) for k, v in form.items()}, report.source.text)
        except decisions.Conflict as conflict:
            panel = fact_panel(session, report, conflict.fact, message=str(conflict), conflict=True)
            return respond(request, who, session, panel, status=409)
        except decisions.Invalid as invalid:
            session.rollback()
            values = {k: str(v) for k, v in form.items()} if action == "edit" else None
            panel = fact_panel(session, report, fact, values=values, errors=invalid.errors,
                               message="Nothing was saved: " + "; ".join(invalid.errors.values()))
            return respond(request, who, session, panel, status=422)
        return after_change(request, who, session, report, fact, advance=action == "accept", spans_changed=before != (fact.start, fact.end))

    @app.post("/reports/{report_id}/facts")
    async def add_fact(request: Request, report_id: int, who: Reviewer = Depends(checked), session: Session = Depends(db)) -> Response:
        report = get_report(session, report_id)
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            fact = decisions.add(session, report, who.reviewer, form, report.source.text)
        except decisions.Invalid as invalid:
            session.rollback()
            start, end = int(form.get("start") or 0), int(form.get("end") or 0)
            reading = read_selection(report.source.text, start, max(end, start + 1), report.report_year)
            panel = add_panel(report, reading, values=form, errors=invalid.errors,
                              message="Nothing was saved: " + "; ".join(invalid.errors.values()))
            return respond(request, who, session, panel, status=422)
        return after_change(request, who, session, report, fact, advance=False, spans_changed=True)

    return app
