"""The n-grams one system gets right more often than another (compare-mt's n-gram difference analysis).

For every n-gram (1 to 4 words) each system's *matches* are counted: occurrences in its output
that the reference of the same segment also has (clipped by the reference's count). A pair of
systems is compared by compare-mt's smoothed share ``(a + α) / (a + b + 2α)``: near 1 the
first system produces that n-gram correctly far more often, near 0 the second one does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_N, MAX_N = 1, 4
REPORT_LENGTH = 50
ALPHA = 1.0


def matched_ngrams(ref_tokens: Sequence[Sequence[str]], out_tokens: Sequence[Sequence[str]],
                   min_n: int = MIN_N, max_n: int = MAX_N) -> Counter[tuple[str, ...]]:
    """Matched n-gram counts of one system over the corpus."""
    matches: Counter[tuple[str, ...]] = Counter()
    for ref, out in zip(ref_tokens, out_tokens, strict=True):
        left: Counter[tuple[str, ...]] = Counter(
            tuple(ref[i: i + n]) for n in range(min_n, max_n + 1) for i in range(len(ref) - n + 1))
        for n in range(min_n, max_n + 1):
            for i in range(len(out) - n + 1):
                gram = tuple(out[i: i + n])
                if left[gram] > 0:
                    left[gram] -= 1
                    matches[gram] += 1
    return matches


@dataclass(frozen=True, slots=True)
class NgramDifference:
    """One n-gram with both systems' match counts and the smoothed share of the first."""

    ngram: str
    score: float
    left: int
    right: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"ngram": self.ngram, "score": self.score, "left": self.left, "right": self.right}


@dataclass(slots=True)
class NgramComparison:
    """Top n-grams in both directions for one pair of systems."""

    left: str
    right: str
    left_better: list[NgramDifference]
    right_better: list[NgramDifference]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"left": self.left, "right": self.right, "alpha": ALPHA, "n": [MIN_N, MAX_N],
                "left_better": [d.to_dict() for d in self.left_better],
                "right_better": [d.to_dict() for d in self.right_better]}


def compare_ngrams(
    left_name: str, left: Counter[tuple[str, ...]], right_name: str, right: Counter[tuple[str, ...]],
    report_length: int = REPORT_LENGTH, alpha: float = ALPHA,
) -> NgramComparison:
    """The ``report_length`` n-grams most in favour of each side; ties by larger counts, then text."""
    rows = [NgramDifference(" ".join(g), (left[g] + alpha) / (left[g] + right[g] + 2 * alpha), left[g], right[g])
            for g in set(left) | set(right)]
    for_left = sorted(rows, key=lambda d: (-d.score, -(d.left + d.right), d.ngram))[:report_length]
    for_right = sorted(rows, key=lambda d: (d.score, -(d.left + d.right), d.ngram))[:report_length]
    return NgramComparison(left_name, right_name, for_left, for_right)
