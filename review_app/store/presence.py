"""Presence: who else has a document or a segment open right now, so two reviewers do not work on one
segment unknowingly. Each open Review page reports its browser session (``client``) every few
seconds; whoever reported within :data:`WINDOW` is there. Presence is not review work: no event,
no version, nothing to undo; a refused or stale report costs nothing."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from review_app.store.auth import User
from review_app.store.base import StoreBase
from review_app.store.models import Presence, Segment, utcnow
from review_app.store.records import BusyError

WINDOW = timedelta(seconds=30)  # a page that reported within this is open


@dataclass(frozen=True, slots=True)
class PresenceInfo:
    """Someone else on a document: their account name, the segment they have open (if any), when last seen."""

    name: str
    segment_id: int | None
    position: int | None  # the segment's place in the document (0-based)
    seen_at: datetime


class PresenceActions(StoreBase):
    """Report and read presence."""

    def mark_present(self, client: str, user: User, document_id: int, segment_id: int | None, *,
                     now: datetime | None = None) -> None:
        """Record that browser session ``client`` of ``user`` has this document (and segment) open."""
        now = now or utcnow()
        # The database busy with review work: this report is skipped, the next one comes in a few seconds.
        with suppress(BusyError), self._write() as session:
            row = session.scalar(select(Presence).where(Presence.client == client[:64]))
            if row is None:
                row = Presence(client=client[:64])
                session.add(row)
            row.user_id, row.name, row.document_id, row.segment_id, row.seen_at = (
                None if user.demo else user.id, user.name, document_id, segment_id, now)
            # Old rows of closed pages go as new ones come: the table stays the size of the team.
            session.execute(delete(Presence).where(Presence.seen_at < now - 10 * WINDOW))

    def present(self, document_id: int, *, user: User, now: datetime | None = None) -> list[PresenceInfo]:
        """The other accounts on this document within the window, each once with its newest page. The
        account's own pages are left out: a reload starts a new browser session, and the page it
        replaced would otherwise show as a colleague for the rest of the window."""
        since = (now or utcnow()) - WINDOW
        with self._read() as session:
            rows = session.execute(
                select(Presence, Segment.position).outerjoin(Segment, Segment.id == Presence.segment_id).where(
                    Presence.document_id == document_id, Presence.seen_at >= since, Presence.name != user.name,
                ).order_by(Presence.seen_at.desc())
            ).all()
            newest = {r.name: PresenceInfo(r.name, r.segment_id, position, r.seen_at) for r, position in reversed(rows)}
            return sorted(newest.values(), key=lambda p: p.seen_at, reverse=True)

    def leave_document(self, client: str) -> None:
        """Forget browser session ``client`` (it signed out, or left the Review page)."""
        with suppress(BusyError), self._write() as session:  # busy: the row goes out of the window by itself
            session.execute(delete(Presence).where(Presence.client == client[:64]))
