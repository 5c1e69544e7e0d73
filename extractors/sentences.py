"""Sentence spans of normalised text: the unit a fact's subject and event are read in."""

from __future__ import annotations

import regex

# A sentence ends at 。！？；!? or a line break, plus any closing quotes/brackets.
SENTENCE = regex.compile(r"[^。！？；!?\n]+(?:[。！？；!?]+[”’」』)]*)?")
_MAX_SENTENCE = 400


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within [start, end); very long runs are cut so no sentence is unbounded."""
    spans = []
    for match in SENTENCE.finditer(text, start, end):
        s, e = match.span()
        while e - s > _MAX_SENTENCE:
            spans.append((s, s + _MAX_SENTENCE))
            s += _MAX_SENTENCE
        if e > s and not text[s:e].isspace():
            spans.append((s, e))
    return spans
