"""Flattened tables: a bare number takes the unit of its column or row header."""

from __future__ import annotations

import pytest

# (table as reportx reads it from .docx/.html/.txt, expected facts: (cell text, kind, value, unit, subject))
TABLES = [
    (
        "学校\t学生数(人)\t专任教师(人)\t校舍面积(平方米)\n第一小学\t826\t57\t6193\n第二小学\t394\t30\t2500\n",
        [("826", "count", 826, "人", "第一小学·学生数"), ("57", "count", 57, "人", "第一小学·专任教师"),
         ("6193", "area", 6193, "m2", "第一小学·校舍面积"), ("394", "count", 394, "人", "第二小学·学生数"),
         ("30", "count", 30, "人", "第二小学·专任教师"), ("2500", "area", 2500, "m2", "第二小学·校舍面积")],
    ),
    (
        "单位：万元\n项目    2011年    2012年\n教育投入    3150    4100\n",
        [("3150", "money", 31500000, "CNY", "教育投入"), ("4100", "money", 41000000, "CNY", "教育投入")],
    ),
    (
        "指标 小学 初中\n巩固率 99.6 98.3\n入学率(%) 100 99.9\n",
        [("99.6", "rate", 99.6, "%", "巩固率·小学"), ("98.3", "rate", 98.3, "%", "巩固率·初中"),
         ("100", "rate", 100, "%", "入学率·小学"), ("99.9", "rate", 99.9, "%", "入学率·初中")],
    ),
    (  # pipe rows, two-row header with parenthesised units, a statistic row label
        "学校 | 学校占地面积 (亩) | 校舍建筑 | 在校学生\n | | 面积 (M2) | 人数(人)\n全县平均值 | 41.5 | 6193.25 | 826\n",
        [("41.5", "area", 27666.805, "m2", "全县平均值·学校占地面积"), ("6193.25", "area", 6193.25, "m2", "全县平均值·校舍建筑面积"),
         ("826", "count", 826, "人", "全县平均值·在校学生人数")],
    ),
    (  # space-separated columns in traditional characters: the row label says what is counted, `-` is empty
        "年級 I1 I2 P1 合共\n學生人數 27 38 - 487\n班數 1 2 3 17\n升級率 0.9 0.95 - 0.92\n",
        [("27", "count", 27, "人", "学生人数·I1"), ("38", "count", 38, "人", "学生人数·I2"), ("487", "count", 487, "人", "学生人数·合共"),
         ("1", "count", 1, "班", "班数·I1"), ("2", "count", 2, "班", "班数·I2"), ("3", "count", 3, "班", "班数·P1"), ("17", "count", 17, "班", "班数·合共"),
         ("0.9", "rate", 90, "%", "升级率·I1"), ("0.95", "rate", 95, "%", "升级率·I2"), ("0.92", "rate", 92, "%", "升级率·合共")],
    ),
    (  # year rows under a header with units; six decimals; a coefficient row
        "學年 學生人數 教師人數(人) 師生比\n2023/2024 487 59 8.254237\n差异系数 0.335123 0.412 0.1\n",
        [("487", "count", 487, "人", "学生人数"), ("59", "count", 59, "人", "教师人数"),
         ("0.335123", "quantity", 0.335123, "coef", "差异系数·学生人数"), ("0.412", "quantity", 0.412, "coef", "差异系数·教师人数"),
         ("0.1", "quantity", 0.1, "coef", "差异系数·师生比")],
    ),
    (  # a Markdown table: outer pipes frame the rows, a rule line under the header
        "| 项目 | 2022年 | 2023年 |\n| --- | --- | --- |\n| 在校学生(人) | 826 | 850 |\n| 专任教师(人) | 57 | 60 |\n",
        [("826", "count", 826, "人", "在校学生"), ("850", "count", 850, "人", "在校学生"),
         ("57", "count", 57, "人", "专任教师"), ("60", "count", 60, "人", "专任教师")],
    ),
    (  # rows labelled by a 學年度 number; what a header counts (班級數 → 班)
        "學年度 學生人數 班級數 教師人數\n110 487 17 59\n",
        [("487", "count", 487, "人", "学生人数"), ("17", "count", 17, "班", "班级数"), ("59", "count", 59, "人", "教师人数")],
    ),
]
NOT_TABLES = ["一、基本情况\n二、存在问题\n", "1 2 3\n4 5 6\n", "一、基本情况\n学校概况\n2011\n二、存在问题\n"]

# Tables written one cell per line (.docx/.html tables pasted as text): a block of header labels,
# then rows of a label and its numbers; a title line above, a unit on its own line, `-` empty.
STACKED_TABLES = [
    (
        "学校\n学生数(人)\n专任教师(人)\n校舍面积(平方米)\n第一小学\n826\n57\n6193\n第二小学\n394\n30\n2500\n",
        [("826", "count", 826, "人", "第一小学·学生数"), ("57", "count", 57, "人", "第一小学·专任教师"),
         ("6193", "area", 6193, "m2", "第一小学·校舍面积"), ("394", "count", 394, "人", "第二小学·学生数"),
         ("30", "count", 30, "人", "第二小学·专任教师"), ("2500", "area", 2500, "m2", "第二小学·校舍面积")],
    ),
    (  # traditional, a title line, no header over the label column, an empty cell
        "學校基本情況表\n學生人數\n班數\n第一小學\n826\n20\n第二小學\n394\n-\n",
        [("826", "count", 826, "人", "第一小学·学生人数"), ("20", "count", 20, "班", "第一小学·班数"),
         ("394", "count", 394, "人", "第二小学·学生人数")],
    ),
    (  # a unit on the line under its header; statistic rows name row and column
        "指标\n学校占地面积\n(亩)\n生均校舍面积\n(M2)\n全县平均值\n41.5\n6.2\n差异系数\n0.335\n0.41\n",
        [("41.5", "area", 27666.805, "m2", "全县平均值·学校占地面积"), ("6.2", "area", 6.2, "m2", "全县平均值·生均校舍面积"),
         ("0.335", "quantity", 0.335, "coef", "差异系数·学校占地面积"), ("0.41", "quantity", 0.41, "coef", "差异系数·生均校舍面积")],
    ),
]


@pytest.mark.parametrize("table,expected", TABLES, ids=[t[0].split("\n")[0] for t in TABLES])
def test_table_cells_take_their_header_unit(extract, table, expected):
    facts = extract(table)
    got = [(text, f.kind, f.value, f.unit, f.subject) for text, f in facts.items() if f.extractor == "rules.grid.v1"]
    assert got == expected


@pytest.mark.parametrize("text", NOT_TABLES)
def test_lines_without_headers_are_not_tables(extract, text):
    assert not [f for f in extract(text).values() if f.extractor == "rules.grid.v1"]


@pytest.mark.parametrize("table,expected", STACKED_TABLES, ids=[t[0].split("\n")[0] for t in STACKED_TABLES])
def test_one_cell_per_line_tables_are_read(extract, table, expected):
    facts = extract(table)
    got = [(text, f.kind, f.value, f.unit, f.subject) for text, f in facts.items() if f.extractor == "rules.grid.v1"]
    assert got == expected


# A cell of one school's row is that school's figure, not the report's: no catalogue metric; a row of
# totals is the report's own figure, and its cells take their column's metric; a row of one level (a
# bulletin's 小学, 初中 rows) is that level's figure.
CELL_METRICS = [("第一小学", "826", None), ("合计", "1220", "students.total"), ("全县", "1220", "students.total"),
                ("小学", "32800", "students.primary"), ("初中", "15200", "students.junior")]


@pytest.mark.parametrize("row,cell,metric", CELL_METRICS, ids=[c[0] for c in CELL_METRICS])
def test_a_total_or_level_row_names_a_report_metric(extract, row, cell, metric):
    facts = extract(f"学校\t在校学生(人)\t专任教师(人)\n第二小学\t394\t30\n{row}\t{cell}\t87\n")
    assert facts[cell].subject == f"{row}·在校学生"
    assert facts[cell].metric == metric
