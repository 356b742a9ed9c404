"""Alignment accuracy against gold beads: strict F1 as in Vecalign's scorer."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from review_app.errors import InputError

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def read_beads(path: str | Path) -> list[Bead]:
    """Read gold beads, one per line: ``[0, 1]:[2]`` (0-based ids; an empty side is ``[]``)."""
    beads = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            left, right = line.split(":")
            beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
        except (ValueError, SyntaxError):
            raise InputError(path, f"line {number}: expected '[ids]:[ids]', got {line!r}") from None
    return beads


def strict_scores(predicted: Iterable[Bead], gold: Iterable[Bead]) -> dict[str, float]:
    """Precision, recall and F1 of exact bead matches; beads with an empty side are left out."""
    pred = {(tuple(a), tuple(b)) for a, b in predicted if a and b}
    ref = {(tuple(a), tuple(b)) for a, b in gold if a and b}
    hits = len(pred & ref)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(ref) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
