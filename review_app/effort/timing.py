"""Time to edit and words per hour from a review event log (who did what to which segment, when).

review_app records no "segment opened" event (presence is not review work and is not kept), so time
is read from the gaps between one reviewer's consecutive actions. The rule:

* a reviewer's actions (edit, fix, dismissal, status, annotation, comment, undo) are taken in time
  order, across documents;
* the gap before an action is the time that reviewer spent on the action's segment, when it is at
  most the idle threshold (:data:`IDLE_SECONDS`, 5 minutes by default);
* a longer gap is idle (a pause, another task) and counts nothing; so does the first action of the
  log, whose start is unknown: the segment's time is then only what its later actions add;
* an action of a mass change (a batch: a fix applied to all similar findings, an edit applied to
  its other occurrences) gets no time (the segments were not worked one by one) but still ends the
  gap before the reviewer's next action.

A segment's time to edit is the sum over its actions of all reviewers. Words per hour of a reviewer
are the MT words of the segments they have time on, per hour of that time; segments with no time
(only session starts or batch changes) are left out of both. Matecat's editing log similarly leaves
out of its speed figures segments edited faster than 0.25 or slower than 30 seconds a word.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

IDLE_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Action:
    """One review action: who (a stable key and the name to show), when, on which segment, part of a batch."""

    reviewer: Hashable
    at: datetime
    segment: Hashable
    batch: bool = False


@dataclass(frozen=True, slots=True)
class ReviewerSpeed:
    """A reviewer's active time, the segments and MT words it covers, and their words per hour."""

    reviewer: Hashable
    seconds: float
    segments: int
    words: int

    @property
    def words_per_hour(self) -> float | None:
        """MT words per hour of active time (``None`` without time)."""
        return 3600.0 * self.words / self.seconds if self.seconds > 0 else None


def active_seconds(actions: Iterable[Action], idle_seconds: float = IDLE_SECONDS
                   ) -> dict[tuple[Hashable, Hashable], float]:
    """Seconds per (segment, reviewer), by the rule of this module; actions of one reviewer keep their
    given order when their times are equal (give them in the order they were recorded)."""
    if idle_seconds < 0:
        raise ValueError(f"the idle threshold must not be negative (got {idle_seconds})")
    by_reviewer: dict[Hashable, list[Action]] = {}
    for action in actions:
        by_reviewer.setdefault(action.reviewer, []).append(action)
    out: dict[tuple[Hashable, Hashable], float] = {}
    for reviewer, own in by_reviewer.items():
        own.sort(key=lambda a: a.at)  # stable: equal times keep the recorded order
        for previous, action in pairwise(own):
            gap = (action.at - previous.at).total_seconds()
            if action.batch or gap > idle_seconds:
                continue
            key = (action.segment, reviewer)
            out[key] = out.get(key, 0.0) + gap
    return out


def segment_seconds(seconds: Mapping[tuple[Hashable, Hashable], float]) -> dict[Hashable, float]:
    """Time to edit per segment: the sum over its reviewers."""
    out: dict[Hashable, float] = {}
    for (segment, _reviewer), value in seconds.items():
        out[segment] = out.get(segment, 0.0) + value
    return out


def reviewer_speeds(seconds: Mapping[tuple[Hashable, Hashable], float], words: Mapping[Hashable, int]
                    ) -> dict[Hashable, ReviewerSpeed]:
    """Per reviewer: active seconds, the segments with time, their MT words (``words`` per segment)."""
    totals: dict[Hashable, list[float]] = {}
    for (segment, reviewer), value in seconds.items():
        if value <= 0:
            continue
        entry = totals.setdefault(reviewer, [0.0, 0, 0])
        entry[0] += value
        entry[1] += 1
        entry[2] += words.get(segment, 0)
    return {r: ReviewerSpeed(r, s, int(n), int(w)) for r, (s, n, w) in totals.items()}


def group_speeds(keys: Iterable[Hashable], words: Iterable[int], seconds: Iterable[float]
                 ) -> dict[Hashable, ReviewerSpeed]:
    """Active time, segments with time, their MT words and words per hour per group (a document, an MT
    system), from parallel per-segment keys, MT words and times to edit; segments without time are left out."""
    out: dict[Hashable, list[float]] = {}
    for key, count, value in zip(keys, words, seconds, strict=True):
        if value > 0:
            entry = out.setdefault(key, [0.0, 0, 0])
            entry[0] += value
            entry[1] += 1
            entry[2] += count
    return {key: ReviewerSpeed(key, s, int(n), int(w)) for key, (s, n, w) in out.items()}
