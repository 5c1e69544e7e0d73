"""The read-back of a fact's normalisation, and a selection read by the extractor's own parsers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from review.readback import read_selection, readback

FACT = dict(value=None, value_max=None, unit=None, approx="exact", date_start=None, date_end=None, resolved_start=None)

READBACKS = [
    ("area with 万", dict(text="1.4万平米", kind="area", value=14000.0, unit="m2"), "1.4万平米 → 14000 m2"),
    ("approximate count", dict(text="约30人", kind="count", value=30, unit="人", approx="about"), "约30人 → about 30 人"),
    ("range", dict(text="12-15人", kind="count", value=12, value_max=15, unit="人"), "12-15人 → 12–15 人"),
    ("decimal rate", dict(text="99.6%", kind="rate", value=99.6, unit="%"), "99.6% → 99.6 %"),
    ("date range", dict(text="2011年11月14日—19日", kind="date", date_start="2011-11-14", date_end="2011-11-19"),
     "2011年11月14日—19日 → 2011-11-14 … 2011-11-19"),
    ("relative year resolved", dict(text="今年9月", kind="date", date_start="XXXX-09", date_end="XXXX-09", resolved_start="2012-09"),
     "今年9月 → XXXX-09 (resolved 2012-09)"),
]

# (case, selection with context, expected text, expected fields)
SELECTIONS = [
    ("trims to the number", "占地1.4万平米，", "1.4万平米", dict(kind="area", value=14000, unit="m2")),
    ("approximation word kept", "约30人", "约30人", dict(kind="count", value=30, unit="人", approx="about")),
    ("range at the start of a selection", "12-15人", "12-15人", dict(kind="count", value=12, value_max=15)),
    ("traditional with pinyin annotation", "學(xué)生826人", "826人", dict(kind="count", value=826, unit="人")),
    ("date", "2011年11月14日—19日", "2011年11月14日—19日", dict(kind="date", date_start="2011-11-14", date_end="2011-11-19")),
    ("per mille", "千分之三", "千分之三", dict(kind="rate", value=0.3, unit="%")),
]


@pytest.mark.parametrize("fields, expected", [c[1:] for c in READBACKS], ids=[c[0] for c in READBACKS])
def test_readback(fields, expected):
    assert readback(SimpleNamespace(**{**FACT, **fields})) == expected


@pytest.mark.parametrize("selection, text, fields", [c[1:] for c in SELECTIONS], ids=[c[0] for c in SELECTIONS])
def test_read_selection(selection, text, fields):
    source = "前文。" + selection + "后文"
    reading = read_selection(source, 3, 3 + len(selection), report_year=2012)
    assert reading.found
    assert reading.text == text == source[reading.start : reading.end]
    assert {k: reading.fields[k] for k in fields} == fields


@pytest.mark.parametrize("selection", ["学校", "，。"], ids=["words", "punctuation"])
def test_read_selection_without_a_number_gives_a_blank_form(selection):
    reading = read_selection(selection, 0, len(selection))
    assert not reading.found
    assert (reading.start, reading.end, reading.fields["value"]) == (0, len(selection), None)
