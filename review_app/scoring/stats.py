"""Streaming corpus statistics: sacrebleu's per-segment sufficient statistics, kept compactly.

Each chunk of segments yields one ``float32`` array per metric (sacrebleu's ``_extract_corpus_statistics``,
one row per segment); sentence scores come from the same rows. Corpus scores and bootstrap
confidence intervals are computed later from those rows alone, exactly as sacrebleu's
``corpus_score(..., n_bootstrap=N)`` computes them:

* the corpus score from the column sums (``_compute_score_from_stats``, what ``_aggregate_and_compute``
  does after summing);
* the bootstrap from the same resampling indices (``numpy.random.default_rng(seed).choice``, drawn in
  row blocks, which yields the identical stream) but as ``counts @ stats`` instead of materialising
  ``stats[idxs]``, so memory stays at a few MB per block instead of ``n_samples × segments × columns``.

``float32`` is what sacrebleu itself converts the statistics to for the bootstrap; segment statistics
are small integers, which ``float32`` holds exactly, and sums stay exact while below 2**24 (where
sacrebleu's own ``float32`` sums stop being exact too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
from sacrebleu.metrics.base import Metric, Score

from review_app.scoring.accel import extract_statistics
from review_app.scoring.registry import SENTENCE_METRICS, metric_spec
from review_app.settings import SACREBLEU_SEED

# Bootstrap rows per block are capped so that one block of resampling indices and counts stays
# near 40 MB whatever the corpus size.
_BLOCK_CELLS = 2_000_000
# Segments per sacrebleu extraction call (bounds its reference cache).
_EXTRACT_BATCH = 256


def make_metric(name: str, *, sentence: bool = False, tokenize: str | None = None) -> Metric:
    """A fresh sacrebleu metric object of the registered metric ``name`` (see :mod:`.registry`).

    ``tokenize`` is BLEU's tokenizer (sacrebleu's ``-tok``: 13a, none, intl, char, zh, ja-mecab …).
    """
    return metric_spec(name).make(sentence=sentence, tokenize=tokenize)


class ScoreEntry(TypedDict):
    """A :class:`CorpusScore` as JSON (``summary.json``, ``score --json``)."""

    metric: str
    score: float
    ci_mean: float | None
    ci_95: float | None
    signature: str
    verbose: str


@dataclass(slots=True)
class CorpusScore:
    """One corpus-level score with sacrebleu's signature and its 95% bootstrap confidence interval."""

    metric: str
    score: float
    signature: str
    formatted: str
    ci_mean: float | None = None
    ci_half_width: float | None = None
    verbose: str = ""

    def to_dict(self) -> ScoreEntry:
        """JSON-ready dictionary."""
        return {
            "metric": self.metric,
            "score": self.score,
            "ci_mean": self.ci_mean,
            "ci_95": self.ci_half_width,
            "signature": self.signature,
            "verbose": self.verbose,
        }


def segment_statistics(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    names: Sequence[str],
    tokenize: str | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, list[float | None]]]:
    """Statistics (``float32``, one row per segment) and sentence scores for the metrics ``names``.

    ``references`` are reference streams, each as long as ``hypotheses`` (sacrebleu's layout).
    Sentence scores are ``None`` where the hypothesis or every reference is blank, as in the align
    contract; sentence BLEU uses ``effective_order=True`` as sacrebleu advises.
    """
    hyps, refs = list(hypotheses), [list(stream) for stream in references]
    if not hyps:
        return {}, {}
    scorable = [bool(h.strip()) and any(stream[i].strip() for stream in refs) for i, h in enumerate(hyps)]
    arrays: dict[str, np.ndarray] = {}
    sentence: dict[str, list[float | None]] = {}
    for name in names:
        metric = make_metric(name, tokenize=tokenize)
        scorer = make_metric(name, sentence=True, tokenize=tokenize)
        parts, values = [], []
        # sacrebleu caches every reference's n-grams for a call (chrF's alone take ~100 kB per
        # sentence), so large chunks are extracted in batches; segment statistics do not depend on it.
        for start in range(0, len(hyps), _EXTRACT_BATCH):
            # sacrebleu's statistics; TER and chrF through the compiled accelerator (same numbers)
            stats = extract_statistics(metric, hyps[start : start + _EXTRACT_BATCH],
                                       [stream[start : start + _EXTRACT_BATCH] for stream in refs])
            parts.append(np.asarray(stats, dtype=np.float32))
            if name in SENTENCE_METRICS:
                values += [float(scorer._compute_score_from_stats(row).score) if ok else None
                           for row, ok in zip(stats, scorable[start : start + _EXTRACT_BATCH], strict=True)]
        _clear_tokenizer_caches(metric)
        arrays[name] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if name in SENTENCE_METRICS:
            sentence[name] = values
    return arrays, sentence


def _clear_tokenizer_caches(metric: Any) -> None:
    """Empty the LRU caches of the metric's tokenizers.

    sacrebleu memoises tokenizer calls per (tokenizer object, line) in class-level caches of 65,536
    entries. The metric objects here live for one chunk, so their entries are never hit again; kept,
    they would hold about 1 kB per line per cache until full, which is most of a streamed run's memory.
    """
    tokenizer = getattr(metric, "tokenizer", None)
    if tokenizer is None:
        return
    for part in (tokenizer, *getattr(tokenizer, "__dict__", {}).values()):  # 13a wraps a cached regexp one
        clear = getattr(type(part).__dict__.get("__call__"), "cache_clear", None)
        if clear is not None:
            clear()


class StatsStore:
    """Per-segment statistics of every metric for a whole run, appended chunk by chunk.

    Chunks are concatenated once, on the first :meth:`rows` call after appending, so a run holds
    one ``float32`` array per metric (about 220 bytes per segment for BLEU, chrF, chrF++ and TER).
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self._pending: dict[str, list[np.ndarray]] = {name: [] for name in self.names}
        self._rows: dict[str, np.ndarray] = {}
        self.count = 0

    def append(self, arrays: Mapping[str, np.ndarray], rows: int) -> None:
        """Add one chunk of ``rows`` segments: an array of ``rows`` rows per metric (none when 0)."""
        if rows == 0:
            return
        for name in self.names:
            if len(arrays[name]) != rows:
                raise ValueError(f"{name}: {len(arrays[name])} rows of statistics for {rows} segments")
            self._pending[name].append(arrays[name])
        self.count += rows

    def rows(self, name: str) -> np.ndarray:
        """All rows of metric ``name`` in segment order."""
        pending = self._pending[name]
        if pending:
            # Concatenate metric by metric and drop the pieces at once, so peak memory grows by
            # one metric's array, not by the whole store.
            parts = [self._rows[name], *pending] if name in self._rows else pending
            self._rows[name] = np.concatenate(parts) if len(parts) > 1 else parts[0]
            self._pending[name] = []
        return self._rows[name]


def _totals(stats: np.ndarray) -> list[Any]:
    """Column sums as Python numbers (ints where integral), the values sacrebleu sums in Python."""
    sums = stats.sum(axis=0, dtype=np.float64)
    return [int(v) if float(v).is_integer() else float(v) for v in sums]


def bootstrap_seed() -> tuple[str, int | None]:
    """sacrebleu's seed rule: ``SACREBLEU_SEED`` (``none`` for OS entropy), else 12345."""
    seed = SACREBLEU_SEED.value()
    return seed, None if seed == "none" else int(seed)


def resampled_sums(
    stats: Mapping[str, np.ndarray], n_samples: int, block_cells: int = _BLOCK_CELLS
) -> dict[str, np.ndarray]:
    """Column sums of every bootstrap resample, per metric (``float32``, shape ``n_samples × columns``).

    The resampling indices are sacrebleu's: ``default_rng(seed).choice(n, size=(n_samples, n))``,
    drawn block by block from one generator (the same stream). Every metric shares them, as
    sacrebleu's do (each metric reseeds with the same seed over the same segments).
    """
    n = len(next(iter(stats.values())))
    _, seed = bootstrap_seed()
    rng = np.random.default_rng(seed)
    block = max(1, min(n_samples, block_cells // max(n, 1)))
    out = {name: np.empty((n_samples, rows.shape[1]), dtype=np.float32) for name, rows in stats.items()}
    done = 0
    while done < n_samples:
        size = min(block, n_samples - done)
        idxs = rng.choice(n, size=(size, n), replace=True)
        # counts[i, j]: how often segment j is drawn in resample i; counts @ stats = the resample's sums.
        offsets = (np.arange(size) * n)[:, None]
        counts = np.bincount((idxs + offsets).ravel(), minlength=size * n).reshape(size, n).astype(np.float32)
        for name, rows in stats.items():
            # Integer products and partial sums below 2**24 are exact in float32, in any order.
            out[name][done : done + size] = counts @ rows
        done += size
    return out


def corpus_scores(
    stats: Mapping[str, np.ndarray], n_bootstrap: int, tokenize: str | None = None, num_refs: int = 1
) -> dict[str, CorpusScore]:
    """Corpus score, signature and 95% bootstrap CI per metric from per-segment statistics.

    Equal to ``metric.corpus_score(hyps, refs, n_bootstrap)`` of sacrebleu on the same segments.
    """
    names = list(stats)
    n = len(stats[names[0]]) if names else 0
    resampled = resampled_sums(stats, n_bootstrap) if n_bootstrap > 1 and n > 1 else None
    seed, _ = bootstrap_seed()
    result = {}
    for name in names:
        metric = make_metric(name, tokenize=tokenize)
        metric.num_refs = num_refs  # sacrebleu learns it while extracting; the signature needs it
        score = metric._compute_score_from_stats(_totals(stats[name]))
        ci_mean = ci = None
        if resampled is not None:
            metric.n_bootstrap, metric.seed = n_bootstrap, seed  # both go into the signature
            samples = [metric._compute_score_from_stats(row) for row in resampled[name]]
            _estimate_ci(score, samples)
            ci_mean, ci = float(score._mean), float(score._ci)
        signature = metric.get_signature().format()
        result[name] = CorpusScore(
            metric=name,
            score=float(score.score),
            signature=signature,
            formatted=score.format(signature=signature),
            ci_mean=ci_mean,
            ci_half_width=ci,
            verbose=getattr(score, "_verbose", ""),
        )
    return result


def _estimate_ci(score: Score, samples: list[Score]) -> None:
    """sacrebleu's ``estimate_ci``; mixed score types are made floats first.

    From float32 sums chrF gives numpy float32 scores (and sacrebleu's mean is then a float32), but
    a resample can also give a Python float (a zero score), which ``statistics.mean`` refuses to mix.
    Only then are the types unified (where sacrebleu itself would fail), so the numbers stay sacrebleu's.
    """
    if len({type(sample.score) for sample in samples}) > 1:
        for sample in samples:
            sample.score = float(sample.score)
    score.estimate_ci(samples)
