"""Where systems differ by kind of sentence and word, as compare-mt buckets them.

* **Length buckets**: segments grouped by the reference's length in words; each system's corpus
  score in each bucket is sacrebleu's, computed from that bucket's rows of sacrebleu statistics.
* **Length-difference buckets**: how many segments per system are shorter or longer than the
  reference by so many words.
* **Word accuracy by frequency**: each reference word is bucketed by its frequency (by default in the
  test set's own reference, as compare-mt does; or counts from a named corpus); per bucket, a
  system's precision, recall and F-measure of words matching the reference. Matching is
  compare-mt's: an output word matches while the reference has unused occurrences of it.

Bucket edges and labels are compare-mt 0.2.10's defaults, so the numbers can be set side by side.
Words are tokens of sacrebleu's BLEU tokenizer (13a by default, ``none`` for pre-tokenized text,
which is then split on spaces exactly as compare-mt splits it).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from sacrebleu.metrics.bleu import BLEU

from review_app.scoring.stats import corpus_scores, make_metric

LENGTH_CUTOFFS: tuple[int, ...] = (10, 20, 30, 40, 50, 60)
LENGTH_DIFF_CUTOFFS: tuple[int, ...] = (-20, -10, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 11, 21)
FREQUENCY_CUTOFFS: tuple[int, ...] = (1, 2, 3, 4, 5, 10, 100, 1000)


def bucket_labels(cutoffs: Sequence[int]) -> list[str]:
    """compare-mt's labels: ``<a``, a single value where a bucket holds one integer, ``[a,b)``, ``>=z``."""
    labels = []
    for i, x in enumerate(cutoffs):
        if i == 0:
            labels.append(f"<{x}")
        elif x - 1 == cutoffs[i - 1]:
            labels.append(f"{x - 1}")
        else:
            labels.append(f"[{cutoffs[i - 1]},{x})")
    labels.append(f">={cutoffs[-1]}")
    return labels


def bucket_of(value: float, cutoffs: Sequence[int]) -> int:
    """Index of the bucket holding ``value``: the first cutoff it is below, else the last bucket."""
    return bisect.bisect_right(cutoffs, value)


def tokenizer(tokenize: str | None) -> Any:
    """Words of a text as BLEU sees them: sacrebleu's tokenizer (``tokenize``, default 13a), then spaces."""
    tok = cast(BLEU, make_metric("bleu", tokenize=tokenize)).tokenizer

    def words(text: str) -> list[str]:
        return str(tok(text.rstrip())).split()

    return words


@dataclass(slots=True)
class LengthBuckets:
    """Segments per reference-length bucket and each system's scores in each bucket."""

    labels: list[str]
    counts: list[int]
    scores: dict[str, dict[str, list[float | None]]]  # system → metric → score per bucket
    index: list[int] = field(default_factory=list)  # bucket of each segment

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"by": "reference length (words)", "labels": self.labels, "counts": self.counts, "scores": self.scores}


def length_buckets(
    ref_lengths: Sequence[int], names: Sequence[str], stats: Sequence[Mapping[str, np.ndarray]],
    metrics: Sequence[str], tokenize: str | None, num_refs: int, cutoffs: Sequence[int] = LENGTH_CUTOFFS,
) -> LengthBuckets:
    """Bucket segments by reference length; score each system in each bucket from its statistics."""
    index = [bucket_of(n, cutoffs) for n in ref_lengths]
    labels = bucket_labels(cutoffs)
    rows = [np.flatnonzero(np.asarray(index) == b) for b in range(len(labels))]
    scores: dict[str, dict[str, list[float | None]]] = {}
    for name, system in zip(names, stats, strict=True):
        per_metric: dict[str, list[float | None]] = {m: [] for m in metrics}
        for selected in rows:
            if not len(selected):
                for m in metrics:
                    per_metric[m].append(None)
                continue
            bucket = corpus_scores({m: system[m][selected] for m in metrics}, 0, tokenize, num_refs)
            for m in metrics:
                per_metric[m].append(bucket[m].score)
        scores[name] = per_metric
    return LengthBuckets(labels, [len(r) for r in rows], scores, index)


def length_difference_counts(
    ref_tokens: Sequence[Sequence[str]], systems: Mapping[str, Sequence[Sequence[str]]],
    cutoffs: Sequence[int] = LENGTH_DIFF_CUTOFFS,
) -> tuple[list[str], dict[str, list[int]]]:
    """Segments per bucket of ``len(output) - len(reference)`` in words, per system."""
    labels = bucket_labels(cutoffs)
    counts = {}
    for name, outs in systems.items():
        tally = Counter(bucket_of(len(o) - len(r), cutoffs) for o, r in zip(outs, ref_tokens, strict=True))
        counts[name] = [tally[b] for b in range(len(labels))]
    return labels, counts


@dataclass(slots=True)
class WordAccuracy:
    """Per frequency bucket: reference words, and per system matches, output words, P/R/F."""

    labels: list[str]
    source: str
    ref_words: list[int]
    matches: dict[str, list[int]]
    out_words: dict[str, list[int]]

    def precision(self, system: str) -> list[float]:
        """Matched output words over output words, per bucket (0 where nothing matched)."""
        return [m / o if m else 0.0 for m, o in zip(self.matches[system], self.out_words[system], strict=True)]

    def recall(self, system: str) -> list[float]:
        """Matched words over reference words, per bucket (0 where nothing matched)."""
        return [m / r if m else 0.0 for m, r in zip(self.matches[system], self.ref_words, strict=True)]

    def fmeasure(self, system: str) -> list[float]:
        """Harmonic mean of precision and recall, per bucket (0 where nothing matched)."""
        return [2 * p * r / (p + r) if p + r else 0.0
                for p, r in zip(self.precision(system), self.recall(system), strict=True)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"by": "reference word frequency", "frequency_from": self.source, "labels": self.labels,
                "ref_words": self.ref_words,
                "systems": {name: {"fmeasure": self.fmeasure(name), "precision": self.precision(name),
                                   "recall": self.recall(name), "matches": self.matches[name],
                                   "out_words": self.out_words[name]} for name in self.matches}}


def word_counts(sentences: Iterable[Sequence[str]]) -> Counter[str]:
    """How often each word occurs."""
    counts: Counter[str] = Counter()
    for words in sentences:
        counts.update(words)
    return counts


def word_accuracy(
    ref_tokens: Sequence[Sequence[str]], systems: Mapping[str, Sequence[Sequence[str]]],
    frequencies: Mapping[str, int] | None = None, source: str = "the test set's reference",
    cutoffs: Sequence[int] = FREQUENCY_CUTOFFS,
) -> WordAccuracy:
    """Word precision/recall/F-measure per frequency bucket (compare-mt's ``word fmeas by frequency bucket``)."""
    freq = frequencies if frequencies is not None else word_counts(ref_tokens)
    labels = bucket_labels(cutoffs)
    buckets: dict[str, int] = {}

    def bucket(word: str) -> int:
        b = buckets.get(word)
        if b is None:
            b = buckets[word] = bucket_of(freq.get(word, 0), cutoffs)
        return b

    ref_words = [0] * len(labels)
    for words in ref_tokens:
        for w in words:
            ref_words[bucket(w)] += 1
    matches, out_words = {}, {}
    for name, outs in systems.items():
        m, o = [0] * len(labels), [0] * len(labels)
        for ref, out in zip(ref_tokens, outs, strict=True):
            left = Counter(ref)
            for w in out:
                b = bucket(w)
                o[b] += 1
                if left[w] > 0:
                    left[w] -= 1
                    m[b] += 1
        matches[name], out_words[name] = m, o
    return WordAccuracy(labels, source, ref_words, matches, out_words)
