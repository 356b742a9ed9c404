"""The score gates of ``qa``, one per corpus metric of the registry: ``--min-<id>`` for a metric where
higher is better (``--min-chrf``, ``--min-bleu``, ``--min-chrf++``), ``--max-<id>`` for one where lower is
better (``--max-ter``). A plugin's metric gets its gate too."""

from __future__ import annotations

import math
from dataclasses import dataclass

from review_app.scoring.registry import METRICS, corpus_metrics


@dataclass(frozen=True, slots=True)
class GateSpec:
    """A metric's gate: its kind in ``summary.json`` (``min_chrf``), command-line flag and argparse dest."""

    metric: str
    kind: str
    flag: str
    dest: str
    minimum: bool  # the score must reach the threshold (else: must not exceed it)

    @property
    def help(self) -> str:
        """The flag's help line."""
        label = METRICS[self.metric].label
        return f"exit 1 when the overall corpus {label} is {'below' if self.minimum else 'above'} N"


def gate_spec(metric: str) -> GateSpec:
    """The gate of a registered corpus metric."""
    minimum = METRICS[metric].higher_is_better
    kind = f"{'min' if minimum else 'max'}_{metric}"
    dest = kind.replace("+", "p").replace("-", "_").replace(".", "_")  # chrf++ → min_chrfpp
    return GateSpec(metric, kind, f"--{kind.replace('_', '-', 1)}", dest, minimum)


def gate_specs() -> list[GateSpec]:
    """One gate per corpus metric, in registry order."""
    return [gate_spec(metric) for metric in corpus_metrics()]


def passes(value: float, threshold: float, minimum: bool) -> bool:
    """Whether the unrounded score passes (49.996 is below 50 although shown as 50.00)."""
    return value >= threshold if minimum else value <= threshold


def check_threshold(metric: str, value: float) -> str | None:
    """Why ``value`` cannot be a threshold of ``metric`` (its scorer's ``bounds``), or None."""
    bounds = METRICS[metric].bounds
    if not math.isfinite(value):
        return f"must be a finite number, got {value}"
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        return f"must be between {bounds[0]:g} and {bounds[1]:g}, got {value:g}"
    return None
