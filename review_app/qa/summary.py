"""``summary.json``: corpus scores per document and overall, findings counts, MQM, thresholds.

:class:`SummaryBuilder` folds processed chunks in as they come and keeps only what the summary
needs: sacrebleu statistics (compact arrays), counts, a chrF histogram, and a bounded set of
highlights (the lowest-chrF segments, a few examples per check) for the readable reports.

Layout of the summary (JSON)::

    tool, version, created, settings{…},
    overall{documents, segments, scored_segments, links, scores{metric: CorpusScore}, chrf_histogram,
            findings{total, by_severity, by_check{check: {severity: n}}, by_category, learned{check: n}}, mqm,
            effort{segments, words, bands, hter_mean, hter_median, edit_rate_mean, edit_rate_median, unchanged,
                   accepted_share} with --pe only},
    documents[{name, mt, ref, src, format, segments, scored_segments, links, scores, chrf_histogram,
               findings, mqm}],
    highlights{lowest_chrf[…], finding_examples[…]},
    thresholds{min_chrf, min_bleu, fail_on, gates[{kind, value, threshold, passed, message}], failures[…],
               passed}
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from review_app import __version__
from review_app.checks import Finding, at_or_above, is_learned
from review_app.effort import SegmentEffort, summarize
from review_app.errors import InputError
from review_app.qa.gates import gate_spec, passes
from review_app.qa.inputs import DocumentSource
from review_app.qa.runner import ChunkResult, QaSettings, SegmentItem
from review_app.qa.summary_types import (
    DocumentPart,
    FindingCounts,
    FindingExample,
    Gate,
    GateResults,
    LowSegment,
    MqmPart,
    MqmSystem,
    Overall,
    Part,
    QaSummary,
)
from review_app.scoring.mqm import REFERENCE_WORDS, weights_signature
from review_app.scoring.mqm import weight as mqm_weight
from review_app.scoring.stats import CorpusScore, ScoreEntry, StatsStore, corpus_scores
from review_app.vocab import SEVERITIES

HISTOGRAM_EDGES: tuple[int, ...] = tuple(range(0, 101, 10))
LOWEST_SEGMENTS = 10
EXAMPLES_PER_CHECK = 3
# Texts kept for highlights are cut to this many characters around what matters.
_TEXT_LIMIT = 400


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Release gates: minimum overall chrF/BLEU, the other metrics' limits (metric id → the minimum, or
    the maximum where lower is better: :mod:`.gates`) and the lowest finding severity that fails."""

    min_chrf: float | None = None
    min_bleu: float | None = None
    fail_on: str | None = None
    limits: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, limits: Mapping[str, float], fail_on: str | None = None) -> Thresholds:
        """The gates of ``limits`` (metric id → threshold), chrF's and BLEU's in their own fields."""
        rest = {metric: value for metric, value in limits.items() if metric not in ("chrf", "bleu")}
        return cls(limits.get("chrf"), limits.get("bleu"), fail_on, rest)

    def all_limits(self) -> dict[str, float]:
        """Every score gate: chrF, BLEU, then the others (metric id → threshold)."""
        legacy = {"chrf": self.min_chrf, "bleu": self.min_bleu}
        return {**{m: v for m, v in legacy.items() if v is not None}, **self.limits}

    def metrics(self) -> tuple[str, ...]:
        """Metrics the gates need scored."""
        return tuple(self.all_limits())


@dataclass(slots=True)
class _Tally:
    """Counts of one document (or of the whole run)."""

    segments: int = 0
    scored: int = 0
    links: Counter[str] = field(default_factory=Counter)
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (check, severity) → n
    categories: Counter[str] = field(default_factory=Counter)
    histogram: np.ndarray = field(default_factory=lambda: np.zeros(len(HISTOGRAM_EDGES) - 1, dtype=np.int64))
    mqm_sum: float = 0.0
    mqm_segments: int = 0
    mqm_words: int = 0
    mqm_errors: Counter[tuple[str, str]] = field(default_factory=Counter)  # (category, severity) → n
    mqm_systems: dict[str, list[float]] = field(default_factory=dict)  # system → [sum, segments]
    efforts: list[SegmentEffort] = field(default_factory=list)  # with --pe: the scored segments' effort

    def add(self, item: SegmentItem, findings: list[Finding]) -> None:
        segment = item.segment
        self.segments += 1
        self.links[segment.link] += 1
        if item.scored:
            self.scored += 1
        for f in findings:
            self.findings[(f.check, f.severity)] += 1
            if not is_learned(f.check):
                self.categories[f.category] += 1
        chrf = segment.scores.get("chrf")
        if chrf is not None:
            # Bins [0,10), …, [90,100]: 100 belongs to the last one.
            self.histogram[min(int(chrf // 10), len(self.histogram) - 1)] += 1
        if item.mqm is not None:
            self.mqm_sum += item.mqm.score
            self.mqm_segments += 1
            self.mqm_words += item.mqm.words
            self.mqm_errors.update(item.mqm.errors)
            system = self.mqm_systems.setdefault(item.mqm.system or "", [0.0, 0])
            system[0] += item.mqm.score
            system[1] += 1

    def merge(self, other: _Tally) -> None:
        self.segments += other.segments
        self.scored += other.scored
        self.links.update(other.links)
        self.findings.update(other.findings)
        self.categories.update(other.categories)
        self.histogram += other.histogram
        self.mqm_sum += other.mqm_sum
        self.mqm_segments += other.mqm_segments
        self.mqm_words += other.mqm_words
        self.mqm_errors.update(other.mqm_errors)
        for system, (total, count) in other.mqm_systems.items():
            mine = self.mqm_systems.setdefault(system, [0.0, 0])
            mine[0] += total
            mine[1] += count
        self.efforts += other.efforts

    def findings_dict(self) -> FindingCounts:
        # Findings learned from the reference are proposals, not QA of the MT: counted apart.
        qa = {key: n for key, n in self.findings.items() if not is_learned(key[0])}
        learned: Counter[str] = Counter()
        for (check, _severity), n in self.findings.items():
            if is_learned(check):
                learned[check] += n
        by_check: dict[str, dict[str, int]] = {}
        for (check, severity), n in sorted(qa.items()):
            by_check.setdefault(check, {})[severity] = n
        by_severity: Counter[str] = Counter()
        for (_check, severity), n in qa.items():
            by_severity[severity] += n
        return {
            "total": sum(qa.values()),
            "by_severity": {s: by_severity[s] for s in reversed(SEVERITIES) if by_severity[s]},
            "by_check": dict(sorted(by_check.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))),
            "by_category": dict(self.categories.most_common()),
            "learned": dict(sorted(learned.items())),
        }

    def mqm_dict(self) -> MqmPart | None:
        if not self.mqm_segments:
            return None
        penalty = sum(n * mqm_weight(category, severity) for (category, severity), n in self.mqm_errors.items())
        by_severity: Counter[str] = Counter()
        for (_category, severity), n in self.mqm_errors.items():
            by_severity[severity.lower()] += n
        return {
            "score": self.mqm_sum / self.mqm_segments,
            "segments": self.mqm_segments,
            "errors": sum(self.mqm_errors.values()),
            "by_severity": dict(by_severity.most_common()),
            "per_1000_words": penalty / self.mqm_words * REFERENCE_WORDS if self.mqm_words else None,
            "words": self.mqm_words,
            "systems": sorted(
                (MqmSystem(system=s, score=total / n, segments=int(n)) for s, (total, n) in self.mqm_systems.items()),
                key=lambda row: (row["score"], row["system"]),
            ),
            "signature": weights_signature(),
        }


def _rank(finding: Finding | FindingExample) -> int:
    """Severity rank of a finding or an example dict (higher is worse)."""
    severity = finding["severity"] if isinstance(finding, dict) else finding.severity
    return SEVERITIES.index(severity)


def _clip(text: str | None, start: int = 0, end: int = 0) -> tuple[str | None, int]:
    """``text`` cut to about ``_TEXT_LIMIT`` characters around ``[start, end)``; returns the cut's offset."""
    if text is None or len(text) <= _TEXT_LIMIT:
        return text, 0
    begin = max(0, min(start - _TEXT_LIMIT // 3, len(text) - _TEXT_LIMIT))
    return text[begin : begin + max(_TEXT_LIMIT, end - begin)], begin


class SummaryBuilder:
    """Accumulates processed chunks and turns them into the summary."""

    def __init__(self, documents: list[DocumentSource], settings: QaSettings) -> None:
        self.documents = documents
        self.settings = settings
        self.stats = StatsStore(settings.metrics)
        self.tallies = [_Tally() for _ in documents]
        self.ranges: list[list[int]] = [[0, 0] for _ in documents]  # [start, end) in the stats store
        self._lowest: list[tuple[float, int, LowSegment]] = []  # a max-heap by -chrF of size ≤ N
        self._examples: dict[str, list[FindingExample]] = {}
        self._order = itertools.count()
        # The scored segments' references and sources in order, by document index (not name: a single
        # file's document is named after its MT file): equal digests mean two runs scored the same
        # segments, so their statistics can be paired row by row.
        self.segments_digest = hashlib.sha256()
        # Corpus scores (and their bootstrap, the costly part) by the rows' spans in the statistics store.
        self._corpus: dict[tuple[tuple[int, int], ...], dict[str, CorpusScore]] = {}

    def add(self, result: ChunkResult) -> None:
        """Fold one processed chunk in."""
        doc = result.chunk.doc
        if self.tallies[doc].segments == 0:
            self.ranges[doc][0] = self.stats.count
        self.stats.append(result.stats, sum(item.scored for item in result.chunk.items))
        self.ranges[doc][1] = self.stats.count
        name = self.documents[doc].name
        if result.efforts is not None:
            self.tallies[doc].efforts += result.efforts
        for offset, (item, found) in enumerate(zip(result.chunk.items, result.findings, strict=True)):
            if item.scored:
                self.segments_digest.update(repr((doc, item.segment.ref, item.segment.src)).encode("utf-8"))
            self.tallies[doc].add(item, found)
            line = result.chunk.start + offset + 1
            self._highlight(name, line, item, found)

    def _highlight(self, doc: str, line: int, item: SegmentItem, found: list[Finding]) -> None:
        segment = item.segment
        chrf = segment.scores.get("chrf")
        if chrf is not None:
            key = (-chrf, -next(self._order))
            if len(self._lowest) < LOWEST_SEGMENTS or key > self._lowest[0][:2]:
                record = LowSegment(doc=doc, line=line, chrf=chrf, bleu=segment.scores.get("bleu"),
                                    mt=_clip(segment.mt)[0], ref=_clip(segment.ref)[0], src=_clip(segment.src)[0],
                                    findings=[f.check for f in found])
                entry = (key[0], key[1], record)
                if len(self._lowest) < LOWEST_SEGMENTS:
                    heapq.heappush(self._lowest, entry)
                else:
                    heapq.heapreplace(self._lowest, entry)
        for f in found:
            examples = self._examples.setdefault(f.check, [])
            # Keep the first few of each check, but let a worse finding push out a milder one.
            milder = min(range(len(examples)), key=lambda i: _rank(examples[i]), default=None)
            if len(examples) >= EXAMPLES_PER_CHECK and milder is not None and _rank(examples[milder]) < _rank(f):
                del examples[milder]
            if len(examples) < EXAMPLES_PER_CHECK:
                text, cut = _clip(segment.mt, f.start, f.end)
                examples.append(FindingExample(doc=doc, line=line, check=f.check, severity=f.severity,
                                               category=f.category, message=f.message, suggestion=f.suggestion,
                                               mt=text, start=f.start - cut, end=f.end - cut))

    def _scores(self, spans: list[tuple[int, int]]) -> dict[str, ScoreEntry]:
        if not spans or not self.settings.metrics:
            return {}
        key = tuple(spans)
        if key not in self._corpus:  # the same rows give the same scores: a run of one document scores them once
            stats = {}
            for name in self.settings.metrics:
                rows = self.stats.rows(name)
                parts = [rows[a:b] for a, b in spans]
                stats[name] = parts[0] if len(parts) == 1 else np.concatenate(parts)
            self._corpus[key] = corpus_scores(stats, self.settings.n_bootstrap, self.settings.tokenize)
        return {name: score.to_dict() for name, score in self._corpus[key].items()}

    def finish(self, thresholds: Thresholds, inputs: dict[str, Any]) -> QaSummary:
        """The summary, with the thresholds evaluated; a gate that cannot be evaluated is an InputError."""
        overall = _Tally()
        documents: list[DocumentPart] = []
        scored_spans: list[tuple[int, int]] = []
        for document, tally, (start, end) in zip(self.documents, self.tallies, self.ranges, strict=True):
            overall.merge(tally)
            # A document whose units carry no reference at all is checked but not scored.
            spans = [(start, end)] if end > start else []
            scored_spans += spans
            documents.append(DocumentPart(
                name=document.name,
                mt=str(document.mt),
                ref=None if document.ref is None else str(document.ref),
                src=None if document.src is None else str(document.src),
                format=document.format,
                **self._part(tally, spans),
            ))
        run = Overall(documents=len(documents), **self._part(overall, _merge_spans(scored_spans)))
        return {
            "tool": "review_app qa",
            "version": __version__,
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "settings": self._settings(inputs),
            "overall": run,
            "documents": documents,
            "highlights": {
                "lowest_chrf": [entry[2] for entry in sorted(self._lowest, key=lambda e: (-e[0], -e[1]))],
                "finding_examples": sorted((e for examples in self._examples.values() for e in examples),
                                           key=lambda e: (-_rank(e), e["check"], e["doc"], e["line"])),
            },
            "thresholds": evaluate(run, thresholds),
        }

    def _part(self, tally: _Tally, spans: list[tuple[int, int]]) -> Part:
        part: Part = {
            "segments": tally.segments,
            # Segments in the corpus scores; an unaligned sentence counts against empty text, as
            # ``score`` counts it, and so does a blank line of line-parallel files.
            "scored_segments": tally.scored,
            "links": dict(tally.links.most_common()),
            "scores": self._scores(spans),
            "chrf_histogram": {"edges": list(HISTOGRAM_EDGES), "counts": tally.histogram.tolist()}
            if "chrf" in self.settings.metrics else None,
            "findings": tally.findings_dict(),
            "mqm": tally.mqm_dict(),
        }
        if self.settings.post_edit:
            part["effort"] = summarize(tally.efforts).to_dict()
        return part

    def _settings(self, inputs: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        return {
            **inputs,
            "segmented": s.segmented,
            "lang": s.lang,
            "src_lang": s.src_lang,
            "metrics": list(s.metrics),
            "bootstrap": s.n_bootstrap,
            "tokenize": s.tokenize,
            "checks": [check.id for check in s.checks],
            "post_edit": s.post_edit,
        }


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent ranges joined, so a run whose documents are all scored uses one slice (no copy)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def evaluate(overall: Overall, thresholds: Thresholds) -> GateResults:
    """The gates' verdict: every gate given with its value and outcome; ``failures`` lists the failed ones."""
    gates: list[Gate] = []
    scores = overall["scores"]
    for metric, threshold in thresholds.all_limits().items():
        spec = gate_spec(metric)
        if metric not in scores:
            raise InputError(None, f"{spec.flag} needs references, but no document has any")
        value = scores[metric]["score"]
        passed = passes(value, threshold, spec.minimum)
        relations = ("is at least", "is below") if spec.minimum else ("is at most", "is above")
        relation = relations[0] if passed else relations[1]
        gates.append({"kind": spec.kind, "value": value, "threshold": threshold, "passed": passed,
                      "message": f"corpus {metric} {value:.4f} {relation} {threshold:g}"})
    if thresholds.fail_on:
        by_severity = overall["findings"]["by_severity"]
        count = sum(n for severity, n in by_severity.items() if at_or_above(severity, thresholds.fail_on))
        gates.append({"kind": "fail_on", "value": count, "threshold": thresholds.fail_on, "passed": count == 0,
                      "message": f"{count} finding(s) of severity {thresholds.fail_on} or worse"})
    failures = [gate for gate in gates if not gate["passed"]]
    results: GateResults = {"min_chrf": thresholds.min_chrf, "min_bleu": thresholds.min_bleu,
                            "fail_on": thresholds.fail_on, "gates": gates, "failures": failures,
                            "passed": not failures}
    if thresholds.limits:  # only then: summaries without other gates keep their shape
        results["limits"] = dict(thresholds.limits)
    return results
