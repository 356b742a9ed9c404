"""sacrebleu's BLEU, chrF, chrF++ and TER as :class:`~review_app.scoring.scorer.Scorer`: the measure is
sacrebleu's own metric object and the statistics its ``_extract_corpus_statistics`` rows (through the
compiled accelerators, :mod:`.accel`, bit for bit the same), so every number is sacrebleu's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sacrebleu.metrics.base import Metric
from sacrebleu.metrics.ter import TER

from review_app.scoring.accel import extract_statistics
from review_app.scoring.scorer import AnyMeasure, Scorer


def rows_dtype(metric: Metric | type[Metric]) -> type[np.floating[Any]]:
    """The array type that holds a sacrebleu metric's statistics exactly as its Python numbers.

    TER's are ``[edits, average reference length]``: with three references the average is 22/3,
    which ``float32`` would round (sacrebleu keeps a Python float), so TER's rows are ``float64``.
    The others are integer counts, exact in ``float32`` (below 2**24 per segment) at half the memory.
    """
    cls = metric if isinstance(metric, type) else type(metric)
    return np.float64 if issubclass(cls, TER) else np.float32


class SacrebleuScorer(Scorer):
    """One sacrebleu metric: ``options`` are the constructor arguments of ``cls`` for corpus scores,
    ``sentence_options`` are added for sentence scores (sentence BLEU uses ``effective_order=True``)."""

    def __init__(self, id: str, label: str, cls: type[Metric], options: Mapping[str, Any] | None = None,
                 sentence_options: Mapping[str, Any] | None = None, *, higher_is_better: bool = True,
                 sentence: bool = True, corpus: bool = True, tokenized: bool = False) -> None:
        self.id, self.label, self.cls = id, label, cls
        self.options: Mapping[str, Any] = dict(options or {})
        self.sentence_options: Mapping[str, Any] = dict(sentence_options or {})
        self.higher_is_better, self.sentence = higher_is_better, sentence
        self.corpus, self.tokenized = corpus, tokenized
        self.counts = rows_dtype(cls) == np.float32  # all but TER, whose average reference length is a float

    def __repr__(self) -> str:
        return f"SacrebleuScorer({self.id!r})"

    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> Metric:
        """A fresh sacrebleu metric object for corpus (default) or sentence scores."""
        kwargs = dict(self.options)
        if sentence:
            kwargs.update(self.sentence_options)
        if self.tokenized and tokenize:
            kwargs["tokenize"] = tokenize
        return self.cls(**kwargs)

    def statistics(self, measure: AnyMeasure, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                   sources: Sequence[str | None] | None) -> list[list[Any]]:
        """sacrebleu's rows; the source is not used."""
        assert isinstance(measure, Metric)  # made by make()
        return extract_statistics(measure, hypotheses, references)
