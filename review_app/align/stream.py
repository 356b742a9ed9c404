"""Alignment in bounded memory: long inputs aligned window by window, links committed as they settle.

The aligner holds a band of cells per sentence (some 25 KB per line); a million lines do not fit.
Here at most ``window`` units of each side are held: they are aligned, the links that end well
before either side's window end (by a quarter window) are committed, preferably after a confident
1-1 link, and the rest is aligned again with the next units. Inputs of up to ``window`` units a side
are aligned in one piece, exactly as :func:`review_app.align.align` aligns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from review_app.align.aligner import Link

A = TypeVar("A")
B = TypeVar("B")

# Units of each side held at once: the aligner's peak is some 25 KB per unit, so about 50 MB.
WINDOW = 2000
_CONFIDENT = 0.5


class _Reader(Generic[A]):
    """An iterator read into a buffer on demand, which knows when it is exhausted."""

    def __init__(self, items: Iterable[A]) -> None:
        self._items = iter(items)
        self._next: list[A] = []
        self.buffer: list[A] = []

    def fill(self, size: int) -> bool:
        """Read until the buffer holds ``size`` items; True when nothing is left to read after them."""
        while len(self.buffer) < size:
            if self._next:
                self.buffer.append(self._next.pop())
                continue
            item = next(self._items, _END)
            if item is _END:
                return True
            self.buffer.append(item)  # type: ignore[arg-type]
        if not self._next:
            item = next(self._items, _END)
            if item is _END:
                return True
            self._next.append(item)  # type: ignore[arg-type]
        return False


_END = object()


def windowed_links(
    a: Iterable[A], b: Iterable[B], link: Callable[[list[A], list[B]], list[Link]], window: int = WINDOW
) -> Iterator[tuple[list[A], list[B], Link]]:
    """``link(a_part, b_part)`` over windows of both streams: each committed link with its units, in order."""
    left, right = _Reader(a), _Reader(b)
    while True:
        a_done, b_done = left.fill(window), right.fill(window)
        if not left.buffer and not right.buffer:
            return
        links = link(left.buffer, right.buffer)
        cut = len(links) if a_done and b_done else _cut(links, len(left.buffer), len(right.buffer), a_done,
                                                        b_done, window // 4)
        used_a = used_b = 0
        for item in links[:cut]:
            yield [left.buffer[i] for i in item.mt], [right.buffer[j] for j in item.ref], item
            used_a, used_b = used_a + len(item.mt), used_b + len(item.ref)
        del left.buffer[:used_a], right.buffer[:used_b]


def _cut(links: list[Link], n_a: int, n_b: int, a_done: bool, b_done: bool, margin: int) -> int:
    """How many leading links to commit: the last boundary at least ``margin`` units before the end of
    each side that has more to come, after a confident 1-1 link where there is one; at least one link."""
    best = fallback = 0
    i = j = 0
    for k, item in enumerate(links, start=1):
        i, j = i + len(item.mt), j + len(item.ref)
        if (not a_done and i > n_a - margin) or (not b_done and j > n_b - margin):
            break
        fallback = k
        if len(item.mt) == len(item.ref) == 1 and item.confidence >= _CONFIDENT:
            best = k
    return best or fallback or 1
