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
from extractors.lexicon import tagger
from extractors.tables import identity_table, word_table, words_pattern

NAME = "rules.subject.v1"
WORDS = word_table().subjects
DIRECTIONS = words_pattern(WORDS.directions)  # how a figure changed on a previous one
_CLAUSE_BREAK = "，,；;：:。！？!?\n（(）)“”\"、"
LAST_CLAUSE_BREAK = regex.compile(f"(?r)[{regex.escape(_CLAUSE_BREAK)}]")  # searched backwards
_LINK_END = regex.compile(rf"(?:{words_pattern(WORDS.link_endings)}|{DIRECTIONS})$")  # (anchored: the order is free)
_LEADING = regex.compile(rf"^(?:{words_pattern(WORDS.leading_words)})")
# Verbs after which the measured thing is named (学校现有|教师64人, 新建了|一栋): the subject follows them.
_NAMING_WORDS = frozenset(WORDS.naming_verbs + WORDS.total_adverbs)
_SHARE = regex.compile(r"(?P<part>.*?)(?:所占|占到|占了|占)(?:[^，,的]{0,12}的)?(?:比例|比重|比)?(?:为|达到|达|是|约)?")
SHARE_OF = "占比"  # the ending of a share's subject (女教师占比)
LEVELS = words_pattern(WORDS.levels)  # what a measure is given for
_LEVEL_AFTER = regex.compile(rf"^(?P<measure>\p{{Han}}+[率比])(?P<level>{LEVELS})$")
_PER = regex.compile(r"每\p{Han}$")  # 初中生每生75元: the subject is before the distributive
_CIRCUMSTANCE = regex.compile(r"(?<=\p{Han})在\p{Han}{2,12}(?:中|上|里|期间)(?=\p{Han}{2})")
_PER_HUNDRED = regex.compile(r"每(?:百|千|万|十万)(?:名|个|位)?\p{Han}+$")  # 每百名学生拥有计算机: an indicator's name
_EACH = regex.compile(f"^每[{''.join(WORDS.distributive_measures)}]$")  # 每套35㎡: the distributive alone names the thing by its kind
# What a verb before it measures (审批时间, 投资金额): a verb + one of these is one subject.
_MEASURED = frozenset(WORDS.measured_nouns)
# A line that a hard wrap continues: long, ending inside a word, not a heading.
_WORD_CHAR = regex.compile(r"[\p{Han}A-Za-z]")
_HEADING = regex.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|篇\d+|第[一二三四五六七八九十\d]+[章节部分])")
# A line ending in what a document calls itself (…工作总结, …预算说明) is its title, never half a sentence.
# So does a section heading without a number (学校基本情况, 近年主要成绩).
_TITLE_END = regex.compile(f"(?:{words_pattern(sorted({w for k in identity_table().report_kinds.values() for w in k.title}))}"
                           f"|{words_pattern(WORDS.heading_endings)})\\s*$")
_LAST_SENTENCE_END = regex.compile(r"(?r)[。！？；!?;]")
_MIN_WRAPPED_LINE = 6
_OFFICE = regex.compile(f"(?:{words_pattern(WORDS.office_endings)})$")
_LASTS = regex.compile(f"(?:{words_pattern(WORDS.lasting_verbs + WORDS.lasting_nouns)})$")  # 考评小组历时四天: the left names it
_KIND_NOUN = WORDS.kind_nouns
# A group that lasts (考评小组历时四天): the duration is of its work (考评历时), not of the group.
_GROUP_LASTS = regex.compile(
    rf"(?P<work>\p{{Han}}+?)(?:{words_pattern(WORDS.group_endings)})(?P<lasts>{words_pattern(WORDS.lasting_verbs)})$"
)
_OPEN_BRACKET = regex.compile(r"[（(](?:每\p{Han}{1,3}|共|约|计)?$")
_ASIDE = regex.compile(r"[（(][^（()）]{1,24}[）)]")
_OPENING_BRACKET, _CLOSING_BRACKET = regex.compile(r"[（(]"), regex.compile(r"[）)]")
# A look-back period (近三年, 五年来): when a figure was measured, never part of what.
_LOOK_BACK = regex.compile(r"(?:近|最近|这)[一二两三四五六七八九十\d]{1,2}年(?:来|以来)?|(?<![\d一二两三四五六七八九十])[一二两三四五六七八九十\d]{1,2}年(?:来|以来)")
# A quoted term inside a noun phrase (“三公”经费, 「校務」評鑑): its marks, not its words, are dropped.
_QUOTED_TERM = regex.compile(r"[“「『\"]((?:\p{Han}|[A-Za-z0-9+＋·]){1,10})[”」』\"](?=\p{Han})")  # (“互联网+教育”示范学校)
_INVESTED_IN = regex.compile(
    rf"在(?P<thing>\p{{Han}}{{2,12}}?)(?:上|方面|中)(?:共|累计|共计|总共|先后|已)?(?P<verb>{words_pattern(WORDS.spending_verbs)})了?$"
)
_DIRECTION = regex.compile(rf"({DIRECTIONS})了?$")
_COMPARED = regex.compile(r"(?:较(?![高低好大多少快慢为强弱差])|同比|相比|(?<![生师地玻])比(?![例重率较]))")
# A number right after these introduces the thing it measures (学校有200米环形跑道).
_INTRODUCES = regex.compile(r"(?:有|建|了|设|修|铺|的)$")  # 建立的2.2万亩示范区: the noun after it
# Verbs that close the noun phrase after a measure word (46个社区|申报了, 42所幼儿园|调整为).
_ACTION = regex.compile(words_pattern(WORDS.actions))
_RIGHT_STOP = regex.compile(r"[的和与及等，,；;：:。！？!?\n（(）)、“”\"\d]|[一二三四五六七八九十两](?![期级])")  # 二期工程: a stage, not a number
_MEASURE_FIRST = frozenset(WORDS.measure_words)
_GENERIC_HEADS = frozenset(word_table().events.generic_heads)
_COMPOSING = regex.compile(f"(?:同时|共同|一起)?(?:{words_pattern(WORDS.composing_verbs)})")
_BY = regex.compile(r"(?r)(?:一般|均|都|主要)?由")  # searched backwards: the nearest 由 before the count
_TITLED = regex.compile(
    rf"\p{{Han}}{{0,6}}?(?:被|获|荣获)?(?:{words_pattern(WORDS.title_verbs)})(?P<title>[^，,；;：:。！？!?\n（(、“”\"]{{2,16}})"
)
_NOMINAL = frozenset({"vn", "a", "an", "b", "j", "l", "s", "eng"})  # and every noun flag (n, nr, ns, nz …)
_FUNCTION = ("p", "d", "c", "r", "t", "u", "m", "q", "y", "x", "ad", "e", "o", "z")
_SUFFIXES = frozenset(WORDS.noun_suffixes)
_DIGITS = regex.compile(r"[\d.]+")
_HAN = regex.compile(r"\p{Han}")
_NOT_PIECES = ("p", "u", "c", "r", "m", "q", "x", "d", "f", "v", "a")
_NOT_WORD = regex.compile(r"(?!\d+[A-Za-z])[^\p{Han}A-Za-z]")  # (digits before a letter are a term: 5A, 3D)
_SELECTING = frozenset(WORDS.selecting_verbs)  # (招聘|教师, 新建|学校: which ones were counted)
_SELECTED_BY = regex.compile(rf"(?:{words_pattern(WORDS.selecting_verbs)})(?=了?$)")  # 新建了|3所学校
_SELECTING_FIRST = regex.compile(f"(?:{words_pattern(WORDS.selecting_verbs)})")
_ALL = frozenset({"全部", "全都"})
# (111个社区全部达标, 86所中小学均已通过: all of them did, so the figure is the whole)
_ALL_OF_THEM = r"(?P<all>全部|全都|均|都|全)?(?:已经|已|也)?"
_OBJECT = r"(?P<object>[^，,；;：:。！？!?\n并和及与、]{2,16})"  # up to a clause mark or the next item
# (在各类竞赛中: where it happened stands between the things counted and their verb)
_JOINED_AFTER = regex.compile(rf"了?(?:在\p{{Han}}{{1,12}}?(?:中|上|里))?{_ALL_OF_THEM}(?P<verb>{words_pattern(WORDS.joining_verbs)})")
_OUTCOME_AFTER = regex.compile(rf"{_ALL_OF_THEM}(?P<verb>{words_pattern(WORDS.outcome_verbs)})了?{_OBJECT}")
# (对243所学校|开展专项督导: the things an action was done to, named by it)
_ACTED_ON = regex.compile(rf"(?:分别)?(?:进行|开展|实施|实行)了?{_OBJECT}")
_OTHER = frozenset(WORDS.category_words)
_WHOSE_FIRST = regex.compile(rf"(?P<level>{LEVELS})?(?P<per>{words_pattern(word_table().series.per_capita)})?")
_MAX = 10


def read_subject(
    text: str, fact: FactDraft, left_limit: int, right_limit: int, skip: list[tuple[int, int]] = (),
    next_fact: FactDraft | None = None,
) -> str | None:
    """The subject of `fact`, read between the neighbouring facts of its sentence (leaving out
    the `skip` spans, dates), or None."""
    left = _left_phrase(text, left_limit, fact.start, skip, fact.kind)
    if fact.kind == "date":
        return left
    right = _right_phrase(text, fact.end + _repeated_measure(text, fact), right_limit)
    if fact.kind == "duration" and right and not text.startswith("的", fact.end) and not (left and _LASTS.search(left)):
        return right  # 每天开展一小时体育锻炼: what lasts is named right after the duration (not after 历时)
    if right is None and next_fact is not None and next_fact.start == fact.end:
        right = _right_phrase(text, next_fact.end, next_fact.end + 12)  # 一栋2500平方米的|教学楼
    if fact.kind == "count" and right is None:
        right = _whole_composed(text, fact, left_limit, right_limit)
    if fact.kind == "count" or _INTRODUCES.search(text, max(left_limit, fact.start - 3), fact.start) or text.startswith("的", fact.end):
        title = _title(text, fact.end, right_limit) if fact.kind == "count" else None
        if right and not title and fact.kind == "count":
            joined = _joined_after(text, fact, right_limit, right) if fact.unit != "人次" and not right.endswith("考生") else ""
            right = (_selected_by(text, left_limit, fact.start) or joined) + right
            # 新建了|3所|学校 → 新建学校; 46个|社区|申报了 → 申报社区 (人次 and 考生 count those who took part already)
        return title or right or left  # 26个教学班, 招聘了100名教师, 新建了100米的白色路面, 1.8万平方米的二期工程
    return left or right


def _selected_by(text: str, left_limit: int, start: int) -> str:
    """The verb right before a figure that says which of the things after it were counted (察看了|32所学校), or ""."""
    verb = _SELECTED_BY.search(text, max(left_limit, start - 6), start)
    return verb.group() if verb else ""


def _joined_after(text: str, fact: FactDraft, limit: int, phrase: str) -> str:
    """The verb right after the things counted that says which of them were (46个社区|申报了, 126名学生在竞赛中|获奖),
    with the head of its object where that says it (28所学校|通过市级标准化学校验收 → 通过验收), or what was
    done to them (对|243所学校|开展专项督导 → 督导), or ""."""
    at = text.find(phrase, fact.end, min(limit, fact.end + 40))
    if at < 0:
        return ""
    after = at + len(phrase)
    joined = _JOINED_AFTER.match(text, after, limit)
    if joined:
        return "" if joined.group("all") else joined.group("verb")
    if text[fact.start - 1 : fact.start] == "对":  # (对全县42所…: the scope names them all, and no 对 touches the figure)
        acted = _ACTED_ON.match(text, after, limit)
        return (_object_head(acted.group("object")) or "") if acted else ""
    outcome = _OUTCOME_AFTER.match(text, after, limit)
    if not outcome or outcome.group("all"):
        return ""
    head = _object_head(outcome.group("object"))
    return outcome.group("verb") + head if head else ""


def _object_head(phrase: str) -> str | None:
    """The last word of an object (市级标准化学校验收 → 验收, D级危房 → 危房, 国家奖学金 → 奖学金), or None."""
    words = [word for word, flag in tag_phrase(phrase) if len(word) >= 2 and (flag.startswith(("n", "v")) or flag in _NOMINAL)]
    return words[-1] if words else None


def selecting_verb(subject: str) -> str:
    """The verb a subject starts with that says which things were counted (抽检|中学), or ""."""
    verb = _SELECTING_FIRST.match(subject)
    return verb.group() if verb else ""


def _title(text: str, end: int, limit: int) -> str | None:
    """The title the things counted were given (5所学校被评为市级心理健康实验校 → 市级心理健康实验校), or None."""
    titled = _TITLED.match(text, end, min(limit, end + _MAX + 16))
    phrase = "".join(word for word, _ in _noun_phrase(list(tag_phrase(titled.group("title"))))) if titled else ""
    return _trim_words(phrase, from_end=True) if len(phrase) >= 2 else None


def _whole_composed(text: str, fact: FactDraft, left_limit: int, right_limit: int) -> str | None:
    """The whole that the people counted make up (总督学由…主任二人同时任职 → 总督学), or None."""
    if not _COMPOSING.match(text, fact.end, right_limit):
        return None
    by = _BY.search(text, left_limit, fact.start)
    if not by:
        return None
    last_break = LAST_CLAUSE_BREAK.search(text, left_limit, by.start())
    phrase = "".join(word for word, _ in _noun_phrase(list(tag_phrase(text[last_break.end() if last_break else left_limit : by.start()]))))
    return _trim_words(phrase, from_end=True) if len(phrase) >= 2 else None


def _repeated_measure(text: str, fact: FactDraft) -> int:
    """1 when damaged text repeats the measure word (两所所小学), else 0 (15盆|盆景 is a word)."""
    measure = text[fact.end - 1]
    if measure not in _MEASURE_FIRST or not text.startswith(measure, fact.end):
        return 0
    words = tag_phrase(text[fact.end : fact.end + 4])
    return int(bool(words) and words[0][0] == measure)


def _right_phrase(text: str, start: int, limit: int) -> str | None:
    """The noun phrase right after a fact (26个|教学班, 100米的|白色路面, 近70人次的|教师), never a
    generic head that only frames the clause (减少130人的|情况下)."""
    return _phrase_after(_ASIDE.sub("", text[start : min(limit, start + 36)])[:12])  # 8个县（市、区）政府: no aside


@lru_cache(maxsize=8192)  # a report's rows and paragraphs repeat the words after their figures
def _phrase_after(after: str) -> str | None:
    """The noun phrase at the start of `after`, the words behind a fact."""
    after_de = after.startswith("的")
    after = after[after_de:]
    stop = _RIGHT_STOP.search(after)
    phrase = after[: stop.start() if stop else len(after)]
    action = _ACTION.search(phrase, 2)
    phrase = phrase[: action.start()] if action else phrase
    words: list[tuple[str, str]] = []
    for word, flag in tag_phrase(phrase):
        if not (flag.startswith("n") or flag in _NOMINAL):
            break
        words.append((word, flag))
    while words and (words[-1][1] == "a" or words[-1][0] in _ALL):  # 教师|广泛(深入地开展), 社区|全部(达标): adverbial
        words.pop()
    phrase = "".join(word for word, _ in words)
    if len(phrase) < 2 or (after_de and phrase in _GENERIC_HEADS):
        return None
    return _trim_words(phrase, from_end=False)


def _left_phrase(text: str, sentence_start: int, fact_start: int, skip: list[tuple[int, int]] = (), kind: str = "") -> str | None:
    kept, position = [], sentence_start
    for start, end in skip:
        if start >= sentence_start:
            kept.append(text[position:start])
            position = end
    return phrase_before("".join(kept) + text[position:fact_start], kind)


@lru_cache(maxsize=8192)  # the words between two figures repeat across a report's rows and paragraphs
def phrase_before(before: str, kind: str) -> str | None:
    """The subject a fact of `kind` takes from `before`, the words of its sentence in front of it."""
    before = _QUOTED_TERM.sub(r"\1", _ASIDE.sub("", before.replace("\n", "")))  # 整市(州)完成奖: an aside
    # (a line break inside the window is a hard wrap: the engine only widens a sentence across one)
    before = _OPEN_BRACKET.sub("", before)  # 召开校务会议(每学期至少2次): a figure in brackets is of what precedes them
    before = _LOOK_BACK.sub("", before)  # 学校近三年学生巩固率: when it was measured is no part of what
    last_break = LAST_CLAUSE_BREAK.search(before)
    phrase = before[last_break.end() if last_break else 0 :].strip()
    group = _GROUP_LASTS.search(phrase) if kind == "duration" else None
    if group and tag_phrase(group.group("work"))[-1][1].startswith("v"):
        return tag_phrase(group.group("work"))[-1][0] + group.group("lasts")  # 考评小组历时 → 考评历时
    invested = _INVESTED_IN.search(phrase) if "在" in phrase else None
    if invested:
        return invested.group("thing") + invested.group("verb")  # 在学校建设上共投入 → 学校建设投入
    each = _EACH.search(phrase) if kind in _KIND_NOUN else None
    if each:
        return each.group() + _KIND_NOUN[kind]  # 每套35㎡ → 每套面积
    share = _SHARE.fullmatch(phrase) if "占" in phrase else None
    if share:  # 女教师占教师总数的60%, 高级职称教师占比为25%: the part's share
        phrase = share.group("part")
    direction = _DIRECTION.search(phrase)
    compared = _COMPARED.split(phrase, maxsplit=1)  # 参考学生数较2008年减少: the subject is before 较
    if len(compared) == 2:
        phrase = compared[0] if len(compared[0]) >= 2 else compared[1]
    for _ in range(4):
        trimmed = _LINK_END.sub("", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    phrase = _CIRCUMSTANCE.sub("", phrase)  # 学生在省级竞赛中获奖 → 学生获奖: where it happened is no part of it
    per_hundred = _PER_HUNDRED.search(phrase)
    if per_hundred:
        return per_hundred.group()  # 每百名学生拥有|计算机: one indicator's name, its verb and all
    pieces = _between_naming_words(phrase)
    named = [p for p in pieces if len(p) >= 2]
    if named and len(pieces[-1]) != 1:  # (完成奖: a verb and the one noun after it are one word)
        phrase = named[-1]
    phrase = _NOT_WORD.sub("", without_leading(_PER.sub("", phrase)).replace("的", ""))
    phrase = without_leading("".join(word for word, _ in _noun_phrase(list(tag_phrase(phrase)))))  # (在|全县…)
    if len(phrase) < 2:
        return None
    phrase = _LEVEL_AFTER.sub(r"\g<level>\g<measure>", _trim_words(phrase, from_end=True))  # 学历合格率小学 → 小学学历合格率
    if direction and not phrase.endswith(direction.group(1)):
        phrase += direction.group(1)  # a change keeps its direction in the subject (小学在校生减少)
    return phrase + SHARE_OF if share else phrase


def without_leading(phrase: str) -> str:
    """The phrase without the words that lead into it (其中, 全县, 共 …), each only where it is a word
    of its own (及|格率 stays 及格率, 共|青团 stays)."""
    while (lead := _LEADING.match(phrase)) and len(tag_phrase(phrase)[0][0]) <= lead.end():
        phrase = phrase[lead.end() :]
    return phrase


def _between_naming_words(phrase: str) -> list[str]:
    """The phrase cut at each naming verb or total adverb that is a word of its own (学校|现有|教师,
    评估组|共|抽查学校; never 回收|有效问卷)."""
    pieces, piece = [], ""
    for word, _ in tag_phrase(phrase):
        if word in _NAMING_WORDS:
            pieces.append(piece)
            piece = word if word in _SELECTING else ""  # 新建|学校31所: the verb says which schools
        else:
            piece += word
    return [*pieces, piece]


def _noun_phrase(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Function words trimmed at both edges, a leading verb (完成|投资) and a leading office
    (堤口办事处|拆违: who did it, not what was measured) dropped."""
    while words and words[-1][1].startswith(_FUNCTION):
        words.pop()
    listed = max((i for i, (word, flag) in enumerate(words[:-1]) if word == "等" and flag == "u"), default=None)
    if listed is not None:
        words = words[listed + 1 :]  # “省级文明校园”、“市级示范学校”等|荣誉称号: the kind the list was of
    office = max((i for i, (word, _) in enumerate(words[:-1]) if len(word) >= 3 and _OFFICE.search(word)), default=None)
    if office is not None and sum(len(word) for word, _ in words[office + 1 :]) >= 2:
        words = words[office + 1 :]  # (县政府|每年安排|…经费: what follows the office is stripped as any phrase)
    while words and ((words[0][1].startswith(_FUNCTION) and not (words[0][0] in _OTHER and len(words) > 1)) or
                     (_is_verb(words[0][1]) and sum(len(word) for word, _ in words[1:]) >= 2 and not _verbs_measured(words)
                      and words[0][0] not in _SELECTING)):
        words.pop(0)  # (审批时间, 收入预算总额: verbs right before what they measure stay; 拆|违 is one word)
    if len(words) > 2 and words[0][0] in _SELECTING and words[1][0] == "了":
        del words[1]  # 抽查了|学生作业 → 抽查学生作业
    return words


def _verbs_measured(words: list[tuple[str, str]]) -> bool:
    """Only verbs before a noun of measure (审批|时间, 收入|预算|总额): together they name the figure."""
    return words[-1][0] in _MEASURED and all(_is_verb(flag) for _, flag in words[:-1])


def _is_verb(flag: str) -> bool:
    return flag.startswith("v") and flag != "vn"


def _trim_words(phrase: str, from_end: bool) -> str:
    """Keep at most _MAX characters, cut at word boundaries."""
    if len(phrase) <= _MAX:
        return phrase
    words = [word for word, _ in tag_phrase(phrase)]
    kept: list[str] = []
    for word in reversed(words) if from_end else words:
        if sum(map(len, kept)) + len(word) > _MAX:
            break
        kept.append(word)
    if from_end:
        kept.reverse()
        whose = _WHOSE_FIRST.match(phrase)  # 小学生均|一般公共预算教育经费, 小学|专任教师学历合格率: level and per head stay
        if whose.group() and not "".join(kept).startswith(whose.group()):
            per_kept = bool(kept) and kept[0] == whose.group("per")
            kept.insert(0, whose.group("level") if per_kept else whose.group())
    return "".join(kept) or phrase[-_MAX:]


@lru_cache(maxsize=8192)
def tag_phrase(phrase: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs from jieba, with the project's user dictionary loaded.

    jieba's HMM for unknown words was two thirds of the extraction's time; without it, a name the
    dictionary lacks comes out as single characters, which are joined again (惠|山 → 惠山)."""
    if not phrase:
        return ()
    pairs: list[tuple[str, str]] = []
    after_piece = False
    for pair in tagger().lcut(phrase, HMM=False):
        piece = _unknown_piece(pair)
        # 回访|率 → 回访率: a suffix makes a noun of what precedes it; 惠|山: pieces of one unknown name
        if (pair.word in _SUFFIXES and pairs) or (piece and after_piece):
            pairs[-1] = (pairs[-1][0] + pair.word, "n")
        else:
            pairs.append((pair.word, "m" if _DIGITS.fullmatch(pair.word) else pair.flag))  # 2500 is a number, not eng
        after_piece = piece
    return tuple(pairs)


def in_aside(text: str, end: int, until: int) -> bool:
    """text[:end] ends inside brackets that close before `until`."""
    closing = _CLOSING_BRACKET.search(text, end, until)
    return closing is not None and not _OPENING_BRACKET.search(text, end, closing.start())


def wrapped_start(text: str, start: int) -> int:
    """Where a sentence begins when a hard line break cut it (学校现有在校学|生826人): in the line
    before, after its last sentence end; `start` itself when the line before ends a sentence or heads
    a section."""
    if start < 2 or text[start - 1] != "\n" or not _WORD_CHAR.match(text, start - 2):
        return start
    line_start = text.rfind("\n", 0, start - 1) + 1
    line = text[line_start : start - 1]
    if len(line) < _MIN_WRAPPED_LINE or _HEADING.match(line) or _TITLE_END.search(line) or _HEADING.match(text, start):
        return start
    last_end = _LAST_SENTENCE_END.search(line)
    return line_start + (last_end.end() if last_end else 0)


def _unknown_piece(pair) -> bool:
    """A single Han character that is neither a function word nor a verb or adjective: a piece of a name."""
    return len(pair.word) == 1 and bool(_HAN.match(pair.word)) and not pair.flag.startswith(_NOT_PIECES)
