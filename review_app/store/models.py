"""The review database: projects, documents, aligned segments, QA findings, MQM annotations, events,
user accounts, their sign-in sessions and their document assignments.

Times are naive UTC. A segment's ``version`` is SQLAlchemy's version counter: every UPDATE of
the row checks and increments it, so a write based on a stale read fails instead of silently
overwriting another reviewer's change (optimistic locking). Events are only ever inserted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from review_app.scoring.registry import METRICS, metric_spec, sentence_metrics
from review_app.store.search import search_text


def utcnow() -> datetime:
    """The current time as naive UTC (what SQLite stores and returns)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Project(Base):
    """A review project: language pair and an optional glossary (TSV text) for the checks.

    An archived project (``archived_at`` set) is hidden from every listing but keeps all its rows;
    restoring it clears the two columns (soft delete, see ``store.archive``).
    """

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    src_lang: Mapped[str] = mapped_column(String(20))
    tgt_lang: Mapped[str] = mapped_column(String(20))
    glossary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    archived_by: Mapped[str | None] = mapped_column(String(200))

    documents: Mapped[list[Document]] = relationship(back_populates="project", cascade="all, delete-orphan")


class Document(Base):
    """One MT document with its reference (or post-edit) and optional source, as imported.

    Archived like a project (``archived_at``, ``archived_by``): hidden, kept, restorable.
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_documents_project_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    system: Mapped[str | None] = mapped_column(String(200))
    ref_kind: Mapped[str] = mapped_column(String(20), default="reference")
    segmented: Mapped[bool] = mapped_column(Boolean, default=False)
    # The raw texts as imported, so a document can be re-aligned or audited later.
    mt_text: Mapped[str] = mapped_column(Text, deferred=True)
    ref_text: Mapped[str] = mapped_column(Text, deferred=True)
    src_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    archived_by: Mapped[str | None] = mapped_column(String(200))
    # How many times reviewers changed the alignment (``store.realign``): part of the re-check cache's key,
    # since a merge or a split renumbers the document's lines; its row update also serialises realignments.
    realigned: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Keys of the MT's short lines (``checks.chrome.line_keys``): the project's documents' repetition evidence for
    # the chrome check (page furniture repeats from page to page), read without their texts.
    line_keys: Mapped[list[str] | None] = mapped_column(JSON, deferred=True)

    project: Mapped[Project] = relationship(back_populates="documents")


class Sentence(Base):
    """One input sentence of a document as imported (``side`` mt, ref or src; ``number`` 0-based in document
    order, the ``align`` contract's id), so a segment can be re-cut at any sentence boundary."""

    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("document_id", "side", "number", name="uq_sentences_document_side_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(3))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Segment(Base):
    """One aligned unit: MT, reference and source texts, their scores, and the review state."""

    __tablename__ = "segments"
    __table_args__ = (
        Index("ix_segments_document_position", "document_id", "position", unique=True),
        Index("ix_segments_document_status", "document_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    src: Mapped[str | None] = mapped_column(Text)
    mt: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(Text)
    mt_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    ref_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    src_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    link: Mapped[str] = mapped_column(String(10), default="1-1")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    # The reviewer who confirmed or set this link (``store.realign``); None: as the aligner left it.
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    corrected: Mapped[str] = mapped_column(Text)
    # Sentence scores by metric id: {"chrf": {"mt": 54.2, "corrected": 61.0, "signature": "nrefs:1|…"}, …},
    # any registered metric (a plugin's too: no schema change); read and written through
    # scores_of()/set_scores()/score_entries(), filtered and sorted in SQL through score_value().
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # Sufficient statistics by metric id, one row per side: {"chrf": {"mt": [18 counts], "corrected": […]}, …}
    # (the default corpus metrics'), kept in step with the texts by every write path (stats_entries()/set_stats()),
    # so that project corpus scores and their bootstrap sum and resample them instead of scoring texts.
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    status: Mapped[str] = mapped_column(String(20), default="todo")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The four texts casefolded, for "Search text" (``search``); written with the texts (events below).
    search: Mapped[str] = mapped_column(Text, default="", server_default="")

    findings: Mapped[list[Finding]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Finding.start"
    )
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Annotation.id"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Comment.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook


_SEARCHED = ("mt", "ref", "corrected", "src")


@event.listens_for(Segment, "before_insert")
def _search_on_insert(_mapper: Any, _connection: Any, segment: Segment) -> None:
    segment.search = search_text(segment.mt, segment.ref, segment.corrected, segment.src)


@event.listens_for(Segment, "before_update")
def _search_on_update(_mapper: Any, _connection: Any, segment: Segment) -> None:
    # In the segment's own UPDATE (no second statement, no second version bump).
    state = inspect(segment)
    if any(state.attrs[name].history.has_changes() for name in _SEARCHED):
        segment.search = search_text(segment.mt, segment.ref, segment.corrected, segment.src)


class Finding(Base):
    """A QA check's finding on a segment: span, suggestion and state (``vocab.FINDING_STATES``).

    ``span_on`` says which text the span points into: ``mt`` for the checks at import (the offsets
    never move, the MT never changes), ``corrected`` for a problem an edit introduced (the re-check
    after every change of the corrected text keeps such an open or dismissed span on the current
    corrected text; see ``store.recheck``).
    """

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_document_check", "document_id", "check_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    check_id: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(120))
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column("span_start", Integer)
    end: Mapped[int] = mapped_column("span_end", Integer)
    # The text the finding points at: what the fix looks for once the correction diverges.
    quote: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")
    span_on: Mapped[str] = mapped_column(String(20), default="mt", server_default="mt")

    segment: Mapped[Segment] = relationship(back_populates="findings")


class Annotation(Base):
    """An MQM error annotation by a reviewer: span in the MT (or none), category, severity, comment."""

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    start: Mapped[int | None] = mapped_column("span_start", Integer)
    end: Mapped[int | None] = mapped_column("span_end", Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(120))
    severity: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    segment: Mapped[Segment] = relationship(back_populates="annotations")


class Comment(Base):
    """A reviewer's note or question on a segment, for colleagues (not part of the translation)."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    segment: Mapped[Segment] = relationship(back_populates="comments")


class Event(Base):
    """One row of the append-only audit log: who did what to which segment, state before and after.

    ``before``/``after`` hold only what the action changed (``corrected``, ``status``,
    ``findings`` {id: state}, ``annotation``; after a text change the re-check's ``finding_spans``
    {id: [start, end]} and, in ``after``, ``added_findings`` [id]); undo restores ``before``, removes
    the added findings and records an event of its own whose ``undoes`` names the event it reverted.
    """

    __tablename__ = "events"
    # (project, id): a project's newest event in one index step, the cache key of its reports
    __table_args__ = (Index("ix_events_segment", "segment_id", "id"),
                      Index("ix_events_project_newest", "project_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The account's name at the time (kept when the account is gone) and the account itself.
    actor: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undoes: Mapped[int | None] = mapped_column(Integer)
    # Events of one bulk action (a fix applied across a document) share a batch id: undone together.
    batch: Mapped[str | None] = mapped_column(String(40), index=True)


SIDES: dict[bool, str] = {False: "mt", True: "corrected"}


@cache
def sentence_signature(metric_id: str) -> str:
    """The signature of a metric's stored sentence scores: one reference, the default tokenizer."""
    return metric_spec(metric_id).signature(sentence=True)


def scores_of(segment: Segment, *, corrected: bool = False) -> dict[str, float | None]:
    """Every registered sentence metric's stored score of the MT (or of the corrected text), in registry
    order (``None`` where it has none). A metric no longer registered (a plugin removed) is left out
    here, not dropped from the database: it comes back with the plugin. An on-request metric (HTER) is
    listed only where it was stored."""
    entries = segment.scores or {}
    side = SIDES[corrected]
    return {name: (entries.get(name) or {}).get(side) for name in sentence_metrics(costly=True, on_request=True)
            if name in entries or not METRICS[name].on_request}


def stats_of(segment: Segment, *, corrected: bool = False) -> dict[str, list[float]]:
    """The stored statistics rows of the MT (or of the corrected text) by metric id (those it has)."""
    side = SIDES[corrected]
    return {name: list(entry[side]) for name, entry in (segment.stats or {}).items() if side in entry}


def score_entries(mt: Mapping[str, float | None], corrected: Mapping[str, float | None],
                  previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``scores`` value holding the MT's and the corrected text's scores, each with its signature.

    A metric neither side names keeps what ``previous`` held for it."""
    out = {name: dict(entry) for name, entry in (previous or {}).items()}
    for name in dict.fromkeys([*mt, *corrected]):
        entry = out.setdefault(name, {})
        if name in mt:
            entry["mt"] = mt[name]
        if name in corrected:
            entry["corrected"] = corrected[name]
        entry["signature"] = sentence_signature(name) if name in METRICS else entry.get("signature")
    return out


def set_scores(segment: Segment, values: Mapping[str, float | None], *, corrected: bool = False) -> None:
    """Store sentence scores of the MT (or of the corrected text); registered metrics left out become ``None``."""
    entries = segment.scores or {}
    side = {name: values.get(name) for name in dict.fromkeys([*sentence_metrics(costly=True), *values])}
    # a new dict, so the ORM sees the change of the JSON value
    segment.scores = score_entries({}, side, entries) if corrected else score_entries(side, {}, entries)


def stats_entries(mt: Mapping[str, list[float]], corrected: Mapping[str, list[float]],
                  previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``stats`` value holding the MT's and the corrected text's statistics rows by metric id.

    A metric neither side names keeps what ``previous`` held for it (a plugin's, stored while it was installed)."""
    out = {name: dict(entry) for name, entry in (previous or {}).items()}
    for name in dict.fromkeys([*mt, *corrected]):
        entry = out.setdefault(name, {})
        if name in mt:
            entry["mt"] = list(mt[name])
        if name in corrected:
            entry["corrected"] = list(corrected[name])
    return out


def set_stats(segment: Segment, rows: Mapping[str, list[float]], *, corrected: bool = False) -> None:
    """Store the statistics rows of the MT (or of the corrected text); a metric ``rows`` lacks loses that side's
    row (it no longer describes the text), so a reader computes it rather than sum a stale one."""
    side = SIDES[corrected]
    entries = {name: {k: v for k, v in entry.items() if k != side} for name, entry in (segment.stats or {}).items()}
    # a new dict, so the ORM sees the change of the JSON value
    segment.stats = stats_entries({}, rows, entries) if corrected else stats_entries(rows, {}, entries)


def score_value(metric_id: str, *, corrected: bool = False) -> ColumnElement[float]:
    """A segment's stored score of ``metric_id`` as a SQL expression (NULL when it has none)."""
    value: ColumnElement[float] = Segment.scores[(metric_id, SIDES[corrected])].as_float()
    return value


class User(Base):
    """An account: unique name, role (``vocab.ROLES``), argon2 password hash, and sign-in throttling state.

    ``password_hash`` is None for an account that cannot sign in with a password (the demo login, an
    account that signs in through single sign-on); ``failed_logins`` counts failures since the last
    success and ``locked_until`` refuses every attempt (even a right password) until then. ``email``
    (lower-cased, unique) links the first single sign-on with that address to the account.
    """

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("email", name="uq_users_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    email: Mapped[str | None] = mapped_column(String(320))


class Identity(Base):
    """A person as an OpenID Connect provider names them (issuer + subject), with the account it signs in as.

    ``user_id`` is None while the identity waits for an admin (an unknown person: no access); ``email`` and
    ``name`` are what the provider said at the last sign-in; ``linked_by`` says how the link was made (the
    verified e-mail of an account, or the admin who granted the role).
    """

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_identities_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    linked_at: Mapped[datetime | None] = mapped_column(DateTime)
    linked_by: Mapped[str | None] = mapped_column(String(200))


class SignInTicket(Base):
    """A password sign-in handed to the server route that sets the HttpOnly session cookie: the ticket's
    SHA-256, usable once and for seconds (the browser never holds the session token in script)."""

    __tablename__ = "sign_in_tickets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuthSession(Base):
    """A sign-in: the browser holds a signed token naming this row (a single sign-on: Streamlit's identity
    cookie, whose ID token names it); revoked at sign-out, void once expired."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Assignment(Base):
    """A document assigned to a reviewer: they may change it; it is in their "my work" queue."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("document_id", "user_id", name="uq_assignments_document_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """A server-wide value shared by every app process (the session-signing key)."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class QaRun(Base):
    """One recorded ``qa`` run: its summary (scores with signatures and CIs, findings counts, gates),
    the inputs' hashes, and the per-segment sacrebleu statistics that a later run's paired test needs.

    ``segments_digest`` hashes the scored segments' references and sources in order: two runs with
    the same digest were scored on the same segments, so they can be tested pair by pair.
    """

    __tablename__ = "qa_runs"
    __table_args__ = (Index("ix_qa_runs_project_system", "project", "system", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    project: Mapped[str] = mapped_column(String(200), default="")
    system: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    segments: Mapped[int] = mapped_column(Integer, default=0)
    scored_segments: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=True)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    findings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    gates: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    segments_digest: Mapped[str] = mapped_column(String(64), default="")
    # numpy .npz of the per-segment statistics, one array per metric (float32; TER's float64)
    # (deferred: only tests read it).
    statistics: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class Presence(Base):
    """Who has which document and segment open: one row per browser session, refreshed every few seconds
    while its page is open. Not review work (no event, nothing to undo): a row older than the presence
    window means nobody is there any more."""

    __tablename__ = "presence"

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
