"""Batches: one path for every mass change — plan, preview, apply as one batch, undo as one.

1. A plan (:class:`Plan`, made by a ``plan_*`` method of :mod:`review_app.store.plans`: a check's
   fixes across documents, one fix applied to all similar findings, a reviewer's edit applied to the
   phrase's other occurrences) lists every segment's text before and after and the change to write,
   at the segment version it was planned on. Nothing is written. A plan may hold a segment back
   (``PlannedChange.held`` says why): it is left out unless the reviewer keeps it.
2. The reviewer sees the plan (the app's batch preview: a word diff per segment) and may leave
   segments out.
3. :meth:`Batches.apply_plan` writes exactly the planned texts as one batch; if any of those segments
   moved on since the plan, nothing is written (:class:`ConflictError`).
4. :meth:`Batches.undo_batch` reverts the whole batch.

Each changed segment gets its own event, as a single action would (its ``kind`` is the plan's:
``apply-check-fixes``, ``apply-fix-all``, ``apply-edit-all``; ``batch`` for :meth:`Batches.apply_batch`),
and all share a batch id, so the batch is undone at once while each segment's part can still be
undone on its own. Undo reads only the events, so batches written before plans existed undo the same way.

**Other writers are not locked out** (SQLite has one write lock for the whole file). A batch and its
undo run in three steps:

- *check*, in a read transaction (no lock): every segment exists, the actor may change every document,
  every finding is on its segment, every segment is still at the version the preview showed (an
  undo: every segment's newest change is still the batch's). Any refusal here writes nothing, as before.
- *compute*, outside any transaction: the corrected texts' sentence scores (sacrebleu), in one pass.
- *write* in chunks: one transaction of at most ``CHUNK_SEGMENTS`` segments and ``CHUNK_SECONDS`` of
  work, each segment with its event under the batch's one id. Between chunks the lock is free (on a
  SQLite file for ``CHUNK_PAUSE`` seconds, long enough for a waiting thread to wake and for a writer of
  another process to look again): another reviewer's save waits for one chunk, not for the batch.

A segment that another writer changes *between the check and its chunk* is not overwritten: the chunk
re-reads its version under the lock, leaves it as that writer saved it, and the result names it
(:attr:`BatchResult.changed_meanwhile`); the rest of the batch is written. An undo does the same with a
segment changed after the batch meanwhile (undo that change, then undo the batch again: only its parts
not yet undone are undone). If a chunk fails (the lock stayed busy, the account lost the right to
change a document), the chunks already written stay as one batch that undo reverts, and
:class:`PartialBatchError` says so; a crash between chunks leaves the same: whole chunks, each with its
events, undoable as one batch.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from review_app.store.actions import ReviewActions, _restore, newest_undoable
from review_app.store.auth import Acting, Actor, require_document
from review_app.store.models import Event, Finding, Segment
from review_app.store.records import ConflictError, PermissionDenied, StoreError
from review_app.store.rescore import Scored, corrected_scores
from review_app.vocab import FINDING_STATES, STATUSES

CHUNK_SEGMENTS = 200  # at most this many segments in one write transaction …
CHUNK_SECONDS = 0.2  # … and no more work than this: the longest another writer waits for a batch
CHUNK_PAUSE = 0.05  # SQLite file: the lock stays free this long between chunks, for the writers waiting
_READ_IDS = 500  # ids per IN (...) of the check step's reads

Progress = Callable[[int, int], None]  # after each written chunk: (segments done, segments in the batch)

_Item = TypeVar("_Item")


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
    """A written (or undone) batch: its id, the segments it touched, a message for the reviewer, and the
    segments left as they were because another writer changed them meanwhile (position, by whom)."""

    batch_id: str
    segments: list[int]
    message: str
    changed_meanwhile: list[tuple[int, str]] = field(default_factory=list)


class PartialBatchError(StoreError):
    """A chunk after the first failed: what was written before it stays, as one batch (``result``) that
    :meth:`Batches.undo_batch` reverts."""

    def __init__(self, message: str, result: BatchResult) -> None:
        super().__init__(message)
        self.result = result


def _check_change(change: SegmentChange) -> None:
    if change.status is not None and change.status not in STATUSES:
        raise StoreError(f"unknown status {change.status!r} (choose from {', '.join(STATUSES)})")
    bad = [s for s in change.findings.values() if s not in FINDING_STATES]
    if bad:
        raise StoreError(f"unknown finding state {bad[0]!r} (choose from {', '.join(FINDING_STATES)})")


def _segments(n: int) -> str:
    return f"{n} segment{'' if n == 1 else 's'}"


def _meanwhile(left: list[tuple[int, str]], advice: str = "") -> str:
    """The sentence naming the segments a batch left alone because they changed meanwhile ("" if none)."""
    if not left:
        return ""
    shown = ", ".join(f"{position + 1} (by {who})" for position, who in left[:10])
    more = f" and {len(left) - 10} more" if len(left) > 10 else ""
    were = "was" if len(left) == 1 else "were"
    return f"; {_segments(len(left))} changed meanwhile {were} left as saved: {shown}{more}{advice}"


def _ids_in_slices(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _READ_IDS):
        yield list(ids[start : start + _READ_IDS])


@dataclass(slots=True)
class _Chunks:
    """The write step of a batch: its id, what it touched and left, and the progress callback."""

    batch_id: str
    total: int
    progress: Progress | None
    touched: list[int] = field(default_factory=list)
    left: list[tuple[int, str]] = field(default_factory=list)


class Batches(ReviewActions):
    """Write side for mass changes: apply a plan (or a list of changes) as one batch, undo a batch."""

    def apply_plan(self, plan: Plan, *, actor: Actor, leave_out: Collection[int] | None = None,
                   progress: Progress | None = None) -> BatchResult:
        """Write the plan's changes, except the segments in ``leave_out`` (None: except the held ones), as one
        batch: the texts the plan showed, at the versions it was made on (refused whole if one moved on
        before the write starts; see the module for a segment changed while it runs)."""
        chosen = plan.chosen(leave_out)
        if not chosen:
            raise StoreError("no segment left to change: nothing was applied")
        for planned in chosen:
            if planned.change.expected_version is None:
                raise StoreError("a plan's changes carry the versions they were planned on")
            _check_change(planned.change)
        counts = {p.change.segment_id: p.count for p in chosen}

        def message(touched: list[int]) -> str:
            replaced = sum(counts[i] for i in touched)
            times = f" ({replaced} times)" if replaced > len(touched) else ""
            return f"applied {plan.label} in {_segments(len(touched))}{times}: one batch, one undo"

        return self._apply([p.change for p in chosen], actor, plan.kind, plan.details, progress, message)

    def apply_batch(self, changes: Sequence[SegmentChange], *, actor: Actor, kind: str = "batch",
                    note: str = "", progress: Progress | None = None) -> BatchResult:
        """Apply every change as one batch, one event per changed segment (refused whole when a segment is not
        at its ``expected_version`` or its document is not one the actor may change)."""
        for change in changes:
            _check_change(change)
        return self._apply(list(changes), actor, kind, {"note": note} if note else {}, progress,
                           lambda touched: f"changed {_segments(len(touched))} in one batch")

    # --- apply: check, compute, write in chunks ------------------------------------------------

    def _apply(self, changes: list[SegmentChange], actor: Actor, kind: str, details: Mapping[str, Any],
               progress: Progress | None, message: Callable[[list[int]], str]) -> BatchResult:
        scores = self._check_changes(changes, actor)
        run = _Chunks(uuid.uuid4().hex, len(changes), progress)

        def write(session: Session, part: Sequence[SegmentChange]) -> tuple[int, list[int], list[tuple[int, str]]]:
            return self._write_changes(session, part, actor, kind, details, scores, run.batch_id)

        def stopped(touched: list[int]) -> str:
            return (f"the batch stopped after {_segments(len(touched))} of {run.total}: those stay changed as one "
                    "batch (undo it to revert them)")

        self._in_chunks(run, changes, write, stopped, message)
        return BatchResult(run.batch_id, run.touched, message(run.touched) + _meanwhile(run.left), run.left)

    def _check_changes(self, changes: Sequence[SegmentChange], actor: Actor) -> dict[int, Scored]:
        """The check and compute steps: refuse (nothing written) unless every change can be written now;
        return the sentence scores of the new corrected texts."""
        with self._read() as session:
            segments = _segments_by_id(session, [c.segment_id for c in changes])
            for change in changes:
                if change.segment_id not in segments:
                    raise StoreError(f"no segment with id {change.segment_id}")
            for document_id in dict.fromkeys(segments[c.segment_id].document_id for c in changes):
                require_document(session, actor, document_id)
            for change in changes:
                segment = segments[change.segment_id]
                if change.expected_version is not None and segment.version != change.expected_version:
                    raise _stale(segment, change.expected_version)
            on_segment: dict[int, int] = {}
            wanted = [f for c in changes for f in c.findings]
            for part in _ids_in_slices(wanted):
                rows = session.execute(select(Finding.id, Finding.segment_id).where(Finding.id.in_(part)))
                on_segment.update((finding_id, segment_id) for finding_id, segment_id in rows)
            for change in changes:
                for finding_id in change.findings:
                    if on_segment.get(finding_id) != change.segment_id:
                        position = segments[change.segment_id].position
                        raise StoreError(f"finding {finding_id} is not on segment {position + 1}")
            return corrected_scores([(segments[c.segment_id], c.corrected) for c in changes if c.corrected is not None])

    def _write_changes(self, session: Session, part: Sequence[SegmentChange], actor: Actor, kind: str,
                       details: Mapping[str, Any], scores: Mapping[int, Scored], batch_id: str
                       ) -> tuple[int, list[int], list[tuple[int, str]]]:
        """One chunk: as many of ``part``'s changes as fit in ``CHUNK_SECONDS`` (one at least); returns how many
        were handled, the segments changed and those left because they changed after the check."""
        started = time.monotonic()
        segments = _locked(session, [c.segment_id for c in part])
        allowed: dict[int, Acting] = {}
        touched: list[int] = []
        left: list[tuple[int, str]] = []
        for handled, change in enumerate(part):
            if handled and time.monotonic() - started > CHUNK_SECONDS:
                return handled, touched, left
            segment = segments.get(change.segment_id)
            if segment is None:
                raise StoreError(f"no segment with id {change.segment_id}")
            who = allowed.get(segment.document_id) or require_document(session, actor, segment.document_id)
            allowed[segment.document_id] = who
            if change.expected_version is not None and segment.version != change.expected_version:
                left.append((segment.position, segment.updated_by or "another session"))
                continue
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            if change.corrected is not None and change.corrected != segment.corrected:
                before["corrected"], after["corrected"] = segment.corrected, change.corrected
                segment.corrected = change.corrected
                scores[segment.id].store(segment)
            if change.status is not None and change.status != segment.status:
                before["status"], after["status"] = segment.status, change.status
                segment.status = change.status
            states = {}
            on_segment = {f.id: f for f in segment.findings}
            for finding_id, state in change.findings.items():
                finding = on_segment.get(finding_id)
                if finding is None:
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
        return len(part), touched, left

    def _in_chunks(self, run: _Chunks, items: Sequence[_Item],
                   write: Callable[[Session, Sequence[_Item]], tuple[int, list[int], list[tuple[int, str]]]],
                   stopped: Callable[[list[int]], str], message: Callable[[list[int]], str]) -> None:
        """The write step: ``items`` in transactions of at most ``CHUNK_SEGMENTS`` (``write`` handles a prefix of
        each within ``CHUNK_SECONDS``), the lock free between them. A chunk that fails after others were
        written raises :class:`PartialBatchError` (``stopped`` says what stays) instead of its own error."""
        start = 0
        while start < len(items):
            if start and self._write_queue is not None:
                # Without a pause this loop would take the lock straight back: a released lock does not pass to
                # the thread waiting for it, and a writer of another process looks only every db.POLL_MS.
                time.sleep(CHUNK_PAUSE)
            try:
                with self._write() as session:
                    handled, touched, left = write(session, items[start : start + CHUNK_SEGMENTS])
            except StoreError as exc:
                if not run.touched:
                    raise
                result = BatchResult(run.batch_id, run.touched, message(run.touched) + _meanwhile(run.left), run.left)
                raise PartialBatchError(f"{exc}; {stopped(run.touched)}", result) from None
            run.touched += touched
            run.left += left
            start += handled
            if run.progress is not None:
                run.progress(start, len(items))

    # --- undo ----------------------------------------------------------------------------------

    def undo_batch(self, batch_id: str, *, actor: Actor, progress: Progress | None = None) -> BatchResult:
        """Undo every not-yet-undone event of the batch, as one batch (the undo events share its id).

        Refused (nothing written) when a segment was changed after the batch: undoing it would throw
        that later work away; undo the later change first. A reviewer undoes only their own batches on
        documents assigned to them; undoing someone else's needs an admin. Written in chunks like the batch.
        """
        pending, scores = self._check_undo(batch_id, actor)
        run = _Chunks(batch_id, len(pending), progress)

        def write(session: Session, part: Sequence[Event]) -> tuple[int, list[int], list[tuple[int, str]]]:
            return self._undo_events(session, part, actor, scores, batch_id)

        def stopped(touched: list[int]) -> str:
            return (f"the undo stopped after {_segments(len(touched))} of {run.total}: those are undone; undo the "
                    "batch again for the rest")

        def message(touched: list[int]) -> str:
            return f"undid the batch on {_segments(len(touched))}"

        self._in_chunks(run, pending, write, stopped, message)
        advice = " (undo that change, then undo the batch again)" if run.left else ""
        return BatchResult(batch_id, run.touched, message(run.touched) + _meanwhile(run.left, advice), run.left)

    def _check_undo(self, batch_id: str, actor: Actor) -> tuple[list[Event], dict[int, Scored]]:
        """The batch's events still to undo, newest first, once every one can be undone now (else refused,
        nothing written); and the sentence scores of the texts they restore."""
        with self._read() as session:
            events = session.scalars(select(Event).where(Event.batch == batch_id, Event.kind != "undo")
                                     .order_by(Event.id.desc())).all()
            if not events:
                raise StoreError("no such batch")
            undone = _undone(session, [e.id for e in events])
            pending = [e for e in events if e.id not in undone]
            if not pending:
                raise StoreError("this batch is already undone")
            segments = _segments_by_id(session, [e.segment_id for e in pending if e.segment_id is not None])
            allowed: dict[int, Acting] = {}
            for event in pending:
                segment = segments.get(event.segment_id or 0)
                if segment is None:
                    raise StoreError(f"no segment with id {event.segment_id}")
                if segment.document_id not in allowed:
                    allowed[segment.document_id] = require_document(session, actor, segment.document_id)
            newest = _newest_undoable(session, list(segments))
            for event in pending:
                segment = segments[event.segment_id or 0]
                who = allowed[segment.document_id]
                if _theirs(event, who) and not who.is_admin:
                    raise PermissionDenied(f"this batch is {event.actor}'s: undoing someone else's change "
                                           "needs an admin")
                latest = newest.get(segment.id)
                if latest is None or latest.id != event.id:
                    by = f" by {latest.actor}" if latest is not None else ""
                    raise StoreError(f"segment {segment.position + 1} was changed after the batch{by}: "
                                     "undo that change first; nothing was undone")
            restored = [(segments[e.segment_id or 0], str(e.before["corrected"])) for e in pending
                        if "corrected" in (e.before or {})]
            return list(pending), corrected_scores(restored)

    def _undo_events(self, session: Session, part: Sequence[Event], actor: Actor, scores: Mapping[int, Scored],
                     batch_id: str) -> tuple[int, list[int], list[tuple[int, str]]]:
        """One chunk of an undo (see :meth:`_write_changes`): a segment whose newest change is no longer the
        batch's (changed or undone meanwhile) is left as it is."""
        started = time.monotonic()
        ids = [e.segment_id for e in part if e.segment_id is not None]
        segments = _locked(session, ids)
        newest = _newest_undoable(session, ids)
        allowed: dict[int, Acting] = {}
        touched: list[int] = []
        left: list[tuple[int, str]] = []
        for handled, event in enumerate(part):
            if handled and time.monotonic() - started > CHUNK_SECONDS:
                return handled, touched, left
            segment = segments.get(event.segment_id or 0)
            if segment is None:
                raise StoreError(f"no segment with id {event.segment_id}")
            who = allowed.get(segment.document_id) or require_document(session, actor, segment.document_id)
            allowed[segment.document_id] = who
            if _theirs(event, who) and not who.is_admin:
                raise PermissionDenied(f"this batch is {event.actor}'s: undoing someone else's change needs an admin")
            latest = newest.get(segment.id)
            if latest is None or latest.id != event.id:
                left.append((segment.position, latest.actor if latest is not None else "another session"))
                continue
            before, after = dict(event.before or {}), dict(event.after or {})
            _restore(session, segment, {k: v for k, v in before.items() if k != "corrected"}, after)
            if "corrected" in before:  # restored here, with the scores computed before the lock was taken
                segment.corrected = before["corrected"]
                scores[segment.id].store(segment)
            self._commit(session, segment, who, "undo", after, before, undoes=event.id, batch=batch_id)
            touched.append(segment.id)
        return len(part), touched, left


def _stale(segment: Segment, expected: int) -> ConflictError:
    """The refusal of a batch one of whose segments moved on since the preview (nothing was written)."""
    when = segment.updated_at.strftime("%H:%M:%S UTC") if segment.updated_at else "just now"
    return ConflictError(f"segment {segment.position + 1} was changed by {segment.updated_by or 'another session'} "
                         f"at {when}, after the preview (version {segment.version}, the preview had {expected}): "
                         "nothing was applied — preview again to see the batch on the current texts")


def _theirs(event: Event, who: Acting) -> bool:
    """Whether the event was someone else's change."""
    return event.user_id != who.user_id if event.user_id is not None else event.actor != who.name


def _segments_by_id(session: Session, ids: Sequence[int]) -> dict[int, Segment]:
    out: dict[int, Segment] = {}
    for part in _ids_in_slices(list(dict.fromkeys(ids))):
        out.update((s.id, s) for s in session.scalars(select(Segment).where(Segment.id.in_(part))))
    return out


def _locked(session: Session, ids: Sequence[int]) -> dict[int, Segment]:
    """A chunk's segments with their findings, read in the write transaction (PostgreSQL: their rows locked,
    in id order so that two batches cannot deadlock; SQLite holds its write lock already)."""
    stmt = (select(Segment).where(Segment.id.in_(sorted(set(ids)))).order_by(Segment.id)
            .options(selectinload(Segment.findings)).with_for_update(of=Segment))
    return {s.id: s for s in session.scalars(stmt)}


def _undone(session: Session, event_ids: Sequence[int]) -> set[int]:
    undone: set[int] = set()
    for part in _ids_in_slices(event_ids):
        undone.update(i for i in session.scalars(select(Event.undoes).where(Event.undoes.in_(part))) if i is not None)
    return undone


def _newest_undoable(session: Session, segment_ids: Sequence[int]) -> dict[int, Event | None]:
    """Each segment's newest event that is an action and not undone (``actions.last_undoable``, for many)."""
    by_segment: dict[int, list[Event]] = {i: [] for i in segment_ids}
    for part in _ids_in_slices(list(by_segment)):
        for event in session.scalars(select(Event).where(Event.segment_id.in_(part)).order_by(Event.id.desc())):
            by_segment[event.segment_id or 0].append(event)
    return {segment_id: newest_undoable(events) for segment_id, events in by_segment.items()}
