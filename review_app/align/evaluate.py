"""Alignment accuracy against gold beads: strict and lax F1 as in Vecalign's scorer, per link type.

Strict counts a predicted bead as right only if it equals a gold bead; lax counts it as right if it
shares at least one sentence pair with a gold bead (a partial overlap on both sides). Beads with an
empty side (sentences left out) are not scored, as in Vecalign's scorer.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from review_app.align.uncertain import flagged
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


def write_beads(beads: Iterable[Bead], path: str | Path) -> None:
    """Write beads in the format :func:`read_beads` reads."""
    Path(path).write_text(format_beads(beads), encoding="utf-8")


def format_beads(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> str:
    """Beads as Vecalign writes them: one line per bead, ``[0, 1]:[2]`` (0-based ids; an empty side ``[]``)."""
    return "".join(f"{list(a)}:{list(b)}\n" for a, b in beads)


def kind(bead: Bead) -> str:
    """Link type of a bead, such as ``"2-1"``."""
    return f"{len(bead[0])}-{len(bead[1])}"


def _scored(beads: Iterable[Bead]) -> set[Bead]:
    return {(tuple(a), tuple(b)) for a, b in beads if a and b}


def _prf(hits_p: int, total_p: int, hits_r: int, total_r: int) -> dict[str, float]:
    precision = hits_p / total_p if total_p else 0.0
    recall = hits_r / total_r if total_r else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def strict_scores(predicted: Iterable[Bead], gold: Iterable[Bead]) -> dict[str, float]:
    """Precision, recall and F1 of exact bead matches; beads with an empty side are left out."""
    pred, ref = _scored(predicted), _scored(gold)
    hits = len(pred & ref)
    return _prf(hits, len(pred), hits, len(ref))


def _lax_hits(test: set[Bead], gold: set[Bead]) -> set[Bead]:
    """Beads of ``test`` that share a sentence pair with some bead of ``gold``."""
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in gold:
        for i in a:
            partners[i].update(b)
    return {(a, b) for a, b in test if any(partners[i] & set(b) for i in a)}


def lax_scores(predicted: Iterable[Bead], gold: Iterable[Bead]) -> dict[str, float]:
    """Precision, recall and F1 where a bead overlapping a counterpart on both sides counts."""
    pred, ref = _scored(predicted), _scored(gold)
    return _prf(len(_lax_hits(pred, ref)), len(pred), len(_lax_hits(ref, pred)), len(ref))


def scores_by_kind(predicted: Iterable[Bead], gold: Iterable[Bead]) -> dict[str, dict[str, float]]:
    """Strict and lax precision/recall/F1 per link type (precision over predicted beads of the type,
    recall over gold beads of the type), plus counts; key ``"all"`` holds the totals."""
    pred, ref = _scored(predicted), _scored(gold)
    strict_hits = pred & ref
    lax_p, lax_r = _lax_hits(pred, ref), _lax_hits(ref, pred)
    kinds = sorted({kind(b) for b in pred | ref}, key=lambda k: (sum(map(int, k.split("-"))), k))
    out: dict[str, dict[str, float]] = {}
    for name in [*kinds, "all"]:
        def of(beads: set[Bead], name: str = name) -> set[Bead]:
            return beads if name == "all" else {b for b in beads if kind(b) == name}

        strict = _prf(len(of(strict_hits) & of(pred)), len(of(pred)), len(of(strict_hits) & of(ref)), len(of(ref)))
        lax = _prf(len(of(lax_p)), len(of(pred)), len(of(lax_r)), len(of(ref)))
        out[name] = {"gold": len(of(ref)), "predicted": len(of(pred)),
                     **{f"strict_{k}": v for k, v in strict.items()}, **{f"lax_{k}": v for k, v in lax.items()}}
    return out


def calibration(
    predicted: Sequence[tuple[Bead, float]], gold: Iterable[Bead], thresholds: tuple[float, float] = (0.5, 0.8)
) -> dict[str, dict[str, float]]:
    """Strict precision of scored links by confidence: below ``thresholds[0]``, between, and above
    ``thresholds[1]`` (each with its share of the links)."""
    ref = _scored(gold)
    low, high = thresholds
    bins = {f"< {low}": (-np.inf, low), f"{low}-{high}": (low, high), f"> {high}": (high, np.inf)}
    scored = [(bead, c) for bead, c in predicted if bead[0] and bead[1]]
    out = {}
    for name, (lo, hi) in bins.items():
        # Below ``low`` and above ``high`` are strict; the middle bin holds both of its ends.
        members = [bead for bead, c in scored
                   if (c < hi if lo == -np.inf else c > lo if hi == np.inf else lo <= c <= hi)]
        right = sum((tuple(a), tuple(b)) in ref for a, b in members)
        out[name] = {"links": len(members), "share": len(members) / len(scored) if scored else 0.0,
                     "precision": right / len(members) if members else 0.0}
    return out


def wrong_links(predicted: Sequence[Bead], gold: Iterable[Bead]) -> list[bool]:
    """Per predicted link (skips included): whether it is wrong. A link with both sides is right when it
    equals a gold bead; a left-out sentence is right when the gold pairs it with nothing either."""
    gold = list(gold)
    exact = _scored(gold)
    paired = ({i for a, b in gold if a and b for i in a}, {j for a, b in gold if a and b for j in b})
    out = []
    for a, b in predicted:
        if a and b:
            out.append((tuple(a), tuple(b)) not in exact)
        else:
            side, ids = (0, a) if a else (1, b)
            out.append(any(k in paired[side] for k in ids))
    return out


def flag_scores(
    predicted: Sequence[tuple[Bead, float]], gold: Iterable[Bead], below: float, most: float = 1.0
) -> dict[str, float]:
    """What an "alignment uncertain" finding on the links below ``below`` confidence does, on at most
    ``most`` of the links (:func:`review_app.align.uncertain.flagged`): the share of the links it flags
    (``share``) and the share of the wrong links it flags (``recall``), with counts."""
    wrong = wrong_links([bead for bead, _ in predicted], gold)
    marks = flagged([c for _, c in predicted], below, most)
    hits = sum(f and w for f, w in zip(marks, wrong, strict=True))
    return {"links": len(predicted), "flagged": sum(marks), "wrong": sum(wrong), "wrong_flagged": hits,
            "share": sum(marks) / len(predicted) if predicted else 0.0,
            "recall": hits / sum(wrong) if any(wrong) else 1.0}


def threshold_for_recall(wrong: Sequence[tuple[float, float]], recall: float) -> float:
    """The lowest ``below`` at which links with confidence under it hold ``recall`` of the wrong links'
    weight; ``wrong`` holds (confidence, weight) per wrong link (weights let each corpus count alike)."""
    if not wrong:
        return 0.0
    ordered = sorted(wrong)
    total = sum(w for _, w in ordered)
    reached = 0.0
    for confidence, weight in ordered:
        reached += weight
        if reached >= recall * total - 1e-12:
            return float(np.nextafter(confidence, np.inf))
    return float(np.nextafter(ordered[-1][0], np.inf))
