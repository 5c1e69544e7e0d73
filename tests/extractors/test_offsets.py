"""Offsets survive normalisation: every fact points at its text as written (STYLE.md habit 4).

Inputs carry what normalisation rewrites or removes: pinyin annotations, traditional
characters, full-width digits and signs, runs of spaces and line breaks, dashes.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.records import Source
from pipeline.normalise import normalise
from pipeline.run import extract_source

# (original text, the facts' texts as written, in order)
ORIGINALS = [
    ("學(xué)校有學生８２６人", ["８２６人"]),
    ("学（xué）生数826人，专任教师57人", ["826人", "57人"]),
    ("在校學生　826人\r\n\r\n  专任教师57 人", ["826人", "57 人"]),
    ("占地面積２７１８４㎡，合格率１００％", ["２７１８４㎡", "１００％"]),
    ("2011年11月14日——19日，班额12—15人", ["2011年11月14日——19日", "12—15人"]),
    ("投资  3150万元，\n\n建筑面积1.2萬平方米", ["3150万元", "1.2萬平方米"]),
]

# Pieces whose normalisation is local: each normalises the same alone as in any context.
PIECES = ["學(xué)", "学", "校", "生", "８", "2", "6", "人", "％", "—", "-", " ", "  ", "\u3000", "\n", " \n  ", "\r\n", "國", "数", "。", "，"]


def _source(text: str) -> Source:
    data = text.encode()
    return Source(path="snippet.txt", name="snippet.txt", size=len(data), sha256=hashlib.sha256(data).hexdigest(), format="text", encoding="utf-8", text=text)


@pytest.mark.parametrize("original,texts", ORIGINALS, ids=[o for o, _ in ORIGINALS])
def test_facts_point_into_the_original(original, texts):
    (report,) = extract_source(_source(original))
    assert [f.text for f in report.facts] == texts
    assert all(original[f.start : f.end] == f.text for f in report.facts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_every_normalised_span_maps_back(pieces):
    """Any span of the normalised text maps to an original span that normalises to it."""
    original = "".join(pieces)
    normalised = normalise(original)
    text = normalised.text
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            o_start, o_end = normalised.original_span(start, end)
            assert 0 <= o_start < o_end <= len(original)
            piece = normalise(original[o_start:o_end], spaced_out=normalised.spaced_out)
            assert piece.text.strip(" ") == text[start:end].strip(" ")


def test_extraction_is_the_same_from_many_threads(sample_result):
    """The threads runner extracts in parallel threads: each must get exactly the serial result."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.run import process_file
    from tests.conftest import SAMPLE_FILE

    serial = [r.model_dump() for r in sample_result.reports]
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: [r.model_dump() for r in process_file(SAMPLE_FILE).reports], range(8)))
    assert all(run == serial for run in runs)
