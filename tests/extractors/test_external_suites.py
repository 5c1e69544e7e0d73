"""Peers' public Chinese test suites, run through reportx: the pass rate per suite.

The suites live as data in ../shared/external/ (cn2an, duckling, jionlp,
recognizers-text); the test skips when they are absent and never copies them.

Scope rule. A peer's case is in scope when what it asks for is a fact of
ANNOTATION.md written the way reports write it:
- a plain number: Arabic (thousands separators, decimals, a 千/万/亿 scale) or
  Chinese numerals (incl. financial and traditional forms, 点 decimals), and
  nothing else in the string — no sign, no fraction, no K/M, no measure word;
- number [range end] + one unit ANNOTATION.md names: money 元/美元 (CNY, USD),
  area 平方米/平米/㎡/亩/公顷/平方公里, length 米/公里, weight 公斤/斤/吨,
  rate % / 百分之 / 千分之 / 成 — optionally with one approximation word;
- a calendar date written with 年/月/日/号 and a year, month or day of digits or
  Chinese numerals, optionally a range (至/到/-) and 从/在 before it.
Out of scope: times of day, relative dates (明天, 下周, 去年5月), holidays, lunar
and imperial calendars, weekdays, decades, durations, ordinals, coins below the
yuan (角/分/毛), other currencies, imperial or other units, discounts (折),
percentage points, text rewriting (cn2an.transform), and peers' span
conventions (extraction-with-offsets suites). Approximation grades are not
compared here (each peer grades them its own way); ANNOTATION.md's grades are
asserted by test_quantities.py.

Each case passes when reportx gives the same value (and upper end, unit, or
TIMEX at the written grain): numbers through `parse_number` on normalised text,
everything else through the whole engine on the peer's input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import regex

from extractors.numerals import CN_CHARS, NotANumber, parse_number
from pipeline.normalise import normalise

# Pass-rate floors: the measured rate minus a small margin, so a regression fails.
FLOORS = {"cn2an": 0.97, "duckling": 0.97, "jionlp": 0.70, "recognizers-text": 0.92}

_NUM = rf"(?:\d[\d,]*(?:\.\d+)?(?:[千万亿](?![米克]))*|\.\d+|[{CN_CHARS}点]+)"
PLAIN_NUMBER = regex.compile(rf"{_NUM}")
# ANNOTATION.md's units (and their plain metric synonyms 千米, 千克): surface → (kind, canonical unit)
UNITS = {
    "元": ("money", "CNY"), "美元": ("money", "USD"),
    "平方米": ("area", "m2"), "平米": ("area", "m2"), "㎡": ("area", "m2"), "亩": ("area", "m2"), "公顷": ("area", "m2"), "平方公里": ("area", "m2"),
    "米": ("length", "m"), "千米": ("length", "m"), "公里": ("length", "m"),
    "公斤": ("weight", "kg"), "千克": ("weight", "kg"), "斤": ("weight", "kg"), "吨": ("weight", "kg"),
}
_APPROX = r"(?:约|大约|近|将近|超过|逾|突破|不足|不到|至少|最多|不低于|不超过)"
QUANTITY_SHAPE = regex.compile(
    rf"{_APPROX}?(?P<num>{_NUM})(?:(?:-+|至|到)(?P<num2>{_NUM}))?(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})(?:以上|以下|左右|多|余)?"
)
PERCENT_SHAPE = regex.compile(rf"(?:百分之|千分之){_NUM}|{_NUM}%|[一二两三四五六七八九\d](?:\.\d)?成")
_Y = r"(?:\d{4}|\d{2}|[〇零一二三四五六七八九]{4}|[〇零一二三四五六七八九]{2})年"
_M = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月"
_D = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
_END = rf"(?:{_Y}(?:{_M}(?:{_D})?)?|{_M}(?:{_D})?|{_D})"
DATE_SHAPE = regex.compile(rf"(?:从|在)?(?P<a>{_END})(?:(?:至|到|-+)(?P<b>{_END}))?")
# peer unit name → factor to ANNOTATION.md's canonical unit
PEER_FACTORS = {"Metre": 1, "Meter": 1, "Kilometre": 1000, "Kilometer": 1000, "Gram": 0.001, "Kilogram": 1, "Ton": 1000,
                "Jin": 0.5, "Mu": 666.67, "Dollar": 1, "CNY": 1, "Chinese yuan": 1, "United States dollar": 1}


@dataclass(frozen=True)
class Case:
    suite: str
    source: str
    text: str
    check: Callable[[Callable], bool]


# --- what reportx answers ---------------------------------------------------------

def number_case(expected: float) -> Callable[[Callable], bool]:
    def check(_extract, text: str) -> bool:
        try:
            return math.isclose(parse_number(normalise(text).text), expected, rel_tol=1e-9, abs_tol=1e-12)
        except (NotANumber, ValueError, KeyError):
            return False

    return check


def fact_case(kind: str, unit: str, value: float, value_max: float | None = None) -> Callable:
    def check(extract, text: str) -> bool:
        return any(
            f.kind == kind and f.unit == unit and _close(f.value, value) and (value_max is None or _close(f.value_max, value_max))
            for f in extract(text).values()
        )

    return check


def date_case(start: str, end: str) -> Callable:
    def check(extract, text: str) -> bool:
        return any(f.kind == "date" and (f.date_start, f.date_end) == (start, end) for f in extract(text).values())

    return check


def _close(got: float | None, expected: float) -> bool:
    return got is not None and math.isclose(got, expected, rel_tol=1e-4)


def _plain(text: str) -> bool:
    return PLAIN_NUMBER.fullmatch(normalise(text).text) is not None


def _quantity(text: str, value: float, value_max: float | None = None, peer_unit: str = "CNY"):
    """A fact check for text shaped number [range] unit (value in the peer's unit), or None when out of scope."""
    shape = QUANTITY_SHAPE.fullmatch(normalise(text).text)
    if shape is None:
        return None
    kind, unit = UNITS[shape.group("unit")]
    factor = PEER_FACTORS[peer_unit]
    return fact_case(kind, unit, value * factor, value_max * factor if value_max is not None else None)


def _grain(part: str) -> int:
    """Characters of YYYY-MM-DD a written date end states: 10 day, 7 month, 4 year."""
    return 10 if regex.search("[日号]", part) else 7 if "月" in part else 4


def _date(text: str, start: str, end: str):
    """A date check at the grain each end is written, or None when out of scope."""
    shape = DATE_SHAPE.fullmatch(normalise(text).text)
    if shape is None or not regex.search(_Y, shape.group("a")):
        return None
    if regex.fullmatch(r"\d{2}年", shape.group("a")) and not shape.group("b"):
        return None  # a bare two-digit year (24年) reads as a duration in reports
    b = shape.group("b") or shape.group("a")
    return date_case(start[: _grain(shape.group("a"))], end[: _grain(b)])


# --- the suites, as data ------------------------------------------------------------

def _jsonl(path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        yield from (json.loads(line) for line in lines if line.strip())


def cn2an_cases(external) -> Iterator[Case]:
    for row in _jsonl(external / "cn2an" / "cn2an.jsonl"):
        expected = row["expected"]
        if isinstance(expected, (int, float)) and row["mode"] != "direct" and _plain(row["input"]):
            yield Case("cn2an", row["source"], row["input"], number_case(expected))


def duckling_cases(external) -> Iterator[Case]:
    base = external / "duckling"
    for row in _jsonl(base / "numeral.jsonl"):
        if _plain(row["input"]):
            yield Case("duckling", row["source"], row["input"], number_case(row["expected"]["args"][0]))
    for name in ("amountofmoney.jsonl", "distance.jsonl", "quantity.jsonl"):
        for row in _jsonl(base / name):
            constructor, args = row["expected"]["constructor"], row["expected"]["args"]
            peer_unit = args[0]
            if peer_unit not in PEER_FACTORS:
                continue
            low, high = args[1] if constructor == "between" else (args[1], None)
            check = _quantity(row["input"], low, high, peer_unit)
            if check:
                yield Case("duckling", row["source"], row["input"], check)
    for row in _jsonl(base / "time.jsonl"):
        (parts, grain) = row["expected"]["args"] if row["expected"]["constructor"] == "datetime" else (None, None)
        if parts and grain in ("Day", "Month", "Year"):
            timex = f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
            if check := _date(row["input"], timex, timex):
                yield Case("duckling", row["source"], row["input"], check)


def jionlp_cases(external) -> Iterator[Case]:
    base = external / "jionlp"
    for row in _jsonl(base / "parse_money.jsonl"):
        expected = row["expected"]
        if expected["case"] not in ("元", "美元"):
            continue
        numbers = expected["num"] if isinstance(expected["num"], list) else [expected["num"]]
        low, high = float(numbers[0]), (float(numbers[1]) if len(numbers) > 1 else None)
        shape = QUANTITY_SHAPE.fullmatch(normalise(row["input"]).text)
        if shape and shape.group("unit") == expected["case"]:
            yield Case("jionlp", row["source"], row["input"], _quantity(row["input"], low, high))
    for row in _jsonl(base / "parse_time.jsonl"):
        expected = row["expected"]
        dated = expected["type"] in ("time_point", "time_span") and isinstance(expected["time"], list)
        if dated and (check := _date(row["input"], expected["time"][0][:10], expected["time"][1][:10])):
            yield Case("jionlp", row["source"], row["input"], check)


def recognizers_cases(external) -> Iterator[Case]:
    base = external / "recognizers-text" / "Specs"
    spec = lambda path: json.loads((base / path).read_text(encoding="utf-8"))  # noqa: E731
    for i, case in enumerate(spec("Number/Chinese/NumberModel.json")):
        results = case["Results"]
        if len(results) == 1 and results[0]["Text"] == case["Input"] and _plain(case["Input"]):
            yield Case("recognizers-text", f"NumberModel#{i}", case["Input"], number_case(float(results[0]["Resolution"]["value"])))
    for i, case in enumerate(spec("Number/Chinese/PercentModel.json")):
        for result in case["Results"]:
            if PERCENT_SHAPE.fullmatch(normalise(result["Text"]).text):
                value = float(result["Resolution"]["value"].rstrip("%"))
                yield Case("recognizers-text", f"PercentModel#{i}", case["Input"], fact_case("rate", "%", value))
    for name in ("CurrencyModel", "DimensionModel"):
        for i, case in enumerate(spec(f"NumberWithUnit/Chinese/{name}.json")):
            for result in case["Results"]:
                resolution = result["Resolution"]
                if resolution.get("value") and resolution["unit"] in PEER_FACTORS:
                    check = _quantity(result["Text"], float(resolution["value"]), None, resolution["unit"])
                    if check:
                        yield Case("recognizers-text", f"{name}#{i}", case["Input"], check)
    for name in ("DateParser", "DatePeriodParser"):
        for i, case in enumerate(spec(f"DateTime/Chinese/{name}.json")):
            for result in case["Results"]:
                timex = result["Value"]["Timex"]
                start, end = timex.strip("()").split(",")[:2] if timex.startswith("(") else (timex, timex)
                if check := _date(result["Text"], start, end):
                    yield Case("recognizers-text", f"{name}#{i}", case["Input"], check)


SUITES = {"cn2an": cn2an_cases, "duckling": duckling_cases, "jionlp": jionlp_cases, "recognizers-text": recognizers_cases}


@pytest.mark.parametrize("suite", list(SUITES))
def test_external_suite_pass_rate(extract, external_suites, suite):
    cases = list(SUITES[suite](external_suites))
    failed = [case for case in cases if not case.check(extract, case.text)]
    rate = 1 - len(failed) / len(cases)
    print(f"\n{suite:<18} in scope {len(cases):>4}  passed {len(cases) - len(failed):>4}  rate {rate:.3f}  floor {FLOORS[suite]:.2f}")
    for case in failed:
        print(f"  miss {case.source}: {case.text}")
    assert rate >= FLOORS[suite]
