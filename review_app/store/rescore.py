"""Sentence scores of corrected texts, computed before a write transaction takes the lock.

Scoring is the costly part of a change of text (TER's edit distance, a plugin's model), and on
SQLite a write transaction holds the file's one write lock, so the scores are computed first, from
a read (see docs/ARCHITECTURE.md, "A store method that writes"): :func:`corrected_scores` for the
texts a change will write, then :meth:`Prescored.apply` in the transaction, which uses them when
the segment is still what they were computed from. Only when another session changed the segment
in between (a race) does it score there, so the stored scores are never those of another text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from review_app.scoring.metrics import sentence_scores
from review_app.scoring.registry import sentence_metrics, without_source
from review_app.store.models import Segment, scores_of, set_scores

Scores = dict[str, float | None]
# What a score depends on: the text scored, the reference, the source (and the MT, whose own
# scores a text equal to it takes).
_Key = tuple[int, str, str, str, "str | None"]


def _key(segment: Segment, text: str) -> _Key:
    return segment.id, text, segment.mt, segment.ref, segment.src


def corrected_scores(texts: Sequence[tuple[Segment, str]]) -> dict[int, Scores]:
    """The sentence scores each segment's corrected text would have: the MT's own scores for a text
    that is the MT, the registry's sentence metrics (the costly ones left out; those needing the
    source where the segment has one) for the others, in one pass."""
    out = {segment.id: scores_of(segment) for segment, text in texts if text == segment.mt}
    changed = [(segment, text) for segment, text in texts if text != segment.mt]
    with_source = [(s, t) for s, t in changed if s.src is not None]
    without = [(s, t) for s, t in changed if s.src is None]
    for part, has_source in ((with_source, True), (without, False)):
        if part:
            values = sentence_scores([text for _s, text in part], [[segment.ref for segment, _t in part]],
                                     without_source(sentence_metrics(), has_source),
                                     [segment.src for segment, _t in part] if has_source else None)
            out.update((segment.id, v) for (segment, _t), v in zip(part, values, strict=True))
    return out


@dataclass(slots=True)
class Prescored:
    """Corrected-text scores computed before the write, keyed by what they were computed from."""

    scores: dict[_Key, Scores] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[tuple[Segment, str]]) -> Prescored:
        """Score ``(segment, text)`` pairs now (outside any write transaction)."""
        pairs = list(texts)
        computed = corrected_scores(pairs)
        return cls({_key(segment, text): computed[segment.id] for segment, text in pairs})

    @classmethod
    def given(cls, segment: Segment, text: str, scores: Mapping[int, Scores]) -> Prescored:
        """Scores computed elsewhere (a batch's check step) for ``segment``'s ``text``."""
        return cls({_key(segment, text): dict(scores[segment.id])})

    def apply(self, segment: Segment) -> None:
        """Set the corrected text's scores: the ones computed before when they fit, else computed now."""
        values = self.scores.get(_key(segment, segment.corrected))
        if values is None:  # the segment moved on since the read: a race, scored here
            values = corrected_scores([(segment, segment.corrected)])[segment.id]
        set_scores(segment, values, corrected=True)
