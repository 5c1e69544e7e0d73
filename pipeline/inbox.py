"""An inbox folder for new submissions: each file is handled once, then moved to processed/ or failed/.

A failed file gets a `<name>.reason.json` beside it in failed/. A pass only takes files
that are complete: size and modification time unchanged over the settle time, and (on
Linux, which tells through /proc) open for writing by no process. Writers that cannot be
seen (another machine, a network share) should write under a temporary name and rename:
dotfiles and names ending in a temporary suffix (.part, .tmp, .crdownload …) are never
taken. A file whose bytes changed while it was extracted is left in the inbox, and the
next pass stores it as a new version. A pass holds an exclusive lock on the inbox, so
overlapping passes (a slow run and the next scheduled one, or two cron jobs) never
handle a file twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for its type only: the inbox is looked at before the extractor loads
    from pipeline.run import FileResult

PROCESSED, FAILED = "processed", "failed"
LOCK_NAME = ".reportx-inbox.lock"
REASON_SUFFIX = ".reason.json"
# What browsers, download tools, rsync and editors name a file while they write it.
TEMPORARY_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".filepart", ".swp", "~")
PROC = Path("/proc")
WRITE_MODES = (os.O_WRONLY, os.O_RDWR)


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


def waiting_files(inbox: Path, skip: Callable[[Path], bool] | None = None) -> dict[Path, tuple[int, int]]:
    """Files in the inbox (not in processed/ or failed/, not hidden, not what `skip` names: the store's
    own files, never filed away) with their (size, mtime)."""
    found = {}
    for path in sorted(inbox.rglob("*")):
        relative = path.relative_to(inbox).parts
        if relative[0] in (PROCESSED, FAILED) or any(part.startswith(".") for part in relative) or (skip and skip(path)):
            continue
        if path.name.lower().endswith(TEMPORARY_SUFFIXES):
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.is_file():
                stat = path.stat()
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def stable_files(inbox: Path, settle_seconds: float, skip: Callable[[Path], bool] | None = None) -> list[Path]:
    """Files whose size and mtime did not change over `settle_seconds` and that no process has open for writing.

    A file last changed longer than `settle_seconds` ago has shown that already: only files changed
    since are looked at again after the settle time (a pass over a file dropped earlier waits for nothing)."""
    first = waiting_files(inbox, skip)
    if not first:
        return []
    settled_before = time.time_ns() - int(settle_seconds * 1e9)
    if any(mtime > settled_before for _, mtime in first.values()):
        time.sleep(settle_seconds)
        second = waiting_files(inbox, skip)
    else:
        second = first
    stable = [path for path, look in first.items() if second.get(path) == look]
    writing = open_for_writing(stable)
    return [path for path in stable if path not in writing]


def open_for_writing(paths: list[Path]) -> set[Path]:
    """Those of `paths` some process holds open for writing, as far as /proc shows (nothing where there is none)."""
    wanted = {os.path.realpath(path): path for path in paths}
    found: set[Path] = set()
    if not wanted or not PROC.is_dir():
        return found
    for process in PROC.iterdir():
        if not process.name.isdigit():
            continue
        with contextlib.suppress(OSError):  # processes come and go, and some are not ours to look at
            for fd in (process / "fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target in wanted and writes(process / "fdinfo" / fd.name):
                        found.add(wanted[target])
    return found


def writes(fdinfo: Path) -> bool:
    """The descriptor was opened for writing (its `flags:` line is octal open(2) flags)."""
    for line in fdinfo.read_text().splitlines():
        if line.startswith("flags:"):
            return int(line.split()[1], 8) & os.O_ACCMODE in WRITE_MODES
    return False


def changed_since_read(result: FileResult) -> bool:
    """The file's bytes are no longer those extracted (a writer went on): it must be read again."""
    if result.source is None:
        return False
    try:
        data = Path(result.path).read_bytes()
    except OSError:
        return False
    return len(data) != result.source.size or hashlib.sha256(data).hexdigest() != result.source.sha256


def free_name(target: Path) -> Path:
    """`target`, or `stem.N.suffix` when a file of that name was filed before."""
    number = 1
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.{number}{target.suffix}")
        number += 1
    return candidate


def file_away(inbox: Path, result: FileResult) -> Path | None:
    """Move a handled file to processed/ or, with its reason, to failed/; returns where it went
    (None: it changed since it was read and stays for the next pass, which stores the new version)."""
    if changed_since_read(result):
        return None
    source = Path(result.path)
    folder = inbox / (FAILED if result.failure else PROCESSED) / source.parent.relative_to(inbox)
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder / source.name)
    os.replace(source, target)
    if result.failure:
        reason = {**result.failure.model_dump(mode="json", exclude_none=True), "source": str(source),
                  "at": datetime.now(UTC).isoformat(timespec="seconds")}
        target.with_name(target.name + REASON_SUFFIX).write_text(json.dumps(reason, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
