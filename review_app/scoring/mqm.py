"""MQM scores: Google's WMT system scores of MQM TSV rows, and the MQM framework's pass/fail.

System scores follow Google's WMT practice (Freitag et al. 2021): weights summed per (system,
segment, rater), averaged over raters per segment, then over the system's segments; lower is better.

Error weights are Google's WMT weights:
major 5, minor 1, minor ``Fluency/Punctuation`` 0.1, major ``Non-translation`` 25, neutral 0.
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


@dataclass(frozen=True, slots=True)
class MqmWeights:
    """Error weights by severity; the defaults are Google's WMT weights."""

    name: str = "google-wmt"
    major: float = 5.0
    minor: float = 1.0
    minor_punctuation: float = 0.1
    non_translation: float = 25.0

    def weight(self, category: str, severity: str) -> float:
        """Weight of one annotation; ``ValueError`` for an unknown severity."""
        sev, cat = severity.lower(), category.lower()
        if sev == "major":
            return self.non_translation if cat.startswith("non-translation") else self.major
        if sev == "minor":
            return self.minor_punctuation if cat == "fluency/punctuation" else self.minor
        if sev in ("neutral", "no-error"):
            return 0.0
        raise ValueError(f"unknown MQM severity {severity!r}")

    def signature(self) -> str:
        """Everything that changes the number, to print beside it."""
        return (
            f"mqm|weights:{self.name}|major:{self.major:g}|minor:{self.minor:g}|minor-punct:{self.minor_punctuation:g}"
            f"|non-translation:{self.non_translation:g}|avg:raters>segments"
        )


GOOGLE_WMT = MqmWeights()


@dataclass(frozen=True, slots=True)
class SystemScore:
    """A system's MQM score (mean segment score, lower is better) over ``segments`` segments."""

    system: str
    score: float
    segments: int


def mqm_segment_scores(rows: Iterable[MqmRow], weights: MqmWeights = GOOGLE_WMT) -> dict[tuple[str, str, str], float]:
    """Score per (system, doc, seg_id): weights summed per rater, then averaged over raters."""
    per_rater: dict[tuple[str, str, str], dict[str, float]] = {}
    for row in rows:
        sums = per_rater.setdefault((row.system, row.doc, row.seg_id), {})
        sums[row.rater] = sums.get(row.rater, 0.0) + weights.weight(row.category, row.severity)
    return {key: sum(sums.values()) / len(sums) for key, sums in per_rater.items()}


def mqm_system_scores(rows: Iterable[MqmRow], weights: MqmWeights = GOOGLE_WMT) -> list[SystemScore]:
    """Per system: the mean of its segment scores, best (lowest) first."""
    totals: dict[str, list[float]] = {}
    for (system, _doc, _seg), score in mqm_segment_scores(rows, weights).items():
        totals.setdefault(system, []).append(score)
    scores = [SystemScore(system, sum(values) / len(values), len(values)) for system, values in totals.items()]
    return sorted(scores, key=lambda s: (s.score, s.system))


def mqm_scores(rows: Iterable[MqmRow], weights: MqmWeights = GOOGLE_WMT) -> dict[str, float]:
    """System MQM scores ``{system: score}``, best first."""
    return {s.system: s.score for s in mqm_system_scores(rows, weights)}


CRITICAL_WEIGHT = 25.0
REFERENCE_WORDS = 1000
DEFAULT_THRESHOLD = 99.0
SEVERITIES: tuple[str, ...] = ("neutral", "minor", "major", "critical")

# The MQM typology as used in Google's WMT annotations (which our checks' categories follow).
CATEGORIES: tuple[str, ...] = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Accuracy/Untranslated",
    "Fluency/Grammar",
    "Fluency/Spelling",
    "Fluency/Punctuation",
    "Fluency/Register",
    "Fluency/Inconsistency",
    "Fluency/Character encoding",
    "Terminology/Wrong term",
    "Terminology/Inconsistent use of terminology",
    "Style/Awkward",
    "Locale convention/Number format",
    "Locale convention/Date format",
    "Locale convention/Currency format",
    "Design/Extraneous text",
    "Design/Markup",
    "Non-translation!",
    "Source error",
    "Other",
)


def weights_signature(weights: MqmWeights = GOOGLE_WMT) -> str:
    """The weights' signature with the critical multiplier, shared by every MQM score we print."""
    return f"{weights.signature()}|critical:{CRITICAL_WEIGHT:g}"


def weight(category: str, severity: str, weights: MqmWeights = GOOGLE_WMT) -> float:
    """Penalty points of one error; ``ValueError`` for an unknown severity."""
    if severity.lower() == "critical":
        return CRITICAL_WEIGHT
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
