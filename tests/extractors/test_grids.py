"""Flattened tables: a bare number takes the unit of its column or row header."""

from __future__ import annotations

import pytest

# (table as reportx reads it from .docx/.html/.txt, expected facts: (cell text, kind, value, unit, subject))
TABLES = [
    (
        "学校\t学生数(人)\t专任教师(人)\t校舍面积(平方米)\n第一小学\t826\t57\t6193\n第二小学\t394\t30\t2500\n",
        [("826", "count", 826, "人", "学生数"), ("57", "count", 57, "人", "专任教师"), ("6193", "area", 6193, "m2", "校舍面积"),
         ("394", "count", 394, "人", "学生数"), ("30", "count", 30, "人", "专任教师"), ("2500", "area", 2500, "m2", "校舍面积")],
    ),
    (
        "单位：万元\n项目    2011年    2012年\n教育投入    3150    4100\n",
        [("3150", "money", 31500000, "CNY", "教育投入"), ("4100", "money", 41000000, "CNY", "教育投入")],
    ),
    (
        "指标 小学 初中\n巩固率 99.6 98.3\n入学率(%) 100 99.9\n",
        [("99.6", "rate", 99.6, "%", "巩固率"), ("98.3", "rate", 98.3, "%", "巩固率"),
         ("100", "rate", 100, "%", "入学率"), ("99.9", "rate", 99.9, "%", "入学率")],
    ),
]
NOT_TABLES = ["一、基本情况\n二、存在问题\n", "1 2 3\n4 5 6\n"]


@pytest.mark.parametrize("table,expected", TABLES, ids=[t[0].split("\n")[0] for t in TABLES])
def test_table_cells_take_their_header_unit(extract, table, expected):
    facts = extract(table)
    got = [(text, f.kind, f.value, f.unit, f.subject) for text, f in facts.items() if f.extractor == "rules.grid.v1"]
    assert got == expected


@pytest.mark.parametrize("text", NOT_TABLES)
def test_lines_without_headers_are_not_tables(extract, text):
    assert not [f for f in extract(text).values() if f.extractor == "rules.grid.v1"]
