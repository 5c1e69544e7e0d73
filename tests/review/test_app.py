"""The review app over HTTP (no browser): login, CSRF, escaping, the queue, the command and export-gold."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import argparse

from reportx.exits import EXIT_OK, EXIT_USAGE
from reportx.commands import review as review_command
from pipeline.evaluate import evaluate
from pipeline.store import FactRow, ReportRow
from review import decisions
from review.app import create_app
from review.gold import gold_lines, occurrence
from review.queue import QueueFilter, precision, queue
from review.security import hash_password

PASSWORD = "长城-2012"

# (case, argv) — serving off loopback without --auth, or with a plain password, is refused.
REFUSED = [
    ("all interfaces without auth", ["--host", "0.0.0.0"]),
    ("LAN address without auth", ["--host", "192.168.1.20"]),
    ("plain password instead of a hash", ["--host", "0.0.0.0", "--auth", PASSWORD]),
]

OCCURRENCES = [("first", "一人，二人，一人", "一人", 0, 0), ("second", "一人，二人，一人", "一人", 6, 1), ("overlapping", "111", "11", 1, 1)]


def reportx_review(argv: list[str]) -> int:
    """`reportx review ARGV...`, through the command's own parser."""
    parser = argparse.ArgumentParser()
    review_command.add_arguments(parser)
    return review_command.run(parser.parse_args(argv))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def logged_in(client: TestClient, password: str = "") -> str:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "ana", "password": password, "csrf": token, "next": "/"})
    assert response.status_code == 200, response.text
    return csrf_of(response.text)


@pytest.mark.parametrize("argv", [c[1] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_serving_off_loopback_needs_auth(argv, capsys):
    assert reportx_review(argv) == EXIT_USAGE
    assert "--auth" in capsys.readouterr().err


def test_pages_need_a_reviewer_and_posts_need_the_csrf_token(review_store):
    _, factory = review_store
    client = TestClient(create_app(factory))
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    token = logged_in(client)
    with factory() as session:
        fact = session.scalar(select(FactRow).limit(1))
    url = f"/reports/{fact.report_id}/facts/{fact.id}/accept"
    assert client.post(url, data={"version": fact.version}).status_code == 403
    assert client.post(url, data={"version": fact.version, "csrf": "forged"}).status_code == 403
    saved = client.post(url, data={"version": fact.version}, headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/reports/{fact.report_id}?fact=")
    again = client.post(url, data={"version": fact.version, "csrf": token}, headers={"HX-Request": "true"})
    assert again.status_code == 409 and 'class="message conflict"' in again.text


def test_login_asks_for_the_password_when_auth_is_set(review_store):
    _, factory = review_store
    client = TestClient(create_app(factory, auth_hash=hash_password(PASSWORD)))
    token = csrf_of(client.get("/login").text)
    assert client.post("/login", data={"name": "ana", "password": "wrong", "csrf": token}).status_code == 401
    assert logged_in(client, PASSWORD)


def test_report_text_is_escaped(review_store):
    _, factory = review_store
    client = TestClient(create_app(factory))
    logged_in(client)
    with factory() as session:
        report = session.scalar(select(ReportRow).where(ReportRow.doc == "hostile.txt#1"))
    html = client.get(f"/reports/{report.id}").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>52名</b>" not in html


def test_queue_puts_warnings_first_filters_and_measures_precision(review_store):
    _, factory = review_store
    with factory() as session:
        rows = queue(session, QueueFilter())
        assert len(rows) == 14 and {r.status for r in rows if r.facts} == {"new"}
        keys = [(len(r.warnings), r.low_confidence) for r in rows if r.facts]
        assert keys == sorted(keys, reverse=True)
        assert [r.doc for r in queue(session, QueueFilter(search="hostile"))] == ["hostile.txt#1"]
        assert all("sum_mismatch" in r.warnings for r in queue(session, QueueFilter(warning="sum_mismatch")))
        facts = session.scalars(select(FactRow).join(ReportRow).where(ReportRow.doc == "hostile.txt#1").order_by(FactRow.start)).all()
        decisions.accept(session, facts[0], facts[0].version, "ana")
        decisions.reject(session, facts[1], facts[1].version, "ana", "markup in the span")
        measured = precision(session)
        assert (measured.reviewed, measured.accepted, measured.rejected, measured.detection) == (2, 1, 1, 0.5)
        assert [r.status for r in queue(session, QueueFilter(search="hostile"))] == ["in progress"]


@pytest.mark.parametrize("text, needle, position, expected", [c[1:] for c in OCCURRENCES], ids=[c[0] for c in OCCURRENCES])
def test_occurrence_counts_as_the_scorer_locates(text, needle, position, expected):
    assert occurrence(text, needle, position) == expected


def test_export_gold_is_what_eval_reads(review_store, capsys):
    url, factory = review_store
    with factory() as session:
        report = session.scalar(select(ReportRow).where(ReportRow.doc == "000_fa63da99af307c15.txt#1"))
        facts = session.scalars(select(FactRow).where(FactRow.report_id == report.id).order_by(FactRow.start)).all()
        for fact in facts[:5]:
            decisions.accept(session, fact, fact.version, "ana")
        decisions.reject(session, facts[5], facts[5].version, "ana", "not a statistic")
        expected = [json.loads(json.dumps(line)) for line in gold_lines(session)]
        text = report.source.text
        doc_texts = {report.doc: (report.span_start, text[report.span_start : report.span_end])}
        predicted = [{"doc": report.doc, "facts": [{k: getattr(f, k) for k in ("kind", "value", "value_max", "unit", "start", "end", "text", "approx", "subject", "date_start", "date_end")} for f in facts]}]
    assert reportx_review(["export-gold", "--db", url]) == EXIT_OK
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert exported == expected and len(exported) == 5
    assert {line["text"] for line in exported} == {f.text for f in facts[:5]}
    evaluation = evaluate(exported, predicted, doc_texts)
    assert evaluation.detection.tp == 5 and evaluation.value.tp == 5 and evaluation.detection.fp == len(facts) - 5
