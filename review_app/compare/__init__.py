"""Compare N systems on the same source and reference(s): scores, significance, where they differ.

:func:`compare` takes a :class:`~review_app.compare.inputs.CompareCorpus` (see
:func:`~review_app.compare.inputs.load_corpus`) and returns a :class:`Comparison` that the CLI
prints (table or JSON), the HTML report renders and the app charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from review_app import __version__
from review_app.checks import Check
from review_app.compare.buckets import (
    LengthBuckets,
    WordAccuracy,
    length_buckets,
    length_difference_counts,
    tokenizer,
    word_accuracy,
)
from review_app.compare.inputs import CompareCorpus, SystemInput, load_corpus, parse_systems
from review_app.compare.ngrams import NgramComparison, compare_ngrams, matched_ngrams
from review_app.compare.scores import (
    PAIRED_TESTS,
    FindingCounts,
    PairedComparison,
    paired_comparisons,
    system_findings,
    system_scores,
    system_statistics,
)
from review_app.compare.segments import SegmentDifference, SegmentView, largest_differences
from review_app.effort import EffortSummary, SegmentEffort, efforts_from_statistics, segment_efforts, summarize
from review_app.errors import InputError
from review_app.scoring.metrics import DEFAULT_BOOTSTRAP
from review_app.scoring.mqm import SystemScore, weights_signature
from review_app.scoring.registry import CORPUS_METRICS, POST_EDIT_METRICS, metric_spec, sentence_metrics
from review_app.scoring.stats import CorpusScore

__all__ = ["CORPUS_METRICS", "CompareCorpus", "CompareSettings", "Comparison", "SystemInput", "compare", "load_corpus",
           "parse_systems"]




@dataclass(slots=True)
class CompareSettings:
    """What changes the numbers of a comparison."""

    baseline: str | None = None
    metrics: tuple[str, ...] = CORPUS_METRICS
    tokenize: str | None = None
    n_bootstrap: int = DEFAULT_BOOTSTRAP
    n_ar: int = 10000
    tests: tuple[str, ...] = PAIRED_TESTS
    segment_metric: str = "chrf"
    top_segments: int = 10
    ngram_report: int = 50
    frequencies: Mapping[str, int] | None = None
    frequency_source: str = "the test set's reference"
    checks: Sequence[Check] | None = None
    lang: str | None = "en"
    src_lang: str | None = None
    mqm: Sequence[SystemScore] = ()
    jobs: int = 1
    post_edit: bool = False  # the (first) reference is a post-edit: each system's post-editing effort against it


@dataclass(slots=True)
class Comparison:
    """Everything ``compare`` reports, for every system on the same segments."""

    corpus: CompareCorpus
    baseline: str
    settings: CompareSettings
    scores: dict[str, dict[str, CorpusScore]]
    paired: list[PairedComparison]
    findings: dict[str, FindingCounts]
    mqm: dict[str, SystemScore]
    lengths: LengthBuckets
    length_diff: tuple[list[str], dict[str, list[int]]]
    words: WordAccuracy
    ngrams: list[NgramComparison]
    differences: list[SegmentDifference]
    sentence: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    effort: dict[str, EffortSummary] = field(default_factory=dict)  # with ``post_edit``: per system

    @property
    def names(self) -> list[str]:
        """System names in input order."""
        return self.corpus.names

    def ranking(self, metric: str) -> list[str]:
        """Systems best first on ``metric`` (TER: lowest first)."""
        sign = -1 if metric_spec(metric).higher_is_better else 1
        return sorted(self.names, key=lambda n: (sign * self.scores[n][metric].score, n))

    def paired_row(self, system: str, metric: str) -> PairedComparison | None:
        """The paired comparison of ``system`` with the baseline on ``metric`` (None for the baseline)."""
        return next((p for p in self.paired if p.system == system and p.metric == metric), None)

    def segment(self, index: int) -> SegmentView:
        """Segment ``index`` side by side: source, reference(s), every system with its sentence scores."""
        corpus = self.corpus
        return SegmentView(
            index=index,
            src=corpus.sources[index] if corpus.sources else None,
            refs=[stream[index] for stream in corpus.references],
            outputs={n: corpus.hypotheses[k][index] for k, n in enumerate(corpus.names)},
            scores={n: {m: values[index] for m, values in self.sentence[n].items()} for n in corpus.names},
            findings={n: self.findings[n].per_segment[index] for n in corpus.names if self.findings[n].per_segment},
        )

    def to_dict(self) -> dict[str, Any]:
        """One JSON object with every system's scores and every analysis."""
        labels, diffs = self.length_diff
        return {
            "tool": "review_app compare", "version": __version__,
            "segments": self.corpus.size, "references": len(self.corpus.references), "baseline": self.baseline,
            "systems": [{"name": n, "path": self.corpus.paths.get(n),
                         "scores": {m: s.to_dict() for m, s in self.scores[n].items()},
                         "findings": self.findings[n].to_dict(),
                         "mqm": None if n not in self.mqm else {"score": self.mqm[n].score,
                                                                 "segments": self.mqm[n].segments,
                                                                 "signature": weights_signature()},
                         **({"effort": self.effort[n].to_dict()} if n in self.effort else {})}
                        for n in self.names],
            "ranking": {m: self.ranking(m) for m in self.settings.metrics},
            "paired": [p.to_dict() for p in self.paired],
            "length_buckets": self.lengths.to_dict(),
            "length_difference": {"labels": labels, "counts": diffs},
            "word_accuracy": self.words.to_dict(),
            "ngrams": [n.to_dict() for n in self.ngrams],
            "largest_differences": [
                {**d.to_dict(), "segment": self.segment(d.index).to_dict()} for d in self.differences],
        }


def compare(corpus: CompareCorpus, settings: CompareSettings | None = None) -> Comparison:
    """Score, test and analyse every system of ``corpus`` against the baseline (default: the first)."""
    settings = settings or CompareSettings()
    baseline = settings.baseline or corpus.names[0]
    if baseline not in corpus.names:
        raise InputError("--baseline", f"no system named {baseline!r} (systems: {', '.join(corpus.names)})")
    choices = sentence_metrics(costly=True, on_request=True)
    if settings.segment_metric not in choices:
        raise InputError("--segment-metric", f"choose one of {', '.join(choices)}")
    metrics = list(settings.metrics)
    stats = system_statistics(corpus, metrics, settings.segment_metric, settings.tokenize, settings.jobs)
    num_refs = len(corpus.references)
    scores = dict(zip(corpus.names, system_scores(stats, metrics, settings.n_bootstrap, settings.tokenize,
                                                  num_refs), strict=True))
    paired = paired_comparisons(corpus.names, stats, baseline, metrics, tests=settings.tests,
                                n_bootstrap=settings.n_bootstrap, n_ar=settings.n_ar, tokenize=settings.tokenize,
                                num_refs=num_refs)
    findings = dict(zip(corpus.names, system_findings(corpus, settings.checks, settings.lang, settings.src_lang),
                        strict=True))
    words_of = tokenizer(settings.tokenize)
    ref_tokens = [words_of(t) for t in corpus.references[0]]
    sys_tokens = {n: [words_of(t) for t in hyps] for n, hyps in zip(corpus.names, corpus.hypotheses, strict=True)}
    lengths = length_buckets([len(t) for t in ref_tokens], corpus.names, [s.stats for s in stats], metrics,
                             settings.tokenize, num_refs)
    words = word_accuracy(ref_tokens, sys_tokens, settings.frequencies, settings.frequency_source)
    matches = {n: matched_ngrams(ref_tokens, toks) for n, toks in sys_tokens.items()}
    ngrams = [compare_ngrams(baseline, matches[baseline], n, matches[n], settings.ngram_report)
              for n in corpus.names if n != baseline]
    sentence = {n: s.sentence for n, s in zip(corpus.names, stats, strict=True)}
    differences = largest_differences(corpus.names, [sentence[n][settings.segment_metric] for n in corpus.names],
                                      baseline, settings.segment_metric, settings.top_segments)
    mqm = {s.system: s for s in settings.mqm if s.system in corpus.names}
    effort = {n: summarize(_efforts(hyps, corpus.references, s.stats))
              for n, hyps, s in zip(corpus.names, corpus.hypotheses, stats, strict=True)} if settings.post_edit else {}
    return Comparison(corpus, baseline, settings, scores, paired, findings, mqm, lengths,
                      length_difference_counts(ref_tokens, sys_tokens), words, ngrams, differences, sentence, effort)


def _efforts(hyps: Sequence[str], references: Sequence[Sequence[str]], stats: Mapping[str, np.ndarray]
             ) -> list[SegmentEffort]:
    """A system's effort against the first reference (the post-edit): from the statistics of ``hter`` and
    ``edit-rate`` when they were extracted against it alone, else measured."""
    if len(references) == 1 and all(m in stats for m in POST_EDIT_METRICS):
        return efforts_from_statistics(hyps, references[0], stats["hter"].tolist(), stats["edit-rate"].tolist())
    return segment_efforts(hyps, references[0])
