"""Assemble the spaCy pipeline and run it over one report of normalised text.

`build_nlp` is `spacy.blank("zh")` with the jieba segmenter plus the reportx
components. Tokenising every character with jieba would cap throughput near
0.3 M chars/s, so `extract_report` builds the Doc from coarse runs (digits,
Han runs, punctuation) and the components work on character offsets; jieba
is spent only on the short windows where a subject is read. `nlp(text)` gives
the same facts, just slower.
"""

from __future__ import annotations

from functools import lru_cache

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors import components
from extractors.components import facts_of
from extractors.drafts import FactDraft, ReportDraft, WarningDraft
from extractors.lexicon import segmenter

EXTRACTOR_VERSION = "2026.11.1"
PIPELINE = list(components.COMPONENTS)
_RUNS = regex.compile(r"\d+|\p{Han}+|[A-Za-z]+|\s+|.", regex.DOTALL)


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    segmenter()  # the user dictionary must be loaded before spaCy's jieba segmenter first runs
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def coarse_doc(nlp: Language, text: str) -> Doc:
    words = _RUNS.findall(text)
    return Doc(nlp.vocab, words=words, spaces=[False] * len(words))


def extract_report(text: str, start: int, end: int) -> ReportDraft:
    """Facts, warnings and report year of normalised text[start:end], in text coordinates."""
    nlp = build_nlp()
    body = text[start:end]
    if not body:
        return ReportDraft(start, end, None, [], [])
    with nlp.memory_zone():  # strings of this report are freed afterwards: memory stays flat in bulk runs
        doc = nlp(coarse_doc(nlp, body))
        facts = sorted(facts_of(doc), key=lambda f: f.start)
        warnings = list(doc._.warnings or [])
        report_year = doc._.report_year
    for fact in facts:
        _shift(fact, start)
    for warning in warnings:
        if warning.span:
            warning.span = (warning.span[0] + start, warning.span[1] + start)
    return ReportDraft(start, end, report_year, facts, warnings)


def _shift(fact: FactDraft, offset: int) -> None:
    fact.start += offset
    fact.end += offset
    if fact.sentence:
        fact.sentence = (fact.sentence[0] + offset, fact.sentence[1] + offset)


__all__ = ["EXTRACTOR_VERSION", "ReportDraft", "WarningDraft", "build_nlp", "extract_report"]
