"""The review app over HTTP (no browser): login, CSRF, escaping, the queue and report identity, the command and export-gold."""

from __future__ import annotations

import argparse
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.evaluate import evaluate
from pipeline.store import FactRow, ReportRow
from reportx.commands import review as review_command
from reportx.exits import EXIT_OK, EXIT_USAGE
from review import decisions
from review.app import create_app
from review.front_door import hosts_for
from review.gold import gold_lines, occurrence
from review.queue import QueueFilter, precision, queue
from review.security import hash_password

PASSWORD = "长城-2012"
LOOPBACK = "http://127.0.0.1:8765"

# (case, argv) — serving off loopback without --auth, or with a plain password, is refused.
REFUSED = [
    ("all interfaces without auth", ["--host", "0.0.0.0"]),
    ("LAN address without auth", ["--host", "192.168.1.20"]),
    ("plain password instead of a hash", ["--host", "0.0.0.0", "--auth", PASSWORD]),
]

# (case, argv) — every interface needs the names clients use, or no Host could ever be right.
NEEDS_A_HOST_NAME = [("all IPv4 interfaces", ["--host", "0.0.0.0"]), ("all IPv6 interfaces", ["--host", "::"])]

# (case, hosts the app was started for (None: the loopback default), Host header sent, status of GET /login)
HOSTS = [
    ("bound loopback address", None, "127.0.0.1:8765", 200),
    ("localhost", None, "localhost:8765", 200),
    ("IPv6 loopback", None, "[::1]:8765", 200),
    ("a rebound foreign name", None, "rebind.attacker.example:8765", 400),
    ("a foreign name without a port", None, "attacker.example", 400),
    ("a name given with --allowed-host", ["192.168.1.20", "review.lan"], "review.lan:8765", 200),
    ("the bound LAN address", ["192.168.1.20", "review.lan"], "192.168.1.20:8765", 200),
    ("loopback names are not implied off loopback", ["192.168.1.20"], "localhost:8765", 400),
]

# (case, method, path ({report}, {fact} filled in), form, status) — malformed or out-of-range input is 404/422, never 500.
BAD_INPUTS = [
    ("report id beyond the store's integers", "GET", "/reports/99999999999999999999", None, 422),
    ("non-numeric report id", "GET", "/reports/abc", None, 422),
    ("negative fact id", "GET", "/reports/{report}/facts/-1", None, 422),
    ("no such report", "GET", "/reports/2147483647", None, 404),
    ("no such fact in the report", "GET", "/reports/{report}/facts/2147483647", None, 404),
    ("fact query beyond range", "GET", "/reports/{report}?fact=99999999999999999999", None, 422),
    ("selection beyond range", "GET", "/reports/{report}/selection?start=0&end=99999999999999999999", None, 422),
    ("version=abc", "POST", "/reports/{report}/facts/{fact}/accept", {"version": "abc"}, 422),
    ("version beyond range", "POST", "/reports/{report}/facts/{fact}/reject", {"version": "99999999999999999999"}, 422),
    ("fact id beyond range in a decision", "POST", "/reports/{report}/facts/99999999999999999999/accept", {"version": "1"}, 422),
    ("unknown action", "POST", "/reports/{report}/facts/{fact}/delete", {"version": "1"}, 404),
    ("added fact with non-numeric offsets", "POST", "/reports/{report}/facts",
     {"kind": "count", "value": "1", "unit": "人", "start": "abc", "end": "99999999999999999999"}, 422),
]

# (case, path) — every response carries the security headers, pages and errors alike.
HEADED = [("login page", "/login"), ("static script", "/static/review.js"), ("not found", "/nowhere"),
          ("report page", "/reports/{report}")]

# (case, path) — HEAD is answered like GET, without a body.
HEADS = [("login page", "/login"), ("static script", "/static/htmx.min.js"), ("queue", "/"),
         ("report page", "/reports/{report}"), ("not found", "/nowhere")]

# (case, --secure-cookies, URL the app is reached at, cookie marked Secure)
COOKIES = [("plain http", False, "http://127.0.0.1", False), ("--secure-cookies", True, "http://127.0.0.1", True),
           ("an https request", False, "https://127.0.0.1", True)]

# (case, `next` after login, where the login redirects) — never off the site.
NEXT_TARGETS = [("a report", "/reports/3", "/reports/3"), ("another host", "//attacker.example/", "/"),
                ("another host by backslash", "/\\attacker.example/", "/"), ("an absolute URL", "https://attacker.example/", "/")]

OCCURRENCES = [("first", "一人，二人，一人", "一人", 0, 0), ("second", "一人，二人，一人", "一人", 6, 1), ("overlapping", "111", "11", 1, 1)]

SAMPLE_DOC = "000_fa63da99af307c15.txt#{}"

# (case, doc) — the queue and the report page say whose report it is, as stored: organisation, region, kind, year.
IDENTITIES = [("a school, four region levels", SAMPLE_DOC.format(1)), ("a year read from 2016年度", SAMPLE_DOC.format(3)),
              ("a year read from 2011年", SAMPLE_DOC.format(6)), ("no organisation named", SAMPLE_DOC.format(13)),
              ("a hostile report", "hostile.txt#1")]

# (case, report, the earlier report it repeats) — reports 6 and 11 of the samples are one report, 11 with its year masked.
REPEATS = [("year masked as xx", SAMPLE_DOC.format(11), SAMPLE_DOC.format(6))]

# (case, search, docs found) — the queue's search also finds a report by its organisation.
ORGANISATION_SEARCHES = [("school", "欢胜中学", [SAMPLE_DOC.format(1)]), ("district government", "绿园区人民政府", [SAMPLE_DOC.format(11)])]


def reportx_review(argv: list[str]) -> int:
    """`reportx review ARGV...`, through the command's own parser."""
    parser = argparse.ArgumentParser()
    review_command.add_arguments(parser)
    return review_command.run(parser.parse_args(argv))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def queue_row(html: str, doc: str) -> str:
    """The queue table's row of `doc`."""
    return next(row for row in html.split("<tr")[1:] if f'<div class="doc">{doc}</div>' in row)


def identity_line(html: str) -> str:
    return re.search(r'<p class="identity" id="identity">(.*?)</p>', html, re.S).group(1)


def stored_report(factory, doc: str) -> ReportRow:
    with factory() as session:
        return session.scalar(select(ReportRow).where(ReportRow.doc == doc))


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
    client = TestClient(create_app(factory), base_url=LOOPBACK)
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
    client = TestClient(create_app(factory, auth_hash=hash_password(PASSWORD)), base_url=LOOPBACK)
    token = csrf_of(client.get("/login").text)
    assert client.post("/login", data={"name": "ana", "password": "wrong", "csrf": token}).status_code == 401
    assert logged_in(client, PASSWORD)


def test_report_text_is_escaped(review_store):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
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


@pytest.mark.parametrize("doc", [c[1] for c in IDENTITIES], ids=[c[0] for c in IDENTITIES])
def test_queue_and_report_page_say_whose_report_it_is(review_store, doc):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    logged_in(client)
    report = stored_report(factory, doc)
    year = str(report.report_year) if report.report_year else "year not stated"
    shown = [report.organisation or "organisation not named", " ".join(report.region), report.report_kind.replace("_", " "), year]
    row, line = queue_row(client.get("/").text, doc), identity_line(client.get(f"/reports/{report.id}").text)
    assert [part for part in shown if part not in row] == [] and [part for part in shown if part not in line] == []
    assert (f"read from “<span class=\"basis\">{report.year_basis}</span>”" in line) == bool(report.report_year)
    assert "repeats" not in row + line


@pytest.mark.parametrize("doc, repeated", [c[1:] for c in REPEATS], ids=[c[0] for c in REPEATS])
def test_a_repeated_report_is_marked_and_links_the_one_it_repeats(review_store, doc, repeated):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    logged_in(client)
    report, original = stored_report(factory, doc), stored_report(factory, repeated)
    badge = f'<a class="badge repeats" href="/reports/{original.id}">repeats {repeated}</a>'
    queue_html = client.get("/").text
    assert badge in queue_row(queue_html, doc) and "repeats" not in queue_row(queue_html, repeated)
    assert badge in identity_line(client.get(f"/reports/{report.id}").text)


@pytest.mark.parametrize("search, docs", [c[1:] for c in ORGANISATION_SEARCHES], ids=[c[0] for c in ORGANISATION_SEARCHES])
def test_queue_search_finds_a_report_by_its_organisation(review_store, search, docs):
    _, factory = review_store
    with factory() as session:
        assert [row.doc for row in queue(session, QueueFilter(search=search))] == docs


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
    assert exported == expected and [line["review"] for line in exported] == ["accepted"] * 5 + ["rejected"]
    assert [line["text"] for line in exported] == [f.text for f in facts[:6]] and exported[5]["kind"] is None
    evaluation = evaluate(exported, predicted, doc_texts)
    assert evaluation.detection.tp == 5 and evaluation.value.tp == 5 and evaluation.detection.fp == len(facts) - 5


@pytest.mark.parametrize("argv", [c[1] for c in NEEDS_A_HOST_NAME], ids=[c[0] for c in NEEDS_A_HOST_NAME])
def test_serving_on_every_interface_needs_allowed_hosts(argv, capsys):
    assert reportx_review([*argv, "--auth", hash_password(PASSWORD)]) == EXIT_USAGE
    assert "--allowed-host" in capsys.readouterr().err


def report_and_fact(factory) -> dict[str, int]:
    with factory() as session:
        fact = session.scalar(select(FactRow).join(ReportRow).where(ReportRow.doc == "hostile.txt#1").order_by(FactRow.start))
        return {"report": fact.report_id, "fact": fact.id}


@pytest.mark.parametrize("hosts, host, status", [c[1:] for c in HOSTS], ids=[c[0] for c in HOSTS])
def test_only_the_hosts_the_app_was_started_for_are_answered(review_store, hosts, host, status):
    _, factory = review_store
    app = create_app(factory) if hosts is None else create_app(factory, hosts=hosts_for(hosts[0], hosts[1:]))
    assert TestClient(app).get("/login", headers={"Host": host}).status_code == status


@pytest.mark.parametrize("host", ["rebind.attacker.example:8765"], ids=["DNS rebinding"])
def test_a_foreign_host_can_neither_log_in_nor_decide(review_store, host):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    token = logged_in(client)
    ids = report_and_fact(factory)
    foreign = {"Host": host, "X-CSRF-Token": token}
    assert client.post("/login", data={"name": "eve", "csrf": token}, headers=foreign).status_code == 400
    reject = client.post("/reports/{report}/facts/{fact}/reject".format(**ids), data={"version": "1", "reason": "x"}, headers=foreign)
    assert reject.status_code == 400
    with factory() as session:
        assert session.get(FactRow, ids["fact"]).status == "unreviewed"


@pytest.mark.parametrize("method, path, form, status", [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_malformed_ids_and_versions_are_refused_not_crashes(review_store, method, path, form, status):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK, raise_server_exceptions=False)
    token = logged_in(client)
    response = client.request(method, path.format(**report_and_fact(factory)), data=form, headers={"X-CSRF-Token": token})
    assert response.status_code == status, response.text


@pytest.mark.parametrize("path", [c[1] for c in HEADED], ids=[c[0] for c in HEADED])
def test_every_response_forbids_framing_sniffing_and_foreign_scripts(review_store, path):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    logged_in(client)
    headers = client.get(path.format(**report_and_fact(factory))).headers
    policy = dict(rule.strip().split(" ", 1) for rule in headers["content-security-policy"].split(";"))
    assert (policy["frame-ancestors"], policy["script-src"], policy["style-src"]) == ("'none'", "'self'", "'self'")
    assert (headers["x-frame-options"], headers["x-content-type-options"]) == ("DENY", "nosniff")


@pytest.mark.parametrize("path", [c[1] for c in HEADED if c[1].startswith("/reports")], ids=["report page"])
def test_pages_hold_no_inline_script_or_style(review_store, path):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    logged_in(client)
    html = client.get(path.format(**report_and_fact(factory))).text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<[^>]+\s(?:style|on[a-z]+)=", html) == []


@pytest.mark.parametrize("path", [c[1] for c in HEADS], ids=[c[0] for c in HEADS])
def test_head_is_answered_like_get(review_store, path):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    logged_in(client)
    path = path.format(**report_and_fact(factory))
    get, head = client.get(path, follow_redirects=False), client.head(path, follow_redirects=False)
    assert (head.status_code, head.headers["content-type"], head.content) == (get.status_code, get.headers["content-type"], b"")


@pytest.mark.parametrize("secure_cookies, base_url, secure", [c[1:] for c in COOKIES], ids=[c[0] for c in COOKIES])
def test_session_cookie_is_secure_behind_tls(review_store, secure_cookies, base_url, secure):
    _, factory = review_store
    client = TestClient(create_app(factory, secure_cookies=secure_cookies), base_url=base_url)
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert ("; secure" in cookie) == secure and "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize("target, expected", [c[1:] for c in NEXT_TARGETS], ids=[c[0] for c in NEXT_TARGETS])
def test_login_redirects_only_within_the_site(review_store, target, expected):
    _, factory = review_store
    client = TestClient(create_app(factory), base_url=LOOPBACK)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "ana", "csrf": token, "next": target}, follow_redirects=False)
    assert response.headers["location"] == expected
