"""`reportx eval` on reviewer gold of a partly reviewed report: only reviewed spans count, a rejection is a false positive."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import select

from pipeline.evaluate import load_gold
from pipeline.partial_review import REVIEW_FIELD
from pipeline.store import FactRow, ReportRow
from reportx.commands import evaluate as evaluate_command
from reportx.exits import EXIT_OK
from review import decisions
from review.gold import gold_lines
from tests.conftest import GOLD_FILES, SAMPLES

DOC = "000_fa63da99af307c15.txt#1"

# (case, keep the `review` field on the exported lines, which predictions are scored: the 3 "reviewed" or "all" of the report)
PARTLY_REVIEWED = [
    ("reviewer gold: the reviewed spans only", True, "reviewed"),
    ("the same lines not marked as reviewer gold: the whole report", False, "all"),
]


# (case, docs whose hand gold is scored beside the reviewer gold of DOC)
BESIDE_HAND_GOLD = [("the other twelve sample reports", [f"000_fa63da99af307c15.txt#{n}" for n in range(2, 14)])]


def reportx_eval(argv: list[str]) -> int:
    """`reportx eval ARGV...`, through the command's own parser."""
    parser = argparse.ArgumentParser()
    evaluate_command.add_arguments(parser)
    return evaluate_command.run(parser.parse_args(argv))


def write_jsonl(path, lines: list[dict]) -> str:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def review_three_facts(factory) -> list[dict]:
    """Accept one fact of the report, correct the value of a second, reject a third; the store's gold export."""
    with factory() as session:
        report = session.scalar(select(ReportRow).where(ReportRow.doc == DOC))
        facts = session.scalars(select(FactRow).where(FactRow.report_id == report.id, FactRow.kind != "date").order_by(FactRow.start))
        accepted, corrected, rejected = list(facts)[:3]
        decisions.accept(session, accepted, accepted.version, "ana")
        decisions.edit(session, corrected, corrected.version, "ana", {"value": str(int(corrected.value) + 1)}, report.source.text)
        decisions.reject(session, rejected, rejected.version, "ana", "not a statistic")
        return [json.loads(json.dumps(line)) for line in gold_lines(session)]


@pytest.mark.parametrize("keep_review, scored", [c[1:] for c in PARTLY_REVIEWED], ids=[c[0] for c in PARTLY_REVIEWED])
def test_partly_reviewed_report_is_scored_on_reviewed_spans(review_store, sample_result, tmp_path, capsys, keep_review, scored):
    _, factory = review_store
    lines = review_three_facts(factory)
    assert [line.get("kind") is None for line in lines] == [False, False, True]  # the rejection: a "no fact here" line
    gold = write_jsonl(tmp_path / "gold.jsonl", [{k: v for k, v in line.items() if keep_review or k != REVIEW_FIELD} for line in lines])
    reports = [report.model_dump(mode="json") for report in sample_result.reports]
    pred = write_jsonl(tmp_path / "pred.jsonl", reports)
    assert reportx_eval(["--gold", gold, "--docs", str(SAMPLES), "--pred", pred, "--json"]) == EXIT_OK
    scores = json.loads(capsys.readouterr().out)
    predicted = 3 if scored == "reviewed" else len(next(r for r in reports if r["doc"] == DOC)["facts"])
    # accepted: right; corrected: found, value wrong; rejected: the machine's reading is spurious; the rest only when scored.
    detection, value = scores["detection"], scores["value"]
    assert (detection["tp"], detection["fp"], detection["fn"]) == (2, predicted - 2, 0)
    assert (value["tp"], value["fp"], value["fn"]) == (1, predicted - 1, 1)


@pytest.mark.parametrize("docs", [c[1] for c in BESIDE_HAND_GOLD], ids=[c[0] for c in BESIDE_HAND_GOLD])
def test_hand_gold_beside_reviewer_gold_is_scored_whole(review_store, sample_result, tmp_path, capsys, docs):
    _, factory = review_store
    hand = [line for line in load_gold(GOLD_FILES) if line["doc"] in docs]
    pred = write_jsonl(tmp_path / "pred.jsonl", [report.model_dump(mode="json") for report in sample_result.reports])
    scores = []
    for name, gold in (("hand", hand), ("both", hand + review_three_facts(factory))):
        assert reportx_eval(["--gold", write_jsonl(tmp_path / f"{name}.jsonl", gold), "--docs", str(SAMPLES), "--pred", pred, "--json"]) == EXIT_OK
        detection = json.loads(capsys.readouterr().out)["detection"]
        scores.append((detection["tp"], detection["fp"], detection["fn"]))
    hand_only, both = scores
    assert both == (hand_only[0] + 2, hand_only[1] + 1, hand_only[2])  # the reviewed report adds its 3 reviewed spans only
