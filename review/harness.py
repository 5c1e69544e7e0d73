"""Run the review app in-process and drive it with Debian's Chromium.

The browser tests, the page benchmark and the screenshot script all need the
same two things: the app on a free loopback port, and a headless Chromium that
Playwright launches from the system (it cannot download browsers offline).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def chromium_path() -> str | None:
    return shutil.which("chromium")


@contextmanager
def chromium() -> Iterator:
    """A headless Playwright browser on the system's Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def logged_in_page(browser, base: str, reviewer: str, viewport: dict[str, int]):
    """A new page of `browser`, logged in as `reviewer`, on the queue."""
    page = browser.new_page(viewport=viewport)
    page.goto(base + "/login")
    page.fill("#name", reviewer)
    page.press("#name", "Enter")
    page.wait_for_selector("#queue")
    return page
