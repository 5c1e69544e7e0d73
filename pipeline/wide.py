"""The wide table: one row per report, one column per metric, never silently picking a value.

When a report has several facts for one metric, the cell holds the one CHOICE ranks first:
a fact a reviewer confirmed (accepted, corrected, added), then an exact value over an
approximate one (约, 余, 以上), then the shortest subject, i.e. the mention that names the
metric itself rather than a part of it (骨干教师 before 市骨干教师), then the first in the text.
The `conflicts` column lists, space-separated, every metric that had more than one distinct
value in that report; `all_values` puts every distinct value in the cell instead
(`ALL_VALUES_SEPARATOR` between them, in text order).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from pipeline.store import FactRow, ReportRow

CONFIRMED = ("accepted", "corrected", "added")
ALL_VALUES_SEPARATOR = "; "
CHOICE = "confirmed by a reviewer, then exact, then the shortest subject, then the first in the text"


def plain(value: Any) -> Any:
    """A whole float as an int (826.0 → 826), as the extract output writes it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def cell(fact: FactRow) -> Any:
    if fact.kind == "date":
        return fact.date_start if fact.date_start == fact.date_end else f"{fact.date_start}/{fact.date_end}"
    return plain(fact.value)


def preference(fact: FactRow) -> tuple:
    """Sort key of CHOICE: smaller is preferred."""
    return (fact.status not in CONFIRMED, fact.approx != "exact", len(fact.subject or ""), fact.start, fact.id)


def metric_cells(facts: list[FactRow], all_values: bool = False) -> tuple[dict[str, Any], list[str]]:
    """(metric → cell, metrics with more than one distinct value) of one report's facts."""
    by_metric: dict[str, list[FactRow]] = {}
    for fact in facts:
        if fact.metric:
            by_metric.setdefault(fact.metric, []).append(fact)
    cells: dict[str, Any] = {}
    conflicts = []
    for metric, candidates in by_metric.items():
        distinct = list(dict.fromkeys(cell(fact) for fact in sorted(candidates, key=lambda f: (f.start, f.id))))
        if len(distinct) > 1:
            conflicts.append(metric)
        if all_values:
            cells[metric] = ALL_VALUES_SEPARATOR.join(map(str, distinct))
        else:
            cells[metric] = cell(min(candidates, key=preference))
    return cells, sorted(conflicts)


def wide_rows(rows: Iterator, metrics: list[str], report_fields, all_values: bool = False) -> Iterator[dict[str, Any]]:
    """One row per report from (fact, report, path, sha256) rows in report order; `report_fields` gives its leading columns."""
    for _, group in groupby(rows, key=lambda row: row[1].id):
        group = list(group)
        _, report, path, sha256 = group[0]
        report: ReportRow
        cells, conflicts = metric_cells([row[0] for row in group if row[0] is not None], all_values)
        yield {**report_fields(report, path, sha256), "conflicts": " ".join(conflicts),
               **{metric: cells.get(metric) for metric in metrics}}
