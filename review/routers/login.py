"""Who is reviewing: the login form (name, and the password when `--auth` is set) and logging out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from review.context import CsrfChecked, render, set_session_cookie, settings
from review.security import SESSION_COOKIE, check_password, csrf_ok

router = APIRouter()
MAX_NAME = 64


def safe_next(target: str) -> str:
    """Only a path on this site: never `//elsewhere`, `/\\elsewhere` (browsers read both as a host) or an absolute URL."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    signer = settings(request).signer
    pending = signer.load(request.cookies.get(SESSION_COOKIE)) or signer.new_session("")
    response = render(request, "login.html", pending, next=next, needs_password=bool(settings(request).auth_hash), error=None)
    set_session_cookie(request, response, pending)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    signer, auth_hash = settings(request).signer, settings(request).auth_hash
    pending = signer.load(request.cookies.get(SESSION_COOKIE))
    if not csrf_ok(pending, csrf):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page")
    name = name.strip()
    error = None
    if not name or len(name) > MAX_NAME:
        error = f"Give your name (up to {MAX_NAME} characters): it goes into the audit trail."
    elif auth_hash and not check_password(password, auth_hash):
        error = "Wrong password."
    if error:
        return render(request, "login.html", pending, status=401, next=next, needs_password=bool(auth_hash), error=error)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, signer.new_session(name))
    return response


@router.post("/logout")
def logout(_: CsrfChecked) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
