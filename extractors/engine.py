"""Assemble the spaCy pipeline and run it over one report of normalised text.

`build_nlp` is `spacy.blank("zh")` with the jieba segmenter plus the reportx
components. Tokenising every character with jieba would cap throughput near
0.3 M chars/s, so `extract_report` builds the Doc from coarse runs (digits,
Han runs, punctuation) and the components work on character offsets; jieba
is spent only on the short windows where a subject is read. `nlp(text)` gives
the same facts, just slower.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors import checks, components
from extractors.components import facts_of
from extractors.drafts import FactDraft, ReportDraft, WarningDraft
from extractors.identity import identify
from extractors.lexicon import segmenter

PIPELINE = list(components.COMPONENTS)
REPORT_CHECKS = "reportx_checks"  # cross-checks see the whole report: run once after its windows, not per window
_RUNS = regex.compile(r"\d+|\p{Han}+|[A-Za-z]+|\s+|.", regex.DOTALL)
_PER_THREAD = threading.local()
WINDOW = 100_000  # characters per Doc; well under spaCy's max_length
MAX_VOCAB_STRINGS = 100_000  # tokens a coarse vocabulary keeps before it is replaced (some 20 MB)
_NUMBER_NEAR = regex.compile(r"[\d〇零一二两三四五六七八九十百千万亿]")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    segmenter()  # the user dictionary must be loaded before spaCy's jieba segmenter first runs
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def coarse_vocab() -> Vocab:
    """A vocabulary without lexical attribute getters: the components read characters, not
    token attributes, and computing them for every new Han run costs more than the extraction.

    It is kept from window to window, so the tokens reports share (punctuation, units, numbers,
    common words) are looked up rather than made again for every Doc (that was three quarters of
    building one), and replaced by a fresh one once it holds `MAX_VOCAB_STRINGS`: memory stays
    bounded however long the input. One per thread, as a vocabulary is not shared between threads."""
    vocab = getattr(_PER_THREAD, "vocab", None)
    if vocab is None or len(vocab.strings) > MAX_VOCAB_STRINGS:
        vocab = _PER_THREAD.vocab = Vocab(lex_attr_getters={})
    return vocab


def coarse_doc(nlp: Language, text: str) -> Doc:
    words = _RUNS.findall(text)
    doc = Doc(coarse_vocab(), words=words, spaces=[False] * len(words))
    doc._.text = text
    return doc


def extract_report(text: str, start: int, end: int, window: int = WINDOW) -> ReportDraft:
    """Identity, facts and warnings of the report normalised text[start:end], in text coordinates.

    A very long report (a 20 MB single line) is read in windows of at most `window`
    characters cut at sentence ends, so memory stays bounded; facts never straddle a
    cut, and the cross-checks run once over all of them: the same facts and warnings as one pass.
    """
    nlp = build_nlp()
    identity = identify(text, start, end)  # its year is what relative dates resolve against
    facts: list[FactDraft] = []
    for window_start, window_end in windows(text, start, end, window):
        doc = coarse_doc(nlp, text[window_start:window_end])
        doc._.report_year = identity.report_year
        doc = nlp(doc, disable=[REPORT_CHECKS])
        window_facts = facts_of(doc)
        for fact in window_facts:
            _shift(fact, window_start)
        facts.extend(window_facts)
    facts.sort(key=lambda f: f.start)
    warnings = list(checks.cross_check(text, facts, start, end))
    return ReportDraft(start, end, identity, facts, warnings)


def windows(text: str, start: int, end: int, size: int = WINDOW) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most `size` at line or sentence ends (else at a non-digit)."""
    cuts = []
    while end - start > size:
        limit = start + size
        cut = max(text.rfind(mark, start + size // 2, limit) for mark in "\n。；;！？，,、 ")
        if cut < 0:  # no punctuation at all: cut where no number is within reach
            cut = limit - 1
            while cut > start + size // 2 and _NUMBER_NEAR.search(text, cut - 2, cut + 2):
                cut -= 1
        cuts.append((start, cut + 1))
        start = cut + 1
    if end > start:
        cuts.append((start, end))
    return cuts


def _shift(fact: FactDraft, offset: int) -> None:
    fact.start += offset
    fact.end += offset
    if fact.sentence:
        fact.sentence = (fact.sentence[0] + offset, fact.sentence[1] + offset)


__all__ = ["ReportDraft", "WarningDraft", "build_nlp", "extract_report"]
