"""Read the subject of a fact: the noun phrase its number measures.

Chinese reports put it before the number (在校学生数826人, 专任教师是57人) or,
after a measure word, behind it (26个教学班). The clause around the number is
cut at link verbs, then jieba's part-of-speech tags (with the project's user
dictionary) trim function words at its edges and stop a following phrase at its
first verb, so a subject is a noun phrase and never starts mid-word. Only these
short windows are tagged, never the whole report.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.drafts import FactDraft

NAME = "rules.subject.v1"
DIRECTIONS = "增加|减少|增长|下降|提高|降低"  # how a figure changed on a previous one
_CLAUSE_BREAK = "，,；;：:。！？!?\n（(）)“”\"、"
_LAST_CLAUSE_BREAK = regex.compile(f"(?r)[{regex.escape(_CLAUSE_BREAK)}]")  # searched backwards
_LINK_END = regex.compile(
    r"(?:调整为|调整到|调整至|分别为|分别是|分别达|分别|共计|总计|合计|累计|总共|共有|现有|拥有|已有|达到了|达到|达|为|是|有|约|近|计|共|已|了|的|在|于|占|至|到|"
    rf"{DIRECTIONS}|新增|超过|突破|不足|不到|不低于|不少于|至少|多达|全部|均|都|一般)$"
)
_LEADING = regex.compile(
    r"^(?:其中|另有|目前|现在|我校|全校|本校|我县|我市|我区|全县|全市|全区|全省|共计|合计|总计|累计|先后|同时|今年|去年|此外|以及|"
    r"并|还|又|已|共|和|与|及|等|年|月|日|底)+"
)
# Verbs after which the measured thing is named (学校现有|教师64人, 新建了|一栋): the subject follows them.
_VERB_SPLIT = regex.compile(
    r"(?:现有|拥有|共有|其中|包括|设有|建有|开设|新建|修建|建成|铺设|改建|扩建|种植|招用|抽调|抽检|选派|招聘|组织|开展|举办|召开|完成|进行|确保|实现|经过|有)"
)
_CHANGE = regex.compile(
    rf"[，,；;]?(?:比|较|同比|相比)?(?:上年|去年|上学年|上年度|同期|\d{{4}}年(?:同期)?)?(?:同期)?(?:{DIRECTIONS}|新增)?(?P<direction>{DIRECTIONS}|新增)了?"
)
_PER = regex.compile(r"每\p{Han}$")  # 初中生每生75元: the subject is before the distributive
_DIRECTION = regex.compile(rf"({DIRECTIONS})了?$")
_COMPARED = regex.compile(r"(?:较(?![高低好大多少快慢为强弱差])|同比|相比|(?<![生师地玻])比(?![例重率较]))")
# A number right after these introduces the thing it measures (学校有200米环形跑道).
_INTRODUCES = regex.compile(r"(?:有|建|了|设|修|铺|的)$")  # 建立的2.2万亩示范区: the noun after it
# Verbs that close the noun phrase after a measure word (46个社区|申报了, 42所幼儿园|调整为).
_ACTION = regex.compile(
    r"申报|整治|参加|参与|开展|达标|验收|挂牌|调整|获得|受到|接受|通过|完成|实现|进行|建成|投入|充实|签订|递交|被评|评为"
)
_RIGHT_STOP = regex.compile(r"[的和与及等，,；;：:。！？!?\n（(）)、“”\"\d一二三四五六七八九十两]")
_MEASURE_FIRST = frozenset("个所条项件栋座台套间棵株种组盆家支辆张块门节处篇场份本册户届批幢班")
_NOMINAL = frozenset({"vn", "a", "an", "b", "j", "l", "s", "eng"})  # and every noun flag (n, nr, ns, nz …)
_FUNCTION = ("p", "d", "c", "r", "t", "u", "m", "q", "y", "x", "ad", "e", "o", "z")
_SUFFIXES = frozenset("率数量额费者员度")
_NOT_WORD = regex.compile(r"[^\p{Han}A-Za-z]")
_MAX = 10


def read_subject(
    text: str, fact: FactDraft, left_limit: int, right_limit: int, skip: list[tuple[int, int]] = (),
    next_fact: FactDraft | None = None,
) -> str | None:
    """The subject of `fact`, read between the neighbouring facts of its sentence (leaving out
    the `skip` spans, dates), or None."""
    left = _left_phrase(text, left_limit, fact.start, skip)
    if fact.kind == "date":
        return left
    right = _right_phrase(text, fact.end, right_limit, skip_de=fact.kind != "count")
    if right is None and next_fact is not None and next_fact.start == fact.end:
        right = _right_phrase(text, next_fact.end, next_fact.end + 12, skip_de=True)  # 一栋2500平方米的|教学楼
    if fact.kind == "count" or _INTRODUCES.search(text, max(left_limit, fact.start - 3), fact.start) or text.startswith("的", fact.end):
        return right or left  # 26个教学班, 招聘了100名教师, 新建了100米的白色路面, 1.8万平方米的二期工程
    return left or right


def _right_phrase(text: str, start: int, limit: int, skip_de: bool) -> str | None:
    """The noun phrase right after a fact (26个|教学班; 100米的|白色路面 when `skip_de`)."""
    end = min(limit, start + 12)
    if skip_de and text.startswith("的", start):
        start += 1
    stop = _RIGHT_STOP.search(text, start, end)
    phrase = text[start : stop.start() if stop else end]
    action = _ACTION.search(phrase, 2)
    phrase = phrase[: action.start()] if action else phrase
    words: list[tuple[str, str]] = []
    for word, flag in _tag(phrase):
        if not (flag.startswith("n") or flag in _NOMINAL):
            break
        words.append((word, flag))
    while words and words[-1][1] == "a":  # 教师|广泛(深入地开展): an adjective here is adverbial
        words.pop()
    phrase = "".join(word for word, _ in words)
    return _trim_words(phrase, from_end=False) if len(phrase) >= 2 else None


def _left_phrase(text: str, sentence_start: int, fact_start: int, skip: list[tuple[int, int]] = ()) -> str | None:
    last_break = _LAST_CLAUSE_BREAK.search(text, sentence_start, fact_start)
    clause_start = last_break.end() if last_break else sentence_start
    kept, position = [], clause_start
    for start, end in skip:
        if start >= clause_start:
            kept.append(text[position:start])
            position = end
    phrase = ("".join(kept) + text[position:fact_start]).strip()
    direction = _DIRECTION.search(phrase)
    compared = _COMPARED.split(phrase, maxsplit=1)  # 参考学生数较2008年减少: the subject is before 较
    if len(compared) == 2:
        phrase = compared[0] if len(compared[0]) >= 2 else compared[1]
    for _ in range(4):
        trimmed = _LINK_END.sub("", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    pieces = [p for p in _VERB_SPLIT.split(phrase) if len(p) >= 2]
    if pieces:
        phrase = pieces[-1]
    phrase = _NOT_WORD.sub("", _LEADING.sub("", _PER.sub("", phrase)).replace("的", ""))
    words = list(_tag(phrase))
    while words and words[-1][1].startswith(_FUNCTION):
        words.pop()
    while words and (words[0][1].startswith(_FUNCTION) or _is_verb(words[0][1]) and len(words) > 1):
        words.pop(0)
    phrase = "".join(word for word, _ in words)
    if len(phrase) < 2:
        return None
    phrase = _trim_words(phrase, from_end=True)
    if direction and not phrase.endswith(direction.group(1)):
        phrase += direction.group(1)  # a change keeps its direction in the subject (小学在校生减少)
    return phrase


def _is_verb(flag: str) -> bool:
    return flag.startswith("v") and flag != "vn"


def _trim_words(phrase: str, from_end: bool) -> str:
    """Keep at most _MAX characters, cut at word boundaries."""
    if len(phrase) <= _MAX:
        return phrase
    words = [word for word, _ in _tag(phrase)]
    kept: list[str] = []
    for word in reversed(words) if from_end else words:
        if sum(map(len, kept)) + len(word) > _MAX:
            break
        kept.append(word)
    if from_end:
        kept.reverse()
    return "".join(kept) or phrase[-_MAX:]


@lru_cache(maxsize=8192)
def _tag(phrase: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs from jieba, with the project's user dictionary loaded."""
    if not phrase:
        return ()
    from extractors.lexicon import tagger

    pairs: list[tuple[str, str]] = []
    for pair in tagger().lcut(phrase):
        if pair.word in _SUFFIXES and pairs:  # 回访|率 → 回访率: a suffix makes a noun of what precedes it
            pairs[-1] = (pairs[-1][0] + pair.word, "n")
        else:
            pairs.append((pair.word, pair.flag))
    return tuple(pairs)


def change_subject(text: str, previous: FactDraft | None, fact: FactDraft) -> str | None:
    """比上年减少356所 right after 幼儿园1.2万所: the change of the figure before it (幼儿园减少)."""
    if previous is None or not previous.subject or previous.kind == "date":
        return None
    between = _CHANGE.fullmatch(text, previous.end, fact.start)
    return previous.subject + between.group("direction") if between else None
