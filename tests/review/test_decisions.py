"""Reviewers' decisions on a real store: audited, validated, version-checked, undoable, and kept across re-extraction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline.export import long_rows
from pipeline.run import process_file
from pipeline.store import DecisionRow, FactRow, ReportRow, open_store, save_results
from review import decisions
from review.decisions import Conflict, Invalid

# A report of which each test decides one fact, then re-extracts with a new extractor version.
DECIDED_REPORT = "学校种植树木352棵，有学生826人，教师52名，占地1.4万平米，投资3150万元，建于1968年，巩固率为99.6。"

# (case, the machine reading decided on, action, form ("span" names the new text), expected (status, text, value)).
# "add" adds a fact the old extractor did not read; the new one reads the machine reading named.
DECISIONS_ACROSS_VERSIONS = [
    ("accept", "826人", "accept", {}, ("accepted", "826人", 826)),
    ("edit value", "1.4万平米", "edit", {"value": "1.5万"}, ("corrected", "1.4万平米", 15000)),
    ("edit span", "352棵", "edit", {"span": "352"}, ("corrected", "352", 352)),
    ("edit kind", "52名", "edit", {"kind": "quantity"}, ("corrected", "52名", 52)),
    ("reject", "3150万元", "reject", {"reason": "a budget, not money spent"}, ("rejected", "3150万元", 31500000)),
    ("add what the machine missed", "99.6", "add", {"span": "99.6", "kind": "rate", "value": "99.6", "unit": "%"},
     ("added", "99.6", 99.6)),
    ("add inside a machine reading", "826人", "add", {"span": "826", "kind": "count", "value": "826", "unit": "人"},
     ("added", "826", 826)),
]

# (case, form, field the message is about) — edits of 826人 that must be refused with a message in place.
INVALID_EDITS = [
    ("unit foreign to the kind", {"kind": "area", "unit": "人"}, ""),
    ("not a number", {"value": "八百多"}, "value"),
    ("negative offset", {"start": "-1"}, "start"),
    ("empty span", {"start": "39", "end": "39"}, "end"),
    ("malformed date", {"kind": "date", "value": "", "unit": "", "date_start": "2011/11", "date_end": "2011/11"}, "date_start"),
]


def hostile(session):
    report = session.scalar(select(ReportRow).where(ReportRow.doc == "hostile.txt#1"))
    facts = {f.text: f for f in session.scalars(select(FactRow).where(FactRow.report_id == report.id))}
    return report, facts


def trail(session, fact):
    return [(d.action, d.reviewer, d.before and d.before["status"], d.after["status"]) for d in decisions.history(session, fact.id)][::-1]


def test_every_decision_is_an_audited_change(review_store):
    _, factory = review_store
    with factory() as session:
        report, facts = hostile(session)
        text = report.source.text
        count, teachers, area, year = facts["826人"], facts[">52名"], facts["1.4万平米"], facts["1968年"]
        decisions.accept(session, count, count.version, "ana")
        decisions.edit(session, teachers, teachers.version, "ana", {"start": "45", "approx": "exact"}, text)
        decisions.reject(session, area, area.version, "bo", "a site area copied from another school")
        decisions.flag(session, year, year.version, "bo", "founding year or year of the survey?")
        assert (count.status, teachers.status, area.status, year.status) == ("accepted", "corrected", "rejected", "flagged")
        assert (teachers.text, teachers.start, teachers.approx) == ("52名", 45, "exact")
        assert trail(session, teachers) == [("edit", "ana", "unreviewed", "corrected")]
        assert decisions.history(session, area.id)[0].reason == "a site area copied from another school"


def test_undo_steps_back_one_decision_at_a_time(review_store):
    _, factory = review_store
    with factory() as session:
        report, facts = hostile(session)
        fact = facts["826人"]
        machine_subject = fact.subject
        decisions.accept(session, fact, fact.version, "ana")
        decisions.edit(session, fact, fact.version, "ana", {"value": "八百二十六", "subject": "在校学生数"}, report.source.text)
        assert (fact.value, fact.subject, fact.status) == (826, "在校学生数", "corrected")
        decisions.undo(session, fact, fact.version, "ana")
        assert (fact.subject, fact.status) == (machine_subject, "accepted")
        decisions.undo(session, fact, fact.version, "ana")
        assert fact.status == "unreviewed"
        with pytest.raises(Invalid):
            decisions.undo(session, fact, fact.version, "ana")
        assert [row[0] for row in trail(session, fact)] == ["accept", "edit", "undo", "undo"]


@pytest.mark.parametrize("form, field", [c[1:] for c in INVALID_EDITS], ids=[c[0] for c in INVALID_EDITS])
def test_invalid_edits_are_refused_and_change_nothing(review_store, form, field):
    _, factory = review_store
    with factory() as session:
        report, facts = hostile(session)
        fact = facts["826人"]
        with pytest.raises(Invalid) as refused:
            decisions.edit(session, fact, fact.version, "ana", form, report.source.text)
        assert field in refused.value.errors
        session.rollback()
        assert (fact.version, fact.status, decisions.history(session, fact.id)) == (1, "unreviewed", [])


def test_second_save_of_a_stale_version_is_a_conflict(review_store):
    _, factory = review_store
    with factory() as first, factory() as second:
        fact_a = hostile(first)[1]["826人"]
        fact_b = hostile(second)[1]["826人"]
        loaded = fact_b.version
        decisions.edit(first, fact_a, fact_a.version, "ana", {"value": "825"}, fact_a.report.source.text)
        with pytest.raises(Conflict) as conflict:
            decisions.edit(second, fact_b, loaded, "bo", {"value": "827"}, fact_b.report.source.text)
        assert conflict.value.fact.value == 825 and conflict.value.latest.reviewer == "ana"
        assert "ana" in str(conflict.value)


def test_a_missing_fact_is_added_from_a_selection(review_store):
    _, factory = review_store
    with factory() as session:
        report, _ = hostile(session)
        fact = decisions.add(session, report, "ana", {"kind": "quantity", "value": "1", "unit": "所", "start": "5", "end": "7"}, report.source.text)
        assert (fact.origin, fact.status, fact.text, fact.version) == ("human", "added", "学校", 1)
        assert trail(session, fact) == [("add", "ana", None, "added")]
        with pytest.raises(Invalid):
            decisions.add(session, report, "ana", {"kind": "count", "value": "1", "unit": "所", "start": "0", "end": "2"}, report.source.text)


def test_decisions_survive_re_extraction_with_a_new_extractor_version(review_store, sample_result):
    _, factory = review_store
    with factory() as session:
        report, facts = hostile(session)
        decisions.accept(session, facts["826人"], 1, "ana")
        decisions.edit(session, facts["1.4万平米"], 1, "ana", {"value": "15000"}, report.source.text)
        decisions.reject(session, facts[">52名"], 1, "ana", "span includes markup")
        added = decisions.add(session, report, "ana", {"kind": "count", "value": "1", "unit": "所", "start": "5", "end": "7"}, report.source.text)
        sample_facts = session.scalar(select(FactRow.id).where(FactRow.report_id != report.id).limit(1))
        source_path = report.source.path
    save_results(factory, [sample_result, process_file(source_path)], "review-test.bumped", None)
    with factory() as session:
        _, facts = hostile(session)
        assert {f.text: f.status for f in facts.values()} == {"826人": "accepted", "1.4万平米": "corrected", ">52名": "rejected",
                                                             "学校": "added", "1968年": "unreviewed", "3150万元": "unreviewed"}
        assert facts["1.4万平米"].value == 15000 and facts["1.4万平米"].machine_disagrees
        assert facts["1.4万平米"].machine_value["value"] == 14000
        assert session.get(FactRow, added.id).status == "added"
        actions = [d.action for d in decisions.history(session, facts["826人"].id)]
        assert actions == ["reattach", "accept"]
        assert session.get(FactRow, sample_facts) is None or session.get(FactRow, sample_facts).status == "unreviewed"
        assert session.scalar(select(DecisionRow).where(DecisionRow.action == "reattach").limit(1)).reviewer == "reportx"


def versioned(result, version, leave_out=None):
    """The extraction as if extractor `version` had made it, optionally without the reading of `leave_out`."""
    reports = [r.model_copy(update={"extractor_version": version, "facts": [f for f in r.facts if f.text != leave_out]})
               for r in result.reports]
    return type(result)(result.path, result.source, reports, result.failure)


def over(rows, span):
    """The rows (facts or export rows) that share characters with `span`."""
    return [row for row in rows if row["start"] < span[1] and span[0] < row["end"]]


@pytest.mark.parametrize("machine_text, action, form, expected", [c[1:] for c in DECISIONS_ACROSS_VERSIONS],
                         ids=[c[0] for c in DECISIONS_ACROSS_VERSIONS])
def test_a_decision_is_never_duplicated_by_a_new_extractor_version(machine_text, action, form, expected, store_url, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(DECIDED_REPORT, encoding="utf-8")
    extracted = process_file(path)
    factory = open_store(store_url)
    save_results(factory, [versioned(extracted, "old", leave_out=machine_text if action == "add" else None)], "old", None)
    machine_span = (DECIDED_REPORT.index(machine_text), DECIDED_REPORT.index(machine_text) + len(machine_text))
    form = dict(form)
    if "span" in form:
        start = DECIDED_REPORT.index(form.pop("span"), machine_span[0])
        form.update(start=str(start), end=str(start + len(expected[1])))
    with factory() as session:
        report = session.scalar(select(ReportRow))
        text = report.source.text
        fact = session.scalar(select(FactRow).where(FactRow.text == machine_text))
        if action == "add":
            decided_id = decisions.add(session, report, "ana", form, text).id
        else:
            decided_id = fact.id
            decide = {"accept": lambda: decisions.accept(session, fact, fact.version, "ana"),
                      "edit": lambda: decisions.edit(session, fact, fact.version, "ana", form, text),
                      "reject": lambda: decisions.reject(session, fact, fact.version, "ana", form["reason"])}
            decide[action]()
        exported_before = list(long_rows(session))
    once = [] if action == "reject" else [expected[2]]
    assert [row["value"] for row in over(exported_before, machine_span)] == once

    save_results(factory, [versioned(extracted, "new")], "new", None)
    with factory() as session:
        decided = session.get(FactRow, decided_id)
        facts = [{"start": f.start, "end": f.end, "id": f.id} for f in session.scalars(select(FactRow))]
        exported = list(long_rows(session))
        last_action = decisions.history(session, decided_id)[0].action
    factory.kw["bind"].dispose()
    assert (decided.status, decided.text, decided.value) == expected
    assert decided.extractor_version == "new" and last_action == "reattach"
    assert [f["id"] for f in over(facts, machine_span)] == [decided_id], "the new machine reading came back beside the decision"
    assert len(facts) == len(extracted.reports[0].facts)
    assert [row["value"] for row in over(exported, machine_span)] == once
    assert len({(row["start"], row["end"]) for row in exported}) == len(exported)
