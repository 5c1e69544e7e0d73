"""Read a figure through the one before it: a series in one sentence.

Reports state a figure and then what follows from it, naming only the difference:
a change (幼儿园1.2万所，比上年减少356所 → 幼儿园减少), the new value (由1个月缩短至1天),
a share (其中女教师78人，占65% → 女教师占比), the next level of the same measure
(小学生师比为16.2:1，初中为12.5:1 → 初中生师比) and a per-capita figure after its total
(校舍建筑面积77.03万平方米，生均22.4平方米 → 生均校舍建筑面积).
"""

from __future__ import annotations

import regex

from extractors.drafts import FactDraft
from extractors.subjects import (
    DIRECTIONS,
    LAST_CLAUSE_BREAK,
    LEVELS,
    SHARE_OF,
    phrase_before,
    selecting_verb,
    tag_phrase,
    without_leading,
)
from extractors.tables import word_table, words_pattern

_MAX_BETWEEN = 24  # characters of the words that tie a figure to the one before (，比上年同期减少了), at most
WORDS = word_table().series
COMPARISON = words_pattern(WORDS.comparison_words)
_CHANGE = regex.compile(
    rf"[，,；;、]?(?:{COMPARISON})?(?:{words_pattern(WORDS.base_periods)}|\d{{4}}年(?:同期)?)?(?:同期|预算数?|决算数?)?"
    rf"(?:{DIRECTIONS}|新增)?(?P<direction>{DIRECTIONS}|新增)了?"  # (比2023年预算增加: the base's own figure)
)
_CHANGED_TO = regex.compile(rf"(?:{DIRECTIONS}|{words_pattern(WORDS.new_value_verbs)})(?:到|至|为)了?")
_SHARE_OF_PREVIOUS = regex.compile(  # (占全体考生8.2%: the whole may come without 的)
    r"(?:仅|约|共|已|均)?(?:所占|占到|占了|占)(?:[^，,的]{0,12}?的?)?(?:比例|比重|比)?(?:为|达到|达|是|约)?")
_LEVEL = regex.compile(rf"^(?:{LEVELS})|(?:{LEVELS})$")
_LEVEL_ITEM = regex.compile(  # (其中)初中(生均)为
    rf"(?:其中)?(?P<level>{LEVELS})(?:阶段)?(?P<per>{words_pattern(WORDS.per_capita)})?(?:为|是|达到|达)?")
_STAGE_FIRST = regex.compile(r"^(?:九年)?(?:义务教育|基础教育)(?:阶段)?(?=..)")
_SCHOOL_ENDINGS = ("学", "中", "园", "职")  # levels that are kinds of school (小学, 初中, 幼儿园, 中职), not places
_PER_CAPITA_OF_PREVIOUS = regex.compile(f"(?P<per>{words_pattern(WORDS.per_capita)})(?:为|达到|达|是|约)?")


_DIRECTION_END = regex.compile(f"(?:{DIRECTIONS}|新增)$")
_SHARE_END = regex.compile(f"(?<=..){SHARE_OF}$")
_CATEGORY_ROLE = regex.compile(rf"(?P<category>\p{{Han}}{{2,}}?(?<![及和与]))(?:{words_pattern(WORDS.roles)})$")  # (幼儿园及|学校: a list)
_ROLES = frozenset(WORDS.roles)


def of_category(previous: FactDraft | None, subject: str | None) -> str | None:
    """`subject`, of the category the figure before named when it names only a role of one
    (普通本专科招生12.3万人，在校生42.1万人 → 普通本专科在校生)."""
    if subject not in _ROLES or previous is None or not previous.subject or previous.subject in _ROLES:
        return subject  # (在校学生826人，专任教师57人: a role itself names no category)
    if previous.unit == "所" and _LEVEL_FIRST.fullmatch(previous.subject) and "园" not in subject:
        return previous.subject + subject  # 小学412所，招生5.6万人 → 小学招生 (在园幼儿 names its level itself)
    named = _CATEGORY_ROLE.fullmatch(previous.subject)
    return named.group("category") + subject if named else subject


_NEXT_ITEM = regex.compile(r"[^，,；;：:。！？!?\n]{0,12}?[、和及与]")


def selected_like(text: str, previous: FactDraft | None, fact: FactDraft, subject: str | None) -> str | None:
    """`subject`, selected by the verb that selected the item before it in a list of counts
    (抽检了两所中学、两所小学和一所幼儿园 → 抽检中学, 抽检小学, 抽检幼儿园)."""
    if not subject or fact.kind != "count" or previous is None or previous.kind != "count" or not previous.subject:
        return subject
    verb = selecting_verb(previous.subject)
    if not verb or subject.startswith(verb) or not _NEXT_ITEM.fullmatch(text, previous.end, fact.start):
        return subject
    return verb + subject


_RESPECTIVELY = regex.compile(r"分别(?:为|是|达到|达|占|有)?")
_CLAUSE_OPEN = regex.compile(r"(?r)[，,；;：:。！？!?\n（(]")  # searched backwards; 、 joins the items
_LEVEL_FIRST = regex.compile(f"(?:{LEVELS})")
_LEVEL_LAST = regex.compile(f"(?:{LEVELS})$")
_LIST_MARKS = regex.compile(r"[和、及与，,\s]")
_TREND_END = regex.compile(rf"(?:逐年|连年|持续|稳步|不断|逐步|大幅|明显|均有|有所)?(?:{DIRECTIONS})$")


def respective_subject(text: str, sentence_start: int, figures: list[FactDraft], fact: FactDraft) -> str | None:
    """The subject of the k-th figure after 分别 when items are named before it (小学、初中生均用房面积分别为
    5.2平方米和6.8平方米 → 小学生均用房面积, 初中生均用房面积); an item list named in an earlier clause of
    the sentence serves a later 分别 (…，生均运动场馆面积分别为9.6平方米和12.3平方米). `figures`: the facts
    before `fact` in its sentence."""
    if text.find("分别", sentence_start, fact.start) < 0:
        return None
    marks = list(_RESPECTIVELY.finditer(text, sentence_start, fact.start))  # (分别 is found: one at least)
    last = marks[-1]
    k = sum(1 for f in figures if f.start >= last.end() and f.kind != "date")
    if LAST_CLAUSE_BREAK.search(text, last.end(), fact.start) and not _only_list_marks(text, last.end(), fact.start, figures):
        return None
    measure = None
    for mark in reversed(marks):
        opened = _CLAUSE_OPEN.search(text, sentence_start, mark.start())
        years = _years_listed(text, opened.end() if opened else sentence_start, mark.start(), figures)
        if measure is None and years is not None:  # the figures are one measure's values in those years
            if years < mark.start():
                return phrase_before(text[years : mark.start()], fact.kind)  # 2021年、2022年全县上线率分别为
            return _trend_subject(text, sentence_start, opened.start(), fact.kind) if opened else None
        parts = text[opened.end() if opened else sentence_start : mark.start()].split("、")
        if measure is None and len(parts) == 1:
            measure = parts[0]  # …，生均运动场馆面积分别为: the items are those of an earlier clause
            continue
        if len(parts) < 2:
            return None
        items, own_measure = _items(parts)
        measure = own_measure if measure is None else measure
        if not items or len(measure) < 2 or k >= len(items):
            return None
        return items[k] + measure
    items = _figures_items([f.subject for f in figures if f.end <= marks[0].start() and f.subject and f.kind != "date"])
    if measure and len(measure) >= 2 and k < len(items):
        return items[k] + measure  # 语文平均分86.5分，数学平均分82.3分，及格率分别为…: 语文, 数学
    return None


def _figures_items(subjects: list[str]) -> list[str]:
    """What the figures before 分别 were of, when their subjects differ only before a shared ending
    (语文平均分, 数学平均分 → 语文, 数学); none otherwise."""
    if len(subjects) < 2:
        return []
    shared = 0
    while shared < min(map(len, subjects)) and len({subject[len(subject) - shared - 1] for subject in subjects}) == 1:
        shared += 1
    items = [subject[: len(subject) - shared] for subject in subjects]
    return items if shared and all(items) and len(set(items)) == len(items) else []


def _items(parts: list[str]) -> tuple[list[str], str]:
    """(the items, the measure after the last) of 小学、初中生均用房面积."""
    level = _LEVEL_FIRST.match(parts[-1])
    size = len(level.group()) if level else _word_end(parts[-1], len(parts[-2]))
    first = _LEVEL_LAST.search(parts[0])
    items = [first.group() if first else without_leading(parts[0]), *parts[1:-1], parts[-1][:size]]
    return [item for item in items if item], parts[-1][size:]


def _word_end(phrase: str, size: int) -> int:
    """`size`, moved to the end of the word it falls in (城区、边远地区学校: 边远|地区 would cut a word)."""
    end = 0
    for word, _ in tag_phrase(phrase):
        end += len(word)
        if end >= size:
            return end
    return size


def _years_listed(text: str, start: int, end: int, figures: list[FactDraft]) -> int | None:
    """Where a list of two or more dates that opens text[start:end] ends (2021年、2022年、2023年|全县上线率分别为),
    or None when the text does not open with one."""
    dates = [f for f in figures if f.kind == "date" and start <= f.start < end]
    if len(dates) < 2 or not _only_list_marks(text, start, dates[-1].end, dates):
        return None
    return dates[-1].end


def _trend_subject(text: str, sentence_start: int, end: int, kind: str) -> str | None:
    """What the clause before a list of years says changed over them (县财政对教育的投入逐年增加，2021年、
    2022年分别为… → 财政对教育投入): the figures after 分别 are its values in those years."""
    opened = _CLAUSE_OPEN.search(text, sentence_start, end)
    clause = _TREND_END.sub("", text[opened.end() if opened else sentence_start : end])
    return phrase_before(clause, kind) if clause else None


def _only_list_marks(text: str, start: int, end: int, figures: list[FactDraft]) -> bool:
    """Between `start` and `end` nothing but figures and the marks of a list (和, 、, ，)."""
    rest = text[start:end]
    for figure in figures:
        if figure.start >= start:
            rest = rest.replace(text[figure.start : figure.end], "", 1)
    return not _LIST_MARKS.sub("", rest)


def series_subject(text: str, previous: FactDraft | None, fact: FactDraft) -> str | None:
    """The subject of `fact` read through `previous`, the figure before it in its sentence, or None
    when `fact` does not follow from it."""
    if previous is None or not previous.subject or previous.kind == "date":
        return None
    near = fact.start - previous.end <= _MAX_BETWEEN
    if near and previous.kind == fact.kind and _CHANGED_TO.fullmatch(text, previous.end, fact.start):
        return previous.subject
    clause = LAST_CLAUSE_BREAK.search(text, max(previous.end, fact.start - _MAX_BETWEEN), fact.start)
    clause_start = clause.end() if clause else previous.end if near else fact.start - _MAX_BETWEEN
    if fact.kind == "rate" and _SHARE_OF_PREVIOUS.fullmatch(text, clause_start, fact.start):
        return previous.subject + SHARE_OF  # 其中女教师78人，占65%: the share of the figure before
    item = _LEVEL_ITEM.fullmatch(text, clause_start, fact.start)
    base = _LEVEL.sub("", previous.subject) if item and previous.kind == fact.kind else ""
    if len(base) >= 2 and base.startswith(item.group("per") or ""):  # 小学生师比为16.2:1，初中为12.5:1 (初中生均…);
        level = item.group("level")  # 专任教师3862人，其中小学2210人 → 小学专任教师; 学生…，其中小学… → 小学生
        base = _STAGE_FIRST.sub("", base) or base  # 义务教育阶段在校生…，其中小学… → 小学在校生: a part of the stage
        base = _DIRECTION_END.sub("", base)  # 在校学生…，增加120人，其中女生812人: a part of the stock, not of the change
        if (base == "学校" and level.endswith(_SCHOOL_ENDINGS)) or (base == "学生" and level.endswith("生")):
            return level  # 学校31所，其中小学23所; 学生2016名，其中男生1052名: the level names its part itself
        return level + (base[1:] if level.endswith("学") and base.startswith("学生") else base)
    per_capita = _PER_CAPITA_OF_PREVIOUS.fullmatch(text, clause_start, fact.start)
    if per_capita and previous.kind == fact.kind:  # 校舍建筑面积77.03万平方米，生均22.4平方米
        return per_capita.group("per") + previous.subject
    between = _CHANGE.fullmatch(text, previous.end, fact.start) if near else None
    # (增加312所，增长2.1%: the rate is of the stock, not of the change before it; 经费5.8亿元，占支出的21.3%，
    # 增长6.5%: nor of its share, which changes by points: 占65%，提高2.1个百分点)
    of_stock = previous.kind == "rate" and "百分点" not in text[fact.start : fact.end]
    stock = _SHARE_END.sub("", _DIRECTION_END.sub("", previous.subject)) if of_stock else previous.subject
    return _DIRECTION_END.sub("", stock) + between.group("direction") if between else None
