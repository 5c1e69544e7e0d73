"""Whose report it is and when: organisation, region, kind and year of one report.

Read from normalised text (simplified, ASCII digits). The year comes from the strongest
evidence the text gives, in this order: a year in the title, the date line at the end
(落款), an annual period (2016年度, 2010-2011学年, 民国105年), a 今年 sentence that names
its year, year-on-year comparisons (较2008年 → 2009), the latest stock date a figure
describes (2019年末, 截至2019年底); otherwise None. Cue words are data
(`data/identity.yaml`); administrative names come from `extractors.regions`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.dates import uses_roc_years
from extractors.drafts import Identity
from extractors.lexicon import tagger
from extractors.regions import areas_named, region_of
from extractors.sentences import sentences
from extractors.tables import alternation, identity_table, word_table

YEAR = r"((?:19|20)\d\d)"
ROC_YEAR = r"民国\s*(\d{2,3})\s*年"
_TITLE_LINES = 3
_CLAUSE = regex.compile(r"[,，;；。]|[:：]$")  # a line with clauses is a sentence, not a title
_DATE_LINE = regex.compile(rf"^[^\n。]{{0,30}}?{YEAR}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?\s*$")
_TITLE_YEAR = regex.compile(rf"(?<![较比与同]\s*){YEAR}\s*(?:[-—~至到]\s*{YEAR}\s*)?(?:学?年|年度)|{ROC_YEAR}")
_PERIOD = regex.compile(rf"{YEAR}\s*[-—~至到]\s*{YEAR}\s*学年度?|{YEAR}\s*(?:学年度?|年度)|{ROC_YEAR}度?")
_ROC_TITLE_YEAR = regex.compile(r"(?<!\d)([3-9]\d|1[0-4]\d)(?:年|学年)")
_THIS_YEAR = regex.compile(r"今年|本年")
_NAMED_YEAR = regex.compile(rf"{YEAR}\s*年")
_COMPARED = regex.compile(rf"(?:较|比|与|同)\s*{YEAR}\s*年")
_STOCK = regex.compile(rf"{YEAR}\s*年\s*(?:末|底)|{YEAR}\s*年\s*,?\s*全(?:国|省|市|州|县|区|旗)")
_SELF = regex.compile(r"我(校|县|区|市|省|镇|乡)")
_NOT_NAME_START = set("vpcdumqr")  # jieba tags: verb, preposition, conjunction, adverb, particle, numeral …
_ABOVE_ALL = set("省市县区")
_ABOVE = {"市": "省", "县": "省市", "区": "省市", "镇": "省市县区", "乡": "省市县区"}  # levels above a writer


def identify(text: str, start: int, end: int) -> Identity:
    """Organisation, region, kind and year of the report text[start:end]."""
    body = text[start:end]
    titles = title_lines(body)
    self_level = self_reference(body)
    region = region_of(body, None if self_level == "校" else self_level)
    organisation = organisation_of(body, titles, self_level, region)
    region = with_township(body, organisation, region)
    year, span = year_of(body, titles)
    return Identity(organisation, region, kind_of(body, titles, self_level), year,
                    (span[0] + start, span[1] + start) if span else None)


def title_lines(body: str) -> list[tuple[int, str]]:
    """The first lines while they read as titles (short, no comma, no sentence end), with their offsets."""
    lines, offset = [], 0
    for line in body.split("\n")[:_TITLE_LINES]:
        stripped = line.strip()
        if stripped and (len(stripped) > 60 or _CLAUSE.search(stripped)):
            break
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def self_reference(body: str) -> str | None:
    """How the writer refers to itself most often: 校 (我校), 县, 区, 市 …"""
    counts = Counter(match.group(1) for match in _SELF.finditer(body))
    return counts.most_common(1)[0][0] if counts else None


# ---- year -------------------------------------------------------------------------------


def year_of(body: str, titles: list[tuple[int, str]]) -> tuple[int | None, tuple[int, int] | None]:
    for finder in (_title_year, _roc_title_year, _date_line_year, _period_year, _this_year, _compared_year, _stock_year):
        found = finder(body, titles)
        if found:
            return found
    return None, None


def _year(match: regex.Match) -> int:
    """The year a match names: the later of a range, a 民国 year converted."""
    groups = [int(g) for g in match.groups() if g]
    year = max(groups)
    return year + 1911 if year < 200 else year


def _title_year(body: str, titles: list[tuple[int, str]]):
    for offset, line in titles:
        match = _TITLE_YEAR.search(line)
        if match:
            return _year(match), (offset + match.start(), offset + match.end())
    return None


def _roc_title_year(body: str, titles):
    """In a text that counts years by 民國 or 學年度, a title's bare short year (105年度) is one."""
    if not uses_roc_years(body):
        return None
    for offset, line in titles:
        match = _ROC_TITLE_YEAR.search(line)
        if match:
            return 1911 + int(match.group(1)), (offset + match.start(), offset + match.end())
    return None


def _date_line_year(body: str, titles):
    tail_start = max(0, len(body) - 200)
    for match in reversed(list(regex.finditer(r"[^\n]+", body, pos=tail_start))):
        line = match.group()
        if line.strip():
            dated = _DATE_LINE.search(line)
            if dated:
                return int(dated.group(1)), (match.start() + dated.start(1), match.start() + dated.end())
            if len(line.strip()) > 30:  # past the signature block
                return None
    return None


def _most_frequent(body: str, pattern: regex.Pattern, year: Callable[[regex.Match], int] = _year):
    """The year most matches name (ties: the latest), with its first span."""
    matches = list(pattern.finditer(body))
    if not matches:
        return None
    counts = Counter(year(m) for m in matches)
    best = max(counts, key=lambda y: (counts[y], y))
    first = next(m for m in matches if year(m) == best)
    return best, first.span()


def _period_year(body: str, titles):
    return _most_frequent(body, _PERIOD)


def _this_year(body: str, titles):
    """A sentence with 今年 that also names its year (今年…于2011年11月14日)."""
    for start, end in sentences(body, 0, len(body)):
        if _THIS_YEAR.search(body, start, end):
            named = _NAMED_YEAR.search(body, start, end)
            if named:
                return int(named.group(1)), named.span()
    return None


def _compared_year(body: str, titles):
    """Year-on-year comparisons name the year before the report's: 较2008年 → 2009."""
    matches = list(_COMPARED.finditer(body))
    if not matches:
        return None
    latest = max(matches, key=_year)
    return _year(latest) + 1, latest.span()


def _stock_year(body: str, titles):
    matches = list(_STOCK.finditer(body))
    if not matches:
        return None
    latest = max(matches, key=_year)
    return _year(latest), latest.span()


# ---- organisation -----------------------------------------------------------------------


@dataclass(frozen=True)
class NamePattern:
    """Organisation names: up to `longest` name characters, then an ending. Found as
    `pattern.finditer` finds them, but tried only just before an ending: the pattern alone retried
    up to 12 characters and every ending at every position, a fifth of a dense report's cost."""

    pattern: regex.Pattern
    endings: regex.Pattern  # zero-width, at every position an ending starts
    shortest: int
    longest: int

    def finditer(self, text: str) -> Iterator[regex.Match]:
        position = 0
        for ending in self.endings.finditer(text):
            # A match uses an ending at most `longest` characters after its start, and the first ending
            # from `position` on is this one: no match starts before it minus `longest`.
            first, last = max(position, ending.start() - self.longest), ending.start() - self.shortest
            for start in range(first, last + 1):
                match = self.pattern.match(text, start)
                if match:
                    yield match
                    position = match.end()
                    break
            else:
                position = max(position, last + 1)


@lru_cache(maxsize=1)
def _organisation_patterns() -> tuple[NamePattern, NamePattern]:
    """(bodies, schools): a name is the run of characters before its ending back to a break (在县教育局 → 县教育局)."""
    table = identity_table()
    run = rf"[^\P{{Han}}{regex.escape(table.organisation_breaks)}]"

    def names(suffixes: list[str], shortest: int) -> NamePattern:
        ending = f"(?:{alternation(suffixes)})(?!(?<=校)(?:{table.school_words}))"  # (小学|校务: a 校 opening a word)
        return NamePattern(regex.compile(rf"{run}{{{shortest},12}}(?:{ending})"), regex.compile(rf"(?=(?:{ending}))"),
                           shortest, 12)

    return names(table.agency_suffixes, 0), names(table.school_suffixes, 2)


def _candidates(names: NamePattern, text: str) -> Counter[str]:
    return Counter(_without_leading_words(m.group()) for m in names.finditer(text))


_NAMING_VERBS = frozenset(word_table().subjects.naming_verbs) - {"其中"}


@lru_cache(maxsize=4096)
def _without_leading_words(name: str) -> str:
    """Drop verbs and particles the name run swept up in front (组建区县教育局 → 区县教育局), keeping a stem."""
    words = list(tagger().cut(name))
    named = max((i for i, w in enumerate(words[:-1]) if w.word in _NAMING_VERBS), default=None)
    if named is not None:
        words = words[named + 1 :]  # 全镇现有|中心学校: what a sentence counts, no name
    while len(words) > 2 and words[0].flag[:1] in _NOT_NAME_START:
        rest = "".join(w.word for w in words[1:-1])
        if len(rest) < 2 and rest not in _ABOVE_ALL:
            break
        words = words[1:]
    return "".join(w.word for w in words)


def _quality(name: str, suffixes: list[str]) -> int:
    """2: opens with an administrative name (庆安县欢胜中学); 1: a short proper name before its ending
    (龙泉中心学校); 0: a bare ending or a run of words (书面形式上报中心学校)."""
    suffix = next((s for s in suffixes if name.endswith(s)), "")
    stem = name[: len(name) - len(suffix)]
    if areas_named(stem):
        return 2
    return 1 if 2 <= len(stem) <= 4 else 0


def _best(candidates: Counter[str], least: int, suffixes: list[str]) -> str | None:
    """The name with the most mentions, counting its shorter and longer forms (欢胜中学 ~ 庆安县欢胜中学);
    a bare ending (教育局) is support, never the answer. A name mentioned once must read as a name."""
    bare = set(suffixes)
    ranked = []
    for name, own in candidates.items():
        if name in bare:
            continue
        support = sum(n for other, n in candidates.items() if other.endswith(name) or name.endswith(other))
        quality = _quality(name, suffixes)
        if support >= least and (own >= least or quality):
            ranked.append((support, quality, len(name), name))
    return max(ranked)[3] if ranked else None


def _local(candidates: Counter[str], self_level: str | None) -> Counter[str]:
    """Leave out bodies above the writer (a 区's report names the 市政府督导团 that inspected it)."""
    above = _ABOVE.get(self_level or "", "")
    if not above:
        return candidates
    return Counter({name: n for name, n in candidates.items()
                    if not (name[0] in above or any(area.level < 2 for area in areas_named(name)))})


def organisation_of(body: str, titles: list[tuple[int, str]], self_level: str | None, region: list[str]) -> str | None:
    """The title's organisation; else a school speaking as 我校; else the body most mentioned; else the
    area speaking as 我区/我县 when the region names it."""
    table = identity_table()
    agency, school = _organisation_patterns()
    suffixes = table.agency_suffixes + table.school_suffixes
    title = "\n".join(line for _, line in titles)
    named = _best(_candidates(agency, title) + _candidates(school, title), 1, suffixes)
    if named:
        return named
    if self_level == "校":
        named = _best(_candidates(school, body), 2, suffixes)
        if named:
            return named
    named = _best(_local(_candidates(agency, body), self_level), 2, suffixes)
    if named:
        return named
    if self_level and region and region[-1].endswith(self_level):
        return region[-1]
    return None


def with_township(body: str, organisation: str | None, region: list[str]) -> list[str]:
    """A school named after its township adds the township: 欢胜中学 + 欢胜乡 named in the text,
    or a 中心学校 (a township's central school) where the text speaks of 镇/乡中心."""
    if not organisation:
        return region
    stem = organisation
    for name in region:
        stem = stem.removeprefix(name)
    inside = regex.search(r"\p{Han}{2,4}?[乡镇]", stem)
    if inside:
        return [*region, inside.group()]
    table = identity_table()
    suffix = next((s for s in sorted(table.school_suffixes + table.agency_suffixes, key=len, reverse=True)
                   if stem.endswith(s)), None)
    stem = stem[: -len(suffix)] if suffix else stem
    stem = stem.removesuffix("中心")
    if len(stem) < 2:
        return region
    for township in (f"{stem}乡", f"{stem}镇"):
        if township in body:
            return [*region, township]
    if suffix in ("中心学校", "中心校", "中心小学"):
        for mark in ("镇", "乡"):
            if f"{mark}中心" in body:
                return [*region, f"{stem}{mark}"]
    return region


# ---- kind -------------------------------------------------------------------------------


def kind_of(body: str, titles: list[tuple[int, str]], self_level: str | None) -> str:
    """The kind the title names; else the kind whose cue words the text uses most, among the kinds
    its writer can write (a school self-evaluation speaks as 我校)."""
    table = identity_table()
    title = "".join(line for _, line in titles)
    for kind, cues in table.report_kinds.items():
        if any(word in title for word in cues.title):
            return kind
    scores = {kind: sum(weight * min(body.count(word), table.cue_cap) for word, weight in cues.cues.items())
              for kind, cues in table.report_kinds.items() if not cues.writers or self_level in cues.writers}
    kind = max(scores, key=scores.get)
    return kind if scores[kind] >= table.min_score else "other"
