"""MQM scores of reviewed text: penalty per 1,000 words and the MQM framework's pass/fail.

Error weights are Google's WMT weights (Freitag et al. 2021) from :mod:`review_app.formats.mqm`:
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

from review_app.formats.mqm import GOOGLE_WMT, MqmWeights

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
        return (f"{GOOGLE_WMT.signature()}|critical:{CRITICAL_WEIGHT:g}|words:whitespace|"
                f"rwc:{REFERENCE_WORDS}|threshold:{self.threshold:g}")


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
