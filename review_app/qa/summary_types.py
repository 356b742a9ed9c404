"""The shape of ``summary.json``, typed: what :mod:`review_app.qa.summary` builds and the reports read.

TypedDicts rather than dataclasses because the summary *is* JSON: it is written as is, read back
by other tools, and these types let mypy check every key the builders write and the readers use.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from review_app.effort import EffortDict
from review_app.scoring.stats import ScoreEntry

__all__ = ["DocumentPart", "EffortDict", "FindingCounts", "FindingExample", "Gate", "GateResults", "Highlights",
           "Histogram", "LowSegment", "MqmPart", "MqmSystem", "Overall", "Part", "QaSummary", "ScoreEntry"]


class Histogram(TypedDict):
    """Segment chrF counts per bin; ``edges`` has one more entry than ``counts``."""

    edges: list[int]
    counts: list[int]


class FindingCounts(TypedDict):
    """QA findings by severity (worst first), by check and severity, and by MQM category.

    ``learned``: the findings learned from the reference (``reference-term``) per check, counted apart
    (in none of the other counts, nor in the ``fail_on`` gate); absent in summaries written before.
    """

    total: int
    by_severity: dict[str, int]
    by_check: dict[str, dict[str, int]]
    by_category: dict[str, int]
    learned: NotRequired[dict[str, int]]


class MqmSystem(TypedDict):
    """One system's MQM score (mean segment score, lower is better)."""

    system: str
    score: float
    segments: int


class MqmPart(TypedDict):
    """MQM of the annotated units of a document or of the run."""

    score: float
    segments: int
    errors: int
    by_severity: dict[str, int]
    per_1000_words: float | None
    words: int
    systems: list[MqmSystem]
    signature: str


class Part(TypedDict):
    """What the summary says of one document and of the whole run."""

    segments: int
    scored_segments: int
    links: dict[str, int]
    scores: dict[str, ScoreEntry]
    chrf_histogram: Histogram | None
    findings: FindingCounts
    mqm: MqmPart | None
    effort: NotRequired[EffortDict]  # with --pe only: post-editing effort of the scored segments


class Overall(Part):
    """The whole run."""

    documents: int


class DocumentPart(Part):
    """One document, with the files it came from."""

    name: str
    mt: str
    ref: str | None
    src: str | None
    format: str | None  # bilingual files only


class LowSegment(TypedDict):
    """One of the lowest-chrF segments, texts clipped around what matters."""

    doc: str
    line: int
    chrf: float
    bleu: float | None
    mt: str | None
    ref: str | None
    src: str | None
    findings: list[str]


class FindingExample(TypedDict):
    """An example finding of a check, its MT clipped and the span moved with the clip."""

    doc: str
    line: int
    check: str
    severity: str
    category: str
    message: str
    suggestion: str | None
    mt: str | None
    start: int
    end: int


class Highlights(TypedDict):
    """What the readable reports show first."""

    lowest_chrf: list[LowSegment]
    finding_examples: list[FindingExample]


class Gate(TypedDict):
    """One release gate and its outcome."""

    kind: str
    value: float
    threshold: float | str
    passed: bool
    message: str


class GateResults(TypedDict):
    """The gates as given and their verdict; ``failures`` lists the failed ones."""

    min_chrf: float | None
    min_bleu: float | None
    fail_on: str | None
    limits: NotRequired[dict[str, float]]  # the other metrics' gates (metric id → threshold), when any
    gates: list[Gate]
    failures: list[Gate]
    passed: bool


class QaSummary(TypedDict):
    """``summary.json``."""

    tool: str
    version: str
    created: str
    settings: dict[str, Any]  # the command's inputs and options, as given
    overall: Overall
    documents: list[DocumentPart]
    highlights: Highlights
    thresholds: GateResults
