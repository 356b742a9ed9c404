"""The band's cells and the DP's forward pass, shared by the aligner (:mod:`dp`) and link confidence (:mod:`margin`).

Cells (i, j) mean "the first i MT and j reference sentences are aligned". Band row i holds the
reference positions ``lo[i]..hi[i]``; all cells are stored flat, row after row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

INF = np.inf


@dataclass(slots=True)
class Cells:
    """Flat storage of the band: row offsets and bounds, and each cell's (i, j)."""

    lo: np.ndarray
    hi: np.ndarray
    offset: np.ndarray
    i: np.ndarray
    j: np.ndarray

    @classmethod
    def from_band(cls, band: Sequence[tuple[int, int]]) -> Cells:
        lo = np.array([b[0] for b in band], dtype=np.int64)
        hi = np.array([b[1] for b in band], dtype=np.int64)
        widths = hi - lo + 1
        offset = np.concatenate([[0], np.cumsum(widths)])
        i = np.repeat(np.arange(len(band)), widths)
        j = np.arange(offset[-1]) - offset[i] + lo[i]
        return cls(lo, hi, offset, i, j)

    def index(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat index of cells (i, j) and whether each lies inside the band."""
        inside = (i >= 0) & (i < len(self.lo)) & (j >= 0)
        i_safe = np.where(inside, i, 0)
        inside &= (j >= self.lo[i_safe]) & (j <= self.hi[i_safe])
        return np.where(inside, self.offset[i_safe] + j - self.lo[i_safe], 0), inside


@dataclass(slots=True)
class Move:
    """One link type's cost and predecessor for every cell (inf where the move is impossible)."""

    a: int
    b: int
    cost: np.ndarray
    pred: np.ndarray
    similarity: np.ndarray


def move_rows(count: int, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Room for ``count`` moves' costs (INF) and predecessors (0), one row each: the moves' arrays are made
    as these rows, so :func:`run` reads them as they are (a band of 20,000 sentences holds about 700,000
    cells: a stacked copy of them is 70 MB, and new memory is slow to touch on a virtual machine)."""
    return np.full((count, cells), INF), np.zeros((count, cells), dtype=np.int64)


def stacked(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """``np.stack(arrays)``; the arrays' own 2-D array, without a copy, when they are its rows in order."""
    base = arrays[0].base if arrays else None
    if (isinstance(base, np.ndarray) and base.ndim == 2 and base.shape[0] == len(arrays) and base.flags.c_contiguous
            and all(a.base is base and a.shape == base.shape[1:] and a.dtype == base.dtype
                    and a.ctypes.data == base[k].ctypes.data for k, a in enumerate(arrays))):
        return base
    return np.stack(arrays)


def run(cells: Cells, moves: list[Move], skip_ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill the cost table row by row; ``choice`` is the move index per cell, -1 for a 0-1 skip."""
    total = np.full(len(cells.i), INF)
    choice = np.full(len(cells.i), -2, dtype=np.int16)
    # Every move's predecessors and costs in one array each: a row is then one gather and one add.
    preds = stacked([m.pred for m in moves])
    costs = stacked([m.cost for m in moves])
    prefix = np.concatenate([[0.0], np.cumsum(skip_ref)])[cells.j]
    offsets = cells.offset.tolist()
    for row in range(len(cells.lo)):
        start, end = offsets[row], offsets[row + 1]
        candidates = total[preds[:, start:end]]
        candidates += costs[:, start:end]
        best = candidates.argmin(axis=0)
        here = candidates.min(axis=0)
        if row == 0 and cells.lo[0] == 0:
            here[0], best[0] = 0.0, -2
        # 0-1 skips run along the row: here[j] = min_k (here[k] + skip_ref[k..j-1]).
        # Exclusive running minimum: a cell's left neighbours only, so the first cell never looks left.
        row_prefix = prefix[start:end]
        shifted = np.minimum.accumulate(here - row_prefix)
        left = np.empty_like(here)
        left[0] = INF
        left[1:] = shifted[:-1]
        left += row_prefix
        from_left = left < here
        total[start:end] = np.where(from_left, left, here)
        choice[start:end] = np.where(from_left, -1, best)
    return total, choice
