"""Cross-checks add warnings for figures that do not agree, and stay quiet when they do."""

from __future__ import annotations

import pytest

from extractors.engine import extract_report
from pipeline.normalise import normalise

# (report text, the warning codes expected)
CASES = [
    ("在校学生数826人，初中学生432人，小学生394人。", []),
    ("在校学生数826人，初中学生432人，小学生395人。", ["sum_mismatch"]),
    ("全校教职工共120人，其中专任教师80人，行政人员50人。", ["sum_mismatch"]),
    ("全校教职工共120人，其中专任教师80人，行政人员20人。", []),
    # a table's first row is no total unless it is a total row (一般公共预算 holds no 共)
    ("单位：万元\n项目 预算数\n一般公共预算拨款收入 3120.50\n事业收入 312.30\n基本支出 2860.20\n", []),
    ("项目 人数（人）\n合计 100\n男生 52\n女生 40\n", ["sum_mismatch"]),
    ("共计上报案件39903件，办结39860件，处结率99.89%。", []),
    ("共计上报案件39903件，办结39860件，处结率98.89%。", ["rate_mismatch"]),
    ("现有教师64人，专任教师是57人，专任教师学历合格率为100%。", []),
    ("适龄儿童1856人，已入学1850人，入学率99.7%。", []),
    ("适龄儿童1856人，已入学1850人，入学率98.7%。", ["rate_mismatch"]),
    # figures the rate does not count: a change, teachers beside students
    ("在园幼儿35.6万人，比上年减少2.1万人。学前三年毛入园率92.8%。", []),
    ("普通高中在校生14.3万人，专任教师1.08万人。高中阶段毛入学率93.6%。", []),
    ("市容类案件4119件，广告类案件12837件，街面类案件3018件，案件结案率98%。", []),
    ("全区共有111个社区。46个社区申报，占全区社区总数的41.44%。", []),
    ("全区共有111个社区。46个社区申报，占全区社区总数的45.5%。", ["share_mismatch"]),
    ("在校学生数1000人。绿地面积5000平方米，生均绿地面积5平方米。", []),
    ("在校学生数1000人。绿地面积5000平方米，生均绿地面积9平方米。", ["per_capita_mismatch"]),
    ("xx年xx月，____市教育局召开会议。", ["template_placeholder", "placeholder_year"]),
    ("我们?yōu为您整理了学校资料，学校有学生826人。", ["damaged_text"]),
    ("学校专任教师学历合格率为130%。", ["out_of_range"]),
]


@pytest.mark.parametrize("text,codes", CASES, ids=[c[0] for c in CASES])
def test_cross_checks(text, codes):
    normalised = normalise(text).text
    draft = extract_report(normalised, 0, len(normalised))
    assert sorted(w.code for w in draft.warnings) == sorted(codes)
    for warning in draft.warnings:
        assert all(f in draft.facts for f in warning.facts)  # warnings never drop facts
