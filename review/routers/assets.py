"""The files the pages load: htmx, the page's JS and CSS (shipped in the package, nothing from a CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter()


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


def serve_assets(app: FastAPI) -> None:
    """Mount the static folder (a mount cannot travel inside an APIRouter) and add the favicon route."""
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(router)
