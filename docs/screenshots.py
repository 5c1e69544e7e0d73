"""Take docs/queue.png and docs/report.png: the samples in a fresh store, a few decisions, real Chromium.

  .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from extractors.version import EXTRACTOR_VERSION  # noqa: E402
from pipeline.run import process_file  # noqa: E402
from pipeline.store import FactRow, ReportRow, open_store, save_results  # noqa: E402
from review import decisions  # noqa: E402
from review.app import create_app  # noqa: E402
from review.harness import chromium, logged_in_page, serve_in_thread  # noqa: E402

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
    try:
        with serve_in_thread(create_app(factory)) as base, chromium() as browser:
            page = logged_in_page(browser, base, "王老师", {"width": 1400, "height": 860})
            page.screenshot(path=str(ROOT / "docs" / "queue.png"))
            page.goto(f"{base}/reports/{report_id}?fact={selected}")
            page.wait_for_selector(f'#panel[data-fact="{selected}"]')
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
