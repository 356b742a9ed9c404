"""Sentence scores and statistics of corrected texts, computed before a write transaction takes the lock.

Scoring is the costly part of a change of text (TER's edit distance, a plugin's model), and on
SQLite a write transaction holds the file's one write lock, so the scores are computed first, from
a read (see docs/ARCHITECTURE.md, "A store method that writes"): :func:`corrected_scores` for the
texts a change will write, then :meth:`Prescored.apply` in the transaction, which uses them when
the segment is still what they were computed from. Only when another session changed the segment
in between (a race) does it score there, so the stored scores are never those of another text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from review_app.model import AlignedSegment
from review_app.scoring.metrics import SegmentStats, scores_and_statistics
from review_app.scoring.registry import default_metrics, sentence_metrics, without_source
from review_app.store.models import Segment, scores_of, set_scores, set_stats, stats_of

Scores = dict[str, float | None]
# What a score depends on: the text scored, the reference, the source (and the MT, whose own
# scores a text equal to it takes).
_Key = tuple[int, str, str, str, "str | None"]


@dataclass(frozen=True, slots=True)
class Scored:
    """A corrected text's sentence scores and statistics rows (by metric id), stored together."""

    scores: Scores
    stats: SegmentStats

    def store(self, segment: Segment) -> None:
        """Write both onto ``segment``'s corrected side (in the write transaction)."""
        set_scores(segment, self.scores, corrected=True)
        set_stats(segment, self.stats, corrected=True)


def _key(segment: Segment, text: str) -> _Key:
    return segment.id, text, segment.mt, segment.ref, segment.src


def corrected_scores(texts: Sequence[tuple[Segment, str]]) -> dict[int, Scored]:
    """The sentence scores and statistics each segment's corrected text would have: the MT's own for a
    text that is the MT, the registry's sentence metrics (the costly ones left out; those needing the
    source where the segment has one) and the default corpus metrics' rows for the others, in one pass."""
    out = {segment.id: Scored(scores_of(segment), stats_of(segment)) for segment, text in texts if text == segment.mt}
    changed = [(segment, text) for segment, text in texts if text != segment.mt]
    with_source = [(s, t) for s, t in changed if s.src is not None]
    without = [(s, t) for s, t in changed if s.src is None]
    for part, has_source in ((with_source, True), (without, False)):
        if part:
            values = scores_and_statistics([text for _s, text in part], [[segment.ref for segment, _t in part]],
                                           without_source(sentence_metrics(), has_source),
                                           without_source(default_metrics(), has_source),
                                           [segment.src for segment, _t in part] if has_source else None)
            out.update((segment.id, Scored(v, rows)) for (segment, _t), (v, rows) in zip(part, values, strict=True))
    return out


@dataclass(slots=True)
class Prescored:
    """Corrected-text scores computed before the write, keyed by what they were computed from."""

    scores: dict[_Key, Scored] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[tuple[Segment, str]]) -> Prescored:
        """Score ``(segment, text)`` pairs now (outside any write transaction)."""
        pairs = list(texts)
        computed = corrected_scores(pairs)
        return cls({_key(segment, text): computed[segment.id] for segment, text in pairs})

    def apply(self, segment: Segment) -> None:
        """Set the corrected text's scores and statistics: the ones computed before when they fit, else computed now."""
        scored = self.scores.get(_key(segment, segment.corrected))
        if scored is None:  # the segment moved on since the read: a race, scored here
            scored = corrected_scores([(segment, segment.corrected)])[segment.id]
        scored.store(segment)


def with_statistics(segments: Sequence[AlignedSegment]) -> None:
    """Fill the MT's statistics rows of segments given without them (a caller that scored them some other
    way), in place, before the import's write transaction; segments that have them are left alone."""
    for has_source in (True, False):
        wanted = without_source(default_metrics(), has_source)
        part = [s for s in segments if (s.src is not None) == has_source and not set(wanted) <= set(s.stats)]
        if part:
            values = scores_and_statistics([s.mt for s in part], [[s.ref for s in part]], (), wanted,
                                           [s.src for s in part] if has_source else None)
            for segment, (_scores, rows) in zip(part, values, strict=True):
                segment.stats = {**rows, **segment.stats}
