"""Per-system corpus scores with CIs, paired significance against a baseline, QA findings, MQM.

Every metric of the registry goes through the one statistics engine: corpus scores and bootstrap CIs
from :mod:`review_app.scoring.stats` (for sacrebleu's metrics equal to ``corpus_score(..., n_bootstrap=N)``),
paired tests from :mod:`review_app.scoring.paired` (sacrebleu's paired bootstrap and approximate
randomization, number for number). The source goes to the metrics that need it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from review_app.checks import Check, Context, check_segments, is_learned
from review_app.compare.inputs import CompareCorpus
from review_app.model import AlignedSegment
from review_app.parallel import ordered_map
from review_app.scoring.paired import approximate_randomization, paired_bootstrap
from review_app.scoring.registry import METRICS
from review_app.scoring.stats import CorpusScore, corpus_scores, segment_statistics
from review_app.vocab import SEVERITIES

# Paired tests sacrebleu offers: paired bootstrap resampling and approximate randomization.
PAIRED_TESTS: tuple[str, ...] = ("bs", "ar")


def lower_is_better() -> frozenset[str]:
    """The registered metrics where lower is better (TER, an edit rate)."""
    return frozenset(m.id for m in METRICS.values() if not m.higher_is_better)

ALPHA = 0.05


@dataclass(slots=True)
class SystemStats:
    """One system's per-segment sacrebleu statistics and sentence scores (kept for buckets)."""

    stats: dict[str, np.ndarray]
    sentence: dict[str, list[float | None]]


def system_statistics(
    corpus: CompareCorpus, metrics: Sequence[str], segment_metric: str, tokenize: str | None, jobs: int = 1
) -> list[SystemStats]:
    """Statistics of every metric and ``segment_metric`` per system, one extraction each; sentence
    scores of those of them that have one (BLEU, chrF, TER).

    Systems are extracted in ``jobs`` processes (TER's statistics take most of a comparison's time).
    """
    names = list(dict.fromkeys([*metrics, segment_metric]))
    return list(ordered_map(_system_statistics, corpus.hypotheses, jobs, corpus.references, names, tokenize,
                            corpus.sources))


def _system_statistics(hyps: list[str], references: list[list[str]], names: list[str],
                       tokenize: str | None, sources: list[str] | None) -> SystemStats:
    stats, sentence = segment_statistics(hyps, references, names, tokenize, sources)
    return SystemStats(stats, sentence)


def system_scores(
    stats: Sequence[SystemStats], metrics: Sequence[str], n_bootstrap: int, tokenize: str | None, num_refs: int
) -> list[dict[str, CorpusScore]]:
    """Corpus score, signature and 95% CI of each metric per system."""
    return [corpus_scores({m: s.stats[m] for m in metrics}, n_bootstrap, tokenize, num_refs) for s in stats]


@dataclass(slots=True)
class PairedComparison:
    """One system against the baseline on one metric, with both paired tests' p-values."""

    system: str
    metric: str
    score: float
    baseline_score: float
    delta: float
    p_values: dict[str, float | None] = field(default_factory=dict)
    ci_mean: float | None = None
    ci_95: float | None = None
    signatures: dict[str, str] = field(default_factory=dict)

    @property
    def better(self) -> bool:
        """Whether the system scores better than the baseline (TER: lower)."""
        return self.delta < 0 if not METRICS[self.metric].higher_is_better else self.delta > 0

    def significant(self, test: str = "bs", alpha: float = ALPHA) -> bool:
        """Whether the test's p-value is below ``alpha``."""
        p = self.p_values.get(test)
        return p is not None and p < alpha

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"system": self.system, "metric": self.metric, "score": self.score,
                "baseline_score": self.baseline_score, "delta": self.delta, "better": self.better,
                "p_values": self.p_values, "significant": {t: self.significant(t) for t in self.p_values},
                "ci_mean": self.ci_mean, "ci_95": self.ci_95, "signatures": self.signatures}


def paired_comparisons(
    names: Sequence[str], stats: Sequence[SystemStats], baseline: str, metrics: Sequence[str], *,
    tests: Sequence[str] = PAIRED_TESTS, n_bootstrap: int = 1000, n_ar: int = 10000, tokenize: str | None = None,
    num_refs: int = 1,
) -> list[PairedComparison]:
    """Every other system against ``baseline`` with sacrebleu's paired tests (from the kept statistics)."""
    base = stats[list(names).index(baseline)]
    rows = []
    for name, system in zip(names, stats, strict=True):
        if name == baseline:
            continue
        for metric in metrics:
            row = None
            for test in tests:
                run = paired_bootstrap if test == "bs" else approximate_randomization
                outcome = run(metric, base.stats[metric], system.stats[metric], n_bootstrap if test == "bs" else n_ar,
                              tokenize=tokenize, num_refs=num_refs)
                if row is None:
                    row = PairedComparison(name, metric, outcome.score, outcome.baseline,
                                           outcome.score - outcome.baseline)
                row.p_values[test] = outcome.p_value
                row.signatures[test] = outcome.signature
                if test == "bs":
                    row.ci_mean, row.ci_95 = outcome.mean, outcome.ci
            if row is not None:
                rows.append(row)
    return rows


@dataclass(slots=True)
class FindingCounts:
    """A system's QA findings: total, by severity, by check and severity; apart, those learned from the reference."""

    total: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_check: dict[str, dict[str, int]] = field(default_factory=dict)
    per_segment: list[int] = field(default_factory=list)
    # reference-term findings: proposals learned from the reference, in none of the counts above
    learned: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (without the per-segment counts)."""
        return {"total": self.total, "by_severity": self.by_severity, "by_check": self.by_check,
                "learned": self.learned}


def system_findings(
    corpus: CompareCorpus, checks: Sequence[Check] | None, lang: str | None, src_lang: str | None,
) -> list[FindingCounts]:
    """QA findings of each system's output (checked against source and reference), counted; learned ones apart."""
    result = []
    for hyps in corpus.hypotheses:
        segments = [AlignedSegment(mt=h, ref=corpus.references[0][i],
                                   src=corpus.sources[i] if corpus.sources else None, mt_ids=[i], ref_ids=[i])
                    for i, h in enumerate(hyps)]
        checked = check_segments(segments, Context(target_lang=lang, source_lang=src_lang), checks)
        found = [[f for f in per if not is_learned(f.check)] for per in checked]
        pairs: Counter[tuple[str, str]] = Counter((f.check, f.severity) for per in found for f in per)
        counts = FindingCounts(total=sum(pairs.values()), per_segment=[len(per) for per in found],
                               learned=sum(len(per) for per in checked) - sum(pairs.values()))
        severities = Counter(f.severity for per in found for f in per)
        counts.by_severity = {s: severities[s] for s in reversed(SEVERITIES) if severities[s]}
        for (check, severity), n in sorted(pairs.items()):
            counts.by_check.setdefault(check, {})[severity] = n
        result.append(counts)
    return result
