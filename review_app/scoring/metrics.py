"""Scores of every registered metric: per segment, per corpus, paired tests.

Each metric's sufficient statistics are extracted once per segment (:mod:`review_app.scoring.stats`);
sentence scores, the corpus score, the bootstrap resamples and the paired tests
(:mod:`review_app.scoring.paired`) are all computed from those same statistics. For sacrebleu's
metrics that is exactly what its ``sentence_score``/``corpus_score``/``PairedTest`` do internally,
so every number is sacrebleu's own and nothing is tokenized twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from review_app.errors import InputError
from review_app.scoring.paired import DEFAULT_SAMPLES, approximate_randomization, baseline_result, paired_bootstrap
from review_app.scoring.registry import CORPUS_METRICS, SENTENCE_METRICS, metric_spec
from review_app.scoring.stats import CorpusScore, corpus_scores, segment_statistics

__all__ = ["DEFAULT_BOOTSTRAP", "CorpusScore", "PairedResult", "Scores", "SegmentStats", "paired_test", "score_corpus",
           "scores_and_statistics", "sentence_scores"]

DEFAULT_BOOTSTRAP = 1000
# One segment's sufficient statistics by metric id: its row as Python numbers (ints for counts), what the
# store keeps so that corpus scores and the bootstrap never score texts again.
SegmentStats = dict[str, list[float]]


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
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], metrics: Sequence[str] = SENTENCE_METRICS,
    sources: Sequence[str | None] | None = None,
) -> list[dict[str, float | None]]:
    """Per-segment scores; ``None`` where the hypothesis or every reference is empty."""
    return score_corpus(hypotheses, references, metrics=metrics, corpus_metrics=(), n_bootstrap=0,
                        sources=sources).sentence


def scores_and_statistics(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], metrics: Sequence[str],
    statistics: Sequence[str], sources: Sequence[str | None] | None = None,
) -> list[tuple[dict[str, float | None], SegmentStats]]:
    """Per segment: the sentence scores of ``metrics`` and the statistics rows of ``statistics``, one pass.

    The rows are exactly the engine's (``Scorer.exact``: integer counts, TER's floats), so summing and
    resampling them later gives the numbers sacrebleu gives on the texts.
    """
    _check_references(hypotheses, references)
    names = list(dict.fromkeys([*metrics, *statistics]))
    stats, sentence = segment_statistics(hypotheses, references, names, None, sources, sentence_for=metrics)
    rows = {name: metric_spec(name).exact(stats[name]).tolist() for name in statistics} if hypotheses else {}
    return [({name: sentence[name][i] for name in metrics}, {name: rows[name][i] for name in statistics})
            for i in range(len(hypotheses))]


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = SENTENCE_METRICS,
    corpus_metrics: Sequence[str] = CORPUS_METRICS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    tokenize: str | None = None,
    sources: Sequence[str | None] | None = None,
) -> Scores:
    """Sentence scores (``metrics``) and corpus scores (``corpus_metrics``) from one statistics pass.

    ``references`` is a list of reference streams, each as long as ``hypotheses`` (sacrebleu's layout);
    ``sources`` one per hypothesis, for the metrics that need the source.
    """
    _check_references(hypotheses, references)
    names = list(dict.fromkeys([*metrics, *corpus_metrics]))
    stats, sentence = segment_statistics(hypotheses, references, names, tokenize, sources, sentence_for=metrics)
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
    sources: Sequence[str | None] | None = None,
) -> list[PairedResult]:
    """sacrebleu's ``PairedTest`` table (paired bootstrap ``bs`` or approximate randomization ``ar``,
    baseline first) from statistics extracted once per system, through :mod:`.paired`.

    ``n_samples`` 0 is sacrebleu's default (1000 resamples, 10000 trials); the AR test also gives a
    bootstrap CI of 1000 resamples, as ``PairedTest(n_ar_confidence=0)`` does.
    """
    if len(systems) < 2:
        raise InputError(None, "a paired test needs at least two systems")
    for _, hyps in systems:
        _check_references(hyps, references)
    samples = n_samples if n_samples > 0 else DEFAULT_SAMPLES[test]
    ci_samples = DEFAULT_SAMPLES["bs"] if test == "ar" else 0
    num_refs = len(references)
    stats = [segment_statistics(hyps, references, metrics, tokenize, sources, sentence_for=())[0]
             for _, hyps in systems]
    results = []
    for metric in metrics:
        (base_name, _), base = systems[0], stats[0][metric]
        outcome = baseline_result(metric, base, test, samples, tokenize=tokenize, num_refs=num_refs,
                                  ci_samples=ci_samples)
        results.append(PairedResult(base_name, metric, outcome.score, outcome.mean, outcome.ci, None,
                                    outcome.signature))
        for (name, _), system in zip(systems[1:], stats[1:], strict=True):
            if test == "bs":
                outcome = paired_bootstrap(metric, base, system[metric], samples, tokenize=tokenize, num_refs=num_refs)
            else:
                outcome = approximate_randomization(metric, base, system[metric], samples, tokenize=tokenize,
                                                    num_refs=num_refs, ci_samples=ci_samples)
            results.append(PairedResult(name, metric, outcome.score, outcome.mean, outcome.ci, outcome.p_value,
                                        outcome.signature))
    return results
