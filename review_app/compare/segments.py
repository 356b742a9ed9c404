"""The segments where two systems' sentence scores differ most, shown side by side with word diffs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from review_app.scoring.registry import METRICS
from review_app.text.diff import diff_html

TOP_SEGMENTS = 10


@dataclass(slots=True)
class SegmentView:
    """One segment: source, reference, every system's output with its sentence scores."""

    index: int
    src: str | None
    refs: list[str]
    outputs: dict[str, str]
    scores: dict[str, dict[str, float | None]]
    findings: dict[str, int] = field(default_factory=dict)

    def diff_html(self, system: str, baseline: str | None = None) -> str:
        """Escaped HTML of the word diff from the baseline's output (or the reference) to ``system``'s."""
        old = self.outputs[baseline] if baseline else self.refs[0]
        return diff_html(old, self.outputs[system])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"index": self.index, "src": self.src, "refs": self.refs, "outputs": self.outputs,
                "scores": self.scores, "findings": self.findings}


@dataclass(frozen=True, slots=True)
class SegmentDifference:
    """A segment where ``system`` is ``delta`` better (negative: worse) than the baseline on ``metric``."""

    index: int
    system: str
    baseline: str
    metric: str
    delta: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"index": self.index, "system": self.system, "baseline": self.baseline, "metric": self.metric,
                "delta": self.delta}


def largest_differences(
    names: Sequence[str], sentence: Sequence[Sequence[float | None]], baseline: str, metric: str,
    top: int = TOP_SEGMENTS,
) -> list[SegmentDifference]:
    """Per system, the ``top`` segments most better and most worse than the baseline (largest |Δ| first)."""
    base = sentence[names.index(baseline)]
    found: list[SegmentDifference] = []
    for name, values in zip(names, sentence, strict=True):
        if name == baseline:
            continue
        sign = 1.0 if METRICS[metric].higher_is_better else -1.0  # positive delta: the system is better
        deltas = [(sign * (v - b), i) for i, (v, b) in enumerate(zip(values, base, strict=True))
                  if v is not None and b is not None and v != b]
        better = sorted((d for d in deltas if d[0] > 0), key=lambda d: (-d[0], d[1]))[:top]
        worse = sorted((d for d in deltas if d[0] < 0), key=lambda d: (d[0], d[1]))[:top]
        found += [SegmentDifference(i, name, baseline, metric, float(d)) for d, i in better + worse]
    return found
