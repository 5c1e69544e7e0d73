"""Numbers as reports write them (ANNOTATION.md, "Chinese numerals are normalised")."""

from __future__ import annotations

import pytest

from extractors.numerals import NotANumber, parse_fuzzy, parse_number

NUMBERS = [
    # Arabic, decimals, thousands separators, scaled by 千/万/亿
    ("826", 826),
    ("0", 0),
    ("99.6", 99.6),
    ("0.335", 0.335),
    ("2,210", 2210),
    ("1,234,567", 1234567),
    ("27,184.5", 27184.5),
    ("1.4万", 14000),
    ("3150万", 31_500_000),
    ("2.5亿", 250_000_000),
    ("5千", 5000),
    ("1.5万亿", 1_500_000_000_000),
    # Chinese digits and units
    ("八", 8),
    ("两", 2),
    ("〇", 0),
    ("零", 0),
    ("十", 10),
    ("十二", 12),
    ("二十六", 26),
    ("廿", 20),
    ("廿三", 23),
    ("卅", 30),
    ("一百", 100),
    ("一百零五", 105),
    ("一千零一", 1001),
    ("两千五百", 2500),
    ("三千五百", 3500),
    ("一万零八", 10008),
    ("三万五千", 35000),
    ("四十万", 400_000),
    ("三百五十万", 3_500_000),
    ("十万零三", 100_003),
    ("一千零十", 1010),
    ("一万零十二", 10012),
    ("四万万", 400_000_000),
    ("五亿", 500_000_000),
    ("一亿二千万", 120_000_000),
    ("一千二百三十四万五千六百七十八", 12_345_678),
    ("壹佰贰拾", 120),
    # a last digit right after a unit counts in the next unit down
    ("三千五", 3500),
    ("一万五", 15000),
    ("一百二", 120),
    ("两万五", 25000),
    ("一亿五", 150_000_000),
    ("百二万", 1_200_000),
    ("两万五千", 25000),
    # years and codes are read digit by digit
    ("二〇一一", 2011),
    ("一九六八", 1968),
    # decimals written in Chinese
    ("一点五", 1.5),
    ("三十二点五", 32.5),
    ("零点零零一", 0.001),
    (".5", 0.5),
]

NOT_NUMBERS = ["", "第三", "abc", "一点"]

FUZZY = [
    # adjacent digits are a range
    ("七八十", (70, 80)),
    ("十二三", (12, 13)),
    ("三四", (3, 4)),
    ("三四百", (300, 400)),
    ("五六千", (5000, 6000)),
    ("二三十万", (200_000, 300_000)),
    # these are single numbers
    ("二十", None),
    ("三千五", None),
    ("二〇一二", None),
    ("一二〇", None),
]


@pytest.mark.parametrize("text,value", NUMBERS, ids=[t for t, _ in NUMBERS])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=[t or "empty" for t in NOT_NUMBERS])
def test_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("text,expected", FUZZY, ids=[t for t, _ in FUZZY])
def test_parse_fuzzy(text, expected):
    assert parse_fuzzy(text) == (pytest.approx(expected) if expected else None)
