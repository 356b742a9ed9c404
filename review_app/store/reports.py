"""Read side for dashboards: corpus scores with confidence intervals, findings, MQM, review progress.

All numbers come from sacrebleu (via the statistics engine, :mod:`review_app.scoring.stats`, over the
statistics rows each segment keeps) and from :mod:`review_app.scoring.mqm`; this module only gathers
the rows and counts from the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Text, and_, case, cast, exists, func, or_, select

from review_app.scoring.metrics import CorpusScore, scores_and_statistics
from review_app.scoring.mqm import DEFAULT_THRESHOLD, MqmSummary, count_words, mqm_summary
from review_app.scoring.registry import default_metrics, metric_spec, without_source
from review_app.scoring.scorer import AnyMeasure
from review_app.scoring.stats import make_measure, score_rows
from review_app.store.base import StoreBase
from review_app.store.models import SIDES, Annotation, Event, Finding, Segment, score_value
from review_app.store.records import BLANKS
from review_app.vocab import STATUSES


@dataclass(frozen=True, slots=True)
class CorpusReport:
    """Corpus scores of the MT and of the corrected text against the references."""

    segments: int  # segments scored: those not deleted in the correction
    mt: dict[str, CorpusScore]
    corrected: dict[str, CorpusScore]
    n_bootstrap: int
    deleted: int = 0  # segments deleted in the correction (page chrome, credits): left out of both columns


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """Segments per status, per reviewer and status, and actions per reviewer."""

    total: int
    by_status: dict[str, int]
    by_reviewer: list[tuple[str, str, int]] = field(default_factory=list)
    actions: dict[str, int] = field(default_factory=dict)
    deleted: int = 0  # segments deleted in the correction (page chrome, credits): outside every count above

    @property
    def reviewed(self) -> int:
        """Segments no longer waiting for review."""
        return self.total - self.by_status.get("todo", 0)


@dataclass(frozen=True, slots=True)
class MqmReport:
    """The MQM summary over the rated segments, and how many of the document's segments that is."""

    summary: MqmSummary
    rated: int  # segments with an annotation or accepted as is (deleted ones excluded)
    total: int  # segments not deleted

    @property
    def has_verdict(self) -> bool:
        """A verdict needs at least one rated segment: unreviewed text is not error-free text."""
        return self.rated > 0


def live() -> ColumnElement[bool]:
    """A segment still in the corrected text (a deleted one, its correction blank, leaves every count):
    the SQL form of :func:`~review_app.store.records.is_deleted` (negated)."""
    return func.trim(Segment.corrected, BLANKS) != ""


def mqm_rated() -> ColumnElement[bool]:
    """A segment that counts for MQM: not deleted, and annotated or accepted as is by a reviewer.

    A segment nobody looked at is not error-free; a corrected one without annotations had errors
    nobody tagged. Only these rated segments give words to the MQM score or a ``No-error`` row.
    """
    annotated = exists().where(Annotation.segment_id == Segment.id)
    return and_(live(), or_(Segment.status == "accepted", annotated))


class Reports(StoreBase):
    """Aggregates over one or more documents."""

    def texts(self, document_ids: Sequence[int], *, skip_deleted: bool = False
              ) -> tuple[list[str], list[str], list[str]]:
        """MT, reference and corrected texts in document and segment order (``skip_deleted``: only the
        segments still in the corrected text)."""
        stmt = (select(Segment.mt, Segment.ref, Segment.corrected)
                .where(Segment.document_id.in_(document_ids), *([live()] if skip_deleted else []))
                .order_by(Segment.document_id, Segment.position))
        with self._read() as session:
            rows = session.execute(stmt).all()
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def sources(self, document_ids: Sequence[int], *, skip_deleted: bool = False) -> list[str | None]:
        """The segments' source texts (None where a segment has none), in the order of :meth:`texts`."""
        stmt = (select(Segment.src).where(Segment.document_id.in_(document_ids), *([live()] if skip_deleted else []))
                .order_by(Segment.document_id, Segment.position))
        with self._read() as session:
            return list(session.scalars(stmt))

    def corpus_report(self, document_ids: Sequence[int], *, n_bootstrap: int = 1000) -> CorpusReport:
        """Corpus scores of every registered metric with 95% bootstrap intervals for the MT and for the corrected text
        (the costly ones left out; those needing the source only when a segment has one).

        Summed and resampled from the statistics rows each segment keeps (``segments.stats``), never by scoring
        the texts again: the numbers are those of sacrebleu's ``corpus_score`` on the texts (same rows, same
        order, same resampling indices; the MT and the corrected text share one draw, as sacrebleu reseeds).
        Both are scored over the same segments: those not deleted in the correction. A deleted
        segment (page chrome, a photo credit) leaves both columns, not an empty corrected line that
        would cost BLEU brevity and TER edits. A kept MT line without a reference counts as sacrebleu
        counts it (BLEU precision, TER edits); sacrebleu's chrF leaves out segments whose reference is empty.
        """
        in_docs = Segment.document_id.in_(document_ids)
        with self._read() as session:
            # The statistics as the database's text: decoded here in one pass, not by the driver and the ORM's
            # JSON type row by row (100,000 segments: 4 s of CPU less).
            rows = session.execute(select(Segment.id, Segment.src.is_not(None), cast(Segment.stats, Text))
                                   .where(in_docs, live()).order_by(Segment.document_id, Segment.position)).all()
            deleted = session.scalar(select(func.count()).select_from(Segment).where(in_docs, ~live())) or 0
        if not rows:
            return CorpusReport(0, {}, {}, n_bootstrap, deleted)
        has_source = any(row[1] for row in rows)
        metrics = without_source(default_metrics(), has_source)
        kept = _stats_columns([json.loads(row[2] or "{}") or {} for row in rows], metrics)
        self._fill_missing(kept, [row[0] for row in rows], has_source)
        measured: dict[str, tuple[AnyMeasure, np.ndarray]] = {}
        for (side, name), column in kept.items():
            measure = make_measure(name)
            measure.num_refs = 1  # sacrebleu learns it while extracting; the signature needs it
            measured[f"{side} {name}"] = (measure, np.asarray(column, dtype=metric_spec(name).dtype))
        scores = score_rows(measured, n_bootstrap)
        mt, corrected = ({name: replace(scores[f"{side} {name}"], metric=name) for name in metrics}
                         for side in SIDES.values())
        return CorpusReport(len(rows), mt, corrected, n_bootstrap, deleted)

    def _fill_missing(self, kept: dict[tuple[str, str], list[Any]], segment_ids: list[int], has_source: bool) -> None:
        """Compute the rows no segment keeps (a metric installed after the segments were stored): the one case
        where texts are scored, those segments' and that metric's only."""
        missing = {key: [i for i, row in enumerate(column) if row is None] for key, column in kept.items()}
        wanted = sorted({i for indices in missing.values() for i in indices})
        if not wanted:
            return
        texts: dict[int, tuple[str, str, str, str | None]] = {}
        with self._read() as session:
            for start in range(0, len(wanted), 500):
                ids = [segment_ids[i] for i in wanted[start : start + 500]]
                texts.update((r[0], (r[1], r[2], r[3], r[4])) for r in session.execute(
                    select(Segment.id, Segment.mt, Segment.corrected, Segment.ref, Segment.src)
                    .where(Segment.id.in_(ids))))
        for (side, name), indices in missing.items():
            if indices:
                found = [texts[segment_ids[i]] for i in indices]
                hyps = [mt if side == "mt" else corrected for mt, corrected, _ref, _src in found]
                values = scores_and_statistics(hyps, [[ref for *_, ref, _src in found]], (), [name],
                                               [src for *_, src in found] if has_source else None)
                for i, (_scores, stats) in zip(indices, values, strict=True):
                    kept[side, name][i] = stats[name]

    def segment_scores(self, document_ids: Sequence[int]) -> list[tuple[float | None, float | None]]:
        """(MT chrF, corrected chrF) per segment not deleted, for histograms."""
        stmt = (select(score_value("chrf"), score_value("chrf", corrected=True))
                .where(Segment.document_id.in_(document_ids), live()))
        with self._read() as session:
            return [(a, b) for a, b in session.execute(stmt)]

    def chrf_bins(self, document_ids: Sequence[int], step: int = 10) -> list[tuple[int, int, int]]:
        """(lower edge, MT segments, corrected segments) per chrF bin of width ``step`` from 0 (100 in the last
        bin), over the segments not deleted that have a score: counted in SQL, not segment by segment here."""
        edges = list(range(0, 100, step))

        def bin_of(value: ColumnElement[float]) -> ColumnElement[int]:
            # comparisons, not a division: a score on an edge falls in the bin it opens, as ``value // step``
            return case(*((value >= low, k) for k, low in reversed(list(enumerate(edges))) if low), else_=0)

        mt, corrected = score_value("chrf"), score_value("chrf", corrected=True)
        counts = {low: [0, 0] for low in edges}
        mt_bin = case((mt.is_(None), None), else_=bin_of(mt)).label("mt_bin")
        corrected_bin = case((corrected.is_(None), None), else_=bin_of(corrected)).label("corrected_bin")
        stmt = (select(mt_bin, corrected_bin, func.count()).where(Segment.document_id.in_(document_ids), live())
                .group_by(mt_bin, corrected_bin))  # by the labels: the expressions' bound values differ
        with self._read() as session:
            for mt_bin, corrected_bin, n in session.execute(stmt):
                for side, k in enumerate((mt_bin, corrected_bin)):
                    if k is not None:
                        counts[edges[k]][side] += n
        return [(low, mt_count, corrected_count) for low, (mt_count, corrected_count) in counts.items()]

    def findings_summary(self, document_ids: Sequence[int], *, skip_deleted: bool = False
                         ) -> list[tuple[str, str, str, int]]:
        """(check, severity, state, count) over the documents' findings (``skip_deleted``: only those on
        segments still in the corrected text)."""
        kept = [Finding.segment_id.in_(select(Segment.id).where(Segment.document_id.in_(document_ids), live()))]
        stmt = (select(Finding.check_id, Finding.severity, Finding.state, func.count())
                .where(Finding.document_id.in_(document_ids), *(kept if skip_deleted else []))
                .group_by(Finding.check_id, Finding.severity, Finding.state)
                .order_by(Finding.check_id, Finding.severity, Finding.state))
        with self._read() as session:
            return [(c, s, st, n) for c, s, st, n in session.execute(stmt)]

    def annotation_rows(self, document_ids: Sequence[int]) -> list[tuple[str, str]]:
        """(category, severity) of every MQM annotation on a segment not deleted."""
        stmt = (select(Annotation.category, Annotation.severity).join(Segment)
                .where(Segment.document_id.in_(document_ids), live()))
        with self._read() as session:
            return [(c, s) for c, s in session.execute(stmt)]

    def mqm(self, document_ids: Sequence[int], *, threshold: float = DEFAULT_THRESHOLD) -> MqmSummary:
        """MQM penalty per 1,000 MT words and the pass/fail verdict, over the rated segments only
        (see :func:`mqm_rated`): no rated segment, no pass."""
        return self.mqm_report(document_ids, threshold=threshold).summary

    def mqm_report(self, document_ids: Sequence[int], *, threshold: float = DEFAULT_THRESHOLD) -> MqmReport:
        """:meth:`mqm` with the number of rated segments and of segments not deleted ("n of N")."""
        in_docs = Segment.document_id.in_(document_ids)
        with self._read() as session:
            rated_mt = list(session.scalars(select(Segment.mt).where(in_docs, mqm_rated())))
            total = session.scalar(select(func.count()).select_from(Segment).where(in_docs, live())) or 0
        summary = mqm_summary(self.annotation_rows(document_ids), count_words(rated_mt), threshold=threshold)
        return MqmReport(summary, len(rated_mt), total)

    def progress(self, document_ids: Sequence[int], *, detail: bool = True) -> ReviewProgress:
        """Review progress: status counts, who reviewed what, and how many actions each reviewer took
        (``detail=False``: the status and deleted counts only, one pass over the segments)."""
        with self._read() as session:
            by_status = dict.fromkeys(STATUSES, 0)
            deleted = 0
            kept = case((live(), 1), else_=0).label("kept")
            for status, is_kept, count in session.execute(
                select(Segment.status, kept, func.count()).where(Segment.document_id.in_(document_ids))
                .group_by(Segment.status, kept)
            ):
                if is_kept:
                    by_status[status] = count
                else:
                    deleted += count
            if not detail:
                return ReviewProgress(sum(by_status.values()), by_status, deleted=deleted)
            by_reviewer = [
                (reviewer, status, count)
                for reviewer, status, count in session.execute(
                    select(Segment.updated_by, Segment.status, func.count())
                    .where(Segment.document_id.in_(document_ids), Segment.updated_by.is_not(None), live())
                    .group_by(Segment.updated_by, Segment.status).order_by(Segment.updated_by, Segment.status)
                )
                if reviewer is not None  # excluded by the query; tells the type checker so
            ]
            actions = {
                actor: count
                for actor, count in session.execute(
                    select(Event.actor, func.count())
                    .where(Event.document_id.in_(document_ids), Event.segment_id.is_not(None))
                    .group_by(Event.actor)
                )
            }
        return ReviewProgress(sum(by_status.values()), by_status, by_reviewer, actions, deleted)


def _stats_columns(entries: list[dict[str, Any]], metrics: Sequence[str]) -> dict[tuple[str, str], list[Any]]:
    """Each side's and metric's rows, in segment order (None where a segment keeps none)."""
    kept: dict[tuple[str, str], list[Any]] = {}
    for side in SIDES.values():
        for name in metrics:
            try:  # every segment keeps every row (the store writes them so): one comprehension
                kept[side, name] = [entry[name][side] for entry in entries]
            except (KeyError, TypeError):
                kept[side, name] = [(entry.get(name) or {}).get(side) for entry in entries]
    return kept
