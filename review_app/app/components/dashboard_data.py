"""The Dashboard's figures (corpus scores with their bootstrap, the chrF histogram, findings, MQM, progress) per
project data version, and where they are computed.

A small scope is computed in the page's rerun and cached (Streamlit's cache, keyed by the project's newest event
id: only the project's own events make it anew). A large one (more than :data:`LARGE` segments: the bootstrap
alone resamples every segment's statistics a thousand times) is computed outside the rerun, in one worker process
of lowest priority, so neither the page nor the other reviewers' clicks wait for it: the page shows the newest
figures computed for the project (saying how many changes they are behind) while the new ones are made.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from types import ModuleType

from review_app.app.components import background_process
from review_app.store import CorpusReport, MqmReport, ReviewProgress, Store

# Segments above which the figures are computed in the background.
LARGE = 20_000


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the Dashboard draws for a scope, as of one project data version."""

    version: int
    report: CorpusReport
    chrf: list[tuple[int, int, int]]  # (lower edge, MT segments, corrected segments) per chrF bin
    findings: list[tuple[str, str, str, int]]
    mqm: MqmReport
    progress: ReviewProgress


def compute(store: Store, ids: list[int], n_bootstrap: int, threshold: float, version: int) -> DashboardData:
    """The figures of the documents ``ids`` (read from the store's kept statistics and counts)."""
    return DashboardData(version, store.corpus_report(ids, n_bootstrap=n_bootstrap), store.chrf_bins(ids),
                         store.findings_summary(ids), store.mqm_report(ids, threshold=threshold), store.progress(ids))


# --- the background worker ----------------------------------------------------------------------------------

_worker_stores: dict[str, Store] = {}


def _compute_in_worker(url: str, ids: list[int], n_bootstrap: int, threshold: float, version: int) -> DashboardData:
    store = _worker_stores.get(url)
    if store is None:
        store = _worker_stores[url] = Store(url, create=False)
    return compute(store, ids, n_bootstrap, threshold, version)


@dataclass
class _Slot:
    """The newest figures of one scope and the job making newer ones."""

    done: DashboardData | None = None
    running: Future[DashboardData] | None = None
    running_version: int = -1
    error: str | None = None


_lock = threading.Lock()
_slots: dict[tuple[str, tuple[int, ...], int, float], _Slot] = {}
_executor: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _executor
    if _executor is None:
        # spawn: a fresh interpreter, not a fork of a server holding threads and connections
        _executor = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                        initializer=background_process.initialize)
    return _executor


@contextmanager
def _plain_main() -> Iterator[None]:
    """Start the worker (it starts on the first submit) with a bare ``__main__``: Streamlit makes the page script
    ``__main__`` while it runs, and a spawned interpreter runs ``__main__``'s file first — it must not draw a page."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


@dataclass(frozen=True, slots=True)
class Background:
    """What the page can draw now: the newest figures (None before the first), whether newer ones are being made."""

    data: DashboardData | None
    updating: bool
    error: str | None = None


def background(url: str, ids: tuple[int, ...], n_bootstrap: int, threshold: float, version: int) -> Background:
    """The newest figures of the scope, and a job for ``version`` started when they are older (one at a time per
    scope: a job for an older version finishes first, the next call starts the newest)."""
    key = (url, ids, n_bootstrap, threshold)
    with _lock:
        slot = _slots.setdefault(key, _Slot())
        if slot.running is not None and slot.running.done():
            try:
                result = slot.running.result()
                if slot.done is None or result.version >= slot.done.version:
                    slot.done, slot.error = result, None
            except Exception as exc:
                slot.error = f"the figures could not be computed: {exc}"
            slot.running = None
        current = slot.done is not None and slot.done.version == version
        if not current and slot.running is None:
            with _plain_main():
                slot.running = _pool().submit(_compute_in_worker, url, list(ids), n_bootstrap, threshold, version)
            slot.running_version = version
        return Background(slot.done, not current, slot.error)


def wait() -> None:
    """Wait for the running jobs (tests: a deterministic join, never a sleep)."""
    with _lock:
        running = [slot.running for slot in _slots.values() if slot.running is not None]
    for future in running:
        future.exception()
