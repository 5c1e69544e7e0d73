"""Cross-checks between the facts of one report; they add warnings and never drop facts.

- parts that should add up to a stated total (在校826 = 初中432 + 小学394);
- a stated rate against its numerator and denominator (办结39860 / 上报39903 = 99.89%);
- a share against its part and the whole (46 of 111 = 41.44%);
- a per-capita figure against its total and the head count (生均 = 总量 / 学生数);
- metric values outside the catalogue's plausible range;
- template placeholders left in the text (xx年, ____市, **), and each date whose year
  is one (placeholder_year);
- characters lost in conversion (`?` inside Chinese text), so a reviewer reads with care.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.drafts import FactDraft, WarningDraft
from extractors.grids import CELL, total_row_cell
from extractors.metrics import metrics_by_id
from extractors.tables import word_table, words_pattern
from models.codes import WarningCode

NAME = "rules.check.v1"
_TOTAL = regex.compile(f"(?<!公)(?:{words_pattern(word_table().checks.total_words)})")  # (一般公共预算: no 共)
_HEAD_SUFFIX = regex.compile(f"(?:{words_pattern(word_table().checks.head_endings)})$")
_PLACEHOLDER = regex.compile(r"(?<![A-Za-z])(?:[xX]{2,}|\*{2,}|_{3,}|20[xX*]{1,2}|(?<=\p{Han})\*(?=年))(?![A-Za-z])")
_YEAR_PLACEHOLDER = regex.compile(r"(?:[xX]{2,}|\*+|_{2,}|20[xX*]{1,2})年")
_LOST = regex.compile(r"(?<=\p{Han})\?+|\?+(?=\p{Han})|\ufffd+")  # (U+FFFD: bytes the decoder could not read)
_NEAR = 120  # characters within which parts follow their total


def cross_check(text: str, facts: list[FactDraft], start: int, end: int) -> Iterator[WarningDraft]:
    numbers = [f for f in facts if f.kind != "date"]
    yield from _sums(text, numbers)
    yield from _rates(numbers)
    yield from _shares(text, numbers)
    yield from _per_capita(numbers)
    yield from _ranges(numbers)
    yield from _placeholders(text, start, end)
    yield from _placeholder_years(text, facts)
    yield from _damage(text, start, end)


def _head(subject: str | None) -> str | None:
    if not subject:
        return None
    stripped = _HEAD_SUFFIX.sub("", subject)
    return stripped[-1] if stripped else None


def _tolerance(value: float) -> float:
    """Half a unit of the last decimal the writer stated, e.g. 99.89 → 0.005."""
    text = f"{value}"
    decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    return 0.5 * 10**-decimals + 1e-9


def _related(a: str | None, b: str | None) -> bool:
    """Two subjects name the same kind of thing: they share a word of two characters."""
    return bool(a and b and any(a[i : i + 2] in b for i in range(len(a) - 1)))


def _sums(text: str, facts: list[FactDraft]) -> Iterator[WarningDraft]:
    for i, total in enumerate(facts):
        if total.kind not in {"count", "area", "money"} or i + 1 == len(facts):
            continue
        subset = "其中" in text[total.end : facts[i + 1].start]
        if text.startswith("、", total.end):
            continue  # 4119件、12837件、3018件: items of one list, none of them a total
        if not subset and not (total.subject and _is_total(text, total)):
            continue
        head = _head(total.subject)
        parts = []
        for part in facts[i + 1 :]:
            if part.start - total.end > _NEAR or part.unit != total.unit or not (subset or _head(part.subject) == head):
                break
            parts.append(part)
        if len(parts) < 2 or any(p.approx != "exact" for p in [total, *parts]):
            continue
        stated = sum(p.value for p in parts)
        if stated > total.value or (not subset and abs(stated - total.value) > 1e-6):
            yield WarningDraft(
                WarningCode.SUM_MISMATCH,
                f"{total.subject} {total.value:.12g} but its parts add up to {stated:.12g}",
                (total.start, parts[-1].end),
                [total, *parts],
            )


def _is_total(text: str, fact: FactDraft) -> bool:
    """A figure written as a total: after a total word (共, 合计, 在校), or in a table's total row (a cell's
    neighbours are other cells, no words)."""
    if CELL in fact.subject:
        return total_row_cell(fact.subject)
    return bool(_TOTAL.search(text, max(0, fact.start - 12), fact.start))


def _rates(facts: list[FactDraft]) -> Iterator[WarningDraft]:
    for i, rate in enumerate(facts):
        if rate.kind != "rate" or i < 2 or not rate.subject or "率" not in rate.subject:
            continue
        a, b = facts[i - 2], facts[i - 1]
        if a.kind != "count" or a.unit != b.unit or b.kind != "count" or rate.start - a.end > _NEAR or not a.value:
            continue
        if b.value > a.value or a.approx != "exact" or b.approx != "exact":
            continue
        stem = rate.subject[: rate.subject.rindex("率")]
        if b.subject and b.subject in rate.subject and not stem.endswith(b.subject):
            continue  # 专任教师57人, 专任教师学历合格率100%: a property of the group, not b / a (入学|入学率 is)
        if _head(b.subject) != stem[-1:]:
            continue  # 办结|处结率 end alike; 在园幼儿减少 (a change), 专任教师 are not what 毛入学率 counts
        if a.subject and b.subject and a.subject[-2:] == b.subject[-2:]:
            continue  # 宣传广告类案件, 街面秩序类案件: siblings, not part and whole
        computed = b.value / a.value * 100
        if abs(computed - rate.value) > _tolerance(rate.value):
            yield WarningDraft(
                WarningCode.RATE_MISMATCH,
                f"{rate.subject} stated {rate.value:.12g}% but {b.value:.12g}/{a.value:.12g} = {computed:.2f}%",
                (a.start, rate.end),
                [a, b, rate],
            )


def _shares(text: str, facts: list[FactDraft]) -> Iterator[WarningDraft]:
    for i, rate in enumerate(facts):
        if rate.kind != "rate" or i == 0 or "占" not in text[max(0, rate.start - 12) : rate.start]:
            continue
        part = facts[i - 1]
        if part.kind != "count" or rate.start - part.end > _NEAR:
            continue
        wholes = [w for w in facts[: i - 1] if w.unit == part.unit and w.value > part.value and _related(w.subject, part.subject)]
        if not wholes:
            continue
        if not any(abs(part.value / w.value * 100 - rate.value) <= _tolerance(rate.value) for w in wholes):
            whole = wholes[-1]
            yield WarningDraft(
                WarningCode.SHARE_MISMATCH,
                f"share {rate.value:.12g}% does not match {part.value:.12g} of {whole.value:.12g} ({part.value / whole.value * 100:.2f}%)",
                (part.start, rate.end),
                [whole, part, rate],
            )


def _per_capita(facts: list[FactDraft]) -> Iterator[WarningDraft]:
    heads = [f for f in facts if f.metric == "students.total"]
    if not heads:
        return
    for fact in facts:
        if not fact.subject or not fact.subject.startswith(("生均", "人均")):
            continue
        students = next((h for h in reversed(heads) if h.start < fact.start), heads[0])  # the head count nearest before it
        if not students.value:
            continue
        base = fact.subject[2:]
        totals = [t for t in facts if t.kind == fact.kind and t.subject and t.subject.endswith(base) and t is not fact and t.value > fact.value]
        if not totals:
            continue
        total = totals[0]
        expected = total.value / students.value
        if total.approx == "over" and fact.value >= expected:
            continue
        if abs(fact.value - expected) > max(0.1 * expected, _tolerance(fact.value)):
            yield WarningDraft(
                WarningCode.PER_CAPITA_MISMATCH,
                f"{fact.subject} {fact.value:.12g} but {total.value:.12g} / {students.value:.12g} students = {expected:.2f}",
                (fact.start, fact.end),
                [total, students, fact],
            )


def _ranges(facts: list[FactDraft]) -> Iterator[WarningDraft]:
    for fact in facts:
        metric = metrics_by_id().get(fact.metric) if fact.metric else None
        if metric and not metric.range[0] <= fact.value <= metric.range[1]:
            yield WarningDraft(
                WarningCode.OUT_OF_RANGE,
                f"{metric.id} = {fact.value:.12g} is outside the plausible range {metric.range[0]:.12g}–{metric.range[1]:.12g}",
                (fact.start, fact.end),
                [fact],
            )


def _placeholders(text: str, start: int, end: int) -> Iterator[WarningDraft]:
    found = list(_PLACEHOLDER.finditer(text, start, end))
    if found:
        yield _first_of(found, WarningCode.TEMPLATE_PLACEHOLDER,
                        f"{len(found)} template placeholder(s) left in the text, first {found[0].group()!r}")


def _placeholder_years(text: str, facts: list[FactDraft]) -> Iterator[WarningDraft]:
    for fact in facts:
        if fact.kind == "date" and _YEAR_PLACEHOLDER.search(text, fact.start, fact.end):
            yield WarningDraft(
                WarningCode.PLACEHOLDER_YEAR,
                f"the year of {text[fact.start:fact.end]!r} was left as a placeholder: the date stays XXXX",
                (fact.start, fact.end),
                [fact],
            )


def _damage(text: str, start: int, end: int) -> Iterator[WarningDraft]:
    lost = list(_LOST.finditer(text, start, end))
    if lost:
        near = text[max(start, lost[0].start() - 6) : lost[0].end() + 6]
        shown = " or ".join(repr(mark) for mark in sorted({found.group()[0] for found in lost}))
        yield _first_of(lost, WarningCode.DAMAGED_TEXT,
                        f"{len(lost)} place(s) where characters were lost in conversion (shown as {shown}), first near {near!r}")


def _first_of(found: list[regex.Match], code: WarningCode, message: str) -> WarningDraft:
    """One warning for a report-wide finding, pointing at its first place."""
    return WarningDraft(code, message, found[0].span())
