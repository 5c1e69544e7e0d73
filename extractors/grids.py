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
from extractors.subjects import LEVELS
from extractors.tables import Unit, units_by_surface, word_table, words_pattern

NAME = "rules.grid.v1"
_CELL_NUMBER = regex.compile(rf"^{ARABIC}$")
WORDS = word_table().grids
_EMPTY = frozenset(WORDS.empty_cells)  # an empty cell, not a fact
_YEAR_LABEL = regex.compile(r"^(?:19|20)\d{2}(?:[/-](?:19|20)?\d{2})?(?:年|年度|学年|学年度)?$")
_LINE = regex.compile(r"[^\n]+")
_SENTENCE_MARK = regex.compile(r"[。，,；;：:！？!?、]")
_MAX_LONE_CELL = 16
_CELL = regex.compile(r"\S+")
_PIPE_CELL = regex.compile(r"(?<=^|\|)[^|]*")  # empty cells kept: they hold a column's place
_UNIT_ONLY = regex.compile(r"^\([^()]{1,6}\)$")
_HEADER_UNIT = regex.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]{1,6})\)$")
_TABLE_UNIT = regex.compile(r"单位[:：]\s*(?P<unit>[^\s,，;；]{1,6})")
# What a header that names no unit counts (学生人数 → 人, 升级率 → %, 差异系数 → coef), by its ending.
_IMPLIED = WORDS.implied_units
_RULE_LINE = regex.compile(r"\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*")
_FRAMED = regex.compile(r"\s*\|(?P<inside>.*)\|\s*")
_UNIT_SPELLINGS = WORDS.unit_spellings
_OWN_UNITS = {"coef": Unit(surface="系数", kind="quantity", unit="coef")}
CELL = "·"  # between a cell's row label and column header in its subject
# Rows of totals over the table's rows (合计, 全县): their cells are figures of the whole report.
_TOTAL_ROW = regex.compile(f"(?:{words_pattern(WORDS.total_rows)})$")
_LEVEL_ROW = regex.compile(f"(?:{LEVELS})")  # a row of one level (小学, 初中)

Cells = list[tuple[str, int]]


def find_grid_facts(text: str, start: int, end: int) -> Iterator[FactDraft]:
    lines = _lines(text, start, end)
    i = 0
    while i < len(lines):
        if _is_lone_cell(lines[i][2]):
            run = [lines[i]]
            while i + len(run) < len(lines) and _is_lone_cell(lines[i + len(run)][2]):
                run.append(lines[i + len(run)])
            default = _table_unit(text, lines[i - 1][0] if i else start, run[0][0])
            yield from _stacked_table_facts([line[2][0] for line in run], default)
            i += len(run)
            continue
        run = [lines[i]]
        while i + len(run) < len(lines) and len(lines[i + len(run)][2]) >= 2 and len(run[0][2]) >= 2:
            run.append(lines[i + len(run)])
        headers = 0
        while headers < min(2, len(run) - 1) and not any(_is_number(cell) for cell, _ in run[headers][2]):
            headers += 1
        if headers and len(run) > headers:
            default = _table_unit(text, lines[i - 1][0] if i else start, run[0][0])
            yield from _table_facts([line[2] for line in run[:headers]], [line[2] for line in run[headers:]], default)
        i += len(run)


def _is_lone_cell(cells: Cells) -> bool:
    """A line that holds one short cell and no sentence: a piece of a one-cell-per-line table."""
    return len(cells) == 1 and len(cells[0][0]) <= _MAX_LONE_CELL and not _SENTENCE_MARK.search(cells[0][0])


def _stacked_table_facts(cells: Cells, default: Unit | None) -> Iterator[FactDraft]:
    """A table written one cell per line: a block of header labels, then rows of the same width, each a
    row label and its numbers. A title line above the headers is tried away; the width whose rows cover
    the most lines is the table."""
    cells = _join_unit_lines(cells)
    labels = next((i for i, (cell, _) in enumerate(cells) if _is_number(cell) or cell in _EMPTY), len(cells))
    for title in range(max(0, min(2, labels - 3)) + 1):
        headers, rest = cells[title : labels - 1], cells[labels - 1 :]  # the last label opens the first row
        if len(headers) < 2:
            return
        rows = max((_rows(rest, width) for width in (len(headers), len(headers) + 1)), key=lambda r: sum(map(len, r)))
        if sum(len(row) - 1 for row in rows) >= 2:
            yield from _table_facts([headers], rows, default)
            return


def _rows(cells: Cells, width: int) -> list[Cells]:
    """The rows of `width` cells from the start of `cells`, up to the first that is not a row."""
    rows = []
    for at in range(0, len(cells) - width + 1, width):
        if not _is_row(cells[at : at + width]):
            break
        rows.append(cells[at : at + width])
    return rows


def _is_row(row: Cells) -> bool:
    label, values = row[0][0], [cell for cell, _ in row[1:]]
    return not (_is_number(label) or label in _EMPTY) and all(_is_number(v) or v in _EMPTY for v in values) \
        and any(_is_number(v) for v in values)


def _join_unit_lines(cells: Cells) -> Cells:
    """学生人数 / (人) on two lines is one header."""
    joined: Cells = []
    for cell, at in cells:
        if _UNIT_ONLY.match(cell) and joined and not _is_number(joined[-1][0]):
            joined[-1] = (joined[-1][0] + cell, joined[-1][1])
        else:
            joined.append((cell, at))
    return joined


def _is_number(cell: str) -> bool:
    return bool(_CELL_NUMBER.match(cell))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, Cells]]:
    """(line start, line end, [(cell, cell start)]) of each line; `a | b | c` rows split at the pipes."""
    lines = []
    for match in _LINE.finditer(text, start, end):
        line = match.group()
        if _RULE_LINE.fullmatch(line):
            continue  # | --- | --- |: the rule under a Markdown header, not a row
        pattern = _PIPE_CELL if line.count("|") >= 2 else _CELL
        framed = _FRAMED.fullmatch(line) if pattern is _PIPE_CELL else None  # | a | b |: the outer pipes frame the row
        cells: Cells = []
        for m in pattern.finditer(line, *(framed.span("inside") if framed else (0, len(line)))):
            cell = m.group().strip()
            if not cell and pattern is _CELL:
                continue
            cell_start = match.start() + m.start() + (m.group().index(cell) if cell else 0)
            if _UNIT_ONLY.match(cell) and cells and not _is_number(cells[-1][0]):  # 学校占地面积 (亩): one header
                cells[-1] = (cells[-1][0] + cell, cells[-1][1])
            else:
                cells.append((cell, cell_start))
        lines.append((match.start(), match.end(), cells))
    return lines


def _unit(surface: str | None) -> Unit | None:
    if not surface:
        return None
    return _OWN_UNITS.get(surface) or units_by_surface().get(_UNIT_SPELLINGS.get(surface, surface))


def _header_unit(header: str) -> tuple[str, Unit | None]:
    match = _HEADER_UNIT.match(header)
    if match:
        return match.group("name").replace(" ", ""), _unit(match.group("unit"))
    implied = next((unit for suffix, unit in _IMPLIED.items() if header.endswith(suffix)), None)
    return header, _unit(implied)


def _table_unit(text: str, start: int, end: int) -> Unit | None:
    match = _TABLE_UNIT.search(text, start, end)
    return _unit(match.group("unit")) if match else None


def _columns(headers: list[Cells]) -> list[tuple[str, Unit | None]]:
    """Column names and units; a second header row adds to the first (校舍建筑 / 面积 (M2))."""
    first = [cell for cell, _ in headers[0]]
    if len(headers) == 2 and len(headers[1]) == len(first):
        first = [a + b for a, (b, _) in zip(first, headers[1], strict=True)]
    elif len(headers) == 2:
        first = [cell for cell, _ in headers[1]]
    return [_header_unit(cell) for cell in first]


def _table_facts(headers: list[Cells], rows: list[Cells], default: Unit | None) -> Iterator[FactDraft]:
    columns = _columns(headers)
    for cells in rows:
        values = cells[1:]
        if len(values) == len(columns) - 1:
            row_columns = columns[1:]  # the first header names the label column
        elif len(values) == len(columns):
            row_columns = columns
        else:
            continue
        row_name, row_unit = _header_unit(cells[0][0])
        for (cell, cell_start), (column_name, column_unit) in zip(values, row_columns, strict=True):
            if cell in _EMPTY or not _is_number(cell):
                continue
            by_row = row_unit is not None and (row_unit.kind == "quantity" or column_unit is None)
            unit = (row_unit if by_row else column_unit) or default
            if unit is None:
                continue
            value = parse_number(cell) * unit.factor
            if unit.kind == "rate" and value <= 1 and "." in cell and not column_unit and "%" not in row_name:
                value *= 100  # 升级率 0.9: a rate written as a fraction
            yield FactDraft(cell_start, cell_start + len(cell), unit.kind, tidy(value), unit.unit,
                            extractor=NAME, confidence=0.7, subject=_subject(row_name, column_name, by_row),
                            priority=2)  # a cell is read by its table, never joined to the next line


def _subject(row: str, column: str, by_row: bool) -> str | None:
    """Row label · column header, as a reader would combine them (第一小学·学生数, 差异系数·…, 学生人数·P1);
    a year row (2023/2024, a 學年度 number such as 110) adds nothing: a report's figures are of its year."""
    if _YEAR_LABEL.match(row) or row.isdigit():
        return column or None
    if _YEAR_LABEL.match(column) or not column:
        return row or None
    return f"{row}{CELL}{column}" if row else column


def total_row_cell(subject: str) -> bool:
    """A cell of a total row (合计·学生数): its figure is the sum of the rows."""
    row, separator, _ = subject.partition(CELL)
    return bool(separator and _TOTAL_ROW.search(row))


def report_figure_of(subject: str) -> str | None:
    """What a cell's figure is of the whole report, which a metric of the catalogue may name: a total row's
    column (合计·学生数 → 学生数), a level row's column of that level (小学·在校生 → 小学在校生); None for
    any other cell (one school's row, a statistic) or a non-cell."""
    row, separator, column = subject.partition(CELL)
    if not separator:
        return None
    if total_row_cell(subject):
        return column
    return row + column if _LEVEL_ROW.fullmatch(row) else None
