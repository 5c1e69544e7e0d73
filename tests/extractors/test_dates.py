"""Calendar dates normalised as written (ANNOTATION.md, "Dates"), with the report year pinned.

Each row is (sentence, the date's text as written, date_start, date_end). Relative
years resolve against `REPORT_YEAR`, never against the clock.
"""

from __future__ import annotations

import pytest

from extractors.dates import DateContext, find_dates
from pipeline.normalise import normalise

REPORT_YEAR = 2012

DATES = [
    # full and partial dates
    ("学校创建于1968年", "1968年", "1968", "1968"),
    ("2011年11月14日召开", "2011年11月14日", "2011-11-14", "2011-11-14"),
    ("于2012年9月开学", "2012年9月", "2012-09", "2012-09"),
    ("于2012年9月份开学", "2012年9月份", "2012-09", "2012-09"),
    ("二〇一一年三月", "二〇一一年三月", "2011-03", "2011-03"),
    ("2012年度工作总结", "2012年度", "2012", "2012"),
    ("学校于02年迁址", "02年", "2002", "2002"),
    # ranges share what the first end states
    ("2011年11月14日—19日", "2011年11月14日—19日", "2011-11-14", "2011-11-19"),
    ("2011年11月14日至19日", "2011年11月14日至19日", "2011-11-14", "2011-11-19"),
    ("2011年11月14日-12月2日", "2011年11月14日-12月2日", "2011-11-14", "2011-12-02"),
    ("9月22日至30日进行督导", "9月22日至30日", "XXXX-09-22", "XXXX-09-30"),
    ("于9月22日至30日进行督导", "9月22日至30日", "XXXX-09-22", "XXXX-09-30"),
    ("xx年9月22日至30日", "xx年9月22日至30日", "XXXX-09-22", "XXXX-09-30"),
    ("于12月29日至xx年1月10日", "12月29日至xx年1月10日", "XXXX-12-29", "XXXX-01-10"),
    ("2012年3月—2013年6月", "2012年3月—2013年6月", "2012-03", "2013-06"),
    ("2010年至2012年", "2010年至2012年", "2010", "2012"),
    ("2010-2012年", "2010-2012年", "2010", "2012"),
    ("08—10年间", "08—10年", "2008", "2010"),
    ("2011年11月14日——19日", "2011年11月14日——19日", "2011-11-14", "2011-11-19"),
    ("08——10年", "08——10年", "2008", "2010"),
    # a list of years is one fact from the first to the last
    ("2007、2008两年", "2007、2008", "2007", "2008"),
    # parts of a month or a year keep the month or the year
    ("于十一月中旬", "十一月中旬", "XXXX-11", "XXXX-11"),
    ("十一月中旬", "十一月中旬", "XXXX-11", "XXXX-11"),
    ("在3月初", "3月初", "XXXX-03", "XXXX-03"),
    ("到10月底", "10月底", "XXXX-10", "XXXX-10"),
    ("2006年秋季", "2006年秋季", "2006", "2006"),
    ("2012年底完成", "2012年底", "2012", "2012"),
    # placeholders → XXXX
    ("xx年工作总结", "xx年", "XXXX", "XXXX"),
    ("20XX年5月", "20XX年5月", "XXXX-05", "XXXX-05"),
    ("**年3月", "**年3月", "XXXX-03", "XXXX-03"),
    ("____年工作要点", "____年", "XXXX", "XXXX"),
    ("20*年", "20*年", "XXXX", "XXXX"),
    ("于xx月14日", "xx月14日", "XXXX-XX-14", "XXXX-XX-14"),
    # eras and school years
    ("民国57年", "民国57年", "1968", "1968"),
    ("民国111年8月1日起实施", "民国111年8月1日", "2022-08-01", "2022-08-01"),  # the month and day are of that year
    ("中华民国112年3月", "中华民国112年3月", "2023-03", "2023-03"),
    ("111年8月1日起实施新课纲", "111年8月1日", "2022-08-01", "2022-08-01"),  # only a Republic year has three digits
    ("2010/2011学年", "2010/2011学年", "2010", "2011"),
    ("100学年度", "100学年度", "2011", "2012"),
    ("2022/23学年，全港共有", "2022/23学年", "2022", "2023"),  # Hong Kong writes the second year short
    ("2023-24年度的教育开支预算", "2023-24年度", "2023", "2024"),
    # relative years stay XXXX as written
    ("今年3月", "今年3月", "XXXX-03", "XXXX-03"),
]

# (sentence, date text, resolved_start, resolved_end) against REPORT_YEAR
RESOLVED = [
    ("今年3月", "今年3月", "2012-03", "2012-03"),
    ("去年9月", "去年9月", "2011-09", "2011-09"),
    ("明年1月", "明年1月", "2013-01", "2013-01"),
]

# (sentence, text that is not a date)
NOT_DATES = [
    ("今年工作", "今年"),
    ("上半年工作", "上半年"),
    ("学制三个月", "三个月"),
    ("办学10年", "10年"),
    ("近3月", "3月"),
    ("三年级学生", "三年"),
]


def _dates(sentence: str) -> dict:
    """{text as written: draft} of every date candidate in the sentence."""
    normalised = normalise(sentence)
    drafts = find_dates(normalised.text, 0, len(normalised.text), DateContext(report_year=REPORT_YEAR))
    return {sentence[slice(*normalised.original_span(d.start, d.end))]: d for d in drafts}


@pytest.mark.parametrize("sentence,text,start,end", DATES, ids=[f"{t}@{s}" for s, t, *_ in DATES])
def test_date(sentence, text, start, end):
    found = _dates(sentence)
    assert text in found, f"no date {text!r}; found {sorted(found)}"
    assert (found[text].kind, found[text].date_start, found[text].date_end) == ("date", start, end)


@pytest.mark.parametrize("sentence,text,start,end", RESOLVED, ids=[s for s, *_ in RESOLVED])
def test_relative_year_resolves_against_report_year(sentence, text, start, end):
    fact = _dates(sentence)[text]
    assert (fact.resolved_start, fact.resolved_end) == (start, end)


@pytest.mark.parametrize("sentence", ["2011年11月14日", "9月22日至30日"])
def test_absolute_dates_are_not_resolved(sentence):
    assert all(d.resolved_start is None for d in _dates(sentence).values())


@pytest.mark.parametrize("sentence,text", NOT_DATES, ids=[s for s, _ in NOT_DATES])
def test_not_a_date(sentence, text):
    assert text not in _dates(sentence)


# Taiwan texts count years from 1912 once the text shows it (two signs: 台北, 学年度, 新台币 …).
ROC_TEXTS = [
    ("台北市教育局105学年度报告：本市于92年7月设立，新台币补助。", {"92年7月": "2003-07", "105学年度": "2016"}),
]


@pytest.mark.parametrize("text,expected", ROC_TEXTS, ids=[t[0][:12] for t in ROC_TEXTS])
def test_taiwan_years(extract, text, expected):
    facts = extract(text)
    for written, timex in expected.items():
        assert facts[written].date_start == timex


def test_taiwan_range(extract):
    text = "台北市教育局学年度计划：办理期间自112年9月1日至113年1月31日。"
    fact = extract(text)["112年9月1日至113年1月31日"]
    assert (fact.date_start, fact.date_end) == ("2023-09-01", "2024-01-31")


# Numeric dates, single and as ranges; a decimal before a unit stays a number.
NUMERIC = [
    ("于2023.9.1召开会议", "2023.9.1", ("2023-09-01", "2023-09-01")),
    ("2023-09-01至2024-01-20开展", "2023-09-01至2024-01-20", ("2023-09-01", "2024-01-20")),
    ("2023.9-2024.1期间", "2023.9-2024.1", ("2023-09", "2024-01")),
]


@pytest.mark.parametrize("text,written,expected", NUMERIC, ids=[c[1] for c in NUMERIC])
def test_numeric_dates(extract, text, written, expected):
    fact = extract(text)[written]
    assert (fact.date_start, fact.date_end) == expected


def test_a_decimal_before_a_unit_is_not_a_date(extract):
    assert extract("投资2010.5万元")["2010.5万元"].kind == "money"


# (report text, date text, resolved_start): the year relative dates resolve against is the report's
# year as its identity reads it — from the title, from the date line that signs it, or from 学年度.
REPORT_YEARS = [
    ("2011年教育工作总结\n今年3月，学校新建了教学楼。\n", "今年3月", "2011-03"),
    ("某某县教育局工作总结\n今年3月，学校新建了教学楼。\n某某县教育局\n2012年12月20日\n", "今年3月", "2012-03"),
    ("某某县教育局工作总结\n去年9月，新校区投入使用。\n某某县教育局\n2012年12月20日\n", "去年9月", "2011-09"),
    ("某某中学工作总结\n今年3月，学校新建了教学楼。\n", "今年3月", None),
]


@pytest.mark.parametrize(("text", "date", "resolved"), REPORT_YEARS, ids=[f"{d}->{r}" for _, d, r in REPORT_YEARS])
def test_relative_dates_resolve_against_the_reports_own_year(text, date, resolved):
    from extractors.engine import extract_report
    from pipeline.normalise import normalise

    normalised = normalise(text)
    draft = extract_report(normalised.text, 0, len(normalised.text))
    found = {normalised.text[f.start:f.end]: f for f in draft.facts if f.kind == "date"}
    assert found[date].resolved_start == resolved
