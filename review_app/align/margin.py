"""Link confidence from min-marginals: how much worse the best alignment that avoids a link is.

The forward pass gives F(c), the cost of the best path from (0, 0) to cell c; the same pass over
the reversed band gives B(c), the best cost from c to (n, m). A path that avoids a boundary cell c
of the best path either passes a cell that is incomparable with c (below-left or above-right) or
takes a link that jumps over c; the cheapest such path, minus the optimum, is c's margin. A
link's margin is the smaller margin of its two boundary cells, and its confidence is
``1 - exp(-margin / scale)``: 0 where another alignment is as good, near 1 where every other is
clearly worse. Only a window of cells near c is searched (links are at most 4 sentences long).
"""

from __future__ import annotations

import numpy as np

from review_app.align.band import INF, Cells, Move, move_rows, run

WINDOW = 4


def boundary_margins(
    cells: Cells, moves: list[Move], skip_ref: np.ndarray, forward: np.ndarray, path: np.ndarray
) -> np.ndarray:
    """Margin of each path cell ``path`` (an (k, 2) array of (i, j)); infinite at the two ends."""
    n, m = len(cells.lo) - 1, int(cells.hi[-1])
    backward = _backward(cells, moves, skip_ref, n, m)
    total = forward + backward
    best = float(forward[-1])
    i, j = path[:, 0], path[:, 1]
    alternative = np.full(len(path), INF)
    for di in range(-WINDOW, WINDOW + 1):
        for dj in range(-WINDOW, WINDOW + 1):
            if di * dj < 0:  # incomparable with the cell: the path goes round it
                flat, inside = cells.index(i + di, j + dj)
                alternative = np.minimum(alternative, np.where(inside, total[flat], INF))
    for move in moves:
        if move.a == 0 or move.b == 0:
            continue  # a skip cannot jump over a cell
        through = forward[move.pred] + move.cost + backward
        for s in range(move.a + 1):
            for t in range(move.b + 1):
                if (s, t) in ((0, 0), (move.a, move.b)):
                    continue
                # The link ends at (i + a - s, j + b - t) and starts at (i - s, j - t): it jumps over (i, j).
                flat, inside = cells.index(i + move.a - s, j + move.b - t)
                alternative = np.minimum(alternative, np.where(inside, through[flat], INF))
    margin = np.maximum(alternative - best, 0.0)
    ends = ((i == 0) & (j == 0)) | ((i == n) & (j == m))
    return np.where(ends, INF, margin)


def _backward(cells: Cells, moves: list[Move], skip_ref: np.ndarray, n: int, m: int) -> np.ndarray:
    """B(c) for every cell: the forward pass run over the reversed band, mapped back.

    Reversing both sides reverses the band's row-after-row cell order exactly, so cell f of the
    band is cell N-1-f of the reversed band; a link from p to q becomes a link from N-1-q to N-1-p.
    """
    band = [(m - int(cells.hi[n - r]), m - int(cells.lo[n - r])) for r in range(n + 1)]
    rev = Cells.from_band(band)
    last = len(cells.i) - 1
    rev_moves = []
    costs, preds = move_rows(len(moves), len(cells.i))
    for move, cost, pred in zip(moves, costs, preds, strict=True):
        ends = np.flatnonzero(np.isfinite(move.cost))
        cost[last - move.pred[ends]] = move.cost[ends]
        pred[last - move.pred[ends]] = last - ends
        rev_moves.append(Move(move.a, move.b, cost, pred, move.similarity))
    total, _ = run(rev, rev_moves, skip_ref[::-1].copy())
    return total[::-1]


def confidence_of(margin: np.ndarray | float, scale: float) -> np.ndarray:
    """Margin to a confidence in [0, 1)."""
    return 1.0 - np.exp(-np.asarray(margin, dtype=np.float64) / scale)
