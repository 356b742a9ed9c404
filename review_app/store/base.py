"""The store's foundation: engine, sessions, transactions, and ORM rows turned into records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVarTuple

from sqlalchemy import Engine, Row, Select, func, select
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from review_app.settings import resolve_db_url
from review_app.store.db import (
    WRITE_OPTION,
    check_location,
    describe_url,
    is_busy,
    make_engine,
    write_queue,
)
from review_app.store.migrate import ensure_schema
from review_app.store.models import Annotation, Event, Finding, Segment, scores_of
from review_app.store.recheck import DocumentChecksCache
from review_app.store.records import BUSY, AnnotationInfo, BusyError, EventInfo, FindingInfo, SegmentRow, StoreError

_Row = TypeVarTuple("_Row")


class StoreBase:
    """Owns the engine; hands out sessions and one-transaction units of work."""

    def __init__(self, url: str | None = None, *, auto_upgrade: bool | None = None, create: bool = True) -> None:
        """Open the database; upgrade it when older (see ``migrate``).

        With ``create`` a missing SQLite file (in an existing folder) or an empty database gets the schema;
        without it both are refused (StoreError naming the path): the CLI and the app create a database only
        on the quick start's default path and in ``db init``, never from a mistyped ``--db``.
        """
        try:
            self.url = resolve_db_url(url)
        except ArgumentError as exc:
            raise StoreError(f"not a database file or URL: {exc}") from None
        check_location(self.url, create=create)
        try:
            self.engine: Engine = make_engine(self.url)
        except NoSuchModuleError:
            raise StoreError(f"unknown database driver in {describe_url(self.url)}") from None
        except ImportError as exc:  # a known dialect whose driver package is not installed
            where = describe_url(self.url)
            raise StoreError(f"the database driver for {where} is not installed ({exc.name})") from None
        try:
            ensure_schema(self.engine, self.url, auto_upgrade=auto_upgrade, create=create)
        except StoreError:
            self.engine.dispose()
            raise
        except DatabaseError as exc:  # not a database, locked, unreachable, refused
            self.engine.dispose()
            why = BUSY if is_busy(exc.orig) else exc.orig
            raise StoreError(f"cannot open the database {describe_url(self.url)}: {why}") from None
        except SQLAlchemyError as exc:
            self.engine.dispose()
            message = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"cannot open the database {describe_url(self.url)}: {message}") from None
        except OSError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open the database {describe_url(self.url)}: {exc.strerror or exc}") from None
        self._write_queue = write_queue(self.url)
        # No autoflush: an action is flushed once, in one UPDATE, so it bumps the version exactly once.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        # The checks of the documents lately edited, for the re-check after every text change (store.recheck).
        self.document_checks = DocumentChecksCache()

    @property
    def location(self) -> str:
        """The database file (SQLite) or the URL without its password."""
        return describe_url(self.url)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with _busy_is_store_error(), self.sessions() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (nothing written) on any error.

        On SQLite it holds the write lock from its first read (``BEGIN IMMEDIATE``, see ``db``). A lock
        that another writer holds past the timeout raises :class:`BusyError` (nothing written).
        """
        queue = self._write_queue.turn() if self._write_queue is not None else nullcontext()
        with queue, _busy_is_store_error(), self.sessions() as session:
            try:
                with session.begin():
                    session.connection(execution_options={WRITE_OPTION: True})
                    yield session
            except BaseException:
                self.document_checks.forget(session)  # what its re-checks read was never written
                raise

    def _first(self, stmt: Select[*_Row]) -> Row[*_Row] | None:
        """The statement's first row, or None."""
        with self._read() as session:
            return session.execute(stmt).first()

    def _only(self, stmt: Select[*_Row], missing: str) -> Row[*_Row]:
        """The statement's first row; StoreError with the message ``missing`` when it has none."""
        row = self._first(stmt)
        if row is None:
            raise StoreError(missing)
        return row


@contextmanager
def _busy_is_store_error() -> Iterator[None]:
    """A lock wait that ran out (SQLite's "database is locked", PostgreSQL's lock timeout, a serialization
    failure or a deadlock) becomes :class:`BusyError`: one line for the reviewer, never a driver exception."""
    try:
        yield
    except DBAPIError as exc:
        if is_busy(exc.orig):
            raise BusyError() from None
        raise


def where_given(stmt: Select[*_Row], *equal: tuple[InstrumentedAttribute[Any], object | None]
                ) -> Select[*_Row]:
    """``stmt`` narrowed to rows whose column equals the value, for each (column, value) whose value is not None."""
    for column, value in equal:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def paged(stmt: Select[*_Row], offset: int = 0, limit: int | None = None) -> Select[*_Row]:
    """One page of ``stmt``'s rows (``limit`` None: all from ``offset``); ``stmt`` must be ordered."""
    return stmt.offset(max(offset, 0)).limit(limit)


def count_of(session: Session, stmt: Select[Any]) -> int:
    """How many rows ``stmt`` gives (counted in SQL)."""
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def open_counts(session: Session, segment_ids: list[int]) -> dict[int, int]:
    """Open findings per segment id."""
    if not segment_ids:
        return {}
    rows = session.execute(
        select(Finding.segment_id, func.count())
        .where(Finding.segment_id.in_(segment_ids), Finding.state == "open")
        .group_by(Finding.segment_id)
    )
    return {segment_id: count for segment_id, count in rows}


def segment_row(segment: Segment, open_findings: int = 0) -> SegmentRow:
    """A segment as a record."""
    return SegmentRow(
        id=segment.id,
        document_id=segment.document_id,
        position=segment.position,
        src=segment.src,
        mt=segment.mt,
        ref=segment.ref,
        corrected=segment.corrected,
        link=segment.link,
        confidence=segment.confidence,
        scores=scores_of(segment),
        corrected_scores=scores_of(segment, corrected=True),
        status=segment.status,
        version=segment.version,
        updated_by=segment.updated_by,
        updated_at=segment.updated_at,
        open_findings=open_findings,
        mt_ids=tuple(segment.mt_ids or ()),
        ref_ids=tuple(segment.ref_ids or ()),
        src_ids=tuple(segment.src_ids or ()),
        confirmed_by=segment.confirmed_by,
    )


def finding_info(f: Finding) -> FindingInfo:
    """A finding as a record."""
    return FindingInfo(f.id, f.segment_id, f.check_id, f.category, f.severity, f.message, f.start, f.end, f.quote,
                       f.suggestion, f.state, f.span_on)


def annotation_info(a: Annotation) -> AnnotationInfo:
    """An annotation as a record."""
    return AnnotationInfo(a.id, a.segment_id, a.start, a.end, a.quote, a.category, a.severity, a.comment,
                          a.reviewer, a.created_at)


def event_info(e: Event, position: int | None = None) -> EventInfo:
    """An event as a record (``position``: its segment's, when the caller read it)."""
    return EventInfo(e.id, e.at, e.actor, e.kind, e.document_id, e.segment_id, dict(e.before or {}),
                     dict(e.after or {}), e.undoes, e.batch, position)
