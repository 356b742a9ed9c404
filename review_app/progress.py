"""Progress bars for long runs, on stderr (hidden when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it") -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar that shows throughput; silent when stderr is not a TTY."""
    yield from tqdm(items, total=total, desc=desc, unit=unit, disable=None, dynamic_ncols=True, leave=False)
