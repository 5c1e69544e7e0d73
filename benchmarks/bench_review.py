"""How heavy and how fast the review page is for a large report: 30,000 characters, about 500 facts.

Measures, on a fresh SQLite store: server time to render the report page, a
fact's panel, an accept (with its audit row) and the queue; the page's weight
(HTML, and gzipped); and, when Chromium is installed, the browser's time to
a usable page and to a keyboard accept. Prints one table; asserts nothing.

  .venv/bin/python benchmarks/bench_review.py
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient
from sqlalchemy import select

from extractors.version import EXTRACTOR_VERSION
from pipeline.run import process_file
from pipeline.store import FactRow, ReportRow, open_store, save_results
from review.app import create_app
from review.harness import chromium, chromium_path, logged_in_page, serve_in_thread

SENTENCE = "学校按照标准化建设要求完善办学条件，坚持以人为本，全面推进素质教育，努力办好人民满意的教育，在校学生{a}人。"
TARGET_CHARS = 30_000


def big_report(folder: Path) -> Path:
    lines, n = ["篇1"], 0
    while sum(map(len, lines)) < TARGET_CHARS:
        n += 1
        lines.append(SENTENCE.format(a=800 + n))
    path = folder / "large.txt"
    path.write_text("\n".join(lines)[:TARGET_CHARS], encoding="utf-8")
    return path


def timed(call, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def login(client: TestClient) -> str:
    token = re.search(r'csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    page = client.post("/login", data={"name": "bench", "csrf": token})
    return re.search(r'csrf-token" content="([^"]+)"', page.text).group(1)


def browser_timings(app, report_id: int) -> dict[str, float]:
    with serve_in_thread(app) as base, chromium() as browser:
        page = logged_in_page(browser, base, "bench", {"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(f"{base}/reports/{report_id}")
        page.wait_for_selector("#panel[data-fact]")
        loaded = (time.perf_counter() - started) * 1000
        first = page.get_attribute("#panel", "data-fact")
        started = time.perf_counter()
        page.keyboard.press("a")
        page.wait_for_selector(f'#panel[data-fact]:not([data-fact="{first}"])')
        accepted = (time.perf_counter() - started) * 1000
    return {"browser: page usable (ms)": loaded, "browser: key 'a' to next fact shown (ms)": accepted}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    factory = open_store(f"sqlite:///{folder / 'store.db'}")
    result = process_file(big_report(folder))
    save_results(factory, [result], EXTRACTOR_VERSION, None)
    report = result.reports[0]
    with factory() as session:
        report_id = session.scalar(select(ReportRow.id))
        fact_ids = list(session.scalars(select(FactRow.id).order_by(FactRow.start)))
    app = create_app(factory)
    client = TestClient(app, base_url="http://127.0.0.1")  # the app answers only to the Host it was started for
    token = login(client)
    page_ms, page = timed(lambda: client.get(f"/reports/{report_id}"))
    panel_ms, _ = timed(lambda: client.get(f"/reports/{report_id}/facts/{fact_ids[250]}"))
    queue_ms, _ = timed(lambda: client.get("/"))
    accepts = iter(fact_ids)
    accept_ms, _ = timed(lambda: client.post(f"/reports/{report_id}/facts/{next(accepts)}/accept",
                                             data={"version": 1}, headers={"X-CSRF-Token": token}))
    html = page.content
    rows = {
        "report characters": report.span[1] - report.span[0],
        "facts": len(report.facts),
        "cross-check warnings": len(report.warnings),
        "page HTML (KiB)": len(html) / 1024,
        "page HTML as sent, gzipped (KiB)": len(gzip.compress(html)) / 1024,
        "static JS+CSS (KiB, cached)": sum(p.stat().st_size for p in (Path(__file__).parent.parent / "review" / "static").iterdir()) / 1024,
        "server: report page (ms, median of 7)": page_ms,
        "server: fact panel (ms)": panel_ms,
        "server: accept + audit row + next panel (ms)": accept_ms,
        "server: queue (ms)": queue_ms,
    }
    if chromium_path():
        rows.update(browser_timings(app, report_id))
    for name, value in rows.items():
        print(f"{name:48} {value:10.1f}" if isinstance(value, float) else f"{name:48} {value:10}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
