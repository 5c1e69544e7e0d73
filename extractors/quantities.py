"""Find number + unit facts (counts, areas, money, rates, lengths, weights, durations).

One compiled pattern scans the normalised text for a number, an optional range
end, approximation words and a unit from the unit table; a few more patterns
catch rates without a % sign (千分之三, 三成, 巩固率为99.6), ratios, coefficients
and money whose 元 is left out. Guards reject ordinals, idioms and words that
merely contain a numeral (统一名称, 三年级, 一次性).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import regex

from extractors.drafts import FactDraft
from extractors.numerals import ARABIC, CN_CHARS, DIGITS, MIXED, SCALE, NotANumber, parse_fuzzy, parse_number, tidy
from extractors.tables import Unit, alternation, unit_table, units_by_surface, word_table

NAME = "rules.quantity.v1"
_ARABIC_NUM = rf"(?:{MIXED}|(?:\d{{1,3}}(?: \d{{3}})+|{ARABIC}){SCALE})"
_CN_NUM = rf"[{CN_CHARS}]+"
# A Chinese numeral only counts when it holds a digit (万户, 百年 are words, not numbers).
_CN_DIGITS = set(DIGITS) | {"十", "拾", "廿", "卅"}
# Characters before a Chinese numeral that make it part of a word (统一, 唯一, 初三, 第五).
_WORD_BEFORE_CN = frozenset(word_table().quantities.word_before_numeral)
_HAN = regex.compile(r"\p{Han}")
_METRIC_NAME_AFTER = regex.compile(r"\p{Han}{0,4}率")
_SCALE_SUFFIX = regex.compile(r"[千万亿]+$")
_TIDY_INT = 10**12  # an int below it is what `tidy` would make of it (most counts: skip the float round trip)
# 一 + these measure words before a noun reads as "a/an".
_ARTICLE_UNITS = frozenset(word_table().quantities.article_units)
# After a unit, what makes the unit part of another word (三年级, 条件, 名称, 层面):
# each character listed is a word start, as is each entry of _WORDS_AFTER_UNIT.
_WORD_AFTER_UNIT: dict[str, str] = {
    "年": "级代龄制轻鉴会前后底初末中内间",
    "元": "旦素帅宵月",
    "分": "之钟局校院别类期批项配析组管布享工数段",
    "所": "有以在谓属长",
    "期": "间末中刊望限满待工项",
    "名": "称单义额牌次",
    "项": "目",
    "条": "件例款",
    "位": "置于",
    "天": "然津下气",
    "班": "子主级长会",
    "校": "长区园舍友内外级庆训本际车服方医",
    "地": "区方点位址图面税震",
    "层": "面次级",
    "级": "别",
    "周": "边年岁围",
    "场": "所地馆",
    "种": "植子类",
    "组": "织成建",
    "批": "准评示",
    "户": "口籍",
    "届": "时",
    "个": "性体",
    "次": "性",
    "人": "民员",
    "米": "饭",
}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    table = unit_table()
    units = alternation([u.surface for u in table.units])
    before = alternation(list(table.approx_before))
    number = rf"(?:{_ARABIC_NUM}|{_CN_NUM})"
    quantity = regex.compile(
        rf"(?P<before>{before})?"
        rf"(?<![\dA-Za-z.])(?P<num>{number})"
        rf"(?:(?P<pct>%)?(?P<sep>-|至|到)(?P<num2>{number}))?"
        rf"(?P<mid>余|多)?"
        rf"(?P<gap>[ \n]?)"
        rf"(?P<unit>{units})"
        rf"(?P<after>以上|左右|以下|以内|上下|之多|多(?![种项方样元少]))?"
    )
    return {
        "not_facts": regex.compile(alternation(table.not_facts) or r"(?!)"),
        "quantity": quantity,
        "percent_words": regex.compile(rf"(?P<before>{before})?(?P<base>百分之|千分之)(?P<num>{ARABIC}|[{CN_CHARS}点]+)(?P<after>以上|左右|以下)?"),
        "tenths": regex.compile(
            rf"(?<![{CN_CHARS}\d.])(?P<num>\d(?:\.\d+)?|[一二两三四五六七八九]|[一二三四五六七八九]{{2}})成(?![为立员功绩果本就长交型品效])"
        ),
        "bare_rate": regex.compile(rf"(?:率|比例|比重|占比)(?:分别)?(?:为|达到|达|是|:|保持在|提高到|提高至)(?P<before>{before})?(?P<num>{ARABIC})(?![\d.%万千亿])(?P<after>以上|左右)?"),
        "ratio": regex.compile(  # 生师比在12:1至18:1之间: a range of ratios is one fact
            rf"比(?:为|是|达|在|:)?(?P<a>{ARABIC})(?: ?(?:比|:) ?)(?P<b>{ARABIC})(?:(?:至|到|-)(?P<a2>{ARABIC})(?: ?(?:比|:) ?)(?P<b2>{ARABIC}))?(?![\d.])"
        ),
        # 初中为12.5:1 after a 生师比: a decimal against 1 is a ratio even where 比 is not repeated (never a time)
        "decimal_ratio": regex.compile(r"(?<![\d.:])(?:(?P<a>\d+\.\d+):(?P<b>1)|(?P<a>1):(?P<b>\d+\.\d+))(?![\d.:])"),
        "coef": regex.compile(r"系数(?:分别)?(?:为|是|:)?(?P<before>≤|≥|<|>)?(?P<num>\d*\.\d+)"),
        "next_coef": regex.compile(r"(?:和|、|及|与|,|，)(?P<before>≤|≥|<|>)?(?P<num>\d*\.\d+)(?![\d.%])"),  # 分别为0.412和0.356
        "bare_count": regex.compile(
            rf"(?P<word>{alternation(list(table.bare_counts))})(?:为|是|达到|达|共|计|:)?(?P<before>{before})?(?P<num>{ARABIC}(?:万|亿)?)(?![\d.%万千亿\p{{Han}}])"  # 学生人数约34万
        ),
        "money_after_currency": regex.compile(
            rf"(?P<currency>{alternation(list(table.currency_before))}) ?(?P<num>{_ARABIC_NUM})(?![\d.%]|\p{{Han}}*?元)"
        ),
        "bare_money": regex.compile(rf"(?:奖|奖励|资金|投资|投入|经费|拨款|捐资|捐款|补助|补贴)[^，。；,;\n]{{0,6}}?(?P<num>{ARABIC}[万亿]+)(?![\d元美港欧平亩吨人名个所])"),
    }


class _Groups(NamedTuple):
    """Numbers of the quantity pattern's groups: `regex` finds a group by name several times slower than by number."""

    before: int
    num: int
    pct: int
    num2: int
    mid: int
    unit: int
    after: int


@lru_cache(maxsize=1)
def _quantity_groups() -> _Groups:
    index = _patterns()["quantity"].groupindex
    return _Groups(*(index[name] for name in _Groups._fields))


def find_quantities(text: str, start: int, end: int) -> Iterator[FactDraft]:
    """Every quantity candidate in text[start:end] (overlaps are resolved by the engine)."""
    patterns = _patterns()
    phrases = [m.span() for m in patterns["not_facts"].finditer(text, start, end)]
    if not phrases:
        yield from _candidates(text, start, end, patterns)
        return
    for fact in _candidates(text, start, end, patterns):
        if not any(fact.start < p_end and p_start < fact.end for p_start, p_end in phrases):
            yield fact


def _candidates(text: str, start: int, end: int, patterns: dict[str, regex.Pattern]) -> Iterator[FactDraft]:
    table = unit_table()
    units = units_by_surface()
    at = _quantity_groups()
    for match in patterns["quantity"].finditer(text, start, end):
        values = match.groups()
        fact = _quantity(text, match, values, at, units[values[at.unit - 1]], table)
        if fact is not None:
            yield fact
    yield from _percent_words(text, start, end, patterns)
    yield from _ratios_and_coefficients(text, start, end, patterns)
    for match in patterns["bare_count"].finditer(text, start, end):
        value = _number(match.group("num"))
        if value is None:
            continue
        approx = table.approx_before.get(match.group("before") or "", "exact")
        span_start = match.start("before") if match.group("before") else match.start("num")
        yield FactDraft(span_start, match.end("num"), "count", value, table.bare_counts[match.group("word")], approx, extractor=NAME, confidence=0.7)
    for match in patterns["money_after_currency"].finditer(text, start, end):  # MOP 3.2亿, US$500
        value = _number(match.group("num"))
        if value is not None:
            yield FactDraft(match.start(), match.end(), "money", value, table.currency_before[match.group("currency")],
                            extractor=NAME, confidence=0.8)
    for match in patterns["bare_money"].finditer(text, start, end):
        value = _number(match.group("num"))
        if value is not None:
            yield FactDraft(*match.span("num"), "money", value, "CNY", extractor=NAME, confidence=0.6)


def _number(text: str) -> float | None:
    try:
        return parse_number(text)
    except (NotANumber, KeyError, ValueError):
        return None


def _is_chinese(number: str) -> bool:
    return number[0] in CN_CHARS


def _guarded(text: str, match: regex.Match, at: _Groups, unit: Unit, number: str, chinese: bool, before_word: str | None) -> bool:
    """True when the match is an ordinal, an idiom or a word that contains a numeral."""
    if (unit.numerals == "arabic" and chinese) or (unit.numerals == "chinese" and not chinese):
        return True
    num_start = match.start(at.num)
    before = text[num_start - 1] if num_start > 0 else ""
    if before == "第" or (before == "是" and number == "一"):
        return True  # 第三所; 是一所公办全日制小学: an article after the copula, not a count
    if chinese:
        if not any(c in _CN_DIGITS for c in number):
            return True
        if before in _WORD_BEFORE_CN and before_word is None:
            return True
    unit_end = match.end(at.unit)
    after = text[unit_end] if unit_end < len(text) else ""
    last_unit_char = unit.surface[-1]
    if after and after in _WORD_AFTER_UNIT.get(last_unit_char, ""):
        return True
    if number.isdigit() and len(number) >= 7 and unit.kind == "count":
        return True  # a phone or document number, not a count
    if unit.kind == "duration" and _METRIC_NAME_AFTER.match(text, unit_end):
        return True  # 小学六年巩固率, 学前三年毛入园率: the years are part of the metric's name
    # 一个重要前提, 一项工作: an article, not a count (跑道一个, still counts)
    return number == "一" and unit.surface in _ARTICLE_UNITS and bool(_HAN.match(after))


def _quantity(text: str, match: regex.Match, values: tuple, at: _Groups, unit: Unit, table) -> FactDraft | None:
    """The fact of one match of the quantity pattern (`values`: its groups), or None when it is guarded out."""
    before, number, pct, number2 = values[at.before - 1], values[at.num - 1], values[at.pct - 1], values[at.num2 - 1]
    mid, after = values[at.mid - 1], values[at.after - 1]
    chinese = _is_chinese(number)
    if _guarded(text, match, at, unit, number, chinese, before) or (pct and unit.surface != "%"):
        return None
    value_max = None
    if number2 is not None:
        low, high = _number(number), _number(number2)
        if low is None or high is None:
            return None
        if not _trailing_scale(number):
            low *= _trailing_scale(number2) or 1  # 1-5万元: the scale written once applies to both ends
        if high < low:
            return None
        value, value_max = low, high
    elif fuzzy := (parse_fuzzy(number) if chinese else None):
        value, value_max = fuzzy
    else:
        value = _number(number)
        if value is None:
            return None
    approx = "exact"
    if before:
        approx = table.approx_before[before]
    if mid:
        approx = table.approx_after[mid]
    if after:
        approx = "over" if after == "之多" else table.approx_after[after]
        if approx == "over" and after == "以上" and _is_target(text, match.start()):
            approx = "at_least"
    start = match.start(at.before if before else at.num)
    factor = unit.factor
    value_out = value if factor == 1 and type(value) is int and value < _TIDY_INT else tidy(value * factor)
    value_max_out = tidy(value_max * factor) if value_max is not None else None
    confidence = 0.9 if not chinese else 0.75
    canonical = unit.unit
    if unit.kind == "money" and unit.surface.endswith("元"):
        canonical = _currency_before(text, start, table) or canonical
    return FactDraft(start, match.end(), unit.kind, value_out, canonical, approx, value_max_out, extractor=NAME, confidence=confidence)


def _currency_before(text: str, start: int, table) -> str | None:
    """新台币300万元: a currency named just before the number."""
    before = text[max(0, start - 4) : start].rstrip()
    return next((code for name, code in table.currency_before.items() if before.endswith(name)), None)


def _trailing_scale(number: str) -> float:
    """The factor of a number's 千/万/亿 suffix (5万, 一百五十万 → 10000), 0 when none."""
    suffix = _SCALE_SUFFIX.search(number)
    if not suffix:
        return 0
    return _number("1" + suffix.group()) or 0


def _is_target(text: str, position: int) -> bool:
    """A target (确保…达99%以上, and the clauses that follow it in the sentence), not a result."""
    sentence_start = max(max(0, position - 200), *(text.rfind(p, max(0, position - 200), position) + 1 for p in "。；;\n"))
    sentence = text[sentence_start:position]
    return any(word in sentence for word in unit_table().target_words)


def _percent_words(text: str, start: int, end: int, patterns) -> Iterator[FactDraft]:
    table = unit_table()
    for match in patterns["percent_words"].finditer(text, start, end):
        value = _number(match.group("num"))
        if value is None:
            continue
        if match.group("base") == "千分之":
            value = value / 10
        approx = table.approx_before.get(match.group("before") or "", "exact")
        if match.group("after"):
            approx = table.approx_after[match.group("after")]
        span_start = match.start("before") if match.group("before") else match.start("base")
        yield FactDraft(span_start, match.end(), "rate", tidy(value), "%", approx, extractor=NAME, confidence=0.85)
    for match in patterns["tenths"].finditer(text, start, end):
        fuzzy = parse_fuzzy(match.group("num"))
        low, high = fuzzy if fuzzy else (_number(match.group("num")), None)
        if low is not None:
            yield FactDraft(*match.span(), "rate", low * 10, "%", value_max=high * 10 if high else None, extractor=NAME, confidence=0.6)
    for match in patterns["bare_rate"].finditer(text, start, end):
        value = _number(match.group("num"))
        if value is None or value > 100:
            continue
        approx = table.approx_before.get(match.group("before") or "", "exact")
        if match.group("after"):
            approx = table.approx_after[match.group("after")]
        span_start = match.start("before") if match.group("before") else match.start("num")
        yield FactDraft(span_start, match.end(), "rate", value, "%", approx, extractor=NAME, confidence=0.7)


def _ratios_and_coefficients(text: str, start: int, end: int, patterns) -> Iterator[FactDraft]:
    for match in (*patterns["ratio"].finditer(text, start, end), *patterns["decimal_ratio"].finditer(text, start, end)):
        a, b = _number(match.group("a")), _number(match.group("b"))
        if a is None or b is None:
            continue
        value = b if a == 1 else a
        if match.re is patterns["ratio"] and match.group("b2"):
            a2, b2 = _number(match.group("a2")), _number(match.group("b2"))
            high = None if a2 is None or b2 is None else b2 if a2 == 1 else a2
            if high is not None and high >= value and (a == 1) == (a2 == 1):
                yield FactDraft(match.start("a"), match.end("b2"), "quantity", value, "ratio", value_max=high,
                                extractor=NAME, confidence=0.8)
                continue
        yield FactDraft(match.start("a"), match.end("b"), "quantity", value, "ratio", extractor=NAME, confidence=0.8)
    for match in patterns["coef"].finditer(text, start, end):
        while match:  # 系数分别为0.412和0.356: each of a list
            value = _number(match.group("num"))
            sign = match.group("before")
            approx = {"≤": "at_most", "≥": "at_least", "<": "under", ">": "over"}.get(sign or "", "exact")
            span_start = match.start("before") if sign else match.start("num")
            yield FactDraft(span_start, match.end(), "quantity", value, "coef", approx, extractor=NAME, confidence=0.8)
            match = patterns["next_coef"].match(text, match.end(), end)
