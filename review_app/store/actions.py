"""Reviewer actions: each one is a single transaction plus one event, guarded by the segment version.

Every action takes the signed-in ``actor`` (:class:`~review_app.store.auth.User`, or the local
:class:`~review_app.store.auth.Operator`) and checks, in the same transaction, that their role
allows it (:mod:`review_app.store.auth`: an admin anything, a reviewer the documents assigned to
them, a viewer nothing); a refusal raises :class:`PermissionDenied` and writes nothing. An action
may pass the ``expected_version`` the reviewer's page showed; if the segment moved on since
(another session saved first) it raises :class:`ConflictError` and writes nothing. Undo reverts
the newest not-yet-undone action on a segment from the event log, so it can be repeated to walk
back further; undoing another person's change needs an admin.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.formats.inline import check_placeholders
from review_app.store.auth import Acting, Actor, may_delete_annotation, require_document
from review_app.store.base import StoreBase
from review_app.store.models import (
    Annotation,
    Comment,
    Document,
    Event,
    Finding,
    Segment,
    utcnow,
)
from review_app.store.recheck import recheck, restore
from review_app.store.records import (
    ActionResult,
    AnnotationInfo,
    CommentInfo,
    ConflictError,
    FixError,
    PermissionDenied,
    StoreError,
    is_deleted,
)
from review_app.store.rescore import Prescored
from review_app.store.spans import finding_span, replace_span
from review_app.vocab import FINDING_STATE_LABELS, SEVERITIES, STATUS_LABELS, STATUSES, UNDONE_LABELS

_ANNOTATION_FIELDS = ("id", "start", "end", "quote", "category", "severity", "comment", "reviewer")


def _conflict(segment: Segment, expected: int | None) -> ConflictError:
    when = segment.updated_at.strftime("%H:%M:%S UTC") if segment.updated_at else "just now"
    who = segment.updated_by or "another session"
    return ConflictError(
        f"segment {segment.position + 1} was changed by {who} at {when} after you opened it "
        f"(version {segment.version}, you had {expected}); your change was not saved — reload the segment "
        "to see their change, then apply yours again"
    )


def _load(session: Session, segment_id: int, expected_version: int | None) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise StoreError(f"no segment with id {segment_id}")
    if expected_version is not None and segment.version != expected_version:
        raise _conflict(segment, expected_version)
    return segment


def _authorized(session: Session, actor: Actor, segment_id: int, expected_version: int | None
                ) -> tuple[Segment, Acting]:
    """The segment (at the expected version) and the actor, if their role lets them change its document."""
    document_id = session.scalar(select(Segment.document_id).where(Segment.id == segment_id))
    if document_id is None:
        raise StoreError(f"no segment with id {segment_id}")
    who = require_document(session, actor, document_id)
    return _load(session, segment_id, expected_version), who


def _get_finding(session: Session, finding_id: int) -> Finding:
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise StoreError(f"no finding with id {finding_id}")
    return finding


def _open_finding(session: Session, actor: Actor, finding_id: int, expected_version: int | None
                  ) -> tuple[Finding, Segment, Acting]:
    """An open finding, its segment (at the expected version) and the permitted actor; anything else is refused."""
    finding = _get_finding(session, finding_id)
    segment, who = _authorized(session, actor, finding.segment_id, expected_version)
    if finding.state != "open":
        raise FixError(f"this finding is already {FINDING_STATE_LABELS.get(finding.state, finding.state)}")
    return finding, segment, who


def _annotation_dict(a: Annotation) -> dict[str, Any]:
    data = {name: getattr(a, name) for name in _ANNOTATION_FIELDS}
    data["created_at"] = a.created_at.isoformat()
    return data


def _keep_placeholders(mt: str, text: str, error: type[StoreError]) -> None:
    """Refuse a corrected text that breaks the MT's inline-tag placeholders (deleting the whole text is allowed)."""
    if is_deleted(text):
        return
    try:
        check_placeholders(mt, text)
    except ValueError as exc:
        raise error(str(exc)) from None


def _span_in(segment: Segment, text: str, finding: Finding) -> tuple[int, int] | None:
    """Where ``finding``'s span is in ``text`` (the corrected text or one derived from it), or None."""
    return finding_span(segment.mt, segment.corrected, text, finding.span_on, finding.start, finding.end,
                        finding.quote)


def fix_placeable(segment: Segment, finding: Finding) -> bool:
    """Whether "apply fix" can place ``finding``'s suggestion in the segment's corrected text now: it has one,
    and the text it flagged is still there (not changed by an edit)."""
    return finding.suggestion is not None and _span_in(segment, segment.corrected, finding) is not None


def _fixed(segment: Segment, text: str, finding: Finding) -> str:
    """``text`` (the segment's corrected text, or one derived from it by other fixes) with ``finding``'s
    suggestion in place of its span (FixError when it cannot be placed)."""
    if finding.suggestion is None:
        raise FixError("this finding has no automatic fix: edit the corrected text instead")
    span = _span_in(segment, text, finding)
    if span is None:
        raise FixError(
            f"the flagged text {finding.quote!r} was changed in the corrected text, so the fix cannot be placed "
            "safely: edit the text by hand or dismiss the finding"
        )
    fixed = replace_span(text, span[0], span[1], finding.suggestion)
    _keep_placeholders(segment.mt, fixed, FixError)
    # A deleted credit or caption at either end must not leave a dangling space behind.
    return fixed.strip() if fixed != text and not finding.suggestion.strip() else fixed


def _resolved_by(segment: Segment, finding: Finding, closed: Container[int] = ()) -> list[Finding]:
    """The open findings a fix settles (those in ``closed`` count as settled already): itself, and those on
    the same text whose span lies inside the span it replaced (the same deletion proposed by another
    check, a quote mark inside a deleted credit line). What else the fix removes, the re-check resolves."""
    return [f for f in segment.findings if f.state == "open" and f.id not in closed
            and (f.id == finding.id or (f.span_on == finding.span_on and finding.start <= f.start
                                        and f.end <= finding.end and f.end > f.start))]


@dataclass(frozen=True, slots=True)
class Fixes:
    """Several fixes applied to one segment's text (nothing written): the new text, the findings it closes
    (id -> "applied"), how many fixes were placed and how many could not be."""

    corrected: str
    closed: dict[int, str]
    applied: int
    failed: int


def apply_fixes(segment: Segment, findings: Iterable[Finding]) -> Fixes:
    """Apply the findings' suggestions to the segment's corrected text in the order given (right to left,
    so an earlier fix does not move the span of a later one); the segment itself is left as it is."""
    closed: dict[int, str] = {}
    text, applied, failed = segment.corrected, 0, 0
    for finding in findings:
        if finding.state != "open" or finding.id in closed:
            continue  # settled by a fix applied just before
        try:
            text = _fixed(segment, text, finding)
        except FixError:
            failed += 1
            continue
        closed.update((f.id, "applied") for f in _resolved_by(segment, finding, closed))
        applied += 1
    return Fixes(text, closed, applied, failed)


class ReviewActions(StoreBase):
    """Write side of the store: fixes, edits, status, annotations, undo."""

    def _commit(
        self,
        session: Session,
        segment: Segment,
        who: Acting,
        kind: str,
        before: dict[str, Any],
        after: dict[str, Any],
        *,
        expected: int | None = None,
        undoes: int | None = None,
        message: str = "",
        batch: str | None = None,
    ) -> ActionResult:
        """Stamp the segment (bumping its version), re-check it when its corrected text changed, append the
        event (with what the re-check changed), and flush.

        Every change of a segment's corrected text is written here, so every path re-checks it.
        """
        segment_id = segment.id
        segment.updated_by, segment.updated_at = who.name, utcnow()
        try:
            session.flush()
        except StaleDataError:
            # Another transaction updated the row between our read and our write; _write rolls back.
            with self.sessions() as fresh:
                current = fresh.get(Segment, segment_id)
                if current is None:
                    raise StoreError(f"segment {segment_id} was deleted") from None
                raise _conflict(current, expected) from None
        if "corrected" in after and after["corrected"] != before.get("corrected"):
            # An undo has put the corrected-text findings' spans back on the restored text; any other
            # change moved the text on from the one they point into.
            previous = segment.corrected if undoes is not None else before["corrected"]
            before, after = recheck(session, segment, previous, self.document_checks).recorded(before, after)
        project_id = session.scalar(select(Document.project_id).where(Document.id == segment.document_id))
        event = Event(actor=who.name, user_id=who.user_id, kind=kind, project_id=project_id,
                      document_id=segment.document_id, segment_id=segment.id, before=before, after=after,
                      undoes=undoes, at=segment.updated_at, batch=batch)
        session.add(event)
        session.flush()
        return ActionResult(segment.id, segment.version, event.id, message)

    def _prescore(self, segment_id: int, text_of: Callable[[Session, Segment], str | None]) -> Prescored:
        """The scores of the corrected text a change will write (``text_of`` the segment as read now),
        computed before the write transaction; nothing when it cannot tell (the write then refuses)."""
        with self._read() as session:
            segment = session.get(Segment, segment_id)
            try:
                text = None if segment is None else text_of(session, segment)
            except (StoreError, ValueError):  # the write refuses it again, in its own words
                text = None
            return Prescored() if segment is None or text is None else Prescored.of([(segment, text)])

    def _finding_segment(self, finding_id: int) -> int | None:
        with self._read() as session:
            segment_id: int | None = session.scalar(select(Finding.segment_id).where(Finding.id == finding_id))
            return segment_id

    def apply_fix(self, finding_id: int, *, actor: Actor, expected_version: int | None = None) -> ActionResult:
        """Replace the finding's span in the corrected text with its suggestion; mark it applied."""

        def fixed(session: Session, segment: Segment) -> str | None:
            finding = session.get(Finding, finding_id)
            return None if finding is None else _fixed(segment, segment.corrected, finding)

        finding_row = self._finding_segment(finding_id)
        prescored = Prescored() if finding_row is None else self._prescore(finding_row, fixed)
        with self._write() as session:
            finding, segment, who = _open_finding(session, actor, finding_id, expected_version)
            before_text = segment.corrected
            segment.corrected = _fixed(segment, segment.corrected, finding)
            done = _resolved_by(segment, finding)
            for f in done:
                f.state = "applied"
            prescored.apply(segment)
            return self._commit(
                session, segment, who, "apply-fix",
                {"corrected": before_text, "findings": {str(f.id): "open" for f in done}},
                {"corrected": segment.corrected, "findings": {str(f.id): "applied" for f in done},
                 "check": finding.check_id},
                expected=expected_version, message=f"applied the {finding.check_id} fix",
            )

    def dismiss_finding(self, finding_id: int, *, actor: Actor, expected_version: int | None = None) -> ActionResult:
        """Close a finding without changing the text (a false alarm, or fixed another way)."""
        with self._write() as session:
            finding, segment, who = _open_finding(session, actor, finding_id, expected_version)
            finding.state = "dismissed"
            return self._commit(session, segment, who, "dismiss", {"findings": {str(finding.id): "open"}},
                                {"findings": {str(finding.id): "dismissed"}, "check": finding.check_id},
                                expected=expected_version, message=f"dismissed the {finding.check_id} finding")

    def edit_corrected(
        self, segment_id: int, text: str, *, actor: Actor, expected_version: int | None = None
    ) -> ActionResult:
        """Save the reviewer's corrected text (no event when it is unchanged).

        Saving the text that is saved already is "unchanged" even at a newer version than
        ``expected_version``: nothing would be overwritten (the same reviewer's save may have landed
        from another rerun a moment earlier), so there is no conflict to report.
        """
        # nothing to score when the text is saved already (a save on leaving the editor): it is "unchanged"
        prescored = self._prescore(segment_id, lambda _session, saved: None if text == saved.corrected else text)
        with self._write() as session:
            current, who = _authorized(session, actor, segment_id, None)
            if text == current.corrected:
                return ActionResult(current.id, current.version, 0, "unchanged")
            segment = _load(session, segment_id, expected_version)
            _keep_placeholders(segment.mt, text, StoreError)
            before_text, segment.corrected = segment.corrected, text
            prescored.apply(segment)
            return self._commit(session, segment, who, "edit", {"corrected": before_text}, {"corrected": text},
                                expected=expected_version, message="saved the corrected text")

    def set_status(self, segment_id: int, status: str, *, actor: Actor, expected_version: int | None = None
                   ) -> ActionResult:
        """Mark a segment accepted as is, corrected, needing work, or back to review."""
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r} (choose from {', '.join(STATUSES)})")
        with self._write() as session:
            segment, who = _authorized(session, actor, segment_id, expected_version)
            before, segment.status = segment.status, status
            return self._commit(session, segment, who, "status", {"status": before}, {"status": status},
                                expected=expected_version, message=f"status set to {STATUS_LABELS[status]}")

    def add_annotation(
        self,
        segment_id: int,
        *,
        category: str,
        severity: str,
        start: int | None = None,
        end: int | None = None,
        comment: str | None = None,
        actor: Actor,
        expected_version: int | None = None,
    ) -> ActionResult:
        """Record an MQM error on the MT: its span (or none), category, severity and comment."""
        if severity not in SEVERITIES:
            raise StoreError(f"unknown severity {severity!r} (choose from {', '.join(SEVERITIES)})")
        if not category.strip():
            raise StoreError("choose an error category")
        with self._write() as session:
            segment, who = _authorized(session, actor, segment_id, expected_version)
            if (start is None) != (end is None) or (
                start is not None and end is not None and not 0 <= start < end <= len(segment.mt)
            ):
                raise StoreError(f"the error span {start}-{end} is not inside the MT text")
            annotation = Annotation(segment=segment, start=start, end=end, category=category.strip(),
                                    severity=severity, comment=(comment or "").strip() or None, reviewer=who.name,
                                    quote=segment.mt[start:end] if start is not None else "", created_at=utcnow())
            session.add(annotation)
            session.flush()
            return self._commit(session, segment, who, "annotate", {"annotation": None},
                                {"annotation": _annotation_dict(annotation)}, expected=expected_version,
                                message=f"annotated a {severity} {category} error")

    @staticmethod
    def can_delete_annotation(annotation: AnnotationInfo, actor: Actor | None) -> bool:
        """Whether ``actor`` may delete the annotation: their own, or anyone's as an admin (for enabling
        controls; :meth:`delete_annotation` checks again with the role the database holds)."""
        return may_delete_annotation(actor, annotation.reviewer)

    def delete_annotation(self, annotation_id: int, *, actor: Actor, expected_version: int | None = None
                          ) -> ActionResult:
        """Remove an annotation (the event log keeps it, so undo brings it back)."""
        with self._write() as session:
            annotation = session.get(Annotation, annotation_id)
            if annotation is None:
                raise StoreError(f"no annotation with id {annotation_id}")
            segment, who = _authorized(session, actor, annotation.segment_id, expected_version)
            if not may_delete_annotation(who, annotation.reviewer):
                raise PermissionDenied(f"this annotation is {annotation.reviewer}'s: deleting someone else's "
                                       "annotation needs an admin")
            before = _annotation_dict(annotation)
            session.delete(annotation)
            return self._commit(session, segment, who, "delete-annotation", {"annotation": before},
                                {"annotation": None}, expected=expected_version, message="deleted the annotation")

    def add_comment(self, segment_id: int, text: str, *, actor: Actor) -> CommentInfo:
        """Leave a comment on a segment (one transaction and an event; the segment's text and version
        stay as they are, so a comment never conflicts with an edit). Same rule as a change: an admin,
        or a reviewer the document is assigned to."""
        text = text.strip()
        if not text:
            raise StoreError("the comment is empty")
        with self._write() as session:
            segment, who = _authorized(session, actor, segment_id, None)
            comment = Comment(segment_id=segment.id, author=who.name, text=text, created_at=utcnow())
            session.add(comment)
            session.flush()
            project_id = session.scalar(select(Document.project_id).where(Document.id == segment.document_id))
            session.add(Event(actor=who.name, user_id=who.user_id, kind="comment", project_id=project_id,
                              document_id=segment.document_id, segment_id=segment.id, before={},
                              after={"comment": {"id": comment.id, "text": text}}, at=comment.created_at))
            return CommentInfo(comment.id, segment.id, who.name, text, comment.created_at)

    def comments(self, segment_ids: list[int]) -> dict[int, list[CommentInfo]]:
        """The comments of these segments, oldest first, by segment id."""
        out: dict[int, list[CommentInfo]] = {}
        if not segment_ids:
            return out
        with self._read() as session:
            for c in session.scalars(select(Comment).where(Comment.segment_id.in_(segment_ids)).order_by(Comment.id)):
                out.setdefault(c.segment_id, []).append(CommentInfo(c.id, c.segment_id, c.author, c.text,
                                                                    c.created_at))
        return out

    def undo_last(self, segment_id: int, *, actor: Actor, expected_version: int | None = None) -> ActionResult:
        """Revert the newest action on the segment that is not yet undone (StoreError when there is none)."""

        def restored(session: Session, _segment: Segment) -> str | None:
            target = last_undoable(session, segment_id)
            return None if target is None else target.before.get("corrected")

        prescored = self._prescore(segment_id, restored)
        with self._write() as session:
            segment, who = _authorized(session, actor, segment_id, expected_version)
            target = last_undoable(session, segment_id)
            if target is None:
                raise StoreError("nothing to undo on this segment")
            theirs = target.user_id != who.user_id if target.user_id is not None else target.actor != who.name
            if theirs and not who.is_admin:
                when = target.at.strftime("%Y-%m-%d %H:%M UTC")
                raise PermissionDenied(f"the last change on this segment ({target.kind}, {when}) was {target.actor}'s: "
                                       "undoing someone else's change needs an admin")
            _restore(session, segment, target.before, target.after, prescored)
            whose = f" (a change by {target.actor})" if theirs else ""
            undone = UNDONE_LABELS.get(target.kind, target.kind)
            return self._commit(session, segment, who, "undo", dict(target.after), dict(target.before),
                                expected=expected_version, undoes=target.id, message=f"undid {undone}{whose}")


def last_undoable(session: Session, segment_id: int) -> Event | None:
    """The newest event on a segment that is an action and has not been undone."""
    return newest_undoable(session.scalars(select(Event).where(Event.segment_id == segment_id)
                                           .order_by(Event.id.desc())).all())


def newest_undoable(events: Sequence[Event]) -> Event | None:
    """Of one segment's events, newest first: the newest that is an action and has not been undone."""
    undone = {e.undoes for e in events if e.kind == "undo"}
    # A comment is a conversation, not a change to the segment: undo walks past it.
    return next((e for e in events if e.kind not in ("undo", "comment") and e.id not in undone), None)


def _restore(session: Session, segment: Segment, before: dict[str, Any], after: dict[str, Any],
             prescored: Prescored | None = None) -> None:
    """Put back the state recorded in an event's ``before`` (the corrected text's scores from ``prescored``)."""
    if "corrected" in before:
        segment.corrected = before["corrected"]
        (prescored or Prescored()).apply(segment)
    if "status" in before:
        segment.status = before["status"]
    if "confirmed_by" in before:  # a confirmed link (store.realign.confirm_link)
        segment.confirmed_by = before["confirmed_by"]
    for finding_id, state in (before.get("findings") or {}).items():
        finding = session.get(Finding, int(finding_id))
        if finding is not None:
            finding.state = state
    restore(session, segment, before, after)
    if "annotation" in before:
        old, new = before["annotation"], after.get("annotation")
        if old is None and new is not None:
            annotation = session.get(Annotation, new["id"])
            if annotation is not None:
                session.delete(annotation)
        elif old is not None:
            fields = {k: old[k] for k in _ANNOTATION_FIELDS}
            session.add(Annotation(segment_id=segment.id, created_at=datetime.fromisoformat(old["created_at"]),
                                   **fields))
