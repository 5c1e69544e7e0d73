"""Map a fact's subject to a metric of the catalogue (`data/metrics.yaml`)."""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.drafts import FactDraft
from extractors.grids import CELL, report_figure_of
from extractors.subjects import DIRECTIONS
from extractors.tables import Metric, metric_catalogue

NAME = "rules.metric.v1"
_CHANGE = regex.compile(rf"(?:{DIRECTIONS}|新增)$")


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[Metric, regex.Pattern, regex.Pattern | None]]:
    compiled = []
    for metric in metric_catalogue().metrics:
        exclude = regex.compile("|".join(metric.exclude)) if metric.exclude else None
        compiled.append((metric, regex.compile("|".join(metric.match)), exclude))
    return compiled


def metric_for(fact: FactDraft) -> Metric | None:
    """The first catalogue metric whose kind, units and patterns fit the fact's subject."""
    return _metric_for(fact.kind, fact.unit, fact.subject)


@lru_cache(maxsize=8192)  # reports repeat their subjects; trying every metric's patterns was 7% of extraction
def _metric_for(kind: str, unit: str | None, subject: str | None) -> Metric | None:
    if subject and CELL in subject:
        subject = report_figure_of(subject)  # one school's row is not the report's figure; a total or level row is
    if not subject or _CHANGE.search(subject):
        return None  # 幼儿园减少 is a change, not the stock the catalogue's metrics name
    for metric, pattern, exclude in _compiled():
        if metric.kind != kind or (metric.units and unit not in metric.units):
            continue
        if pattern.search(subject) and not (exclude and exclude.search(subject)):
            return metric
    return None


@lru_cache(maxsize=1)
def metrics_by_id() -> dict[str, Metric]:
    return {metric.id: metric for metric in metric_catalogue().metrics}
