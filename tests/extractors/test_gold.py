"""The bar on the dev gold (tests/data/gold): extraction of the samples is measured, not assumed.

Fails when value F1, approx or subject accuracy drop below the bar, or when a
gold line cannot be located in the documents (an offset or naming regression).
"""

from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate, format_table, load_gold
from pipeline.run import doc_texts
from tests.conftest import GOLD_FILES, SAMPLE_FILE

# Subject accuracy counts dates (issue bar: 0.90 strict over all kinds); the bar before dates were read holds for the other kinds.
BARS = {"value_f1": 0.97, "approx_accuracy": 0.95, "subject_accuracy_without_dates": 0.915, "subject_accuracy": 0.90,
        "subject_accuracy_soft": 0.93, "subject_accuracy_dates_soft": 0.88}
MAX_WITHOUT_SUBJECT = 0.05


@pytest.fixture(scope="module")
def evaluation(sample_result):
    reports = [r.model_dump(mode="json") for r in sample_result.reports]
    return evaluate(load_gold(GOLD_FILES), reports, doc_texts([SAMPLE_FILE]))


def test_every_gold_line_is_located(evaluation):
    assert evaluation.unlocated == []


@pytest.mark.parametrize("measure", list(BARS))
def test_extraction_meets_the_bar(evaluation, measure):
    summary = evaluation.summary()
    value = summary["value"]["f1"] if measure == "value_f1" else summary[measure]
    assert value >= BARS[measure], format_table(evaluation)


def test_few_facts_lack_a_subject(evaluation):
    assert evaluation.summary()["without_subject"] <= MAX_WITHOUT_SUBJECT, format_table(evaluation)
