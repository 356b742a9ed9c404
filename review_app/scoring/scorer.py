"""The scorer interface: what every metric review_app computes implements, sacrebleu's or any other.

A :class:`Scorer` declares what a metric is (id, label, direction, whether it needs the source
text, whether it is costly to run) and how it scores: per-segment **sufficient statistics** (one row
of numbers per segment whose column sums give the corpus score) and a **measure** that turns a row
into a segment score and summed rows into a corpus score with its signature. Everything else is
shared: the statistics engine (:mod:`.stats`) streams the rows, sums them for corpus scores, draws
the bootstrap resamples, and :mod:`.paired` runs the paired tests, the same way for every metric.

sacrebleu's BLEU/chrF/chrF++/TER (:mod:`.sacrebleu_scorers`) are scorers whose measure is sacrebleu's
own metric object, so every number stays sacrebleu's. A metric whose corpus score is the mean of its
segment scores (COMET, a learned metric) subclasses :class:`MeanScorer` and writes only
:meth:`MeanScorer.score_segments`: its rows are ``[score, 1]``. An edit rate (HTER, a character edit
rate) subclasses :class:`RateScorer` and writes :meth:`RateScorer.segment_counts`: its rows are
``[edits, length]`` and its corpus rate their sums' ratio, as TER's. The same engine bootstraps and
tests both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sacrebleu.metrics.base import Metric, Score, Signature

from review_app import __version__


class Measure(ABC):
    """One configured instance of a metric, driven by the statistics engine.

    The method names are sacrebleu's (``Metric._compute_score_from_stats`` …) so that sacrebleu's
    metric objects are measures as they are; a non-sacrebleu scorer returns a subclass of this.
    ``num_refs``, ``n_bootstrap`` and ``seed`` go into the signature, as in sacrebleu.
    """

    def __init__(self) -> None:
        self.num_refs: int = 1
        self.n_bootstrap: int | None = None
        self.seed: str | None = None

    @abstractmethod
    def _compute_score_from_stats(self, stats: Sequence[Any]) -> Score:
        """The score of summed statistics (a corpus, a resample, or one segment's row)."""

    def _aggregate_and_compute(self, stats: Sequence[Sequence[Any]]) -> Score:
        """The score of statistics rows, summed column by column in row order."""
        totals = [sum(column) for column in zip(*stats, strict=True)] if len(stats) else []
        return self._compute_score_from_stats(totals)

    @abstractmethod
    def get_signature(self) -> Signature:
        """What reproduces the number: options, number of references, resamples, seed, versions."""


# The union the engine works with: sacrebleu's metric objects and review_app's measures.
AnyMeasure = Metric | Measure


class Scorer(ABC):
    """One metric as review_app uses it (see the module docstring).

    ``sentence``: scored per segment (stored per segment, the ``align`` contract, ``qa``'s
    segments); ``corpus``: corpus scores with confidence intervals, ``--metrics``, gates.
    ``needs_source``: its statistics use the source texts (``sources`` is then given, ``None``
    entries where a segment has none). ``costly``: slow or needs a model; left out of the default
    metrics and of the scores recomputed after every edit, run only when asked for.
    ``on_request``: meaningful only in some settings (HTER and the character edit rate score the MT
    against a post-edit, not any reference): like a costly metric, run only when named in ``--metrics``
    and neither stored per segment nor shown unless it was.
    ``counts``: the statistics are integer counts (kept as ``float32`` rows, exact in ``int64``);
    otherwise they are floats kept as ``float64`` and summed row by row.
    """

    id: str = ""
    label: str = ""
    higher_is_better: bool = True
    sentence: bool = True
    corpus: bool = True
    needs_source: bool = False
    costly: bool = False
    on_request: bool = False
    tokenized: bool = False  # takes the BLEU tokenizer option (``--tokenize``)
    counts: bool = False
    bounds: tuple[float, float] | None = (0.0, 100.0)  # the range of its scores (gate thresholds), if any

    @property
    def display(self) -> str:
        """The label with the direction when lower is better, for tables and charts."""
        return self.label if self.higher_is_better else f"{self.label} (lower is better)"

    @property
    def dtype(self) -> type[np.floating[Any]]:
        """The array type of the rows: ``float32`` for counts, ``float64`` otherwise (exact either way)."""
        return np.float32 if self.counts else np.float64

    def exact(self, rows: np.ndarray) -> np.ndarray:
        """The rows as the measure sums them exactly: ``int64`` counts, ``float64`` otherwise."""
        return rows.astype(np.int64 if self.counts else np.float64)

    @abstractmethod
    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> AnyMeasure:
        """A fresh measure for corpus (default) or sentence scores."""

    @abstractmethod
    def statistics(self, measure: AnyMeasure, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                   sources: Sequence[str | None] | None) -> list[list[Any]]:
        """One row of sufficient statistics per segment (Python numbers), made by ``measure``.

        ``references`` are reference streams, each as long as ``hypotheses`` (sacrebleu's layout).
        """

    def signature(self, *, tokenize: str | None = None, num_refs: int = 1, sentence: bool = False) -> str:
        """The signature of this metric's scores (``sentence``: of its segment scores)."""
        measure = self.make(sentence=sentence, tokenize=tokenize)
        measure.num_refs = num_refs
        return measure.get_signature().format()


class MeanSignature(Signature):
    """A :class:`MeanScorer`'s signature: its own name, options and version, then sacrebleu's common fields."""

    def __init__(self, name: str, options: Mapping[str, Any], num_refs: int, version: str,
                 n_bootstrap: int | None, seed: str | None) -> None:
        super().__init__({"num_refs": num_refs, "n_bootstrap": n_bootstrap, "seed": seed})
        self._abbr.update({"metric": "m", **{key: key for key in options}})
        self.info = {"metric": name, **options, **self.info, "version": version}


class MeanMeasure(Measure):
    """The measure of a :class:`MeanScorer`: rows ``[score, 1]``; a corpus score is their mean."""

    def __init__(self, scorer: MeanScorer) -> None:
        super().__init__()
        self.scorer = scorer

    def _compute_score_from_stats(self, stats: Sequence[Any]) -> Score:
        total, count = (float(stats[0]), float(stats[1])) if len(stats) else (0.0, 0.0)
        return Score(self.scorer.label, total / count if count else 0.0)

    def get_signature(self) -> Signature:
        return MeanSignature(self.scorer.id, self.scorer.options(), self.num_refs, self.scorer.version,
                             self.n_bootstrap, self.seed)


class MeanScorer(Scorer):
    """A metric whose corpus score is the mean of its segment scores (COMET-like, an averaged rate)."""

    version: str = __version__

    @abstractmethod
    def score_segments(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[float]:
        """One score per segment (``references`` as in :meth:`Scorer.statistics`)."""

    def options(self) -> Mapping[str, Any]:
        """What the signature records besides name, references and version (e.g. a model's name)."""
        return {}

    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> AnyMeasure:
        return MeanMeasure(self)

    def statistics(self, measure: AnyMeasure, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                   sources: Sequence[str | None] | None) -> list[list[Any]]:
        measure.num_refs = len(references)
        return [[float(score), 1.0] for score in self.score_segments(hypotheses, references, sources)]


class RateMeasure(Measure):
    """The measure of a :class:`RateScorer`: rows ``[edits, length]``; a score is ``100 × Σ edits / Σ length``."""

    def __init__(self, scorer: RateScorer) -> None:
        super().__init__()
        self.scorer = scorer

    def _compute_score_from_stats(self, stats: Sequence[Any]) -> Score:
        edits, length = (float(stats[0]), float(stats[1])) if len(stats) else (0.0, 0.0)
        # as TER: nothing to edit towards is 0 when nothing was edited, else a full rate
        rate = 100.0 * edits / length if length > 0 else (100.0 if edits > 0 else 0.0)
        return Score(self.scorer.label, rate)

    def get_signature(self) -> Signature:
        return MeanSignature(self.scorer.id, self.scorer.options(), self.num_refs, self.scorer.version,
                             self.n_bootstrap, self.seed)


class RateScorer(Scorer):
    """An edit rate (lower is better), TER's shape: per segment the edits and the length they are
    counted against; the corpus rate is their sums' ratio, not a mean of segment rates (HTER, a
    character edit rate of MT against its post-edit given as the reference)."""

    higher_is_better = False
    version: str = __version__

    @abstractmethod
    def segment_counts(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[tuple[float, float]]:
        """``(edits, length)`` per segment (``references`` as in :meth:`Scorer.statistics`)."""

    def options(self) -> Mapping[str, Any]:
        """What the signature records besides name, references and version (e.g. the unit edited)."""
        return {}

    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> AnyMeasure:
        return RateMeasure(self)

    def statistics(self, measure: AnyMeasure, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                   sources: Sequence[str | None] | None) -> list[list[Any]]:
        measure.num_refs = len(references)
        return [[float(edits), float(length)] for edits, length in self.segment_counts(hypotheses, references, sources)]
