"""The wide table as an .xlsx workbook a spreadsheet user can read without the catalogue beside it.

Sheet `reports`: one row per report; a metric's header is its Chinese label and unit from
`extractors/data/metrics.yaml` (`在校学生数 (人)`). Sheet `metrics`: the dictionary, one
row per metric column (id, label, unit, kind, plausible range) and the rule that picked
each cell. Rows are written in write-only mode, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extractors.metrics import metrics_by_id
from pipeline.wide import CHOICE

DICTIONARY_HEADER = ["id", "label", "unit", "kind", "range_min", "range_max"]


def header(column: str) -> str:
    """`在校学生数 (人)` for a catalogue metric; a report column or an unknown metric keeps its id."""
    metric = metrics_by_id().get(column)
    return f"{metric.label} ({metric.unit})" if metric else column


def dictionary_rows(metric_kinds: dict[str, str]) -> Iterator[list[Any]]:
    catalogue = metrics_by_id()
    for metric_id, kind in metric_kinds.items():
        metric = catalogue.get(metric_id)
        if metric:
            yield [metric.id, metric.label, metric.unit, metric.kind, *metric.range]
        else:  # a metric a reviewer typed that the catalogue lacks
            yield [metric_id, None, None, kind, None, None]


def write_xlsx(rows: Iterator[dict[str, Any]], columns: list[str], metric_kinds: dict[str, str], out: str) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    reports = book.create_sheet("reports")
    reports.append([header(column) for column in columns])
    count = 0
    for row in rows:
        reports.append([row.get(column) for column in columns])
        count += 1
    dictionary = book.create_sheet("metrics")
    dictionary.append(DICTIONARY_HEADER)
    for line in dictionary_rows(metric_kinds):
        dictionary.append(line)
    dictionary.append([])
    dictionary.append(["choice", f"a cell with several facts holds the one {CHOICE}; `conflicts` names those metrics"])
    book.save(out)
    return count
