"""The banded dynamic programme behind :func:`review_app.align.align`, vectorised with numpy.

Cells (i, j) mean "the first i MT and j reference sentences are aligned". Band row i holds the
reference positions ``lo[i]..hi[i]``; all cells are stored flat, row after row. Link costs for
each link type are computed for every cell at once; the DP then runs row by row, each row a few
numpy operations (the 0-1 skips inside a row are a running minimum).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from review_app.align.band import INF, Cells, Move, move_rows, run
from review_app.align.margin import boundary_margins, confidence_of
from review_app.align.similarity import Similarity


@dataclass(frozen=True, slots=True)
class CostModel:
    """The costs of one search (see :class:`review_app.align.AlignParams`)."""

    skip_cost: float
    merge_cost: float
    length_weight: float
    char_weight: float
    paragraph_cost: float
    merge_length: float = np.inf
    confidence_scale: float = 0.0  # 0: confidence is the link's similarity (the coarse passes need no more)


def banded_dp(
    sim: Similarity,
    lengths: tuple[list[int], list[int]],
    band: Sequence[tuple[int, int]],
    model: CostModel,
    link_types: Sequence[tuple[int, int]],
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
    *,
    confidence: bool = True,
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Minimum-cost monotonic path through the band: (MT ids, reference ids, confidence) per link.

    The confidence comes from min-marginals (:mod:`review_app.align.margin`) when the model's
    ``confidence_scale`` is positive, else from the link's similarity; without ``confidence``
    (the coarse passes) a link carries its similarity and a skip 0.
    """
    cells = Cells.from_band(band)
    moves, skip_ref = build_moves(sim, lengths, cells, model, link_types, paragraphs)
    mt_len, ref_len = lengths
    forward, choice = run(cells, moves, skip_ref)
    by_similarity = confidence and model.confidence_scale <= 0
    links = _trace(cells, choice, [(a, b) for a, b in link_types], moves, len(mt_len), len(ref_len), by_similarity)
    if not confidence or model.confidence_scale <= 0:
        return links
    # Confidence from min-marginals.
    i = j = 0
    path = [(0, 0)]
    for mt, ref, _ in links:
        i, j = i + len(mt), j + len(ref)
        path.append((i, j))
    margins = boundary_margins(cells, moves, skip_ref, forward, np.array(path, dtype=np.int64))
    link_margin = np.minimum(margins[:-1], margins[1:])
    scores = confidence_of(link_margin, model.confidence_scale)
    return [(mt, ref, round(float(c), 4)) for (mt, ref, _), c in zip(links, scores, strict=True)]


def build_moves(
    sim: Similarity,
    lengths: tuple[list[int], list[int]],
    cells: Cells,
    model: CostModel,
    link_types: Sequence[tuple[int, int]],
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
) -> tuple[list[Move], np.ndarray]:
    """Every link type's move (cost and predecessor per cell), the 1-0 skip last; and the 0-1 skip costs."""
    mt_len, ref_len = np.asarray(lengths[0], dtype=np.float64), np.asarray(lengths[1], dtype=np.float64)
    mt_sum = np.concatenate([[0.0], np.cumsum(mt_len)])
    ref_sum = np.concatenate([[0.0], np.cumsum(ref_len)])
    alpha = model.char_weight
    mean_len = max(1.0, (mt_sum[-1] + ref_sum[-1]) / (len(mt_len) + len(ref_len)))
    # Weights blend sentence counts with character lengths, so a short heading is cheap to
    # leave out or to merge, and a long sentence carries more evidence than a short one.
    skip_mt = model.skip_cost * ((1 - alpha) + alpha * mt_len / mean_len)
    skip_ref = model.skip_cost * ((1 - alpha) + alpha * ref_len / mean_len)
    costs, preds = move_rows(len(link_types) + 1, len(cells.i))
    moves = [_link_move(sim, cells, (a, b), mt_sum, ref_sum, mean_len, model, paragraphs, costs[k], preds[k])
             for k, (a, b) in enumerate(link_types)]
    moves.append(_skip_move(cells, skip_mt, costs[-1], preds[-1]))
    return moves, skip_ref


def _link_move(
    sim: Similarity,
    cells: Cells,
    kind: tuple[int, int],
    mt_sum: np.ndarray,
    ref_sum: np.ndarray,
    mean_len: float,
    model: CostModel,
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
    cost: np.ndarray,
    pred: np.ndarray,
) -> Move:
    """The move of links ``kind``, written into ``cost`` (all INF) and ``pred``: rows of the moves' tables."""
    a, b = kind
    pred[:], valid = cells.index(cells.i - a, cells.j - b)
    ends = np.flatnonzero(valid)
    i, j = cells.i[ends], cells.j[ends]
    x, y = mt_sum[i] - mt_sum[i - a], ref_sum[j] - ref_sum[j - b]
    length = np.abs(np.log((x + 1) / (sim.length_ratio * y + 1)))
    if a + b > 3:
        # Links of 4+ sentences are scored only where the two sides' lengths agree: a merge is a
        # translation of the same content, and most cells of the band are far from that.
        plausible = length <= model.merge_length
        ends, i, j, x, y, length = ends[plausible], i[plausible], j[plausible], x[plausible], y[plausible], \
            length[plausible]
    raw = sim.span_scores(a, b, i, j) if len(ends) else np.zeros(0)
    rescaled = np.clip((raw - sim.baseline) / (1.0 - sim.baseline), 0.0, 1.0)
    weight = (1 - model.char_weight) * (a + b) / 2 + model.char_weight * (x + y) / (2 * mean_len)
    cost_here = weight * (1.0 - rescaled + model.length_weight * length) + model.merge_cost * (a + b - 2)
    if paragraphs and (a > 1 or b > 1):
        # Joining sentences of different paragraphs costs extra: chrome lines stay out of links.
        mt_par, ref_par = np.asarray(paragraphs[0]), np.asarray(paragraphs[1])
        # Each paragraph break inside the link counts: a chrome line between two paragraphs is two breaks.
        crossings = sum((mt_par[i - t] != mt_par[i - t - 1]).astype(np.int64) for t in range(1, a))
        crossings = crossings + sum((ref_par[j - t] != ref_par[j - t - 1]).astype(np.int64) for t in range(1, b))
        cost_here = cost_here + model.paragraph_cost * crossings
    similarity = np.zeros(len(cells.i))
    cost[ends] = cost_here
    similarity[ends] = rescaled
    return Move(a, b, cost, pred, similarity)


def _skip_move(cells: Cells, skip_mt: np.ndarray, cost: np.ndarray, pred: np.ndarray) -> Move:
    """The 1-0 move: leave MT sentence i-1 unaligned (written into ``cost`` and ``pred``)."""
    pred[:], valid = cells.index(cells.i - 1, cells.j)
    cost[:] = np.where(valid, skip_mt[np.maximum(cells.i - 1, 0)], INF)
    return Move(1, 0, cost, pred, np.zeros(len(cells.i)))


def _trace(
    cells: Cells,
    choice: np.ndarray,
    link_types: list[tuple[int, int]],
    moves: list[Move],
    n: int,
    m: int,
    skip_confidence: bool,
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Follow the choices back from (n, m); a link carries its similarity, a skip (with
    ``skip_confidence``) one minus the best similarity its sentence had with a neighbour, else 0."""
    one_to_one = next((mv for mv in moves if (mv.a, mv.b) == (1, 1)), None) if skip_confidence else None
    links = []
    i, j = n, m
    while (i, j) != (0, 0):
        flat = int(cells.offset[i] + j - cells.lo[i])
        move = int(choice[flat])
        if move == -1:
            a, b, confidence = 0, 1, 1.0 - _best_nearby(cells, one_to_one, i, j, vertical=True)
        elif move == len(link_types):
            a, b, confidence = 1, 0, 1.0 - _best_nearby(cells, one_to_one, i, j, vertical=False)
        else:
            a, b = link_types[move]
            confidence = float(moves[move].similarity[flat])
        links.append((tuple(range(i - a, i)), tuple(range(j - b, j)), round(confidence, 4)))
        i, j = i - a, j - b
    links.reverse()
    return links


def _best_nearby(cells: Cells, one_to_one: Move | None, i: int, j: int, *, vertical: bool) -> float:
    """Best 1-1 similarity a skipped sentence had with a neighbour across the gap."""
    if one_to_one is None:
        return 0.0
    offsets = np.arange(-2, 3)
    rows = np.full(5, i) + (offsets if vertical else 0)
    columns = np.full(5, j) + (0 if vertical else offsets)
    flat, inside = cells.index(rows, columns)
    values = one_to_one.similarity[flat][inside & np.isfinite(one_to_one.cost[flat])]
    return float(values.max()) if len(values) else 0.0
