"""Effort of a group of segments (a document, a project, an MT system, a reviewer): bands and word-weighted means.

Every average is weighted by the segments' MT words (``SegmentEffort.words``), as localization
reports weigh by words: a one-word title edited completely counts less than a long sentence. The
weighted median is the lower one: the smallest value whose segments, with those below it, hold at
least half the words.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, TypeVar

from review_app.effort.measures import BAND_LABELS, SegmentEffort

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class BandCount:
    """Segments and MT words in one band."""

    segments: int = 0
    words: int = 0


class BandDict(TypedDict):
    """One band as JSON."""

    segments: int
    words: int


class EffortDict(TypedDict):
    """An :class:`EffortSummary` as JSON (``effort --json``'s summary; ``qa --pe``'s and ``compare --pe``'s)."""

    segments: int
    words: int
    bands: dict[str, BandDict]
    hter_mean: float | None
    hter_median: float | None
    edit_rate_mean: float | None
    edit_rate_median: float | None
    unchanged: int
    accepted_share: float | None


@dataclass(frozen=True, slots=True)
class EffortSummary:
    """The effort of a group: band distribution, word-weighted HTER and edit rate, share accepted as is.

    Means and medians are ``None`` when the group has no words.
    """

    segments: int
    words: int
    bands: dict[str, BandCount] = field(default_factory=dict)  # in BAND_LABELS order
    hter_mean: float | None = None
    hter_median: float | None = None
    edit_rate_mean: float | None = None
    edit_rate_median: float | None = None
    unchanged: int = 0  # segments accepted as is (post-edit identical to the MT)

    @property
    def accepted_share(self) -> float | None:
        """Share of the segments accepted as is (0–1; ``None`` without segments)."""
        return self.unchanged / self.segments if self.segments else None

    def to_dict(self) -> EffortDict:
        """A JSON-ready dictionary (the ``effort --json`` contract's summary)."""
        return {
            "segments": self.segments, "words": self.words,
            "bands": {label: {"segments": b.segments, "words": b.words} for label, b in self.bands.items()},
            "hter_mean": self.hter_mean, "hter_median": self.hter_median,
            "edit_rate_mean": self.edit_rate_mean, "edit_rate_median": self.edit_rate_median,
            "unchanged": self.unchanged, "accepted_share": self.accepted_share,
        }


def weighted_mean(values: Sequence[float], weights: Sequence[int]) -> float | None:
    """Σ value·weight / Σ weight (``None`` when the weights sum to 0)."""
    total = sum(weights)
    return sum(v * w for v, w in zip(values, weights, strict=True)) / total if total else None


def weighted_median(values: Sequence[float], weights: Sequence[int]) -> float | None:
    """The lower weighted median (``None`` when the weights sum to 0)."""
    total = sum(weights)
    if not total:
        return None
    reached = 0
    for value, weight in sorted(zip(values, weights, strict=True)):
        reached += weight
        if 2 * reached >= total:
            return value
    raise AssertionError("unreachable: the weights reach their total")


def summarize(efforts: Iterable[SegmentEffort]) -> EffortSummary:
    """The summary of these segments."""
    items = list(efforts)
    counts = {label: [0, 0] for label in BAND_LABELS}
    for e in items:
        counts[e.band][0] += 1
        counts[e.band][1] += e.words
    weights = [e.words for e in items]
    hter = [e.hter for e in items]
    rate = [e.edit_rate for e in items]
    return EffortSummary(
        segments=len(items), words=sum(weights),
        bands={label: BandCount(n, w) for label, (n, w) in counts.items()},
        hter_mean=weighted_mean(hter, weights), hter_median=weighted_median(hter, weights),
        edit_rate_mean=weighted_mean(rate, weights), edit_rate_median=weighted_median(rate, weights),
        unchanged=sum(e.unchanged for e in items),
    )


def summarize_by(keys: Iterable[K], efforts: Iterable[SegmentEffort]) -> dict[K, EffortSummary]:
    """One summary per key (``keys`` parallel to ``efforts``), in the order keys first appear."""
    groups: dict[K, list[SegmentEffort]] = {}
    for key, effort in zip(keys, efforts, strict=True):
        groups.setdefault(key, []).append(effort)
    return {key: summarize(items) for key, items in groups.items()}
