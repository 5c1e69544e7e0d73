"""Split normalised text into reports and section headings (sentences: `extractors.sentences`).

All spans here are in normalised coordinates; `pipeline.run` maps them back to
the original text with the document's OffsetMap.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# A line `篇N` (normalised digits) opens report N of a collection file.
REPORT_MARKER = regex.compile(r"^篇 ?(\d{1,4})[ :]?$", regex.MULTILINE)
_CN = "一二三四五六七八九十"
HEADING = regex.compile(
    rf"^\.?(?:[{_CN}]{{1,3}}[、.]|\([{_CN}]{{1,3}}\)|\d{{1,2}}[、.](?!\d)|\(\d{{1,2}}\)|第[{_CN}\d]{{1,3}}[章节部分])",
    regex.MULTILINE,
)
_HAN = regex.compile(r"\p{Han}")
_BLANK = regex.compile(r"_{3,}|[xX*]{2,}")


@dataclass(frozen=True)
class Part:
    """One report inside a file: its number (from 1) and normalised span."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    start: int
    end: int
    text: str


def split_reports(text: str) -> list[Part]:
    """Reports of a file: one per `篇N` line (text before the first is not a report), else the whole file."""
    markers = list(REPORT_MARKER.finditer(text))
    if not markers:
        start, end = _strip(text, 0, len(text))
        return [Part(1, start, end)]
    parts = []
    for number, marker in enumerate(markers, start=1):
        body_end = markers[number].start() if number < len(markers) else len(text)
        start, end = _strip(text, marker.end(), body_end)
        parts.append(Part(number, start, end))
    return parts


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def headings(text: str, start: int, end: int) -> list[Heading]:
    """Section headings (一、 (一) 1. (1) 第一章) at line starts within [start, end)."""
    found = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end < 0 else line_end
        if HEADING.match(text, line_start, line_end):
            found.append(Heading(line_start, line_end, text[line_start:line_end]))
        line_start = line_end + 1
    return found


def title_of(text: str, part: Part) -> str | None:
    """The report's first line when it reads as a title, else its first short heading."""
    first_end = text.find("\n", part.start, part.end)
    first = text[part.start : part.end if first_end < 0 else first_end].strip()
    if _is_title(first) and not first.endswith(("。", ";", "；", ":", "：")):
        return first
    return next((h.text.strip() for h in headings(text, part.start, part.end) if _is_title(h.text.strip())), None)


def _is_title(line: str) -> bool:
    """Short, mostly words, no template blanks: 2011年教育工作总结, 一、基本情况."""
    return 4 <= len(line) <= 60 and len(_HAN.findall(line)) >= 4 and not _BLANK.search(line)
