"""Take docs/queue.png and docs/report.png: the samples in a fresh store, a few decisions, real Chromium.

  .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402

from extractors.engine import EXTRACTOR_VERSION  # noqa: E402
from pipeline.run import process_file  # noqa: E402
from pipeline.store import FactRow, ReportRow, open_store, save_results  # noqa: E402
from review import decisions  # noqa: E402
from review.app import create_app  # noqa: E402

SAMPLE = ROOT / "samples" / "000_fa63da99af307c15.txt"
REPORT_DOC = "000_fa63da99af307c15.txt#10"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="reportx-shots-"))
    factory = open_store(f"sqlite:///{folder / 'store.db'}")
    save_results(factory, [process_file(SAMPLE)], EXTRACTOR_VERSION, None)
    with factory() as session:
        report = session.scalar(select(ReportRow).where(ReportRow.doc == REPORT_DOC))
        facts = session.scalars(select(FactRow).where(FactRow.report_id == report.id).order_by(FactRow.start)).all()
        for fact in facts[:3]:
            decisions.accept(session, fact, fact.version, "王老师")
        decisions.reject(session, facts[3], facts[3].version, "王老师", "a month without a year: not a statistic")
        report_id, selected = report.id, facts[5].id
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(factory), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                       "--disable-component-update", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(base + "/login")
            page.fill("#name", "王老师")
            page.press("#name", "Enter")
            page.wait_for_selector("#queue")
            page.screenshot(path=str(ROOT / "docs" / "queue.png"))
            page.goto(f"{base}/reports/{report_id}?fact={selected}")
            page.wait_for_selector(f'#panel[data-fact="{selected}"]')
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            browser.close()
    finally:
        server.should_exit = True
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
