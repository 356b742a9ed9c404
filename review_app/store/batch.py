"""Batches: several segment changes applied as one transaction and undone as one.

A batch is any list of :class:`SegmentChange` (new corrected text, new status, new finding
states, on any segments of any documents). Each changed segment gets its own event, as a single
action would, and all of them share a batch id, so the whole batch can be undone at once
(:meth:`Batches.undo_batch`) while each segment's part can still be undone on its own. A change
carries the segment version the reviewer previewed: if any segment moved on since, nothing is
written. Every bulk change is written this way (:meth:`Batches._record_batch`): the fixes of one
check across a document (:meth:`Batches.plan_check_fixes` previews them), one fix applied to all
similar findings, and an edit applied to its other occurrences (:mod:`review_app.store.propagate`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.store.actions import (
    ReviewActions,
    _authorized,
    _get_finding,
    _load,
    _restore,
    apply_fixes,
    last_undoable,
    rescore,
)
from review_app.store.auth import Actor, require_document
from review_app.store.models import Event, Finding, Segment
from review_app.store.records import BulkResult, FixError, PermissionDenied, StoreError
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
    """One segment of a preview: its number, text before and after, and the change to apply."""

    position: int
    before: str
    after: str
    change: SegmentChange


@dataclass(frozen=True, slots=True)
class FixPlan:
    """Preview of applying every open fix of a check: the changes, and segments whose fix cannot be placed."""

    check: str
    changes: list[PlannedChange]
    skipped: list[int] = field(default_factory=list)  # segment positions (0-based)

    @property
    def findings(self) -> int:
        """Findings the plan closes."""
        return sum(len(p.change.findings) for p in self.changes)


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


class Batches(ReviewActions):
    """Write side for bulk changes: apply a batch, undo a batch, plan a check's fixes, fix all similar findings."""

    def apply_batch(self, changes: Sequence[SegmentChange], *, actor: Actor, kind: str = "batch",
                    note: str = "") -> BatchResult:
        """Apply every change in one transaction (all or nothing), one event per changed segment.

        Every segment's document must be one the actor may change (else nothing is written)."""
        for change in changes:
            _check_change(change)
        with self._write() as session:
            batch_id, touched = self._record_batch(session, changes, actor=actor, kind=kind,
                                                   details={"note": note} if note else {})
        plural = "" if len(touched) == 1 else "s"
        return BatchResult(batch_id, touched, f"changed {len(touched)} segment{plural} in one batch")

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
        plural = "" if len(touched) == 1 else "s"
        return BatchResult(batch_id, touched, f"undid the batch on {len(touched)} segment{plural}")

    def apply_fix_to_similar(self, finding_id: int, *, actor: Actor) -> BulkResult:
        """Apply the fix to every open finding of the document with the same check, text and suggestion.

        One batch: one transaction for all, one event per segment (so each can be undone on its own).
        Findings whose text the reviewer already changed are skipped and listed.
        """
        with self._write() as session:
            finding = _get_finding(session, finding_id)
            require_document(session, actor, finding.document_id)
            if finding.state != "open" or finding.suggestion is None:
                raise FixError("only an open finding with a suggested fix can be applied to similar findings")
            similar = session.scalars(
                select(Finding).join(Segment).where(
                    Finding.document_id == finding.document_id, Finding.check_id == finding.check_id,
                    Finding.quote == finding.quote, Finding.suggestion == finding.suggestion, Finding.state == "open",
                ).order_by(Segment.position, Finding.start.desc())
            ).all()
            by_segment: dict[int, list[Finding]] = {}
            for f in similar:
                by_segment.setdefault(f.segment_id, []).append(f)
            changes: list[SegmentChange] = []
            applied, skipped = 0, []
            for segment_id, findings in by_segment.items():
                segment = _load(session, segment_id, None)
                fixes = apply_fixes(segment, findings)
                applied += fixes.applied
                skipped += [f"segment {segment.position + 1}"] * fixes.failed
                if fixes.closed:
                    changes.append(SegmentChange(segment_id, corrected=fixes.corrected, findings=fixes.closed))
            batch_id, touched = self._record_batch(session, changes, actor=actor, kind="apply-fix-all",
                                                   details={"check": finding.check_id, "group": finding_id})
        return BulkResult(applied, skipped, touched, batch_id)

    def plan_check_fixes(self, document_ids: Sequence[int], check: str) -> FixPlan:
        """What applying every open fix of ``check`` would change, segment by segment (nothing is written)."""
        changes: list[PlannedChange] = []
        skipped: list[int] = []
        with self._read() as session:
            segments = session.scalars(
                select(Segment).where(Segment.document_id.in_(document_ids),
                                      Segment.findings.any((Finding.check_id == check) & (Finding.state == "open")))
                .order_by(Segment.document_id, Segment.position)
            ).all()
            for segment in segments:
                fixes = apply_fixes(segment, sorted((f for f in segment.findings if f.check_id == check
                                                     and f.state == "open" and f.suggestion is not None),
                                                    key=lambda f: -f.start))
                if fixes.failed:
                    skipped.append(segment.position)
                if fixes.closed:
                    change = SegmentChange(segment.id, corrected=fixes.corrected, findings=fixes.closed,
                                           expected_version=segment.version)
                    changes.append(PlannedChange(segment.position, segment.corrected, fixes.corrected, change))
        return FixPlan(check, changes, sorted(set(skipped)))
