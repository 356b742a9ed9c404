"""Post-editing effort of one segment: HTER, character edit rate, similarity and its fuzzy band.

Pure functions over an MT text and its post-edit (the reviewer's corrected text); nothing here
reads a database or a file, so the CLI, the store's reports and later the metric registry share them.

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

from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics.ter import TER

from review_app.scoring.accel import ter_statistics
from review_app.scoring.stats import make_metric


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


def hter_from_statistics(edits: float, ref_length: float) -> float:
    """HTER from TER's statistics as sacrebleu scores them (an empty post-edit: 1 if the MT has words, else 0),
    capped at 1."""
    if ref_length > 0:
        return min(1.0, edits / ref_length)
    return 1.0 if edits > 0 else 0.0


def hters(mts: Sequence[str], pes: Sequence[str]) -> list[float]:
    """HTER of each MT against its post-edit (sacrebleu's TER defaults, with shifts)."""
    if len(mts) != len(pes):
        raise ValueError(f"{len(mts)} MT segments but {len(pes)} post-edits")
    if not mts:
        return []
    metric = make_metric("ter")
    assert isinstance(metric, TER)  # the registry's "ter"
    rows = ter_statistics(metric, list(mts), [list(pes)])
    return [hter_from_statistics(edits, length) for edits, length in rows]


def edit_distance(mt: str, pe: str) -> int:
    """Levenshtein distance in characters (insertions, deletions and substitutions cost 1)."""
    return int(Levenshtein.distance(mt, pe))


def edit_rate(mt: str, pe: str) -> float:
    """Character edit rate, 0–100: the Levenshtein distance relative to the longer text (0 for two empty texts)."""
    longer = max(len(mt), len(pe))
    return 100.0 * edit_distance(mt, pe) / longer if longer else 0.0


def similarity(mt: str, pe: str) -> int:
    """``⌊100 − edit rate⌋`` in exact integers: 100 only for identical texts."""
    longer = max(len(mt), len(pe))
    if not longer:
        return 100
    return (100 * (longer - edit_distance(mt, pe))) // longer


def band_of(similarity_percent: int) -> str:
    """The label of the band holding a whole similarity percentage (0–100)."""
    for band in BANDS:
        if band.low <= similarity_percent <= band.high:
            return band.label
    raise ValueError(f"similarity {similarity_percent} is not within 0-100")


def segment_efforts(mts: Sequence[str], pes: Sequence[str]) -> list[SegmentEffort]:
    """Every measure of every (MT, post-edit) pair, HTERs computed in one batch."""
    out = []
    for (mt, pe), hter in zip(zip(mts, pes, strict=True), hters(mts, pes), strict=True):
        distance = edit_distance(mt, pe)
        longer = max(len(mt), len(pe))
        rate = 100.0 * distance / longer if longer else 0.0
        percent = (100 * (longer - distance)) // longer if longer else 100
        out.append(SegmentEffort(hter, rate, distance, percent, band_of(percent), len(mt.split()), mt == pe))
    return out


def hter_signature() -> str:
    """sacrebleu's signature of the TER behind HTER (its settings and version)."""
    metric = make_metric("ter")
    metric.corpus_score(["x"], [["x"]])  # sacrebleu names the number of references only once it has scored
    return str(metric.get_signature())


SIGNATURE_EDIT_RATE = "chars|levenshtein|norm:max-len|case:yes|scale:0-100"
SIGNATURE_BAND = "floor(100-edit_rate)|100,95-99,85-94,75-84,50-74,<50"
