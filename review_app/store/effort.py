"""Post-editing effort of reviewed documents, read from the store (read-only: no transaction writes).

What counts as a post-edit: a segment still in the corrected text (not deleted) whose status is
final (:data:`POST_EDITED`: accepted as is, or corrected); its corrected text is the post-edit of its
MT. A segment still to review or needing work is not a post-edit yet. The measures and the timing
rule are ``review_app.effort``'s; this module only reads the segments and the event log.

Time per reviewer is sensitive: :meth:`EffortReads.effort_report` shows every reviewer's time and
speed to an admin (or the operator), a reviewer only their own (segment times included: each
segment's time is then the reviewer's own share of it), a viewer none.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from review_app.effort import (
    IDLE_SECONDS,
    Action,
    EffortSummary,
    SegmentEffort,
    active_seconds,
    reviewer_speeds,
    segment_efforts,
    segment_seconds,
    summarize,
    summarize_by,
)
from review_app.store.auth import Actor, acting
from review_app.store.base import StoreBase
from review_app.store.models import Document, Event, Segment
from review_app.store.reports import live

POST_EDITED: tuple[str, ...] = ("accepted", "corrected")


@dataclass(frozen=True, slots=True)
class PostEdit:
    """A reviewed segment as training data and effort input: where it is, its source, MT and post-edit."""

    segment_id: int
    document_id: int
    document: str
    system: str | None
    position: int  # 0-based
    src: str | None
    mt: str
    pe: str
    status: str


@dataclass(frozen=True, slots=True)
class ReviewerEffort:
    """One reviewer's active time (``review_app.effort.timing``), the segments and MT words it covers, and the
    effort summary of the post-edits they acted on."""

    name: str
    seconds: float
    segments: int
    words: int
    words_per_hour: float | None
    summary: EffortSummary


@dataclass(frozen=True, slots=True)
class EffortReport:
    """The effort of some documents' post-edits: per segment, overall, per document and MT system, per reviewer.

    ``seconds`` is parallel to ``post_edits`` (the time to edit the reader may see; ``None`` for a viewer).
    """

    post_edits: list[PostEdit]
    efforts: list[SegmentEffort]
    seconds: list[float] | None
    overall: EffortSummary
    by_document: dict[str, EffortSummary]
    by_system: dict[str, EffortSummary]
    reviewers: list[ReviewerEffort] = field(default_factory=list)
    idle_seconds: float = IDLE_SECONDS


def post_edits(session: Session, document_ids: Sequence[int]) -> list[PostEdit]:
    """The documents' post-edited segments (final status, not deleted), in document and segment order."""
    stmt = (select(Segment.id, Segment.document_id, Document.name, Document.system, Segment.position, Segment.src,
                   Segment.mt, Segment.corrected, Segment.status)
            .join(Document, Document.id == Segment.document_id)
            .where(Segment.document_id.in_(document_ids), Segment.status.in_(POST_EDITED), live())
            .order_by(Segment.document_id, Segment.position))
    return [PostEdit(*row) for row in session.execute(stmt)]


def _key(user_id: int | None, actor: str) -> Hashable:
    """A reviewer across renames (the account), or by name for the operator and deleted accounts."""
    return ("user", user_id) if user_id is not None else ("name", actor)


def _actions(session: Session, document_ids: Sequence[int]) -> tuple[list[Action], dict[Hashable, str]]:
    """Every segment action, in any document, of the people who acted on these documents' segments (their
    gaps run across documents), in the order recorded, and each person's newest name."""
    people = session.execute(select(Event.user_id, Event.actor).distinct()
                             .where(Event.document_id.in_(document_ids), Event.segment_id.is_not(None))).all()
    if not people:
        return [], {}
    accounts = {user_id for user_id, _actor in people if user_id is not None}
    nameless = {actor for user_id, actor in people if user_id is None}
    whose = or_(Event.user_id.in_(accounts), and_(Event.user_id.is_(None), Event.actor.in_(nameless)))
    rows = session.execute(select(Event.user_id, Event.actor, Event.at, Event.segment_id, Event.batch)
                           .where(Event.segment_id.is_not(None), whose).order_by(Event.id))
    names: dict[Hashable, str] = {}
    actions = []
    for user_id, actor, at, segment_id, batch in rows:
        key = _key(user_id, actor)
        names[key] = actor
        actions.append(Action(key, at, segment_id, batch is not None))
    return actions, names


class EffortReads(StoreBase):
    """Post-edits and their effort."""

    def post_edits(self, document_ids: Sequence[int]) -> list[PostEdit]:
        """The documents' post-edited segments (see :func:`post_edits`)."""
        with self._read() as session:
            return post_edits(session, document_ids)

    def effort_report(self, document_ids: Sequence[int], *, actor: Actor, idle_seconds: float = IDLE_SECONDS
                      ) -> EffortReport:
        """The effort of the documents' post-edits as ``actor`` may see it (see the module's note on privacy)."""
        with self._read() as session:
            who = acting(session, actor)
            edits = post_edits(session, document_ids)
            ids = {e.segment_id for e in edits}
            actions, names = _actions(session, document_ids)
        efforts = segment_efforts([e.mt for e in edits], [e.pe for e in edits])
        own = None if who.is_admin else _key(who.user_id, who.name)
        timed = {key: value for key, value in active_seconds(actions, idle_seconds).items()
                 if key[0] in ids and (own is None or key[1] == own)}
        seconds: list[float] | None = None
        if who.is_admin or who.role == "reviewer":
            per_segment = segment_seconds(timed)
            seconds = [per_segment.get(e.segment_id, 0.0) for e in edits]
        reviewers = []
        if seconds is not None:
            pairs = list(zip(edits, efforts, strict=True))
            words: dict[Hashable, int] = {e.segment_id: effort.words for e, effort in pairs}
            worked: dict[Hashable, set[Hashable]] = {}
            for action in actions:
                if action.segment in ids and (own is None or action.reviewer == own):
                    worked.setdefault(action.reviewer, set()).add(action.segment)
            speeds = reviewer_speeds(timed, words)
            for key, segments in worked.items():
                speed = speeds.get(key)
                summary = summarize(effort for e, effort in pairs if e.segment_id in segments)
                reviewers.append(ReviewerEffort(names[key], speed.seconds if speed else 0.0,
                                                speed.segments if speed else 0, speed.words if speed else 0,
                                                speed.words_per_hour if speed else None, summary))
            reviewers.sort(key=lambda r: r.name)
        return EffortReport(
            edits, efforts, seconds, summarize(efforts),
            summarize_by((e.document for e in edits), efforts),
            summarize_by((e.system or "" for e in edits), efforts),
            reviewers, idle_seconds,
        )
