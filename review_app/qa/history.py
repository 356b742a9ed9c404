"""Run history for ``qa``: what a run records, and the gate against a previous run.

A run is compared with a baseline run metric by metric. When both scored the same segments (equal
``segments_digest``: same documents, references and sources in the same order) the test is
sacrebleu's paired bootstrap on the two runs' per-segment statistics; otherwise the two 95%
bootstrap confidence intervals are compared, and only intervals that do not overlap count. A
metric *regresses* when the current run is worse and the difference is significant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from review_app.qa.summary_types import Gate, QaSummary, ScoreEntry
from review_app.scoring.paired import paired_bootstrap
from review_app.scoring.registry import metric_spec

ALPHA = 0.05


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(inputs: Mapping[str, str | None]) -> dict[str, Any]:
    """SHA-256 of every input: a file's hash, or a folder's files' hashes by relative path."""
    hashes: dict[str, Any] = {}
    for role, value in inputs.items():
        if not value:
            continue
        path = Path(value)
        if path.is_file():
            hashes[role] = {"path": value, "sha256": file_digest(path)}
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            hashes[role] = {"path": value, "files": {str(p.relative_to(path)): file_digest(p) for p in files}}
    return hashes


@dataclass(frozen=True, slots=True)
class BaselineCheck:
    """One metric of the current run against the baseline run, with the evidence."""

    metric: str
    current: float
    baseline: float
    method: str  # "paired bootstrap" or "CI overlap"
    p_value: float | None
    current_ci: float | None
    baseline_ci: float | None
    worse: bool
    regression: bool
    message: str


def _worse(metric: str, current: float, baseline: float) -> bool:
    return current < baseline if metric_spec(metric).higher_is_better else current > baseline


def compare_with_baseline(
    baseline_name: str,
    current_scores: Mapping[str, ScoreEntry], current_stats: Mapping[str, np.ndarray], current_digest: str,
    baseline_scores: Mapping[str, Any], baseline_stats: Mapping[str, np.ndarray], baseline_digest: str,
    *, n_bootstrap: int = 1000, tokenize: str | None = None,
) -> list[BaselineCheck]:
    """Each metric both runs scored: is the current run significantly worse than the baseline?"""
    checks = []
    for metric, entry in current_scores.items():
        if metric not in baseline_scores:
            continue
        current, baseline = float(entry["score"]), float(baseline_scores[metric]["score"])
        cur_ci, base_ci = entry.get("ci_95"), baseline_scores[metric].get("ci_95")
        worse = _worse(metric, current, baseline)
        label = metric_spec(metric).label
        same = (current_digest == baseline_digest and metric in current_stats and metric in baseline_stats
                and len(current_stats[metric]) == len(baseline_stats[metric]) > 1)
        p_value = None
        if same:
            outcome = paired_bootstrap(metric, baseline_stats[metric], current_stats[metric], max(n_bootstrap, 2),
                                       tokenize=tokenize)
            assert outcome.p_value is not None  # a system against the baseline always has one
            p_value = outcome.p_value
            regression = worse and p_value < ALPHA
            method = "paired bootstrap"
            evidence = f"paired bootstrap on the same segments, p = {p_value:.4f}"
        elif cur_ci is not None and base_ci is not None:
            apart = abs(current - baseline) > cur_ci + base_ci
            regression = worse and apart
            method = "CI overlap"
            evidence = (f"different segments; 95% CIs ±{cur_ci:.2f} and ±{base_ci:.2f} "
                        + ("do not overlap" if apart else "overlap"))
        else:
            regression, method = False, "none"
            evidence = "different segments and no confidence intervals (--bootstrap 0): not tested"
        verdict = "significant regression" if regression else ("worse, not significant" if worse else "not worse")
        message = (f"{label} {current:.2f} vs {baseline:.2f} in run {baseline_name!r} ({current - baseline:+.2f}): "
                   f"{verdict}; {evidence}")
        checks.append(BaselineCheck(metric, current, baseline, method, p_value, cur_ci, base_ci, worse, regression,
                                    message))
    return checks


def add_baseline_gates(summary: QaSummary, baseline_name: str, checks: list[BaselineCheck]) -> None:
    """Add one gate per compared metric to the summary's verdict, and the evidence under ``baseline``."""
    results = summary["thresholds"]
    for check in checks:
        gate: Gate = {"kind": f"baseline_{check.metric}", "value": check.current, "threshold": check.baseline,
                      "passed": not check.regression, "message": check.message}
        results["gates"].append(gate)
        if check.regression:
            results["failures"].append(gate)
    results["passed"] = not results["failures"]
    summary["settings"]["baseline"] = {"run": baseline_name, "checks": [asdict(c) for c in checks]}
