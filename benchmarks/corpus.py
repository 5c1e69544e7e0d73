"""A synthetic archive for scale tests and benchmarks: the sample reports, one per file, each file unique.

File i holds report (i mod 13) of the samples and a letter tag naming i, so every file
has its own sha256 while its facts are exactly those of its report.
"""

from __future__ import annotations

import re
from pathlib import Path

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "samples" / "000_fa63da99af307c15.txt"
REPORT_MARKER = re.compile(r"^篇\d+\s*$", re.MULTILINE)


def sample_reports() -> list[str]:
    """The texts of the sample file's reports, without their `篇N` marker lines."""
    parts = REPORT_MARKER.split(SAMPLE_FILE.read_text(encoding="utf-8"))[1:]
    return [part.strip("\n") + "\n" for part in parts]


def letter_tag(number: int) -> str:
    """A digit-free name for a number, so the tag adds no fact."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("A") + digit) + letters
        if number == 0:
            return letters


def make_corpus(dest: Path, count: int) -> list[Path]:
    """Write `count` single-report files under `dest` and return their paths."""
    reports = sample_reports()
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = dest / f"report_{number:05d}.txt"
        path.write_text(f"{reports[number % len(reports)]}\n档案标记 {letter_tag(number)}\n", encoding="utf-8")
        paths.append(path)
    return paths
