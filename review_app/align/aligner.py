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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from review_app.align.dp import CostModel, banded_dp
from review_app.align.similarity import Similarity, VectorSimilarity

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
    band: int = 16
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
    n, m = len(mt), len(ref)
    if (n + 1) * (m + 1) <= params.full_limit:
        band = [(0, m)] * (n + 1)
    else:
        # The rough path comes from the next coarser level (neighbours summed), projected back.
        coarse = _vector_path(_pair_sums(similarity.vectors(mt)), _pair_sums(similarity.vectors(ref)), params)
        band = _widen(coarse, n, m, 2, params.band)
    sim = similarity(mt, ref)
    return _search(sim, band, params, link_types, paragraphs)


def _vector_path(mt: np.ndarray, ref: np.ndarray, params: AlignParams) -> list[Link]:
    """Rough 1-1/skip path over count vectors, itself searched in a band from the next coarser level."""
    n, m = len(mt), len(ref)
    if (n + 1) * (m + 1) <= params.full_limit or min(n, m) < 8:
        band = [(0, m)] * (n + 1)
    else:
        # Halve both sides (sum neighbours), find the path there, project it back and widen it.
        coarse = _vector_path(_pair_sums(mt), _pair_sums(ref), params)
        band = _widen(coarse, n, m, 2, params.band)
    sim = VectorSimilarity(mt, ref)
    return _search(sim, band, params, ((1, 1),), None)


def _pair_sums(vectors: np.ndarray) -> np.ndarray:
    """Rows 0+1, 2+3, … (an odd last row stays alone)."""
    if len(vectors) % 2:
        vectors = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=vectors.dtype)])
    return vectors[0::2] + vectors[1::2]


def _widen(path: list[Link], n: int, m: int, scale: int, width: int) -> list[tuple[int, int]]:
    """Band of allowed reference positions per MT position 0..n around a path ``scale`` times coarser."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    ci = cj = 0
    for link in path:
        ni, nj = ci + len(link.mt), cj + len(link.ref)
        for i in range(min(scale * ci, n), min(scale * ni, n) + 1):
            lo[i] = min(lo[i], min(scale * cj, m))
            hi[i] = max(hi[i], min(scale * nj, m))
        ci, cj = ni, nj
    return [(max(0, lo[i] - width), min(m, hi[i] + width)) for i in range(n + 1)]


def _search(
    sim: Similarity,
    band: list[tuple[int, int]],
    params: AlignParams,
    link_types: Sequence[tuple[int, int]],
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
) -> list[Link]:
    model = CostModel(params.skip_cost, params.merge_cost, params.length_weight, params.char_weight,
                      params.paragraph_cost)
    return [Link(mt, ref, confidence)
            for mt, ref, confidence in banded_dp(sim, sim.lengths(), band, model, link_types, paragraphs)]
