#!/usr/bin/env python
"""Train the chrome model (:mod:`review_app.checks.chromemodel`) and write its weights.

Positives: the page-furniture lines (``chrome``, ``inline``, ``credit``) of the development sites of
``scripts/data/page_lines.tsv``. Negatives: the same sites' main-text lines, the English source of
WMT21 newstest (news sentences and headlines) and the MT of MLQE-PE ru→en test20 — never the
corpora ``scripts/eval_checks.py`` measures false alarms on (MQM TED, MLQE-PE dev, WMT21 en→ru
Russian, Izvestia). The held-out sites (``heldout_sites``) are never read here.

    .venv/bin/python scripts/train_chrome_model.py [--write]
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review_app.checks import chromemodel  # noqa: E402

PAGE_LINES = REPO / "scripts" / "data" / "page_lines.tsv"
SHARED = REPO.parent / "shared" / "corpora"
NEGATIVE_FILES = (
    SHARED / "wmt21-newstest-en-ru" / "txt" / "newstest2021.en-ru.src.en",
    SHARED / "mlqe-pe-ru-en" / "test20" / "test20.mt",
)
WEIGHTS = REPO / "review_app" / "checks" / "chrome_weights.py"
FURNITURE = {"chrome", "inline", "credit"}


def heldout_site(site: str) -> bool:
    """A third of the sites, fixed by a hash of the name: never used in training or development."""
    return zlib.crc32(site.encode()) % 3 == 0


def page_lines(path: Path = PAGE_LINES) -> list[tuple[str, str, str]]:
    """(site, role, line) rows of the labelled page lines."""
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        site, role, line = raw.split("\t", 2)
        rows.append((site, role, line))
    return rows


def negatives() -> list[str]:
    """Real sentences and headlines (no page furniture)."""
    found: list[str] = []
    for path in NEGATIVE_FILES:
        if path.is_file():
            found += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return found


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 300,
        weights: np.ndarray | None = None) -> np.ndarray:
    """Logistic-regression weights by Newton's method (L2 penalty, the bias unpenalised); ``weights`` per row."""
    w = np.zeros(x.shape[1])
    sample = np.ones(len(y)) if weights is None else weights
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = _sigmoid(x @ w)
        grad = x.T @ (sample * (p - y)) + penalty * w
        hess = (x * (sample * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def train(rows: Iterable[tuple[str, str, str]], extra_negatives: list[str]) -> np.ndarray:
    """Weights from page rows (furniture vs. main text) plus extra negative lines, classes weighted equally."""
    lines, labels = [], []
    for _, role, line in rows:
        lines.append(line)
        labels.append(1.0 if role in FURNITURE else 0.0)
    lines += extra_negatives
    labels += [0.0] * len(extra_negatives)
    y = np.array(labels)
    x = np.array([chromemodel.vector(line) for line in lines], dtype=float)
    pos = max(1.0, y.sum())
    weights = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(1.0, len(y) - pos)))
    return fit(x, y, weights=weights)


def render(weights: np.ndarray) -> str:
    """The weights module's source."""
    body = "".join(f"    {w:+.6f},  # {name}\n" for name, w in zip(chromemodel.FEATURES, weights, strict=True))
    return (
        '"""Weights of the chrome model, written by ``scripts/train_chrome_model.py`` (do not edit by hand)."""\n\n'
        f"WEIGHTS: tuple[float, ...] = (\n{body})\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Train on the development sites and print (or write) the weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.relative_to(REPO)}")
    args = parser.parse_args(argv)
    rows = [r for r in page_lines() if not heldout_site(r[0])]
    weights = train(rows, negatives())
    source = render(weights)
    if args.write:
        WEIGHTS.write_text(source, encoding="utf-8")
    print(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
