"""The spaCy components of reportx, registered as factories in one place.

Each component reads and writes `doc.spans["facts"]`; a span's `._.fact` is
the FactDraft (offsets relative to the Doc). The names here, with their
versions, are the registry snapshot in `tests/extractors/registry.json`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors import checks, dates, events, grids, metrics, overlaps, quantities, series, subjects
from extractors.drafts import FactDraft
from extractors.sentences import sentences

FACTS = "facts"
COMPONENTS = {
    "reportx_quantities": quantities.NAME,
    "reportx_dates": dates.NAME,
    "reportx_grids": grids.NAME,
    "reportx_overlaps": overlaps.NAME,
    "reportx_subjects": subjects.NAME,
    "reportx_metrics": metrics.NAME,
    "reportx_checks": checks.NAME,
}

# What components hand each other, as registered extension attributes (their contract,
# declared with `assigns`/`requires` on each factory below):
#   doc._.text        the Doc's text, stored once by the engine (`Doc.text` rebuilds it from every token)
#   doc._.candidates  FactDrafts the finders propose, consumed by reportx_overlaps
#   doc._.facts       the chosen FactDrafts in text order; span._.fact is one of them
#   doc._.report_year, doc._.warnings
for _name in ("text", "candidates", "facts", "report_year", "warnings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("fact"):
    Span.set_extension("fact", getter=lambda span: span.doc._.facts[span.id])
CANDIDATES, CHOSEN = "doc._.candidates", "doc._.facts"


def text_of(doc: Doc) -> str:
    """The Doc's text; `Doc.text` rebuilds it from every token, so it is kept once."""
    if doc._.text is None:
        doc._.text = doc.text
    return doc._.text


def facts_of(doc: Doc) -> list[FactDraft]:
    """The facts of the Doc, in text order (after `reportx_overlaps`)."""
    return doc._.facts or []


def add_candidates(doc: Doc, found) -> None:
    """Finders add candidates here; `reportx_overlaps` turns them into the Doc's fact spans once."""
    if doc._.candidates is None:
        doc._.candidates = []
    doc._.candidates.extend(found)


def set_facts(doc: Doc, facts: list[FactDraft]) -> None:
    """Store facts in text order, and as spans whose span_id is the fact's place in that order."""
    facts = sorted(facts, key=lambda f: (f.start, -f.end))
    # The tokens each fact covers, as `doc.char_span(alignment_mode="expand")` gives them, found for all
    # facts in one search over the tokens' offsets (char_span per fact was a tenth of a dense report's cost).
    token_starts = doc.to_array(IDX)
    firsts = (numpy.searchsorted(token_starts, [f.start for f in facts], side="right") - 1).tolist()  # Python ints at once
    ends = numpy.searchsorted(token_starts, [f.end for f in facts], side="left").tolist()
    spans = [Span(doc, first, end, label=fact.kind, span_id=i)
             for i, (fact, first, end) in enumerate(zip(facts, firsts, ends, strict=True))]
    doc._.facts = facts
    doc.spans[FACTS] = spans


def finder(find_in: Callable[[str, int, int], Iterable[FactDraft]]) -> Callable[[Doc], Doc]:
    """A component that adds what `find_in(text, start, end)` finds in the whole Doc."""

    def find(doc: Doc) -> Doc:
        text = text_of(doc)
        add_candidates(doc, find_in(text, 0, len(text)))
        return doc

    return find


@Language.factory("reportx_quantities", assigns=[CANDIDATES])
def make_quantities(nlp: Language, name: str):
    return finder(quantities.find_quantities)


@Language.factory("reportx_dates", default_config={"report_year": None}, assigns=[CANDIDATES, "doc._.report_year"])
def make_dates(nlp: Language, name: str, report_year: int | None):
    """Relative dates (今年, 去年) resolve against `report_year` when pinned, else against the year the
    engine read from the report's identity (`doc._.report_year`)."""

    def find(doc: Doc) -> Doc:
        text = text_of(doc)
        roc_years = dates.uses_roc_years(text)
        doc._.report_year = report_year or doc._.report_year
        context = dates.DateContext(report_year=doc._.report_year, roc_years=roc_years)
        add_candidates(doc, dates.find_dates(text, 0, len(text), context))
        return doc

    return find


@Language.factory("reportx_grids", assigns=[CANDIDATES])
def make_grids(nlp: Language, name: str):
    return finder(grids.find_grid_facts)


@Language.factory("reportx_overlaps", requires=[CANDIDATES], assigns=[CHOSEN, "doc.spans"])
def make_overlaps(nlp: Language, name: str):
    """Keep one fact per stretch of text, by the one overlap rule (`extractors/overlaps.py`)."""

    def resolve(doc: Doc) -> Doc:
        candidates, doc._.candidates = doc._.candidates or [], None
        set_facts(doc, overlaps.resolve_overlaps(candidates))
        return doc

    return resolve


@Language.factory("reportx_subjects", requires=[CHOSEN], assigns=["span._.fact"])
def make_subjects(nlp: Language, name: str):
    def read(doc: Doc) -> Doc:
        text = text_of(doc)
        facts = sorted(facts_of(doc), key=lambda f: f.start)
        starts, ends = [f.start for f in facts], [f.end for f in facts]  # disjoint and in order: both sorted
        spans = sentences(text, 0, len(text))
        index = 0
        for i, fact in enumerate(facts):
            while index + 1 < len(spans) and spans[index][1] <= fact.start:
                index += 1
            sentence = spans[index] if spans else (0, len(text))
            sentence = fact.sentence = (subjects.wrapped_start(text, sentence[0]), sentence[1])  # across a hard wrap
            if fact.subject is not None:
                continue  # named where it was found (a table cell by its header)
            first = bisect_right(ends, sentence[0], 0, i)  # this sentence's facts sit right before this one
            before = facts[first:i]
            # A date is an adverbial and a figure in brackets an aside (小规模学校（100人以下）达到47所): no boundary.
            previous = next((f for f in reversed(before) if f.kind != "date" and not subjects.in_aside(text, f.end, fact.start)),
                            None)
            left = max(sentence[0], previous.end if previous else 0)
            right = min(sentence[1], facts[i + 1].start if i + 1 < len(facts) else sentence[1])
            dates_between = [(f.start, f.end) for f in facts[bisect_left(starts, left, first, i):i] if f.kind == "date"]
            if fact.kind == "date":
                fact.subject = events.date_event(text, fact.start, fact.end, sentence)
            elif fact.unit in events.FREQUENCIES:
                fact.subject = events.repeated_action(text, fact.end, sentence[1])
            elif fact.kind == "duration":
                fact.subject = events.span_event(text, fact.start, fact.end, sentence)  # 三年多的时间，…: a frame
            if fact.subject is None:
                following = facts[i + 1] if i + 1 < len(facts) else None
                subject = series.respective_subject(text, sentence[0], before, fact) or series.series_subject(
                    text, previous, fact) or series.of_category(previous, subjects.read_subject(
                        text, fact, left, max(right, fact.end), dates_between, following))
                fact.subject = series.selected_like(text, previous, fact, subject)
        return doc

    return read


@Language.factory("reportx_metrics", requires=[CHOSEN], assigns=["span._.fact"])
def make_metrics(nlp: Language, name: str):
    def assign(doc: Doc) -> Doc:
        for fact in facts_of(doc):
            metric = metrics.metric_for(fact)
            fact.metric = metric.id if metric else None
        return doc

    return assign


@Language.factory("reportx_checks", requires=[CHOSEN], assigns=["doc._.warnings"])
def make_checks(nlp: Language, name: str):
    def check(doc: Doc) -> Doc:
        text = text_of(doc)
        facts = sorted(facts_of(doc), key=lambda f: f.start)
        doc._.warnings = list(checks.cross_check(text, facts, 0, len(text)))
        return doc

    return check
