"""Monotonic sentence alignment of MT with a reference in the same language.

Dynamic programming over links 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A link's cost grows
as the character similarity of its two sides falls (rapidfuzz's C-level Indel similarity,
rescaled so that an unrelated pair of this document scores 0), plus a length prior and a
penalty per extra sentence in a merged link; leaving a sentence unaligned has a fixed cost.

The search is restricted to a band around a coarse path, as Vecalign does: both documents are
halved repeatedly (neighbouring sentences joined) until small, aligned, and the path of each
level widened into the band of the next. Time and memory grow linearly with document length.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex
from rapidfuzz import process
from rapidfuzz.distance import Indel

# Link types (MT sentences, reference sentences) other than the two skips.
MERGE_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
SKIP_TYPES: tuple[tuple[int, int], ...] = ((1, 0), (0, 1))


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Tunable costs of the alignment search (defaults tuned on Text+Berg dev, MT vs human)."""

    skip_cost: float = 0.6
    merge_cost: float = 0.2
    length_weight: float = 0.3
    char_weight: float = 0.3
    paragraph_cost: float = 0.5
    band: int = 12
    full_limit: int = 40_000


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment bead: 0-based sentence indices on each side and a confidence in [0, 1]."""

    mt: tuple[int, ...]
    ref: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        """Link type such as ``"2-1"``."""
        return f"{len(self.mt)}-{len(self.ref)}"


_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def _normalize(sentence: str) -> str:
    """Lowercase letters and digits only: tokenization, spacing and punctuation style do not count."""
    return _NOT_WORD.sub("", sentence.lower())


class Similarity:
    """Character similarity of joined sentence spans (same language), with a document baseline.

    Subclasses change :meth:`raw`; ``length_ratio`` is the expected length ratio of the sides.
    """

    length_ratio = 1.0

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt = [_normalize(s) for s in mt]
        self.ref = [_normalize(s) for s in ref]
        self.baseline = self._baseline()

    def raw(self, a: list[str], b: list[str]) -> np.ndarray:
        """Similarity in [0, 1] of each pair of joined texts."""
        return process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=-1)

    def _baseline(self) -> float:
        """Median raw similarity of random pairs: what unrelated sentences of this text share."""
        if not self.mt or not self.ref:
            return 0.0
        rng = random.Random(13)
        count = min(400, len(self.mt) * len(self.ref))
        a = [self.mt[rng.randrange(len(self.mt))] for _ in range(count)]
        b = [self.ref[rng.randrange(len(self.ref))] for _ in range(count)]
        # Capped: in a tiny or repetitive document random pairs may look alike.
        return min(0.8, float(np.median(self.raw(a, b))))

    def scores(self, mt_spans: list[tuple[int, int]], ref_spans: list[tuple[int, int]]) -> np.ndarray:
        """Raw similarity for each pair of half-open index spans."""
        a = [self.join(self.mt[i:j]) for i, j in mt_spans]
        b = [self.join(self.ref[i:j]) for i, j in ref_spans]
        return self.raw(a, b)

    @staticmethod
    def join(texts: list[str]) -> str:
        """Join normalised sentences into one span text."""
        return "".join(texts)


def align(
    mt: Sequence[str],
    ref: Sequence[str],
    params: AlignParams | None = None,
    link_types: Sequence[tuple[int, int]] = MERGE_TYPES,
    similarity: type[Similarity] = Similarity,
    paragraphs: tuple[Sequence[int], Sequence[int]] | None = None,
) -> list[Link]:
    """Align two sentence lists; every sentence of each side is in exactly one link, in order.

    ``paragraphs`` gives each sentence's paragraph (line) number on both sides: a link that joins
    sentences of different paragraphs costs more, so a short line of page chrome is left out
    rather than glued to the next paragraph.
    """
    params = params or AlignParams()
    if not mt or not ref:
        return [Link((i,), (), 1.0) for i in range(len(mt))] + [Link((), (j,), 1.0) for j in range(len(ref))]
    band = _band(list(mt), list(ref), params, similarity)
    sim = similarity(mt, ref)
    lengths = ([len(s) for s in sim.mt], [len(s) for s in sim.ref])
    return _banded_dp(sim, lengths, band, params, link_types, paragraphs)


def _band(
    mt: list[str], ref: list[str], params: AlignParams, similarity: type[Similarity]
) -> list[tuple[int, int]]:
    """Allowed reference positions ``(lo, hi)`` for each MT position 0..n (inclusive bounds)."""
    n, m = len(mt), len(ref)
    if (n + 1) * (m + 1) <= params.full_limit or min(n, m) < 8:
        return [(0, m)] * (n + 1)
    # Halve both sides (join neighbours), align the halves, project the path back, widen it.
    coarse_mt = [" ".join(mt[i : i + 2]) for i in range(0, n, 2)]
    coarse_ref = [" ".join(ref[j : j + 2]) for j in range(0, m, 2)]
    # The coarse levels only need the rough path: 1-1 links and skips are enough there.
    coarse = align(coarse_mt, coarse_ref, params, link_types=((1, 1),), similarity=similarity)
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    ci = cj = 0
    for link in coarse:
        ni, nj = ci + len(link.mt), cj + len(link.ref)
        for i in range(min(2 * ci, n), min(2 * ni, n) + 1):
            lo[i] = min(lo[i], min(2 * cj, m))
            hi[i] = max(hi[i], min(2 * nj, m))
        ci, cj = ni, nj
    return [(max(0, lo[i] - params.band), min(m, hi[i] + params.band)) for i in range(n + 1)]


def _banded_dp(
    sim: Similarity,
    lengths: tuple[list[int], list[int]],
    band: list[tuple[int, int]],
    params: AlignParams,
    link_types: Sequence[tuple[int, int]],
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
) -> list[Link]:
    """Minimum-cost monotonic path through the band; returns the links in document order."""
    mt_len, ref_len = lengths
    mt_par, ref_par = paragraphs or (range(len(mt_len)), range(len(ref_len)))
    crossing = params.paragraph_cost if paragraphs else 0.0
    n = len(mt_len)
    # Weights blend sentence counts with character lengths, so a short heading is cheap to
    # leave out or to merge, and a long sentence carries more evidence than a short one.
    alpha = params.char_weight
    mean_len = max(1.0, (sum(mt_len) + sum(ref_len)) / (len(mt_len) + len(ref_len)))
    skip_mt = [params.skip_cost * ((1 - alpha) + alpha * x / mean_len) for x in mt_len]
    skip_ref = [params.skip_cost * ((1 - alpha) + alpha * y / mean_len) for y in ref_len]
    cells = [(i, j) for i in range(n + 1) for j in range(band[i][0], band[i][1] + 1)]
    link_cost: dict[tuple[int, int], dict[tuple[int, int], tuple[float, float]]] = {}
    for a, b in link_types:
        ends = [(i, j) for i, j in cells if i >= a and j >= b and band[i - a][0] <= j - b <= band[i - a][1]]
        if not ends:
            continue
        sims = sim.scores([(i - a, i) for i, _ in ends], [(j - b, j) for _, j in ends])
        table: dict[tuple[int, int], tuple[float, float]] = {}
        for (i, j), s in zip(ends, sims.tolist(), strict=True):
            x, y = sum(mt_len[i - a : i]), sum(ref_len[j - b : j])
            length = abs(math.log((x + 1) / (sim.length_ratio * y + 1)))
            rescaled = max(0.0, min(1.0, (s - sim.baseline) / (1.0 - sim.baseline)))
            weight = (1 - alpha) * (a + b) / 2 + alpha * (x + y) / (2 * mean_len)
            cost = weight * (1.0 - rescaled + params.length_weight * length) + params.merge_cost * (a + b - 2)
            if crossing and (a > 1 or b > 1):
                cost += crossing * ((mt_par[i - 1] - mt_par[i - a]) + (ref_par[j - 1] - ref_par[j - b]) > 0)
            table[(i, j)] = (cost, rescaled)
        link_cost[(a, b)] = table
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    for i, j in cells:
        if i == 0 and j == 0:
            continue
        best, choice = math.inf, (0, 0, 0.0)
        for (a, b), table in link_cost.items():
            entry = table.get((i, j))
            if entry is not None:
                prev = cost.get((i - a, j - b))
                if prev is not None and prev + entry[0] < best:
                    best, choice = prev + entry[0], (a, b, entry[1])
        for a, b in SKIP_TYPES:
            prev = cost.get((i - a, j - b))
            skip = skip_mt[i - 1] if a else skip_ref[j - 1]
            if prev is not None and prev + skip < best:
                best, choice = prev + skip, (a, b, -1.0)
        if best < math.inf:
            cost[(i, j)] = best
            back[(i, j)] = choice
    return _trace(back, n, len(ref_len), sim, link_cost)


def _trace(
    back: dict[tuple[int, int], tuple[int, int, float]],
    n: int,
    m: int,
    sim: Similarity,
    link_cost: dict[tuple[int, int], dict[tuple[int, int], tuple[float, float]]],
) -> list[Link]:
    """Follow the back-pointers from (n, m) and attach a confidence to each link."""
    links: list[Link] = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b, s = back[(i, j)]
        mt_ids, ref_ids = tuple(range(i - a, i)), tuple(range(j - b, j))
        # A skip is as trustworthy as the best pairing it turned down was weak.
        confidence = 1.0 - _best_nearby(link_cost, i, j, a, b) if s < 0 else s
        links.append(Link(mt_ids, ref_ids, round(float(confidence), 4)))
        i, j = i - a, j - b
    links.reverse()
    return links


def _best_nearby(
    link_cost: dict[tuple[int, int], dict[tuple[int, int], tuple[float, float]]], i: int, j: int, a: int, b: int
) -> float:
    """Best 1-1 similarity the skipped sentence had with a neighbour across the gap."""
    table = link_cost.get((1, 1), {})
    if a:  # MT sentence i-1 skipped: compare with reference sentences near j.
        candidates = [table.get((i, k)) for k in range(j - 2, j + 3)]
    else:  # reference sentence j-1 skipped.
        candidates = [table.get((k, j)) for k in range(i - 2, i + 3)]
    return max((c[1] for c in candidates if c is not None), default=0.0)
