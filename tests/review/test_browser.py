"""The review page in real Chromium: every keyboard and mouse path a reviewer takes, persisted and audited.

One server for the module (`review_server`); each test works on its own facts so the order does not matter.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline.store import DecisionRow, FactRow, ReportRow, save_results

HOSTILE = "hostile.txt#1"
CONFLICT_DOC = "000_fa63da99af307c15.txt#3"


def ids(factory, doc):
    """(report id, {fact text: fact id}) of one report in the server's store."""
    with factory() as session:
        report = session.scalar(select(ReportRow).where(ReportRow.doc == doc))
        facts = session.scalars(select(FactRow).where(FactRow.report_id == report.id).order_by(FactRow.start)).all()
        return report.id, {f.text: f.id for f in facts}


def state(factory, fact_id):
    with factory() as session:
        fact = session.get(FactRow, fact_id)
        trail = session.scalars(select(DecisionRow).where(DecisionRow.fact_id == fact_id).order_by(DecisionRow.id)).all()
        return fact, [(d.action, d.reviewer) for d in trail]


@pytest.fixture
def page_as(chromium, review_server):
    """A fresh browser context logged in as a named reviewer; dialogs are recorded, never accepted."""
    base, _ = review_server
    contexts = []

    def open_as(name):
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.blocked = []  # what the Content-Security-Policy refused: the pages must need nothing it forbids
        page.on("console", lambda message: "Content Security Policy" in message.text and page.blocked.append(message.text))
        page.goto(base + "/")
        page.fill("#name", name)
        page.press("#name", "Enter")
        page.wait_for_selector("#queue")
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_fact(page, base, report_id, fact_id):
    page.goto(f"{base}/reports/{report_id}?fact={fact_id}")
    page.wait_for_selector(f'#panel[data-fact="{fact_id}"]')


def keys_ready(page):
    """Wait until no form field holds the focus, so the next key is a shortcut, not typing."""
    page.wait_for_function("!document.activeElement || !document.activeElement.closest('#panel input, #panel select')")


def select_text(page, needle):
    """Select the first occurrence of `needle` in the report text, as a mouse would."""
    page.evaluate(
        """needle => {
          const text = document.getElementById("text");
          const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
          let offset = 0, nodes = [];
          while (walker.nextNode()) { nodes.push([walker.currentNode, offset]); offset += walker.currentNode.length; }
          const at = text.textContent.indexOf(needle), end = at + needle.length;
          const find = (pos) => { for (const [node, start] of nodes) if (pos <= start + node.length) return [node, pos - start]; };
          const range = document.createRange();
          range.setStart(...find(at)); range.setEnd(...find(end));
          getSelection().removeAllRanges(); getSelection().addRange(range);
        }""",
        needle,
    )


def test_markup_in_a_report_is_shown_as_text(page_as, review_server):
    base, factory = review_server
    report_id, _ = ids(factory, HOSTILE)
    page = page_as("ana")
    page.goto(f"{base}/reports/{report_id}")
    assert "<script>alert(1)</script>" in page.inner_text("#text")
    assert "<b>52名</b>" in page.inner_text("#text")
    assert page.locator("#text script, #text b").count() == 0
    assert page.dialogs == []


def test_queue_search_opens_a_report(page_as, review_server):
    page = page_as("ana")
    page.fill("input[name=search]", "hostile")
    page.press("input[name=search]", "Enter")
    page.wait_for_url("**search=hostile**")
    assert page.locator("#queue tbody tr").count() == 1
    page.click("#queue tbody a")
    page.wait_for_selector("#panel[data-fact]")
    assert page.locator("#text mark").count() >= 5


def test_a_review_session_is_persisted_audited_and_survives_re_extraction(page_as, review_server, tmp_path):
    base, factory = review_server
    report_id, facts = ids(factory, HOSTILE)
    page = page_as("ana")
    page.goto(f"{base}/reports/{report_id}")
    page.wait_for_selector(f'#panel[data-fact="{facts["826人"]}"]')

    page.keyboard.press("a")  # accept and advance
    page.wait_for_selector(f'#panel[data-fact="{facts[">52名"]}"]')
    assert page.inner_text(f'#row-{facts["826人"]} td.st').startswith("accepted")

    open_fact(page, base, report_id, facts["1.4万平米"])
    page.keyboard.press("e")
    page.keyboard.type("1.5万")
    page.keyboard.press("Enter")
    page.wait_for_selector("#readback:has-text('15000 m2')")
    keys_ready(page)

    select_text(page, "52名")
    page.keyboard.press("n")
    page.wait_for_selector("#panel[data-mode=add]")
    assert (page.input_value("#f-kind"), page.input_value("#f-value"), page.input_value("#f-unit")) == ("count", "52", "人")
    page.click("#do-add")
    page.wait_for_selector("#panel[data-mode=fact] #readback:has-text('52名 → 52 人')")
    added = int(page.get_attribute("#panel", "data-fact"))

    open_fact(page, base, report_id, facts["3150万元"])
    page.keyboard.press("r")
    page.keyboard.type("a budget, not money spent")
    page.keyboard.press("Enter")
    page.wait_for_selector("#status:has-text('rejected')")
    keys_ready(page)
    page.keyboard.press("u")
    page.wait_for_selector("#status:has-text('unreviewed')")

    page.reload()
    page.wait_for_selector("#history")
    rows = {fid: page.inner_text(f"#row-{fid} td.st") for fid in (facts["826人"], facts["1.4万平米"], added, facts["3150万元"])}
    assert [r.split()[0] for r in rows.values()] == ["accepted", "corrected", "added", "unreviewed"]
    assert page.locator("#history tbody tr").count() == 2  # reject, then its undo
    assert state(factory, facts["3150万元"])[1] == [("reject", "ana"), ("undo", "ana")]
    assert state(factory, facts["1.4万平米"])[0].value == 15000

    # Re-extraction by a newer extractor keeps every decision (and says so in the trail).
    from pipeline.run import process_file

    with factory() as session:
        path = session.get(ReportRow, report_id).source.path
    save_results(factory, [process_file(path)], "browser-test.bumped", None)
    page.reload()
    page.wait_for_selector("#history")
    rows_after = {fid: page.inner_text(f"#row-{fid} td.st").split()[0] for fid in rows}
    assert list(rows_after.values()) == ["accepted", "corrected", "added", "unreviewed"]
    open_fact(page, base, report_id, facts["1.4万平米"])
    assert page.is_visible("#disagrees") and "14000 m2" in page.inner_text("#disagrees")
    assert [a for a, _ in state(factory, facts["1.4万平米"])[1]] == ["edit", "reattach"]
    assert page.blocked == []


def test_two_reviewers_on_one_fact_get_a_conflict_not_an_overwrite(page_as, review_server):
    base, factory = review_server
    report_id, facts = ids(factory, CONFLICT_DOC)
    fact_id = next(iter(facts.values()))
    ana, bo = page_as("ana"), page_as("bo")
    for page in (ana, bo):
        open_fact(page, base, report_id, fact_id)
    ana.fill("#f-subject", "ana的主语")
    ana.press("#f-subject", "Enter")
    ana.wait_for_selector("#f-subject[value='ana的主语']")
    bo.fill("#f-subject", "bo的主语")
    bo.press("#f-subject", "Enter")
    bo.wait_for_selector("#message.conflict")
    assert "ana" in bo.inner_text("#message.conflict")
    assert bo.input_value("#f-subject") == "ana的主语"
    assert state(factory, fact_id)[0].subject == "ana的主语"
