"""Highlight segments as data: every character once, overlaps stacked, innermost fact on top."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from review.highlight import segments

TEXT = "校园占地1.4万平米，在校学生826人。"


@dataclass
class F:
    id: int
    start: int
    end: int
    kind: str = "count"
    status: str = "unreviewed"


# (case, text offset, facts, expected [(segment text, [fact ids, innermost first])])
CASES = [
    ("no facts", 0, [], [(TEXT, [])]),
    ("one fact", 0, [F(1, 4, 10, "area")], [("校园占地", []), ("1.4万平米", [1]), ("，在校学生826人。", [])]),
    ("touching facts", 0, [F(1, 4, 10, "area"), F(2, 10, 11)], [("校园占地", []), ("1.4万平米", [1]), ("，", [2]), ("在校学生826人。", [])]),
    ("nested: inner wins the colour", 0, [F(1, 2, 10, "area"), F(2, 4, 8)],
     [("校园", []), ("占地", [1]), ("1.4万", [2, 1]), ("平米", [1]), ("，在校学生826人。", [])]),
    ("crossing spans: the shorter on top", 0, [F(1, 14, 18), F(2, 16, 19)],
     [("校园占地1.4万平米，在校学", []), ("生8", [1]), ("26", [2, 1]), ("人", [2]), ("。", [])]),
    ("same span twice: lower id first", 0, [F(2, 14, 18), F(1, 14, 18)], [("校园占地1.4万平米，在校学", []), ("生826", [1, 2]), ("人。", [])]),
    ("text starts at an offset", 100, [F(1, 104, 110, "area")], [("校园占地", []), ("1.4万平米", [1]), ("，在校学生826人。", [])]),
    ("facts outside the text are clipped or dropped", 100, [F(1, 90, 102), F(2, 0, 50)], [("校园", [1]), ("占地1.4万平米，在校学生826人。", [])]),
]


@pytest.mark.parametrize("offset, facts, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_segments(offset, facts, expected):
    result = segments(TEXT, offset, facts)
    assert [(s.text, [m.fact for m in s.marks]) for s in result] == expected
    assert "".join(s.text for s in result) == TEXT
    assert all(TEXT[s.start - offset : s.end - offset] == s.text for s in result)


@pytest.mark.parametrize("facts", [[F(1, 2, 10, "area"), F(2, 4, 8, "count", "accepted")]], ids=["nested"])
def test_marks_carry_kind_status_and_where_a_fact_opens(facts):
    by_text = {s.text: s for s in segments(TEXT, 0, facts)}
    assert by_text["1.4万"].top.kind == "count" and by_text["1.4万"].top.status == "accepted"
    assert by_text["1.4万"].layer == 2 and by_text["1.4万"].fact_ids == "2 1"
    assert [m.first for m in by_text["占地"].marks] == [True]
    assert [m.first for m in by_text["1.4万"].marks] == [True, False]
