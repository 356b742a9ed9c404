"""Diff opcodes in near-linear time, for texts of any length.

``difflib.SequenceMatcher`` is quadratic in the worst case and slow on long texts with many
repeated tokens (a 3,000-word segment took seconds). This is a patience diff: the common prefix and
suffix are trimmed, items that occur exactly once on both sides anchor the alignment (their longest
increasing run, found in O(n log n)), and the stretches between anchors are diffed the same way.
In repetitive text where no single item is unique, runs of 3, 7 or 15 items serve as anchors.
Only a stretch without any unique anchor that is small enough is handed to ``SequenceMatcher``;
a large one is reported as replaced. The opcodes have ``SequenceMatcher.get_opcodes``'s form.

>>> opcodes("a b c d".split(), "a x c d".split())
[('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 4, 2, 4)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

SMALL = 40_000  # len(a) * len(b) up to which a stretch without unique anchors goes to SequenceMatcher
GRAMS = (1, 3, 7, 15)  # anchor widths tried in turn

Opcode = tuple[str, int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Opcodes turning ``a`` into ``b`` (``equal``/``replace``/``delete``/``insert``), adjacent ones merged."""
    matches: list[tuple[int, int, int]] = []  # (i, j, length) of equal runs, in order
    _match(a, b, 0, len(a), 0, len(b), matches)
    out: list[Opcode] = []
    i = j = 0
    for mi, mj, size in [*matches, (len(a), len(b), 0)]:
        if i < mi or j < mj:
            tag = "replace" if i < mi and j < mj else "delete" if i < mi else "insert"
            out.append((tag, i, mi, j, mj))
        if size:
            out.append(("equal", mi, mi + size, mj, mj + size))
        i, j = mi + size, mj + size
    merged: list[Opcode] = []
    for op in out:  # neighbouring equal runs (an anchor next to a trimmed prefix) become one
        if merged and merged[-1][0] == op[0] == "equal":
            prev = merged.pop()
            op = ("equal", prev[1], op[2], prev[3], op[4])
        merged.append(op)
    return merged


def _match(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int,
           out: list[tuple[int, int, int]]) -> None:
    """Append the equal runs of ``a[alo:ahi]`` and ``b[blo:bhi]`` to ``out``, in order."""
    start = 0
    while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
        start += 1
    if start:
        out.append((alo, blo, start))
    alo, blo = alo + start, blo + start
    end = 0
    while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
        end += 1
    suffix = (ahi - end, bhi - end, end) if end else None
    ahi, bhi = ahi - end, bhi - end
    if alo < ahi and blo < bhi:
        anchors: list[tuple[int, int]] = []
        for width in GRAMS:  # single items first; runs of items when no single one is unique (repetitive text)
            anchors = _unique_anchors(a, b, alo, ahi, blo, bhi, width)
            if anchors:
                break
        if anchors:
            i, j = alo, blo
            for ai, bj in anchors:
                _match(a, b, i, ai, j, bj, out)
                out.append((ai, bj, width))
                i, j = ai + width, bj + width
            _match(a, b, i, ahi, j, bhi, out)
        elif (ahi - alo) * (bhi - blo) <= SMALL:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
    if suffix:
        out.append(suffix)


def _unique_anchors(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int,
                    bhi: int, width: int) -> list[tuple[int, int]]:
    """Starts (i, j) of runs of ``width`` items that occur once in each stretch, as long a chain as
    possible increasing on both sides, without overlaps."""
    def grams(seq: Sequence[Hashable], lo: int, hi: int) -> dict[Hashable, int]:
        where: dict[Hashable, int] = {}
        for k in range(lo, hi - width + 1):
            key = seq[k] if width == 1 else tuple(seq[k : k + width])
            where[key] = -1 if key in where else k  # -1: seen more than once
        return where

    where_a, where_b = grams(a, alo, ahi), grams(b, blo, bhi)
    pairs = sorted((i, where_b[x]) for x, i in where_a.items() if i >= 0 and where_b.get(x, -1) >= 0)
    if not pairs:
        return []
    # Longest increasing subsequence of the b positions (patience sorting with back links).
    tails: list[int] = []  # b position ending the best run of each length
    tail_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        n = bisect_left(tails, j)
        if n == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[n], tail_index[n] = j, k
        back[k] = tail_index[n - 1] if n else -1
    run, k = [], tail_index[-1]
    while k != -1:
        run.append(pairs[k])
        k = back[k]
    chain: list[tuple[int, int]] = []
    for i, j in reversed(run):  # runs of several items may overlap their neighbours: keep the first
        if not chain or (i >= chain[-1][0] + width and j >= chain[-1][1] + width):
            chain.append((i, j))
    return chain
