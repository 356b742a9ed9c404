"""Streaming corpus statistics: sacrebleu's per-segment sufficient statistics, kept compactly.

Each chunk of segments yields one array per metric (sacrebleu's ``_extract_corpus_statistics``, one
row per segment); sentence scores come from the same rows. Corpus scores and bootstrap confidence
intervals are computed later from those rows alone, with sacrebleu's own arithmetic, so they equal
``corpus_score(..., n_bootstrap=N)`` to the last bit:

* the corpus score from the column sums as sacrebleu's ``sum_of_lists`` adds them: counts are
  integers (exact in any order); TER's average reference length is a float (with several
  references, 22/3 …), which sacrebleu adds row by row in Python floats, and so is it here;
* the bootstrap from the same resampling indices (``numpy.random.default_rng(seed).choice``, drawn
  in row blocks, which yields the identical stream) and the same ``float32`` sums: sacrebleu converts
  the statistics to ``float32`` and sums each resample with ``stats[idxs].sum(0)``, rounding every
  partial sum; past 2**24 (a column total of a large corpus) or with non-integral values that
  rounding is part of sacrebleu's number. The compiled ``_resample`` adds in the same order without
  materialising ``n_samples × segments × columns`` (numpy's per-resample sum is the fallback). Where
  no partial sum rounds (integer rows whose resample sums stay below 2**24, as for most corpora:
  checked on each resample's sums, not on the largest conceivable one), any order gives sacrebleu's
  exact sums, and a matrix product computes them faster.

Rows are ``float32`` for the counts (BLEU, chrF: integers, exact below 2**24 per segment) and
``float64`` for TER (sacrebleu's Python floats, exact): see :func:`rows_dtype`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
from sacrebleu.metrics.base import Metric, Score

from review_app.errors import InputError
from review_app.parallel import worker_count
from review_app.scoring import _fast
from review_app.scoring.accel import sentence_scores
from review_app.scoring.registry import metric_spec
from review_app.scoring.sacrebleu_scorers import rows_dtype
from review_app.scoring.scorer import AnyMeasure
from review_app.settings import SACREBLEU_SEED

# Bootstrap rows per block are capped so that one block of resampling indices (and of the counts
# the matrix product uses) stays near 16 MB whatever the corpus size.
_BLOCK_CELLS = 2_000_000
# Segments per sacrebleu extraction call (bounds its reference cache).
_EXTRACT_BATCH = 256


def make_measure(name: str, *, sentence: bool = False, tokenize: str | None = None) -> AnyMeasure:
    """A fresh measure of the registered metric ``name`` (for sacrebleu's metrics: its metric object),
    what the engine scores statistics with.

    ``tokenize`` is BLEU's tokenizer (sacrebleu's ``-tok``: 13a, none, intl, char, zh, ja-mecab …).
    """
    return metric_spec(name).make(sentence=sentence, tokenize=tokenize)


def make_metric(name: str, *, sentence: bool = False, tokenize: str | None = None) -> Metric:
    """A fresh sacrebleu metric object of the registered sacrebleu metric ``name`` (bleu, chrf, chrf++, ter)."""
    measure = make_measure(name, sentence=sentence, tokenize=tokenize)
    if not isinstance(measure, Metric):
        raise TypeError(f"{name} is not one of sacrebleu's metrics; use make_measure")
    return measure


__all__ = ["CorpusScore", "ScoreEntry", "StatsStore", "bootstrap_seed", "corpus_scores", "make_measure", "make_metric",
           "resampled_sums", "rows_dtype", "score_rows", "segment_statistics"]


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
    sources: Sequence[str | None] | None = None,
    sentence_for: Collection[str] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, list[float | None]]]:
    """Statistics (one row per segment, the scorer's ``dtype``) and sentence scores for the metrics ``names``.

    ``references`` are reference streams, each as long as ``hypotheses`` (sacrebleu's layout);
    ``sources`` (one per hypothesis, ``None`` where a segment has none) go to the metrics that need them.
    Sentence scores are ``None`` where the hypothesis or every reference is blank, as in the align
    contract; sentence BLEU uses ``effective_order=True`` as sacrebleu advises. ``sentence_for``: the
    metrics whose sentence scores are wanted (default: every one of ``names`` that has them).
    """
    hyps, refs = list(hypotheses), [list(stream) for stream in references]
    if not hyps:
        return {}, {}
    srcs = None if sources is None else list(sources)
    if srcs is not None and len(srcs) != len(hyps):
        raise InputError(None, f"the source has {len(srcs)} segments but the MT has {len(hyps)}")
    scorable = [bool(h.strip()) and any(stream[i].strip() for stream in refs) for i, h in enumerate(hyps)]
    arrays: dict[str, np.ndarray] = {}
    sentence: dict[str, list[float | None]] = {}
    for name in names:
        spec = metric_spec(name)
        if spec.needs_source and (srcs is None or all(src is None for src in srcs)):
            raise InputError(None, f"{spec.label} needs the source text (--src)")
        metric = spec.make(tokenize=tokenize)
        wanted = spec.sentence and (sentence_for is None or name in sentence_for)
        scorer = spec.make(sentence=True, tokenize=tokenize) if wanted else None
        parts, values = [], []
        # sacrebleu caches every reference's n-grams for a call (chrF's alone take ~100 kB per
        # sentence), so large chunks are extracted in batches; segment statistics do not depend on it.
        for start in range(0, len(hyps), _EXTRACT_BATCH):
            # sacrebleu's statistics; TER and chrF through the compiled accelerator (same numbers)
            stats = spec.statistics(metric, hyps[start : start + _EXTRACT_BATCH],
                                    [stream[start : start + _EXTRACT_BATCH] for stream in refs],
                                    None if srcs is None else srcs[start : start + _EXTRACT_BATCH])
            parts.append(np.asarray(stats, dtype=spec.dtype))
            if scorer is not None:
                values += sentence_scores(scorer, stats, scorable[start : start + _EXTRACT_BATCH])
        _clear_tokenizer_caches(metric)
        arrays[name] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if scorer is not None:
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
    one array per metric (about 230 bytes per segment for BLEU, chrF, chrF++ and TER).
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
    """Column sums as sacrebleu's ``sum_of_lists`` makes them (Python numbers, ints where integral).

    Counts are integers, exact in ``float64`` in any order. TER's ``float64`` rows hold non-integral
    averages: sacrebleu adds them row after row, and ``cumsum`` adds in that order (``sum`` promises
    no order, and numpy sums some shapes pairwise, which differs in the last bits).
    """
    if stats.dtype == np.float64 and len(stats):
        sums = np.cumsum(stats, axis=0)[-1]
    else:
        sums = stats.sum(axis=0, dtype=np.float64)
    return [int(v) if float(v).is_integer() else float(v) for v in sums]


def bootstrap_seed() -> tuple[str, int | None]:
    """sacrebleu's seed rule: ``SACREBLEU_SEED`` (``none`` for OS entropy), else 12345.

    The text is what ``corpus_score`` puts into the signature (``seed:…``), the number what it seeds
    ``default_rng`` with (0 included; the paired tests differ, see :mod:`.paired`).
    """
    seed = SACREBLEU_SEED.value()
    return seed, None if seed == "none" else int(seed)


def resampled_sums(
    stats: Mapping[str, np.ndarray], n_samples: int, *, seed: int | None, block_cells: int = _BLOCK_CELLS,
    rng: np.random.Generator | None = None, threads: int = 0,
) -> dict[str, np.ndarray]:
    """Column sums of every bootstrap resample, per metric (``float32``, shape ``n_samples × columns``).

    sacrebleu's ``_bootstrap_resample``/``_paired_bs_test`` to the bit: indices from
    ``default_rng(seed).choice(n, size=(n_samples, n))``, drawn block by block from one generator (the
    same stream), shared by every metric (sacrebleu reseeds each with the same seed); the rows made
    ``float32`` and each resample summed in its index order in ``float32``, as ``stats[idxs].sum(0)``.
    ``rng``: draw from this generator instead (the AR test's CI continues the trials' stream).

    Integer rows are summed by a matrix product (counts of each segment per resample × rows), in ``float32``,
    and a resample's sums are kept where every column's sum of magnitudes came out below 2**24: then no
    partial sum of any order rounds, so they are sacrebleu's row-by-row sums exactly. That test cannot be
    fooled by the product's own rounding: nothing rounds below 2**24, and a rounded sum above it (of
    non-negative terms, rounding to nearest) never falls below it. The other resamples (a column past
    2**24, non-integral values such as TER's averages) are added in sacrebleu's order.
    ``threads``: how many threads add the resamples summed in order in the compiled path (0: one per core); each
    resample is summed by one thread, in its order, so the sums do not depend on it.
    """
    n = len(next(iter(stats.values())))
    rng = np.random.default_rng(seed) if rng is None else rng
    block = max(1, min(n_samples, block_cells // max(n, 1)))
    # sacrebleu: np.array(stats, dtype='float32'), the same rounding of TER's float64 averages
    rows32 = {name: np.ascontiguousarray(rows, dtype=np.float32) for name, rows in stats.items()}
    out = {name: np.empty((n_samples, rows.shape[1]), dtype=np.float32) for name, rows in rows32.items()}
    integral = {name: _integral(rows) for name, rows in rows32.items()}
    # Where some values are negative, a sum's partial sums are bounded by the sum of magnitudes, not by the sum.
    magnitudes: dict[str, np.ndarray | None] = {
        name: np.abs(rows) if integral[name] and rows.size and rows.min() < 0 else None
        for name, rows in rows32.items()}
    compiled = _fast.module("_resample")
    pool = _SumThreads(worker_count(threads)) if compiled is not None else None
    done = 0
    try:
        while done < n_samples:
            size = min(block, n_samples - done)
            idxs = rng.choice(n, size=(size, n), replace=True)
            counts = None
            for name, rows in rows32.items():
                target = out[name][done : done + size]
                ordered = np.arange(size)  # the resamples whose sums must be added in sacrebleu's order
                if integral[name] and rows.size:
                    if counts is None:  # counts[i, j]: how often resample i draws segment j
                        counts = _draw_counts(idxs, n, compiled)
                    np.matmul(counts, rows, out=target)
                    magnitude = magnitudes[name]
                    bound = target if magnitude is None else counts @ magnitude
                    ordered = np.flatnonzero(~(np.abs(bound) < _EXACT).all(axis=1))
                if not len(ordered):
                    continue
                if pool is not None:
                    sums = np.empty((len(ordered), rows.shape[1]), dtype=np.float32)
                    pool.sums(compiled, rows, np.ascontiguousarray(idxs[ordered]), sums)
                    target[ordered] = sums
                else:
                    for i in ordered:
                        target[i] = rows[idxs[i]].sum(0)  # sacrebleu's own expression, resample by resample
            done += size
    finally:
        if pool is not None:
            pool.close()
    return out


def _draw_counts(idxs: np.ndarray, n: int, compiled: Any) -> np.ndarray:
    """``counts[i, j]`` (``float32``): how often resample ``i`` (a row of ``idxs``) draws segment ``j`` of ``n``."""
    size = len(idxs)
    if compiled is not None:
        counts = np.empty((size, n), dtype=np.float32)
        compiled.resample_counts(np.ascontiguousarray(idxs), counts)
        return counts
    offsets = (np.arange(size) * n)[:, None]
    return np.bincount((idxs + offsets).ravel(), minlength=size * n).reshape(size, n).astype(np.float32)


# float32 holds every integer below this exactly (2**24).
_EXACT = float(2**24)


class _SumThreads:
    """The compiled sums of a block's resamples split over threads (it releases the GIL while it adds)."""

    def __init__(self, threads: int) -> None:
        self.threads = max(1, threads)
        self._pool = ThreadPoolExecutor(self.threads - 1) if self.threads > 1 else None

    def sums(self, compiled: Any, table: np.ndarray, idxs: np.ndarray, out: np.ndarray) -> None:
        """``out[i] = table[idxs[i]].sum(0)`` in ``float32`` for every resample ``i``."""
        parts = np.array_split(np.arange(len(idxs)), self.threads)
        if self._pool is None or len(idxs) < 2:
            compiled.resample_sums(table, idxs, out)
            return
        spans = [(int(p[0]), int(p[-1]) + 1) for p in parts if len(p)]
        futures = [self._pool.submit(compiled.resample_sums, table, idxs[a:b], out[a:b]) for a, b in spans[1:]]
        compiled.resample_sums(table, idxs[spans[0][0] : spans[0][1]], out[spans[0][0] : spans[0][1]])
        for future in futures:
            future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()


def _integral(rows: np.ndarray) -> bool:
    """Whether every value is an integer (of the ``float32`` rows sacrebleu sums)."""
    return bool(np.all(rows == np.rint(rows)))


def corpus_scores(
    stats: Mapping[str, np.ndarray], n_bootstrap: int, tokenize: str | None = None, num_refs: int = 1
) -> dict[str, CorpusScore]:
    """Corpus score, signature and 95% bootstrap CI per registered metric from per-segment statistics.

    Equal to ``metric.corpus_score(hyps, refs, n_bootstrap)`` of sacrebleu on the same segments.
    """
    metrics = {}
    for name, rows in stats.items():
        metric = make_measure(name, tokenize=tokenize)
        metric.num_refs = num_refs  # sacrebleu learns it while extracting; the signature needs it
        metrics[name] = (metric, rows)
    return score_rows(metrics, n_bootstrap)


def score_rows(scored: Mapping[str, tuple[AnyMeasure, np.ndarray]], n_bootstrap: int) -> dict[str, CorpusScore]:
    """``metric.corpus_score(hyps, refs, n_bootstrap)`` from each metric's rows, whatever its options.

    Each metric object must know its ``num_refs`` (extraction sets it), which its signature prints.
    """
    names = list(scored)
    n = len(scored[names[0]][1]) if names else 0
    seed_text, seed = bootstrap_seed()
    # sacrebleu bootstraps whenever n_bootstrap > 1, a single segment included (its resamples all
    # equal it; the signature still says bs and seed); an empty corpus has no sacrebleu score at all.
    resampled = (resampled_sums({name: rows for name, (_, rows) in scored.items()}, n_bootstrap, seed=seed)
                 if n_bootstrap > 1 and n else None)
    result = {}
    for name, (metric, rows) in scored.items():
        score = metric._compute_score_from_stats(_totals(rows))
        ci_mean = ci = None
        if resampled is not None:
            metric.n_bootstrap, metric.seed = n_bootstrap, seed_text  # both go into the signature
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
