"""The review web app: the queue, the report page, and the decisions posted from it.

Server-rendered Jinja templates (autoescaped: report text is always shown as
text), htmx and a little plain JS served from the package. Every POST needs the
session's CSRF token; every page needs a reviewer name (and, off loopback, the
`--auth` password); every request needs a Host the app was started for. The
routes live in `review/routers/`, one module per concern.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from review.context import LoginRequired, Settings
from review.front_door import LOOPBACK_HOSTS, FrontDoor
from review.routers import fact_decisions, login, queue_page, report_page
from review.routers.assets import serve_assets
from review.security import CSRF_FIELD, SessionSigner
from review.views import APPROX, KINDS

TEMPLATES = Path(__file__).parent / "templates"


def create_app(factory: sessionmaker[Session], auth_hash: str | None = None, signer: SessionSigner | None = None,
               hosts: Iterable[str] = LOOPBACK_HOSTS, secure_cookies: bool = False) -> FastAPI:
    """The app over a store's session factory.

    `auth_hash` makes login ask for the password; `hosts` are the names (or addresses)
    the app answers to in the Host header; `secure_cookies` marks the session cookie
    Secure for an app behind a TLS proxy (an https request gets it anyway).
    """
    app = FastAPI(title="reportx review", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(KINDS=KINDS, APPROX=APPROX, CSRF_FIELD=CSRF_FIELD)
    app.state.review = Settings(factory, signer or SessionSigner(), auth_hash, templates, secure_cookies)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # a 30,000-character report page shrinks ~20×
    app.add_middleware(FrontDoor, hosts=hosts)  # added last: the outermost layer, before anything else runs
    app.add_exception_handler(LoginRequired, to_login)
    serve_assets(app)
    for routes in (login, queue_page, report_page, fact_decisions):
        app.include_router(routes.router)
    return app


async def to_login(request: Request, _: Exception) -> Response:
    """A page without a reviewer goes to the login form, and comes back after it."""
    target = f"/login?next={quote(str(request.url.path))}"
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
