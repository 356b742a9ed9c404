"""Logistic regression by Newton's method, for the small models the training scripts fit (numpy only)."""

from __future__ import annotations

import numpy as np


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
