"""Ordered, bounded map over a process pool: the one way the core spreads work over cores."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """The CPU cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int) -> int:
    """Worker processes for ``requested`` (0: one per core), never more than the cores: CPU-bound work gains
    nothing from more, and the pool starts them all at once (``--jobs 100000`` would fork 100,000)."""
    cores = usable_cores()
    return min(requested, cores) if requested > 0 else cores


def ordered_map(func: Callable[..., R], items: Iterable[T], jobs: int, *args: Any) -> Iterator[R]:
    """``func(item, *args)`` for each item, in input order; in ``jobs`` worker processes when ``jobs > 1``
    (at most one per core, see :func:`worker_count`).

    At most two items per worker are in flight, so memory stays bounded however long ``items`` is;
    ``func`` and its arguments must be picklable. An exception in a worker is raised here.

    When the map ends early (Ctrl-C, SIGTERM, an exception here or in a worker, or the caller
    stops iterating), the work not yet started is cancelled and the workers are ended at once:
    nobody waits for the chunks in flight.
    """
    jobs = worker_count(jobs) if jobs > 1 else 1
    if jobs <= 1:
        for item in items:
            yield func(item, *args)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_signals)
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(func, item, *args))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        _stop(pool, pending)
        raise
    pool.shutdown()


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to handle (a terminal sends it to every process of the group),
    and SIGTERM ends the worker at once (a handler inherited from the parent would wait for the running
    chunk to return to Python code)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool: ProcessPoolExecutor, pending: deque[Future[Any]]) -> None:
    """Cancel the queued work and end the workers now (``shutdown`` alone waits for the running work)."""
    for future in pending:
        future.cancel()
    # Python 3.14 has pool.terminate_workers(); before it, the workers are only reachable here.
    workers = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()
