"""An inbox folder for new submissions: each file is handled once, then moved to processed/ or failed/.

A failed file gets a `<name>.reason.json` beside it in failed/. A pass only takes files
whose size and modification time are stable across two looks (not still being
written), and holds an exclusive lock on the inbox, so overlapping passes (a slow run
and the next scheduled one, or two cron jobs) never handle a file twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pipeline.run import FileResult

PROCESSED, FAILED = "processed", "failed"
LOCK_NAME = ".reportx-inbox.lock"
REASON_SUFFIX = ".reason.json"


@contextlib.contextmanager
def inbox_lock(inbox: Path) -> Iterator[bool]:
    """True while this process holds the inbox; False when another pass does (released even on kill -9)."""
    inbox.mkdir(parents=True, exist_ok=True)
    with open(inbox / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def waiting_files(inbox: Path) -> dict[Path, tuple[int, int]]:
    """Files in the inbox (not in processed/ or failed/, not hidden) with their (size, mtime)."""
    found = {}
    for path in sorted(inbox.rglob("*")):
        relative = path.relative_to(inbox).parts
        if relative[0] in (PROCESSED, FAILED) or any(part.startswith(".") for part in relative):
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.is_file():
                stat = path.stat()
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def stable_files(inbox: Path, settle_seconds: float) -> list[Path]:
    """Files whose size and mtime did not change over `settle_seconds`: fully written."""
    first = waiting_files(inbox)
    if not first:
        return []
    time.sleep(settle_seconds)
    second = waiting_files(inbox)
    return [path for path, look in first.items() if second.get(path) == look]


def free_name(target: Path) -> Path:
    """`target`, or `stem.N.suffix` when a file of that name was filed before."""
    number = 1
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.{number}{target.suffix}")
        number += 1
    return candidate


def file_away(inbox: Path, result: FileResult) -> Path:
    """Move a handled file to processed/ or, with its reason, to failed/; returns where it went."""
    source = Path(result.path)
    folder = inbox / (FAILED if result.failure else PROCESSED) / source.parent.relative_to(inbox)
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder / source.name)
    os.replace(source, target)
    if result.failure:
        reason = {**result.failure.model_dump(mode="json", exclude_none=True), "source": str(source),
                  "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        target.with_name(target.name + REASON_SUFFIX).write_text(json.dumps(reason, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
