"""sacrebleu's paired significance tests computed from statistics already extracted once.

``sacrebleu.significance.PairedTest`` extracts every system's statistics again for each test
(TER's alone takes seconds per thousand segments). These functions take the per-segment rows of
:mod:`review_app.scoring.stats` instead and follow sacrebleu's code step for step: the same
generator and seed, the same resampling indices or coin flips, the same score functions on the
same sums, the same p-value rule, so every number equals ``PairedTest``'s (tests compare).
They work on any registered scorer's statistics (:mod:`.scorer`): how rows are summed exactly is
the scorer's (``Scorer.exact``), nothing here knows one metric from another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sacrebleu.significance import _compute_p_value, estimate_ci

from review_app.scoring.registry import metric_spec
from review_app.scoring.stats import bootstrap_seed, make_measure, resampled_sums

DEFAULT_SAMPLES: dict[str, int] = {"bs": 1000, "ar": 10000}
# Coin-flip rows drawn per block in the AR test, so its masks stay near 16 MB.
_AR_BLOCK_CELLS = 16_000_000


@dataclass(frozen=True, slots=True)
class PairedOutcome:
    """A system's score against the baseline: p-value, and (bootstrap, or AR with a CI) the mean and 95% CI."""

    score: float
    baseline: float
    p_value: float | None  # None for the baseline itself
    mean: float | None
    ci: float | None
    signature: str


def _seed() -> int | None:
    # PairedTest passes ``self._seed if self._seed else None``: seed 0 means OS entropy there
    # (unlike corpus_score's bootstrap, which seeds default_rng(0)).
    _, seed = bootstrap_seed()
    return seed if seed else None


def signature(name: str, test: str, n_samples: int, tokenize: str | None = None, num_refs: int = 1,
              ci_samples: int = 0) -> str:
    """The signature PairedTest prints for ``name`` under ``test`` (``bs`` or ``ar``; ``ci_samples``:
    the AR test's bootstrap resamples for a confidence interval)."""
    metric = make_measure(name, tokenize=tokenize)
    metric.num_refs = num_refs
    sig = metric.get_signature()
    # PairedTest prints the parsed seed, str(int(SACREBLEU_SEED)).lower(): 012 → 12, none → none
    # (corpus_score prints the text as given).
    sig.update("seed", str(bootstrap_seed()[1]).lower())
    sig.update(test, n_samples)
    if ci_samples > 0:
        sig.update("bs", ci_samples)
    return sig.format()


def baseline_result(
    name: str, baseline: np.ndarray, test: str, n_samples: int, *, tokenize: str | None = None,
    num_refs: int = 1, ci_samples: int = 0,
) -> PairedOutcome:
    """The baseline's line of ``PairedTest``'s table: its score and the mean and 95% CI of its own
    bootstrap (``n_samples`` resamples under ``bs``, ``ci_samples`` under ``ar``; none when 0), seeded
    as sacrebleu's ``_bootstrap_resample`` (``SACREBLEU_SEED``, 0 included); no p-value."""
    metric = make_measure(name, tokenize=tokenize)
    score = float(metric._aggregate_and_compute(_python_rows(baseline, name)).score)
    size = n_samples if test == "bs" else ci_samples
    mean = ci = None
    if size > 0:
        sums = resampled_sums({"bl": baseline}, size, seed=bootstrap_seed()[1])["bl"]
        mean, ci = estimate_ci(np.array([metric._compute_score_from_stats(row).score for row in sums]))
    return PairedOutcome(score, score, None, None if mean is None else float(mean), None if ci is None else float(ci),
                         signature(name, test, n_samples, tokenize, num_refs, ci_samples if test == "ar" else 0))


def paired_bootstrap(
    name: str, baseline: np.ndarray, system: np.ndarray, n_samples: int = 1000, *,
    tokenize: str | None = None, num_refs: int = 1,
) -> PairedOutcome:
    """sacrebleu's ``_paired_bs_test`` on one metric's per-segment statistics (rows of :mod:`.stats`)."""
    metric = make_measure(name, tokenize=tokenize)
    bl_score = metric._aggregate_and_compute(_python_rows(baseline, name)).score
    sys_score = metric._aggregate_and_compute(_python_rows(system, name)).score
    # sacrebleu's indices and float32 sums, seeded as PairedTest seeds its systems' tests
    sums = resampled_sums({"bl": baseline, "sys": system}, n_samples, seed=_seed())
    scores_bl = np.array([metric._compute_score_from_stats(row).score for row in sums["bl"]])
    scores_sys = np.array([metric._compute_score_from_stats(row).score for row in sums["sys"]])
    mean, ci = estimate_ci(scores_sys)
    diffs = np.abs(scores_sys - scores_bl)
    p = _compute_p_value(diffs - diffs.mean(), abs(bl_score - sys_score))
    return PairedOutcome(float(sys_score), float(bl_score), float(p), float(mean), float(ci),
                         signature(name, "bs", n_samples, tokenize, num_refs))


def approximate_randomization(
    name: str, baseline: np.ndarray, system: np.ndarray, n_samples: int = 10000, *,
    tokenize: str | None = None, num_refs: int = 1, ci_samples: int = 0,
) -> PairedOutcome:
    """sacrebleu's ``_paired_ar_test`` on per-segment statistics; with ``ci_samples`` > 0 also its
    bootstrap CI of the system (``n_ar_confidence``), drawn from the same generator after the trials."""
    metric = make_measure(name, tokenize=tokenize)
    bl, sy = _sacrebleu_array(baseline, name), _sacrebleu_array(system, name)
    bl_score = metric._aggregate_and_compute(_python_rows(baseline, name)).score
    sys_score = metric._aggregate_and_compute(_python_rows(system, name)).score
    rng = np.random.default_rng(_seed())
    n = len(bl)
    # numpy draws booleans from 32-bit words and drops a call's unused bits, so blocks give the
    # same stream as one call only when each block holds a whole number of words.
    unit = 32 // math.gcd(n, 32)
    block = max(unit, (_AR_BLOCK_CELLS // max(n, 1)) // unit * unit)
    diffs = np.empty(n_samples)
    done = 0
    while done < n_samples:
        size = min(block, n_samples - done)
        pos = rng.integers(2, size=(size, n), dtype=bool)
        neg = ~pos
        shuf_a, shuf_b = pos @ bl + neg @ sy, neg @ bl + pos @ sy
        a = np.array([metric._aggregate_and_compute(x).score for x in shuf_a[:, None]])
        b = np.array([metric._aggregate_and_compute(x).score for x in shuf_b[:, None]])
        diffs[done: done + size] = np.abs(a - b)
        done += size
    p = _compute_p_value(diffs, abs(bl_score - sys_score))
    mean = ci = None
    if ci_samples > 0:
        sums = resampled_sums({"sys": system}, ci_samples, seed=None, rng=rng)["sys"]
        mean, ci = estimate_ci(np.array([metric._compute_score_from_stats(row).score for row in sums]))
    return PairedOutcome(float(sys_score), float(bl_score), float(p), None if mean is None else float(mean),
                         None if ci is None else float(ci),
                         signature(name, "ar", n_samples, tokenize, num_refs, ci_samples))


def _sacrebleu_array(rows: np.ndarray, name: str) -> np.ndarray:
    """The rows as the array sacrebleu's AR test builds from its lists (the scorer's exact sums)."""
    return metric_spec(name).exact(rows)


def _python_rows(rows: np.ndarray, name: str) -> list[list[int | float]]:
    """The rows as sacrebleu's extraction returns them (Python numbers), for its own summation."""
    rows_list: list[list[int | float]] = _sacrebleu_array(rows, name).tolist()
    return rows_list
