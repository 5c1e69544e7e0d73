"""How `reportx eval` judges a subject (ANNOTATION.md): strict is equal or one contains the other, soft a
character-overlap F1 of at least 0.5 without generic endings; layout and script never count."""

from __future__ import annotations

import pytest

from pipeline.evaluate import same_subject, similar_subject

# gold, predicted, kind → (strict, soft)
SUBJECTS = [
    ("专任教师学历合格率", "学历合格率", "rate", True, True),
    ("建校时间", "建校", "date", True, True),  # a date's gold may add a generic ending
    ("迁址时间", "迁到新址", "date", False, True),
    ("學生人數 · P1", "学生人数·P1", "count", True, True),  # a table cell: spaces, separator and script are layout
    ("占地面积", "第一中学·占地面积", "area", True, True),
    ("受问责次数", "受到问责", "count", False, True),
    ("总督学", "教督办主任", "count", False, False),
    ("总督学", None, "count", False, False),
]


@pytest.mark.parametrize("gold,pred,kind,strict,soft", SUBJECTS, ids=[f"{g}~{p}" for g, p, *_ in SUBJECTS])
def test_subject_scoring(gold, pred, kind, strict, soft):
    assert same_subject(gold, pred, kind) is strict
    assert similar_subject(gold, pred, kind) is soft
