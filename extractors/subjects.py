"""Read the subject of a fact: the noun phrase its number measures.

Chinese reports put it before the number (在校学生数826人, 专任教师是57人) or,
after a measure word, behind it (26个教学班). The clause around the number is
trimmed of link verbs and function words; long left contexts are cut at jieba
word boundaries (with the project's user dictionary) so a subject never starts
mid-word. Only these short windows are tokenised, never the whole report.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.drafts import FactDraft

NAME = "rules.subject.v1"
_CLAUSE_BREAK = "，,；;：:。！？!?\n（(）)“”\"、"
_LINK_END = regex.compile(
    r"(?:分别为|分别是|分别达|分别|共计|总计|合计|累计|总共|共有|现有|拥有|已有|达到了|达到|达|为|是|有|约|近|计|共|已|了|的|在|于|占|至|到|增加|减少|增长|下降|提高|降低|新增|超过|突破|不足|不到|不低于|不少于|至少|多达|达标|全部|均|都|总数|人数)$"
)
_LEADING = regex.compile(r"^(?:其中|另有|目前|现在|现|我校|全校|本校|我县|我市|我区|全县|全市|全区|全省|并|还|又|已|共|累计|先后|同时|今年|去年|此外|以及|和|与|及|等|年|月|日|底)+")
_VERB_SPLIT = regex.compile(r"(?:现有|拥有|共有|其中|包括|设有|建有|开设|新建|修建|建成|铺设|改建|扩建|种植|植|招用|抽调|组织|开展|举办|召开|完成|有)")
_RIGHT_STOP = regex.compile(r"[的和与及后等中里上下内外，,；;：:。！？!?\n（(）)、“”\"\d一二三四五六七八九十两]")
_MEASURE_FIRST = frozenset("个所名位条项件栋座台套间棵株种组盆家支辆张块门节处篇场份本册户届批幢")
_ALL_HAN = regex.compile(r"\p{Han}+")
_NOT_WORD = regex.compile(r"[^\p{Han}A-Za-z]")
_MAX = 10


def read_subject(text: str, fact: FactDraft, left_limit: int, right_limit: int) -> str | None:
    """The subject of `fact`, read between the neighbouring facts of its sentence, or None."""
    if fact.kind == "count" and fact.unit is not None:
        right = _right_phrase(text, fact.end, right_limit)
        if right and (fact.unit in _MEASURE_FIRST or fact.unit in {"人", "班"}):
            return right
    return _left_phrase(text, left_limit, fact.start)


def _right_phrase(text: str, start: int, limit: int) -> str | None:
    stop = _RIGHT_STOP.search(text, start, min(limit, start + 12))
    phrase = text[start : stop.start() if stop else min(limit, start + 12)]
    phrase = phrase.strip()
    if len(phrase) < 2 or not _ALL_HAN.fullmatch(phrase):
        return None
    return _trim_words(phrase, from_end=False)


def _left_phrase(text: str, sentence_start: int, fact_start: int) -> str | None:
    clause_start = max(sentence_start, *(text.rfind(c, sentence_start, fact_start) + 1 for c in _CLAUSE_BREAK))
    phrase = text[clause_start:fact_start]
    phrase = phrase.strip()
    for _ in range(4):
        trimmed = _LINK_END.sub("", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    pieces = [p for p in _VERB_SPLIT.split(phrase) if len(p) >= 2]
    if pieces:
        phrase = pieces[-1]
    phrase = _LEADING.sub("", phrase)
    phrase = _NOT_WORD.sub("", phrase)
    if len(phrase) < 2:
        return None
    return _trim_words(phrase, from_end=True)


def _trim_words(phrase: str, from_end: bool) -> str:
    """Keep at most _MAX characters, cut at word boundaries."""
    if len(phrase) <= _MAX:
        return phrase
    words = _tokenise(phrase)
    kept: list[str] = []
    for word in reversed(words) if from_end else words:
        if sum(map(len, kept)) + len(word) > _MAX:
            break
        kept.append(word)
    if from_end:
        kept.reverse()
    return "".join(kept) or phrase[-_MAX:]


@lru_cache(maxsize=4096)
def _tokenise(phrase: str) -> tuple[str, ...]:
    from extractors.lexicon import segmenter

    return tuple(segmenter().lcut(phrase))
