"""A long report is read in windows, and gives exactly the facts and warnings one pass gives.

Text pulled out of HTML or PDF often comes as one line of many megabytes; the engine
reads it in windows cut at sentence ends so memory does not follow the line's length.
"""

from __future__ import annotations

import pytest

from extractors.engine import extract_report, windows
from pipeline.normalise import normalise
from tests.conftest import SAMPLE_FILE

# (case, how the long line is made from the samples' text)
LONG_LINES = [
    ("samples-as-one-line", lambda text: text.replace("\n", "")),
    ("samples-without-punctuation", lambda text: "".join(c for c in text if c not in "\n。；;！？，,、 ")),
]
# Windows end at sentence ends, so their facts are those of one pass; a text with no
# punctuation at all has no sentence ends (one pass cuts its "sentences" every 400
# characters too), so there only the cuts are checked.
SENTENCED = LONG_LINES[:1]


@pytest.fixture(scope="module")
def sample_text() -> str:
    return normalise(SAMPLE_FILE.read_text(encoding="utf-8")).text


def _readings(text: str, window: int) -> tuple[list[tuple], list[tuple]]:
    """The facts and the cross-check warnings, as values."""
    draft = extract_report(text, 0, len(text), window)
    facts = [(f.start, f.end, f.kind, f.value, f.value_max, f.unit, f.approx, f.subject, f.metric, f.date_start, f.date_end)
             for f in draft.facts]
    warnings = [(w.code, w.message, w.span, [(f.start, f.end) for f in w.facts]) for w in draft.warnings]
    return facts, warnings


@pytest.mark.parametrize(("case", "make"), SENTENCED, ids=[case for case, _ in SENTENCED])
def test_windows_give_the_facts_and_warnings_of_one_pass(sample_text, case, make):
    text = make(sample_text)
    assert len(windows(text, 0, len(text), 5_000)) > 3  # the line is really cut
    assert _readings(text, 5_000) == _readings(text, len(text) + 1)


@pytest.mark.parametrize(("case", "make"), LONG_LINES, ids=[case for case, _ in LONG_LINES])
def test_windows_cover_the_text_and_never_cut_a_number(sample_text, case, make):
    text = make(sample_text)
    cuts = windows(text, 0, len(text), 5_000)
    assert [start for start, _ in cuts[1:]] == [end for _, end in cuts[:-1]]
    assert (cuts[0][0], cuts[-1][1]) == (0, len(text))
    assert all(end - start <= 5_000 for start, end in cuts)
    assert not any(text[end - 1].isdigit() and text[end].isdigit() for _, end in cuts[:-1])
