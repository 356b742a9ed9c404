"""Post-editing edit rates as registered metrics: HTER and the character edit rate (docs/effort.md).

Both score the MT (hypothesis) against its post-edit given as the reference, so they mean something
only when the reference *is* a post-edit of that MT (``qa``/``compare`` ``--pe``, the store's
corrected text): they are registered but ``on_request``, run only when named in ``--metrics``.
Both are :class:`~review_app.scoring.scorer.RateScorer` s (rows ``[edits, length]``, a corpus rate is
their sums' ratio), so they get bootstrap intervals, paired tests and ``qa`` gates (``--max-hter``,
``--max-edit-rate``) from the shared engine.

* **HTER**: sacrebleu's TER statistics (the compiled search or sacrebleu's, the same numbers; TER's
  defaults: case-insensitive, tercom tokens, punctuation kept, shifts searched), scored on TER's scale
  and capped at 100, MLQE-PE's ``min(1, TER)`` as a percentage.
* **Character edit rate**: ``100 × Levenshtein(MT, PE) / max(len MT, len PE)`` on characters
  (rapidfuzz), case included: the scale of Matecat's post-editing effort.

``review_app.effort`` computes its per-segment measures through these functions, so the effort
report, the CLI and the registered metrics are one definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sacrebleu
from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics.base import Score
from sacrebleu.metrics.ter import TER

from review_app.scoring.accel import ter_statistics
from review_app.scoring.scorer import AnyMeasure, RateMeasure, RateScorer

HTER_CAP = 100.0  # MLQE-PE caps HTER at 1 (100 on TER's scale)


def hter_rows(mts: Sequence[str], pes: Sequence[Sequence[str]]) -> list[list[Any]]:
    """TER's ``[edits, average post-edit length]`` per segment, with TER's defaults (``pes``: reference streams)."""
    return ter_statistics(TER(), mts, pes) if mts else []


def hter_of(edits: float, length: float) -> float:
    """HTER (0–1) of one segment's TER statistics: an empty post-edit is 1 when the MT has words, else 0."""
    if length > 0:
        return min(1.0, edits / length)
    return 1.0 if edits > 0 else 0.0


def char_edits(mt: str, pe: str) -> tuple[int, int]:
    """(Levenshtein distance in characters, the longer text's length): the character edit rate's row."""
    return int(Levenshtein.distance(mt, pe)), max(len(mt), len(pe))


class HterMeasure(RateMeasure):
    """TER's ratio capped at :data:`HTER_CAP` (segment and corpus)."""

    def _compute_score_from_stats(self, stats: Sequence[Any]) -> Score:
        score = super()._compute_score_from_stats(stats)
        score.score = min(HTER_CAP, score.score)
        return score


class HterScorer(RateScorer):
    """HTER: TER of the MT against its post-edit, capped at 100."""

    id = "hter"
    label = "HTER"
    on_request = True

    def options(self) -> Mapping[str, Any]:
        # TER's settings behind the edits (sacrebleu's TER signature fields and values) and the cap
        return {"case": "lc", "tok": "tercom", "norm": "no", "punct": "yes", "asian": "no", "shifts": "yes",
                "cap": int(HTER_CAP), "sacrebleu": sacrebleu.__version__}

    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> AnyMeasure:
        return HterMeasure(self)

    def segment_counts(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[tuple[float, float]]:
        return [(float(edits), float(length)) for edits, length in hter_rows(hypotheses, references)]


class EditRateScorer(RateScorer):
    """The character edit rate: Levenshtein distance per character of the longer text (first reference)."""

    id = "edit-rate"
    label = "Edit rate"
    on_request = True
    counts = True

    def options(self) -> Mapping[str, Any]:
        return {"unit": "char", "dist": "levenshtein", "norm": "max-len", "case": "yes"}

    def segment_counts(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[tuple[float, float]]:
        return [char_edits(mt, pe) for mt, pe in zip(hypotheses, references[0], strict=True)]
