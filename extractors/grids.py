"""Read flattened tables: a cell's number takes the unit written in its column or row header.

Statistics bulletins and Word/web tables reach reportx as lines of cells
(tabs and runs of spaces are one space after normalisation):

    学校      学生数(人)  专任教师(人)  校舍面积(平方米)
    第一小学  826         57            6193

A run of lines with the same number of cells, whose first line names the
columns, is a table; a bare number in it becomes a fact with the unit from its
column header (else its row header, else a `单位：万元` line just above), and
the header's name as subject.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.drafts import FactDraft
from extractors.numerals import ARABIC, parse_number, tidy
from extractors.tables import Unit, units_by_surface

NAME = "rules.grid.v1"
_CELL_NUMBER = regex.compile(rf"^{ARABIC}$")
_DIGIT = regex.compile(r"\d")
_LINE = regex.compile(r"[^\n]+")
_CELL = regex.compile(r"\S+")
_HEADER_UNIT = regex.compile(r"^(?P<name>.*?)\((?P<unit>[^()]{1,6})\)$")
_TABLE_UNIT = regex.compile(r"单位[:：]\s*(?P<unit>[^\s,，;；]{1,6})")
_IMPLIED = {"率": "%", "比例": "%", "比重": "%", "占比": "%", "人数": "人", "学生数": "人", "教师数": "人", "班数": "班",
            "学校数": "所", "校数": "所", "户数": "户"}


def find_grid_facts(text: str, start: int, end: int) -> Iterator[FactDraft]:
    lines = _lines(text, start, end)
    i = 0
    while i < len(lines):
        run = [lines[i]]
        while i + len(run) < len(lines) and len(lines[i + len(run)][2]) == len(run[0][2]) >= 2:
            run.append(lines[i + len(run)])
        if len(run) >= 2 and not any(_CELL_NUMBER.match(cell) for cell, _ in run[0][2]):
            default = _table_unit(text, lines[i - 1][0] if i else start, run[0][0])
            yield from _table_facts(run, default)
        i += len(run)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """(line start, line end, [(cell, cell start)]) of each line."""
    lines = []
    for match in _LINE.finditer(text[start:end]):
        cells = [(m.group(), start + match.start() + m.start()) for m in _CELL.finditer(match.group())]
        lines.append((start + match.start(), start + match.end(), cells))
    return lines


def _unit(surface: str | None) -> Unit | None:
    if not surface:
        return None
    return units_by_surface().get(surface)


def _header_unit(header: str) -> tuple[str, Unit | None]:
    match = _HEADER_UNIT.match(header)
    if match:
        return match.group("name"), _unit(match.group("unit"))
    implied = next((unit for suffix, unit in _IMPLIED.items() if header.endswith(suffix)), None)
    return header, _unit(implied)


def _table_unit(text: str, start: int, end: int) -> Unit | None:
    match = _TABLE_UNIT.search(text, start, end)
    return _unit(match.group("unit")) if match else None


def _table_facts(run, default: Unit | None) -> Iterator[FactDraft]:
    columns = [_header_unit(cell) for cell, _ in run[0][2]]
    for _, _, cells in run[1:]:
        row_name, row_unit = _header_unit(cells[0][0])
        for (cell, cell_start), (column_name, column_unit) in zip(cells[1:], columns[1:]):
            unit = column_unit or row_unit or default
            if unit is None or not _CELL_NUMBER.match(cell):
                continue
            value = parse_number(cell) * unit.factor
            by_row = row_unit and not column_unit or _DIGIT.search(column_name)  # 2011年 columns: the row says what
            subject = row_name if by_row else column_name
            yield FactDraft(cell_start, cell_start + len(cell), unit.kind, tidy(value), unit.unit,
                            extractor=NAME, confidence=0.7, subject=subject or None)
