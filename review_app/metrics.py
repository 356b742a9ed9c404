"""Scores from sacrebleu only: per segment BLEU/chrF/TER, per corpus BLEU/chrF/chrF++/TER.

Every number is sacrebleu's own. Each metric's sufficient statistics are extracted once per
segment (sacrebleu's ``_extract_corpus_statistics``); sentence scores, the corpus score and the
bootstrap resamples are all computed from those same statistics, exactly as sacrebleu's
``sentence_score``/``corpus_score`` do internally, so nothing is tokenized twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, _bootstrap_resample

from review_app.errors import InputError

CORPUS_METRICS: dict[str, type[Metric]] = {"bleu": BLEU, "chrf": CHRF, "chrf++": CHRF, "ter": TER}
_CORPUS_ARGS: dict[str, dict[str, Any]] = {"bleu": {}, "chrf": {}, "chrf++": {"word_order": 2}, "ter": {}}
SEGMENT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")
DEFAULT_BOOTSTRAP = 1000


def make_metric(name: str, *, sentence: bool = False, tokenize: str | None = None) -> Metric:
    """A fresh sacrebleu metric object; sentence BLEU uses ``effective_order=True`` as sacrebleu advises.

    ``tokenize`` is BLEU's tokenizer (sacrebleu's ``-tok``: 13a, none, intl, char, zh, ja-mecab …).
    """
    if name not in CORPUS_METRICS:
        raise InputError(None, f"unknown metric {name!r}; choose from {', '.join(CORPUS_METRICS)}")
    kwargs = dict(_CORPUS_ARGS[name])
    if name == "bleu":
        kwargs["effective_order"] = sentence
        if tokenize:
            kwargs["tokenize"] = tokenize
    return CORPUS_METRICS[name](**kwargs)


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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "metric": self.metric,
            "score": self.score,
            "ci_mean": self.ci_mean,
            "ci_95": self.ci_half_width,
            "signature": self.signature,
            "verbose": self.verbose,
        }


@dataclass(slots=True)
class Scores:
    """Sentence-level scores per segment and corpus-level scores for one system."""

    sentence: list[dict[str, float | None]] = field(default_factory=list)
    corpus: dict[str, CorpusScore] = field(default_factory=dict)


def _check_references(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    if not references:
        raise InputError(None, "at least one reference is needed")
    for number, stream in enumerate(references, 1):
        if len(stream) != len(hypotheses):
            raise InputError(
                None, f"reference {number} has {len(stream)} segments but the MT has {len(hypotheses)}"
            )


def sentence_scores(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], metrics: Sequence[str] = SEGMENT_METRICS
) -> list[dict[str, float | None]]:
    """Per-segment sacrebleu scores; ``None`` where the hypothesis or every reference is empty."""
    return score_corpus(hypotheses, references, metrics=metrics, corpus_metrics=(), n_bootstrap=0).sentence


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = SEGMENT_METRICS,
    corpus_metrics: Sequence[str] = ("bleu", "chrf", "chrf++", "ter"),
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    tokenize: str | None = None,
) -> Scores:
    """Sentence scores (``metrics``) and corpus scores (``corpus_metrics``) from one statistics pass.

    ``references`` is a list of reference streams, each as long as ``hypotheses`` (sacrebleu's layout).
    """
    _check_references(hypotheses, references)
    hyps = list(hypotheses)
    refs = [list(stream) for stream in references]
    scorable = [bool(h.strip()) and any(r[i].strip() for r in refs) for i, h in enumerate(hyps)]
    result = Scores(sentence=[{} for _ in hyps])
    for name in dict.fromkeys([*metrics, *corpus_metrics]):
        corpus_metric = make_metric(name, tokenize=tokenize)
        stats = corpus_metric._extract_corpus_statistics(hyps, refs)
        if name in metrics:
            sentence_metric = make_metric(name, sentence=True, tokenize=tokenize) if name == "bleu" else corpus_metric
            for i, seg_stats in enumerate(stats):
                value = sentence_metric._compute_score_from_stats(seg_stats).score if scorable[i] else None
                result.sentence[i][name] = value
        if name in corpus_metrics:
            result.corpus[name] = _corpus_score(name, corpus_metric, stats, n_bootstrap)
    return result


def _corpus_score(name: str, metric: Metric, stats: list[list[Any]], n_bootstrap: int) -> CorpusScore:
    """The corpus score from segment statistics, as sacrebleu's ``corpus_score`` computes it."""
    score = metric._aggregate_and_compute(stats)
    ci_mean = ci = None
    if n_bootstrap > 1 and len(stats) > 1:
        metric.n_bootstrap = n_bootstrap
        metric.seed, resampled = _bootstrap_resample(stats, metric, n_bootstrap)
        for sample in resampled:
            # Resampled scores can mix numpy float32 with float, which statistics.mean rejects.
            sample.score = float(sample.score)
        score.estimate_ci(resampled)
        ci_mean, ci = float(score._mean), float(score._ci)
    signature = metric.get_signature().format()
    return CorpusScore(
        metric=name,
        score=float(score.score),
        signature=signature,
        formatted=score.format(signature=signature),
        ci_mean=ci_mean,
        ci_half_width=ci,
        verbose=getattr(score, "_verbose", ""),
    )


@dataclass(slots=True)
class PairedResult:
    """One system's score in a paired significance test against the baseline (the first system)."""

    system: str
    metric: str
    score: float
    ci_mean: float | None
    ci_95: float | None
    p_value: float | None
    signature: str


def paired_test(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    test: str = "bs",
    n_samples: int = 0,
    tokenize: str | None = None,
) -> list[PairedResult]:
    """sacrebleu's paired bootstrap (``bs``) or approximate randomization (``ar``) test; baseline first."""
    if len(systems) < 2:
        raise InputError(None, "a paired test needs at least two systems")
    for _, hyps in systems:
        _check_references(hyps, references)
    named = {name: make_metric(name, tokenize=tokenize) for name in metrics}
    test_runner = PairedTest(
        [(name, list(hyps)) for name, hyps in systems],
        named,
        [list(r) for r in references],
        test_type=test,
        n_samples=n_samples,
        n_ar_confidence=0 if test == "ar" else -1,
    )
    signatures, table = test_runner()
    results = []
    for metric_name, signature in signatures.items():
        for system, res in zip(table["System"], table[metric_name], strict=True):
            key = next(k for k, v in named.items() if v is test_runner.metrics[metric_name])
            results.append(
                PairedResult(
                    system=system,
                    metric=key,
                    score=float(res.score),
                    ci_mean=None if res.mean is None else float(res.mean),
                    ci_95=None if res.ci is None else float(res.ci),
                    p_value=None if res.p_value is None else float(res.p_value),
                    signature=signature.format(),
                )
            )
    return results
