"""Post-editing effort of one segment: HTER, character edit rate, similarity and its fuzzy band.

Pure functions over an MT text and its post-edit (the reviewer's corrected text); nothing here
reads a database or a file. The statistics are the registered metrics' (``scoring/edit_scorers.py``:
``hter`` and ``edit-rate``), so the CLI, the store's reports and ``score``/``qa``/``compare`` give one number.

* **HTER** is sacrebleu's TER of the MT (hypothesis) against the post-edit (reference) as a
  fraction, capped at 1: ``min(1, TER / 100)``, as MLQE-PE states its HTER (their ``.hter`` files are
  reproduced to six decimals, see docs/effort.md). TER's defaults: case-insensitive, whitespace
  tokens, punctuation kept, shifts searched (sacrebleu's port of tercom). The statistics come from the
  project's TER statistics (``scoring.accel``: the compiled beam search or sacrebleu itself, the same
  numbers).
* **Character edit rate** is ``100 × Levenshtein(MT, PE) / max(len(MT), len(PE))`` on characters,
  computed by rapidfuzz. Its scale is Matecat's post-editing effort (PEE): Matecat's editing log shows
  ``PEE = round((1 − TMS_MATCH(suggestion, translation)) × 100)`` clamped to 0–100
  (``EditLog_EditLogSegmentStruct::getPEE`` in matecat/MateCat, ``lib/Model/EditLog``; documented as "the
  percentage of the pre-translated content amended by the translator",
  https://site.matecat.com/support/advanced-features/editing-log/), i.e. 0 for an untouched
  suggestion, 100 for one replaced completely, the distance relative to the length of the texts.
  Matecat's ``TMS_MATCH`` is a word-level ``similar_text`` ratio with penalties for tags, numbers,
  punctuation and case (and lower-cases first); ours counts every character edit, case included, with
  plain Levenshtein normalised by the longer text, so it stays within 0–100 and is not rounded.
* **Similarity** is ``100 − edit rate`` and its **band** is the Trados/memoQ fuzzy band of
  ``⌊similarity⌋`` (exact integer arithmetic): 100 (unchanged text only), 95–99, 85–94, 75–84,
  50–74, below 50. Any change gives at most 99, so "100" means accepted as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from review_app.scoring.edit_scorers import char_edits, hter_of, hter_rows
from review_app.scoring.registry import metric_spec


@dataclass(frozen=True, slots=True)
class Band:
    """One edit-distance band: its label and the lowest and highest whole similarity it holds."""

    label: str
    low: int
    high: int


# Trados/memoQ's fuzzy-match bands, highest first.
BANDS: tuple[Band, ...] = (
    Band("100%", 100, 100),
    Band("95-99%", 95, 99),
    Band("85-94%", 85, 94),
    Band("75-84%", 75, 84),
    Band("50-74%", 50, 74),
    Band("<50%", 0, 49),
)
BAND_LABELS: tuple[str, ...] = tuple(b.label for b in BANDS)


@dataclass(frozen=True, slots=True)
class SegmentEffort:
    """The effort measures of one segment (``words``: the MT's whitespace words, the weight in aggregates)."""

    hter: float
    edit_rate: float  # 0–100
    edit_distance: int  # Levenshtein distance in characters
    similarity: int  # ⌊100 − edit rate⌋, 0–100
    band: str
    words: int
    unchanged: bool  # the post-edit is the MT exactly (accepted as is)


def hters(mts: Sequence[str], pes: Sequence[str]) -> list[float]:
    """HTER of each MT against its post-edit (sacrebleu's TER defaults, with shifts)."""
    if len(mts) != len(pes):
        raise ValueError(f"{len(mts)} MT segments but {len(pes)} post-edits")
    return [hter_of(edits, length) for edits, length in hter_rows(mts, [pes])]


def edit_distance(mt: str, pe: str) -> int:
    """Levenshtein distance in characters (insertions, deletions and substitutions cost 1)."""
    return char_edits(mt, pe)[0]


def edit_rate(mt: str, pe: str) -> float:
    """Character edit rate, 0–100: the Levenshtein distance relative to the longer text (0 for two empty texts)."""
    distance, longer = char_edits(mt, pe)
    return 100.0 * distance / longer if longer else 0.0


def similarity(mt: str, pe: str) -> int:
    """``⌊100 − edit rate⌋`` in exact integers: 100 only for identical texts."""
    distance, longer = char_edits(mt, pe)
    return (100 * (longer - distance)) // longer if longer else 100


def band_of(similarity_percent: int) -> str:
    """The label of the band holding a whole similarity percentage (0–100)."""
    for band in BANDS:
        if band.low <= similarity_percent <= band.high:
            return band.label
    raise ValueError(f"similarity {similarity_percent} is not within 0-100")


def segment_efforts(mts: Sequence[str], pes: Sequence[str]) -> list[SegmentEffort]:
    """Every measure of every (MT, post-edit) pair, HTERs computed in one batch."""
    if len(mts) != len(pes):
        raise ValueError(f"{len(mts)} MT segments but {len(pes)} post-edits")
    return efforts_from_statistics(mts, pes, hter_rows(mts, [pes]),
                                   [char_edits(mt, pe) for mt, pe in zip(mts, pes, strict=True)])


def efforts_from_statistics(mts: Sequence[str], pes: Sequence[str], hter_stats: Sequence[Sequence[float]],
                            char_stats: Sequence[Sequence[float]]) -> list[SegmentEffort]:
    """The measures from the registered metrics' rows (``hter``: TER's ``[edits, length]``, ``edit-rate``:
    ``[distance, longer length]``), as ``qa --pe`` has them: nothing is computed twice."""
    out = []
    for mt, pe, (edits, length), (dist, long) in zip(mts, pes, hter_stats, char_stats, strict=True):
        distance, longer = int(dist), int(long)
        rate = 100.0 * distance / longer if longer else 0.0
        percent = (100 * (longer - distance)) // longer if longer else 100
        out.append(SegmentEffort(hter_of(float(edits), float(length)), rate, distance, percent, band_of(percent),
                                 len(mt.split()), mt == pe))
    return out


def hter_signature() -> str:
    """The signature of the per-segment HTER: the registered ``hter`` metric's (TER's settings, the cap, versions)."""
    return metric_spec("hter").signature(sentence=True)


def edit_rate_signature() -> str:
    """The signature of the character edit rate: the registered ``edit-rate`` metric's."""
    return metric_spec("edit-rate").signature(sentence=True)


SIGNATURE_BAND = "floor(100-edit_rate)|100,95-99,85-94,75-84,50-74,<50"
