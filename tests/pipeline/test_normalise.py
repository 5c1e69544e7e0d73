"""Normalisation rewrites what the extractors need rewritten, and nothing else."""

from __future__ import annotations

import pytest

from pipeline.normalise import normalise

# (original, normalised)
CASES = [
    ("學(xué)校", "学校"),
    ("標(biāo)準(zhǔn)化", "标准化"),
    ("學（xué）校", "学校"),
    ("向?qū)W生開放", "向?W生开放"),
    ("(1)辦學(xué)規(guī)模", "(1)办学规模"),
    ("(一)基本情况", "(一)基本情况"),
    ("(2)完善制度", "(2)完善制度"),
    ("（三）工作措施", "(三)工作措施"),
    ("Hello (world)", "Hello (world)"),
    ("８２６人，１００％，３．５万", "826人，100%，3.5万"),
    ("学生２，３５６人，教师８６人，１２，３４", "学生2,356人，教师86人，12，34"),  # a full-width thousands separator
    ("11月14日—19日", "11月14日-19日"),
    ("9月22日～30日", "9月22日-30日"),
    ("12－15人", "12-15人"),
    ("在校　学生  826人", "在校 学生 826人"),
    ("第一段\r\n\r\n   第二段", "第一段\n第二段"),
    ("軟體", "软体"),
]


@pytest.mark.parametrize("original,expected", CASES, ids=[c[0] for c in CASES])
def test_normalised_text(original, expected):
    assert normalise(original).text == expected


def test_pinyin_annotation_belongs_to_its_character():
    """A span ending on an annotated character covers the annotation, as the gold texts do."""
    original = "現有26個(gè)教學(xué)班"
    normalised = normalise(original)
    start = normalised.text.index("26个")
    o_start, o_end = normalised.original_span(start, start + 3)
    assert original[o_start:o_end] == "26個(gè)"


def test_spaced_out_pdf_text_is_joined_and_maps_back():
    """Some PDF text layers put a space between every character; numbers must come back whole."""
    original = "在 校 学 生 8 2 6 人 ， 专 任 教 师 5 7 人 。"
    normalised = normalise(original)
    assert normalised.text.startswith("在校学生826人")
    start = normalised.text.index("826人")
    o_start, o_end = normalised.original_span(start, start + 4)
    assert original[o_start:o_end] == "8 2 6 人"


def test_ordinary_spaces_stay():
    assert normalise("学校有 2 210人，共 26 所").text == "学校有 2 210人，共 26 所"
