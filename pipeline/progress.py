"""Progress bars on a terminal for long work; silent when output is piped or logged."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
MIN_ITEMS_FOR_BAR = 4


def progress(items: Iterable[T], desc: str, unit: str, quiet: bool = False, total: int | None = None) -> Iterator[T]:
    """Wrap `items` in a tqdm bar on stderr when stderr is a terminal and there is enough work."""
    total = total if total is not None else (len(items) if hasattr(items, "__len__") else None)
    if quiet or not sys.stderr.isatty() or (total is not None and total < MIN_ITEMS_FOR_BAR):
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True)
