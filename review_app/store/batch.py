"""Batches: one path for every mass change — plan, preview, apply as one transaction, undo as one.

1. A plan (:class:`Plan`, made by a ``plan_*`` method of :mod:`review_app.store.plans`: a check's
   fixes across documents, one fix applied to all similar findings, a reviewer's edit applied to the
   phrase's other occurrences) lists every segment's text before and after and the change to write,
   at the segment version it was planned on. Nothing is written. A plan may hold a segment back
   (``PlannedChange.held`` says why): it is left out unless the reviewer keeps it.
2. The reviewer sees the plan (the app's batch preview: a word diff per segment) and may leave
   segments out.
3. :meth:`Batches.apply_plan` writes exactly the planned texts in one transaction; if any of those
   segments moved on since the plan, nothing is written (:class:`ConflictError`).
4. :meth:`Batches.undo_batch` reverts the whole batch in one transaction.

Each changed segment gets its own event, as a single action would (its ``kind`` is the plan's:
``apply-check-fixes``, ``apply-fix-all``, ``apply-edit-all``; ``batch`` for :meth:`Batches.apply_batch`),
and all share a batch id, so the batch is undone at once while each segment's part can still be
undone on its own. Undo reads only the events, so batches written before plans existed undo the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.store.actions import ReviewActions, _authorized, _restore, last_undoable, rescore
from review_app.store.auth import Actor
from review_app.store.models import Event, Finding
from review_app.store.records import PermissionDenied, StoreError
from review_app.vocab import FINDING_STATES, STATUSES


@dataclass(frozen=True, slots=True)
class SegmentChange:
    """What a batch does to one segment; None/empty fields stay as they are."""

    segment_id: int
    corrected: str | None = None
    status: str | None = None
    findings: Mapping[int, str] = field(default_factory=dict)  # finding id -> new state
    expected_version: int | None = None  # the version the change was previewed on


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """One segment of a plan: its number, text before and after, the change to write, how many
    replacements it makes, and why it is held back ("" when it is not)."""

    position: int
    before: str
    after: str
    change: SegmentChange
    count: int = 1
    held: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """A mass change, planned and not written: the segments it changes, those it cannot change
    (position, why), the events' kind and what they record (``details``), and a label for messages."""

    kind: str
    label: str
    changes: list[PlannedChange]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> int:
        """Findings the plan closes."""
        return sum(len(p.change.findings) for p in self.changes)

    @property
    def held(self) -> list[int]:
        """Ids of the segments left out unless the reviewer keeps them."""
        return [p.change.segment_id for p in self.changes if p.held]

    def chosen(self, leave_out: Collection[int] | None = None) -> list[PlannedChange]:
        """The changes to apply: all but the segments in ``leave_out`` (None: all but the held ones)."""
        out = set(self.held if leave_out is None else leave_out)
        return [p for p in self.changes if p.change.segment_id not in out]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """A written (or undone) batch: its id, the segments it touched and a message for the reviewer."""

    batch_id: str
    segments: list[int]
    message: str


def _check_change(change: SegmentChange) -> None:
    if change.status is not None and change.status not in STATUSES:
        raise StoreError(f"unknown status {change.status!r} (choose from {', '.join(STATUSES)})")
    bad = [s for s in change.findings.values() if s not in FINDING_STATES]
    if bad:
        raise StoreError(f"unknown finding state {bad[0]!r} (choose from {', '.join(FINDING_STATES)})")


def _segments(n: int) -> str:
    return f"{n} segment{'' if n == 1 else 's'}"


class Batches(ReviewActions):
    """Write side for mass changes: apply a plan (or a list of changes) as one batch, undo a batch."""

    def apply_plan(self, plan: Plan, *, actor: Actor, leave_out: Collection[int] | None = None) -> BatchResult:
        """Write the plan's changes, except the segments in ``leave_out`` (None: except the held ones), as one
        batch: the texts the plan showed, at the versions it was made on (all or nothing)."""
        chosen = plan.chosen(leave_out)
        if not chosen:
            raise StoreError("no segment left to change: nothing was applied")
        for planned in chosen:
            if planned.change.expected_version is None:
                raise StoreError("a plan's changes carry the versions they were planned on")
            _check_change(planned.change)
        with self._write() as session:
            batch_id, touched = self._record_batch(session, [p.change for p in chosen], actor=actor, kind=plan.kind,
                                                   details=plan.details)
        replaced = sum(p.count for p in chosen if p.change.segment_id in touched)
        times = f" ({replaced} times)" if replaced > len(touched) else ""
        return BatchResult(batch_id, touched, f"applied {plan.label} in {_segments(len(touched))}{times}: one batch, "
                                              "one undo")

    def apply_batch(self, changes: Sequence[SegmentChange], *, actor: Actor, kind: str = "batch",
                    note: str = "") -> BatchResult:
        """Apply every change in one transaction (all or nothing), one event per changed segment.

        Every segment's document must be one the actor may change (else nothing is written)."""
        for change in changes:
            _check_change(change)
        with self._write() as session:
            batch_id, touched = self._record_batch(session, changes, actor=actor, kind=kind,
                                                   details={"note": note} if note else {})
        return BatchResult(batch_id, touched, f"changed {_segments(len(touched))} in one batch")

    def _record_batch(self, session: Session, changes: Iterable[SegmentChange], *, actor: Actor, kind: str,
                      details: Mapping[str, Any]) -> tuple[str, list[int]]:
        """Write the changes in ``session`` under a new batch id: one ``kind`` event per segment that changed
        (``details`` added to each event's ``after``). Returns the batch id and the changed segments' ids."""
        batch_id = uuid.uuid4().hex
        touched: list[int] = []
        for change in changes:
            segment, who = _authorized(session, actor, change.segment_id, change.expected_version)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            if change.corrected is not None and change.corrected != segment.corrected:
                before["corrected"], after["corrected"] = segment.corrected, change.corrected
                segment.corrected = change.corrected
                rescore([segment])
            if change.status is not None and change.status != segment.status:
                before["status"], after["status"] = segment.status, change.status
                segment.status = change.status
            states = {}
            for finding_id, state in change.findings.items():
                finding = session.get(Finding, finding_id)
                if finding is None or finding.segment_id != segment.id:
                    raise StoreError(f"finding {finding_id} is not on segment {segment.position + 1}")
                if finding.state != state:
                    states[str(finding_id)] = (finding.state, state)
                    finding.state = state
            if states:
                before["findings"] = {k: old for k, (old, _new) in states.items()}
                after["findings"] = {k: new for k, (_old, new) in states.items()}
            if not before:
                continue
            self._commit(session, segment, who, kind, before, {**after, **details},
                         expected=change.expected_version, batch=batch_id)
            touched.append(segment.id)
        return batch_id, touched

    def undo_batch(self, batch_id: str, *, actor: Actor) -> BatchResult:
        """Undo every not-yet-undone event of the batch, in one transaction.

        Refused (nothing written) when a segment was changed after the batch: undoing it would throw
        that later work away; undo the later change first. A reviewer undoes only their own batches on
        documents assigned to them; undoing someone else's needs an admin.
        """
        touched: list[int] = []
        with self._write() as session:
            events = session.scalars(select(Event).where(Event.batch == batch_id, Event.kind != "undo")
                                     .order_by(Event.id.desc())).all()
            if not events:
                raise StoreError("no such batch")
            undone = set(session.scalars(select(Event.undoes).where(Event.undoes.in_([e.id for e in events]))))
            pending = [e for e in events if e.id not in undone]
            if not pending:
                raise StoreError("this batch is already undone")
            for event in pending:
                assert event.segment_id is not None
                segment, who = _authorized(session, actor, event.segment_id, None)
                theirs = event.user_id != who.user_id if event.user_id is not None else event.actor != who.name
                if theirs and not who.is_admin:
                    raise PermissionDenied(f"this batch is {event.actor}'s: undoing someone else's change "
                                           "needs an admin")
                newest = last_undoable(session, segment.id)
                if newest is None or newest.id != event.id:
                    by = f" by {newest.actor}" if newest is not None else ""
                    raise StoreError(f"segment {segment.position + 1} was changed after the batch{by}: "
                                     "undo that change first; nothing was undone")
            for event in pending:
                assert event.segment_id is not None
                segment, who = _authorized(session, actor, event.segment_id, None)
                _restore(session, segment, event.before, event.after)
                self._commit(session, segment, who, "undo", dict(event.after), dict(event.before),
                             undoes=event.id, batch=batch_id)
                touched.append(segment.id)
        return BatchResult(batch_id, touched, f"undid the batch on {_segments(len(touched))}")
