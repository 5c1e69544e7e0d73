"""Read the event of a date: what happened then, as a short verb phrase.

A date in a report is an adverbial; its subject is the verb it attaches to and
that verb's object (1908年创办 → 创办, 1990年6月被评为县级文明单位 → 被评为文明单位,
九月初组建了…评估验收组 → 验收组组建: a body founded is named first, as in a
column header). The phrase is read with jieba's tags in the
clause after the date (or, when the date ends its clause, the next one), past the
actor and any prepositional phrase (市督导室对市直学校…), with function words
dropped. A light verb (进行, 开展, 召开 …) leaves its object as the event (进行了问卷调查
→ 问卷调查); a verb without object takes the thing named before 于 (校舍维修工作已于
3月底完成 → 校舍维修完成). A date that only dates a noun phrase (xx年工作总结) has that
phrase's head; a date that ends a clause after its verb (始建于1968年) has that verb.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from extractors.series import COMPARISON
from extractors.subjects import tag_phrase
from extractors.tables import word_table, words_pattern

# What may stand between a date and its verb: 以来, 后, 中, 份, 下午 … (time words and postpositions;
# 中 unless it opens a word: 2022年中考, 2019年中小学).
# (No `^`: the pattern is matched at the date's end, where `^` would never match.)
_AFTER_DATE = regex.compile(r"(?:[两三四五六七八九十]年|学期|学年|份|以来|以后|之后|以前|之前|期间|开始|起|后|前|中(?![考学专职心小等])|间|内|左右|上午|下午|晚上|的|是|止|底前|\s)+")
_DATED = regex.compile(r"\s*(?:[12]\d{3}|\d{1,2}月)")  # a clause opening with a date of its own
_CLAUSE_END = regex.compile(r"[，,；;：:。！？!?\n]")
_ASIDE = regex.compile(r"[（(][^（()）]*[）)]|[“\"《「『]([^”\"》」』]*)[”\"》」』]")
_UNTIL = regex.compile(f"(?:{words_pattern(word_table().events.until_words)})\\s*$")
_COMPARISON = regex.compile(f"(?:{COMPARISON})\\s*$")
_COMPARED_WITH = regex.compile(f"(?:同期)?(?:{words_pattern(word_table().events.compared_after)})")
_CLAUSE_START = regex.compile(r"(?r)[，,；;：:。！？!?\n、]")
# What a dated figure is compared with (中考平均分比全县高出…, 上线率较上年提高…): no part of the event.
_COMPARED_TO = regex.compile(r"(?:比|较)(?:上一?年度?|去年|同期|全[国省市区县镇乡](?:平均水平|平均)?|[12]\d{3}年)")
WORDS = word_table().events
# Prepositions that open a phrase before the verb (对…进行, 向社会招用, 在我区召开).
_VERB_PREPOSITIONS = frozenset(WORDS.verb_prepositions)
_PREPOSITIONS = frozenset(WORDS.prepositions + WORDS.motions)  # (来我县开展…: a motion before the event, like a preposition)
# Verbs whose object is the event itself (进行了问卷调查 → 问卷调查).
_LIGHT_VERBS = frozenset(WORDS.light_verbs)
_ADVERBIAL = frozenset(WORDS.adverbials)
_FOUNDING = frozenset(WORDS.founding_verbs)
_POSTPOSITIONS = frozenset(WORDS.postpositions)
_STOP = frozenset(WORDS.stops)
_GENERIC_HEADS = frozenset(WORDS.generic_heads)  # too wide for an event: 维修加固工作 → 维修加固
_OFFICE_BEFORE = frozenset(WORDS.office_before)  # 热线办在我区召开: a one-character "verb" before these is an office
_ADVERB_PREFIX = regex.compile(f"^(?:{words_pattern(WORDS.verb_adverbs)})")
# 在…陪同下，在学校操场上，, also after who acted (市教育督导室在市委、市政府的正确领导下，)
_FRAME = regex.compile(r"\p{Han}{0,10}?在.*(?:下|上|中|里)")
FREQUENCIES = frozenset(WORDS.frequencies)  # a count of times: what was done is the verb after it
_SPAN_OF_TIME = regex.compile(f"^[^，,]{{0,6}}的?(?:{words_pattern(WORDS.spans_of_time)})$")  # 三年多的时间，
_FRAMING = frozenset(WORDS.framing)  # 为充分发挥…，: purpose or means
_WINDOW = 40  # characters tagged on either side of a date: its verb and object sit close to it
_TAIL = 4 * _WINDOW  # the clauses after a date read for its event, frames included
_MAX_QUOTED = 6
_CLOSING = tuple(WORDS.closing)  # 始建于1968年，: what may close a verb before a date that ends its clause
_MAX_HEAD = 4
_EVENT_NOUNS = WORDS.event_nouns
# A duration that only frames the clause after it (三年多的时间，我县…投入): it dates that clause's event.
_FRAMING_SPAN = regex.compile(f"(?:多|余)?的?(?:{words_pattern(WORDS.spans_of_time)})(?:里|内|中)?[，,]")
# A duration that opens its clause after a verb of lasting (，历时七天完成…评估验收): it lasts the clause's event.
_LASTING_OPENS = regex.compile(f"(?:^|[，,；;：:。！？!?\n])(?P<lasts>{words_pattern(word_table().subjects.lasting_verbs)})$")
_MAX_EVENT = 8

Words = list[tuple[str, str]]


def date_event(text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """The event of the date at text[start:end] in `sentence`, or None when the sentence names none;
    an event verb is named by its event noun where the genre has one (始建 → 建校, 迁到新址 → 迁址)."""
    event = _event(text, start, end, sentence)
    return _EVENT_NOUNS.get(event, event)


def span_event(text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """The event a duration spans when it only frames the clause after it (三年多的时间，我县在学校建设上
    共投入… → 学校建设投入) or opens it after 历时 (历时七天完成…评估验收 → 评估验收历时), else None: a
    duration that measures something names it as any figure does."""
    frame = _FRAMING_SPAN.match(text, end, sentence[1])
    if frame:
        return date_event(text, start, frame.end(), sentence)
    lasting = _LASTING_OPENS.search(text[max(sentence[0], start - 4) : start])
    event = _event(text, start, end, sentence) if lasting and not _CLAUSE_END.match(text, end) else None  # (历时2天，…: none)
    return event + lasting.group("lasts") if event else None  # 历时七天完成…的评估验收 → 评估验收历时


def _event(text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    clause_start = _CLAUSE_START.search(text, sentence[0], start)
    before = _ASIDE.sub("", text[max(clause_start.end() if clause_start else sentence[0], start - _WINDOW) : start])
    if _COMPARISON.search(before) or _COMPARED_WITH.match(text, end):
        return "比较"  # 较2008年减少, 与2008年相比: the year a figure is compared with
    if _UNTIL.search(before):
        return "截止"
    after = _AFTER_DATE.match(text, end, sentence[1])
    after_end = after.end() if after else end
    if before.rstrip().endswith(("(", "（")) and text.startswith((")", "）"), after_end):
        return _head(list(tag_phrase(before.rstrip()[:-1].replace(" ", ""))))  # 治理阶段(2017年4月10日后): the stage it dates
    tail = _ASIDE.sub(lambda m: m.group(1) if m.group(1) and len(m.group(1)) <= _MAX_QUOTED else "", text[after_end : min(sentence[1], after_end + _TAIL)])
    clauses = _CLAUSE_END.split(tail)
    closes = not clauses[0].strip() and before.rstrip().endswith(_CLOSING)
    before_words = list(tag_phrase(before.replace(" ", ""))) if closes else []  # (tagged only where it may be read)
    if before_words and before_words[-1][1] == "p" and len(before_words) >= 2 and (
            _is_verb(before_words[-2][1]) or (_is_nominal(before_words[-2][1]) and len(before_words[-2][0]) >= 2)):
        return before_words[-2][0]  # 始建于1968年，开学于2月20日，: the date closes its verb (or event noun)
    at = 0 if clauses[0].strip() or len(clauses) == 1 else 1
    clauses = [_COMPARED_TO.sub("", clause) for clause in clauses]
    words = list(tag_phrase(clauses[at].replace(" ", "")[:_WINDOW]))
    while at + 1 < len(clauses) and clauses[at + 1].strip() and _frames(clauses[at], words) \
            and not _DATED.match(clauses[at + 1]):  # (2018年通过…，2019年启动…: the next clause has its own date)
        at += 1  # 在…陪同下，/ 为充分发挥资源优势，/ 经…协商，: a frame, the event follows
        words = list(tag_phrase(clauses[at].replace(" ", "")[:_WINDOW]))
    return _verb_phrase(words, lambda: _actor(list(tag_phrase(before.replace(" ", "")))))


def repeated_action(text: str, end: int, sentence_end: int) -> str | None:
    """What a frequency names when a verb follows it (督导室四次召开“迎国检”工作会议 → 工作会议,
    12次受到问责 → 受到问责), or None when no verb opens the clause after it."""
    clause = _CLAUSE_END.split(text[end:sentence_end], maxsplit=1)[0]
    words = list(tag_phrase(_ASIDE.sub(lambda m: m.group(1) or "", clause).replace(" ", "")))
    verb_at = _main_verb(words)
    if verb_at is None or any(not (f.startswith("d") or w in _ADVERBIAL) for w, f in words[:verb_at]):
        return None
    return _verb_phrase(words, lambda: None)


def _frames(clause: str, words: Words) -> bool:
    """A clause that only frames the event after it: a circumstance (在…下), a purpose or a means."""
    if _FRAME.fullmatch(clause) or _SPAN_OF_TIME.search(clause) or (words and words[0][0] in _FRAMING and len(words) > 1):
        return True
    return bool(words) and words[0][1] == "m" and _main_verb(words) is None  # 2月27日下午第二节课，: still the time


def _is_verb(flag: str) -> bool:
    return (flag.startswith("v") and flag != "vn") or flag == "l"


def _is_nominal(flag: str) -> bool:
    return flag.startswith("n") or flag in ("vn", "j", "b", "an", "l", "eng")


def _actor(words: Words, generic: bool = False) -> str | None:
    """What a clause names before `于 + date` (校舍维修加固工作已于 → 维修加固)."""
    while words and (words[-1][1] in ("p", "d", "f") or words[-1][0] in _ADVERBIAL):  # 在学校建设上共|投入
        words = words[:-1]
    kept: Words = []
    for word, flag in reversed(words):
        if not (_is_nominal(flag) or (_is_verb(flag) and kept)) or flag in ("r", "m"):
            break
        kept.insert(0, (word, flag))
    return _head(kept, generic)


def _verb_phrase(words: Words, actor: Callable[[], str | None]) -> str | None:
    """The event of a clause: its main verb and object; `actor` names, when asked, what the clause before the
    date named (校舍维修工作已于3月底完成 → 维修完成)."""
    verb_at = _main_verb(words)
    if verb_at is None:
        stop = next((i for i, (w, f) in enumerate(words) if w in _STOP or f in ("c", "x", "m")), len(words))
        phrase = [w for w in words[:stop] if w[1] not in ("m", "q", "r")]
        modifier = next((i for i, (_, f) in enumerate(phrase) if f == "uj"), None)  # 2015年均衡发展已评估的枹罕中学:
        return (modifier and _head(phrase[:modifier], generic=True)) or _head(phrase)  # the date is of the modifier
    before = words[:verb_at]
    after_event = next((i for i, (w, f) in enumerate(before) if f == "f" and w in _POSTPOSITIONS), None)
    if after_event and _head(before[:after_event]):  # 危房改造后建成…: the date is of what was done before 后
        return _head(before[:after_event])  # (not 灾后建设项目: 后 inside a word jieba split)
    verb = _ADVERB_PREFIX.sub("", words[verb_at][0])  # 全面完成 → 完成 (a light verb under its adverb)
    if before and before[-1][0] == "被":
        verb = "被" + verb  # 被评为: the passive stays with its verb
    rest = words[verb_at + 1 :]
    if verb == "是" and rest and rest[0][0] == "由" and _is_verb(words[-1][1]):  # 验收组专家是由…组成: the copula
        return (_head(before) or "") + words[-1][0]  # frames what the clause's last verb does
    if rest and rest[0][0] == "的":  # 2015年建成的教学楼: the verb modifies a noun and has no object
        return _head([*before[-2:], words[verb_at]], generic=True)
    while rest and rest[0][1].startswith("u"):
        rest = rest[1:]
    if rest and rest[0][0] in _POSTPOSITIONS:  # 危房改造后建成…: the event is what was done before 后
        return _head([*before[-2:], words[verb_at]])
    light = verb in _LIGHT_VERBS
    later = next((i for i, (w, _) in enumerate(rest) if w in _LIGHT_VERBS), None) if light else None
    if later and _object(rest[later + 1 :]):  # 组织8名督学对…进行了督导评估: the later light verb carries the event
        return _verb_phrase(rest[later:], actor)
    while light and rest and (rest[0][0] in _ADVERBIAL or rest[0][1] in ("d", "ad")):
        rest = rest[1:]  # 进行全面检查: the adverb before the event
    if light and rest and rest[0][0] == "并" and len(rest) > 1 and _is_verb(rest[1][1]) and not _actor(before):
        return _verb_phrase(rest[1:], actor)  # 接待并完成了…抽检工作: the second verb carries the object
    if light and rest and _is_verb(rest[0][1]):
        verb = ""  # 进行竣工验收: a light verb leaves the event to the verb after it
    while rest and _is_verb(rest[0][1]) and rest[0][0] not in _STOP:  # 竣工交付, 进场施工: a verb series
        verb += rest[0][0]
        rest = rest[1:]
    second = next((i for i, (w, f) in enumerate(rest) if _is_verb(f) and w not in _STOP), None)
    if second and all(_is_nominal(f) for _, f in rest[:second]) and _object(rest[second + 1 :]):
        return _verb_phrase(rest[second:], actor)  # 争取资金新建了一栋教学楼: the later verb has the thing made
    thing = _object(rest)
    if light and thing:
        return thing
    if thing:  # a long verb series before it (考察学习迎|先进经验) leaves the thing alone, never half a word
        if len(verb + thing) > _MAX_EVENT:
            return thing
        return thing + verb if verb in _FOUNDING else verb + thing
    fronted = _actor(before, generic=True)  # 其余灾后建设项目将陆续完成, 责任督学工作进行检查: the thing named before the verb
    if fronted:
        return fronted + verb
    named = actor()
    return (named or "") + verb if len(verb) >= 2 or named else None


def _main_verb(words: Words) -> int | None:
    """The first verb outside a prepositional phrase (市督导室对…工作进行全面检查 → 进行)."""
    in_preposition = False
    for i, (word, flag) in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ("", "")
        if word in _PREPOSITIONS or flag == "p":
            in_preposition = True
        elif word in _ADVERBIAL or flag.startswith(("d", "r", "m", "q", "t")):
            continue
        elif _is_verb(flag) and not (len(word) == 1 and following[0] in _OFFICE_BEFORE):
            if in_preposition or following[1].startswith("n"):  # 将…指挥中心进行了整合: a verb inside a phrase or
                return next((j for j in range(i + 1, len(words)) if words[j][0] in _LIGHT_VERBS), i)  # a name; the light verb rules
            return i  # (a one-character "verb" before a preposition names an office: 热线办在…)
        elif in_preposition and flag == "uj":
            continue
    # No verb: a verbal noun opening the clause before its object is one (两年中|铺设|砖地面, jieba tags it vn),
    # and so is a preposition that can be a verb (通过|…评估认定).
    opening = next((i for i, (_, flag) in enumerate(words) if not flag.startswith(("m", "f", "t", "q"))), None)
    if opening is not None and words[opening][0] in _VERB_PREPOSITIONS and opening + 1 < len(words):
        return opening
    if opening is not None and opening + 1 < len(words) and words[opening][1] == "vn" and words[opening + 1][1].startswith("n") \
            and not any(flag == "uj" for _, flag in words):
        return opening
    return None


def _object(words: Words) -> str | None:
    """The head of the object after the verb: its last nouns, past numbers and measure words."""
    kept: Words = []
    for word, flag in words:
        if word in _STOP or (flag in ("x", "w", "c") and word != "、"):
            break
        if flag == "uj" or word == "、":  # 教育督导工作的要点, 甲县、乙区…学校评估: the head comes later
            kept = []
            continue
        if flag in ("m", "q", "ul") or (word in _ADVERBIAL and not _is_nominal(flag)) or flag.startswith("d"):
            if kept:
                break
            continue
        kept.append((word, flag))
    generic = bool(kept) and kept[-1][0] in _GENERIC_HEADS
    while kept and kept[-1][0] in _GENERIC_HEADS:
        kept.pop()
    while kept and not _is_nominal(kept[-1][1]) and not (generic and _is_verb(kept[-1][1])):
        kept.pop()  # 档案材料落实情况 → 档案材料; before 工作 a verb is nominal (评估验收工作 → 评估验收)
    return _head(kept)


def _head(words: Words, generic: bool = False) -> str | None:
    """The last words of a phrase, at most _MAX_HEAD characters (督导评估验收组 → 验收组); a `generic`
    head (工作, 情况) is kept only where a verb follows it."""
    words = [(w, f) for w, f in words if not (f.startswith(("r", "p", "c", "u", "d", "f")) or (w in _ADVERBIAL and not _is_nominal(f)))]
    while len(words) > 1 and words[-1][0] in _GENERIC_HEADS and not generic:
        words = words[:-1]
    if not words:
        return None
    head = words[-1][0]
    for word, _ in reversed(words[:-1]):
        if len(head) >= 3 or len(head) + len(word) > _MAX_HEAD + 2:
            break
        head = word + head
    return head if len(head) >= 2 else None
