"""Ordered, bounded map over a process pool: the one way the core spreads work over cores."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """One worker per CPU core."""
    return os.cpu_count() or 1


def ordered_map(func: Callable[..., R], items: Iterable[T], jobs: int, *args: Any) -> Iterator[R]:
    """``func(item, *args)`` for each item, in input order; in ``jobs`` worker processes when ``jobs > 1``.

    At most two items per worker are in flight, so memory stays bounded however long ``items`` is;
    ``func`` and its arguments must be picklable. An exception in a worker is raised here.
    """
    if jobs <= 1:
        for item in items:
            yield func(item, *args)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(func, item, *args))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
