"""MQM scores: Google's WMT system scores of MQM TSV rows, and the MQM framework's pass/fail.

System scores follow Google's WMT practice (Freitag et al. 2021): weights summed per (system,
segment, rater), averaged over raters per segment, then over the system's segments; lower is better.

Error weights are Google's WMT weights (:data:`review_app.vocab.GOOGLE_WMT`): major 5, minor 1,
minor ``Fluency/Punctuation`` 0.1, major ``Non-translation`` 25, neutral 0.
Google's scheme has no *critical* level; the MQM framework's usual critical multiplier, 25, is
used for it. Following the MQM scoring model (themqm.org): the absolute penalty total (APT) is
the sum of the weights; normed to 1,000 words it is the penalty per 1,000 words; the overall
quality score is ``100 × (1 − APT / evaluation word count)``, and the text passes when that
score reaches the threshold (99 by default: at most 10 penalty points per 1,000 words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from review_app.formats.mqm import MqmRow
from review_app.vocab import GOOGLE_WMT, MqmWeights

REFERENCE_WORDS = 1000
DEFAULT_THRESHOLD = 99.0


@dataclass(frozen=True, slots=True)
class SystemScore:
    """A system's MQM score (mean segment score, lower is better) over ``segments`` segments."""

    system: str
    score: float
    segments: int


def mqm_segment_scores(rows: Iterable[MqmRow], weights: MqmWeights = GOOGLE_WMT) -> dict[tuple[str, str, str], float]:
    """Score per (system, doc, seg_id): weights summed per rater, then averaged over raters."""
    errors: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for row in rows:
        errors.setdefault((row.system, row.doc, row.seg_id), []).append((row.rater, row.category, row.severity))
    return {key: rater_average(rated, weights) for key, rated in errors.items()}


def rater_average(errors: Iterable[tuple[str, str, str]], weights: MqmWeights = GOOGLE_WMT) -> float:
    """One segment's score from ``(rater, category, severity)`` errors: summed per rater, averaged over raters.

    Raters who marked the segment ``No-error`` count with 0; ``ValueError`` for an unknown severity.
    """
    per_rater: dict[str, float] = {}
    for rater, category, severity in errors:
        per_rater[rater] = per_rater.get(rater, 0.0) + weight(category, severity, weights)
    return sum(per_rater.values()) / len(per_rater) if per_rater else 0.0


def mqm_system_scores(rows: Iterable[MqmRow], weights: MqmWeights = GOOGLE_WMT) -> list[SystemScore]:
    """Per system: the mean of its segment scores, best (lowest) first."""
    totals: dict[str, list[float]] = {}
    for (system, _doc, _seg), score in mqm_segment_scores(rows, weights).items():
        totals.setdefault(system, []).append(score)
    scores = [SystemScore(system, sum(values) / len(values), len(values)) for system, values in totals.items()]
    return sorted(scores, key=lambda s: (s.score, s.system))


def weights_signature(weights: MqmWeights = GOOGLE_WMT) -> str:
    """The weights' signature with the critical multiplier, shared by every MQM score we print."""
    return f"{weights.signature()}|critical:{weights.critical:g}"


def weight(category: str, severity: str, weights: MqmWeights = GOOGLE_WMT) -> float:
    """Penalty points of one error; ``ValueError`` for an unknown severity."""
    if severity.lower() == "critical":
        return weights.critical
    return weights.weight(category, severity)


def count_words(texts: Iterable[str]) -> int:
    """Whitespace-separated words (the evaluation word count of the target text)."""
    return sum(len(text.split()) for text in texts)


@dataclass(frozen=True, slots=True)
class MqmSummary:
    """Penalty total, its rate per 1,000 words, the overall quality score and the verdict."""

    errors: int
    penalty: float
    words: int
    per_1000: float
    quality_score: float
    threshold: float
    passed: bool
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, float] = field(default_factory=dict)

    def signature(self) -> str:
        """Everything that changes the numbers."""
        return f"{weights_signature()}|words:whitespace|rwc:{REFERENCE_WORDS}|threshold:{self.threshold:g}"


def mqm_summary(
    errors: Iterable[tuple[str, str]], words: int, *, threshold: float = DEFAULT_THRESHOLD,
    weights: MqmWeights = GOOGLE_WMT,
) -> MqmSummary:
    """Score ``(category, severity)`` errors over a text of ``words`` words."""
    penalty, count = 0.0, 0
    by_severity: dict[str, int] = {}
    by_category: dict[str, float] = {}
    for category, severity in errors:
        points = weight(category, severity, weights)
        penalty += points
        count += 1
        by_severity[severity] = by_severity.get(severity, 0) + 1
        by_category[category] = by_category.get(category, 0.0) + points
    per_word = penalty / words if words else 0.0
    quality = 100.0 * (1.0 - per_word)
    return MqmSummary(count, penalty, words, per_word * REFERENCE_WORDS, quality, threshold,
                      words > 0 and quality >= threshold, by_severity, by_category)
