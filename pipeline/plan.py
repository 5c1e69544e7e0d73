"""Plan a bulk run: which discovered files still need extracting, grouped into batches of similar work.

A file is skipped when its content (sha256) is stored by the current extractor version
or appeared earlier in the same run; a task per batch keeps orchestration overhead
(40–150 ms a task) small next to the extraction work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MIN_BATCH_BYTES = 64 * 1024
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_BATCH_FILES = 1000
BATCHES_PER_WORKER = 4


@dataclass
class Plan:
    """Files to extract (path, size), and how many were skipped as already stored or repeated."""

    todo: list[tuple[str, int]] = field(default_factory=list)
    skipped: int = 0

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.todo)


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes, read in chunks (a huge file costs no memory here; its size limit fails it later);
    None when it cannot be read (extraction then records why)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def plan_files(files: Iterable[Path], stored: set[str]) -> Plan:
    """Keep files whose content is not stored yet, once per distinct content."""
    plan, seen = Plan(), set(stored)
    for path in files:
        digest = file_digest(path)
        if digest is not None and digest in seen:
            plan.skipped += 1
            continue
        if digest is not None:
            seen.add(digest)
        plan.todo.append((str(path), path.stat().st_size if digest is not None else 0))
    return plan


def batch_budget(total_bytes: int, workers: int) -> int:
    """Bytes per batch: enough batches to keep every worker busy, none too small or too large."""
    return max(MIN_BATCH_BYTES, min(MAX_BATCH_BYTES, total_bytes // max(1, workers * BATCHES_PER_WORKER)))


def batches(todo: list[tuple[str, int]], budget: int) -> list[list[str]]:
    """Consecutive files grouped until a batch holds `budget` bytes or MAX_BATCH_FILES files."""
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for path, file_size in todo:
        current.append(path)
        size += file_size
        if size >= budget or len(current) >= MAX_BATCH_FILES:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups


# What a process worker costs before its first file (Python, Prefect, spaCy and jieba loaded), and how
# fast one core extracts dense reports (benchmarks/bench_extract.py): the break-even of a process pool.
WORKER_START_CPU_S = 3.0
EXTRACT_BYTES_PER_CPU_S = 500_000


def worth_processes(total_bytes: int, workers: int) -> bool:
    """Whether `workers` processes finish `total_bytes` sooner than this process alone, whose extractor
    loads while the Prefect API starts: only when the time they save exceeds what starting them costs."""
    if workers < 2:
        return False
    alone_s = total_bytes / EXTRACT_BYTES_PER_CPU_S
    return alone_s - alone_s / workers > WORKER_START_CPU_S
