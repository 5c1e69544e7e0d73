"""Parse the numbers of Chinese reports: Arabic, Chinese numerals, mixed and fuzzy ranges.

`parse_number` handles one number (826, 2,210, 1.4万, 三千五百, 两, 廿, 二〇一一);
`parse_fuzzy` handles the adjacent-digit ranges readers write (七八十 = 70–80,
十二三 = 12–13, 三四 = 3–4). Both work on spans already found by a pattern,
never on running text.
"""

from __future__ import annotations

import regex

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
TENS = {"廿": 20, "卅": 30, "卌": 40}
UNITS = {**SMALL_UNITS, **LARGE_UNITS}

CN_DIGIT = "".join(DIGITS)
CN_CHARS = CN_DIGIT + "".join(SMALL_UNITS) + "".join(LARGE_UNITS) + "".join(TENS)
# An Arabic number with optional thousands separators and decimals, optionally scaled by 万/亿/千.
ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
SCALE = r"(?:[千万亿]|百万|千万)*"  # 1.4万, 3.5亿, 2百万
NUMBER = rf"(?:{ARABIC}{SCALE}|[{CN_CHARS}]+)"

_ARABIC_SCALED = regex.compile(rf"^({ARABIC})({SCALE})$")
# Arabic groups under 亿 and 万, as Taiwan and Hong Kong write large numbers: 21万3,456, 98亿5,000万.
MIXED = rf"(?:{ARABIC}[亿万](?:{ARABIC}[万]?)+|\d(?:[十百千万亿]+\d)+[十百千万亿]*)"  # 21万3,456; 9亿8千万
_DIGITS_UNDER_UNITS = regex.compile(r"^\d(?:[十百千万亿]+\d)+[十百千万亿]*$")
_TO_CHINESE_DIGIT = str.maketrans("0123456789", "零一二三四五六七八九")
_EXACT_DIGITS = 12  # `tidy` keeps 12 significant digits: a longer plain number is rounded
_MIXED_GROUPS = regex.compile(rf"^(?:(?P<yi>{ARABIC})亿)?(?:(?P<wan>{ARABIC})万)?(?P<rest>{ARABIC})?$")


class NotANumber(ValueError):
    pass


def parse_number(text: str) -> float:
    """The value of one number written in Arabic, Chinese or mixed notation."""
    if len(text) <= _EXACT_DIGITS and text.isascii() and text.isdigit():
        return int(text)  # most numbers are plain digits (what `tidy` would make of their float)
    text = text.strip().replace(" ", "")
    if not text:
        raise NotANumber("empty")
    if text.startswith("."):
        text = "0" + text  # .5
    if _DIGITS_UNDER_UNITS.match(text):  # 9亿8千万 reads as 九亿八千万
        return tidy(parse_chinese(text.translate(_TO_CHINESE_DIGIT)))
    mixed = _MIXED_GROUPS.match(text) if "万" in text or "亿" in text else None
    if mixed and sum(mixed.group(name) is not None for name in ("yi", "wan", "rest")) >= 2:
        groups = [(mixed.group(name) or "0").replace(",", "") for name in ("yi", "wan", "rest")]
        return tidy(float(groups[0]) * 100_000_000 + float(groups[1]) * 10_000 + float(groups[2]))
    match = _ARABIC_SCALED.match(text)
    if match:
        value = float(match.group(1).replace(",", ""))
        for unit in match.group(2):
            value *= UNITS[unit]
        return tidy(value)
    return tidy(parse_chinese(text))


def parse_chinese(text: str) -> float:
    """Chinese numerals: 二十六, 两千五百, 一万零八, 三千五, 十二, 廿三, 一点五, 二〇一一 (digit by digit)."""
    if any(c not in CN_CHARS and c != "点" for c in text):
        raise NotANumber(text)
    if all(c in DIGITS for c in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[c]) for c in text))  # 二〇一一 is read digit by digit
    if "点" in text:  # 一点五, 三十二点五: a decimal written in Chinese
        whole, _, fraction = text.partition("点")
        if not fraction or any(c not in DIGITS for c in fraction):
            raise NotANumber(text)
        return (parse_chinese(whole) if whole else 0) + float("0." + "".join(str(DIGITS[c]) for c in fraction))
    total = 0.0  # completed 亿/万 groups
    section = 0.0  # below 万
    digit: float | None = None
    for i, char in enumerate(text):
        if char in DIGITS:
            digit = DIGITS[char] or None  # 零 only holds a place: 一千零十 = 1010
            before, after = text[i - 1 : i], text[i + 1 : i + 2]
            if digit and before in UNITS and before not in "十拾" and (not after or after in LARGE_UNITS):
                digit *= UNITS[before] // 10  # 三千五, 一万五, 百二万: a digit after a unit counts in the next unit down
        elif char in TENS:
            section += TENS[char]
            digit = None
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            scale = LARGE_UNITS[char]
            group = section + (digit or 0)
            if group == 0 and total == 0:
                group = 1
            if group == 0:  # 四万万: a unit right after a unit multiplies
                total *= scale
            elif scale > 10_000 or total == 0:
                total = (total + group) * scale
            else:
                total += group * scale
            section, digit = 0.0, None
    return total + section + (digit or 0)


def parse_fuzzy(text: str) -> tuple[float, float] | None:
    """A range written as adjacent digits (七八十 → 70–80, 十二三 → 12–13, 三四 → 3–4), else None."""
    chars = list(text)
    if len(chars) > 2 and all(c in DIGITS for c in chars):
        return None  # 二〇一二 is a number read digit by digit, not a range
    positions = [i for i, c in enumerate(chars) if c in DIGITS and DIGITS[c] > 0]
    for i in positions:
        if i + 1 < len(chars) and chars[i + 1] in DIGITS and DIGITS[chars[i + 1]] == DIGITS[chars[i]] + 1:
            low_text = text[:i] + text[i] + text[i + 2 :]
            high_text = text[:i] + text[i + 1] + text[i + 2 :]
            try:
                return parse_chinese(low_text), parse_chinese(high_text)
            except NotANumber:
                return None
    return None


def tidy(value: float) -> float:
    """Drop float noise (1.4 * 10000 = 14000.000000000002) but keep small decimals."""
    rounded = float(f"{value:.12g}")
    return int(rounded) if rounded == int(rounded) else rounded
