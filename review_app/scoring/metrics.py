"""Scores from sacrebleu only: per segment BLEU/chrF/TER, per corpus BLEU/chrF/chrF++/TER, paired tests.

Every number is sacrebleu's own. Each metric's sufficient statistics are extracted once per
segment (:mod:`review_app.scoring.stats`); sentence scores, the corpus score and the bootstrap
resamples are all computed from those same statistics, exactly as sacrebleu's
``sentence_score``/``corpus_score`` do internally, so nothing is tokenized twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sacrebleu.significance import PairedTest, Result

from review_app.errors import InputError
from review_app.scoring.registry import CORPUS_METRICS, SENTENCE_METRICS
from review_app.scoring.stats import CorpusScore, corpus_scores, make_metric, segment_statistics

__all__ = ["DEFAULT_BOOTSTRAP", "CorpusScore", "PairedResult", "Scores", "paired_test", "score_corpus",
           "sentence_scores"]

DEFAULT_BOOTSTRAP = 1000


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
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], metrics: Sequence[str] = SENTENCE_METRICS
) -> list[dict[str, float | None]]:
    """Per-segment sacrebleu scores; ``None`` where the hypothesis or every reference is empty."""
    return score_corpus(hypotheses, references, metrics=metrics, corpus_metrics=(), n_bootstrap=0).sentence


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = SENTENCE_METRICS,
    corpus_metrics: Sequence[str] = CORPUS_METRICS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    tokenize: str | None = None,
) -> Scores:
    """Sentence scores (``metrics``) and corpus scores (``corpus_metrics``) from one statistics pass.

    ``references`` is a list of reference streams, each as long as ``hypotheses`` (sacrebleu's layout).
    """
    _check_references(hypotheses, references)
    names = list(dict.fromkeys([*metrics, *corpus_metrics]))
    stats, sentence = segment_statistics(hypotheses, references, names, tokenize)
    per_segment = [{name: sentence[name][i] for name in metrics} for i in range(len(hypotheses))]
    wanted = {name: stats[name] for name in corpus_metrics} if hypotheses else {}
    return Scores(per_segment, corpus_scores(wanted, n_bootstrap, tokenize, num_refs=len(references)))


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
            assert isinstance(system, str) and isinstance(res, Result)  # sacrebleu's table: names, then results
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
