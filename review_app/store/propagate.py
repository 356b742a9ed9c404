"""Apply a reviewer's edit to the other occurrences of the phrase in a document, as one undoable batch.

``apply_edit_everywhere`` changes every chosen segment in one transaction with one event per
segment (so each segment's history stays complete and each can still be undone on its own);
the events share a batch key, and ``undo_edit_batch`` reverts the whole batch in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from review_app.store.actions import ReviewActions, _load, rescore
from review_app.store.auth import Actor, require_document
from review_app.store.models import Event, Segment
from review_app.store.records import PermissionDenied, StoreError
from review_app.text.propagate import Occurrence, PhraseEdit, apply_occurrences, occurrences

BATCH_KIND = "apply-edit-all"


@dataclass(frozen=True, slots=True)
class PropagationResult:
    """What a batch did: its key (for undo), the segments changed and the occurrences replaced."""

    batch: str
    segments: list[int]
    replaced: int
    message: str = ""


class PropagationActions(ReviewActions):
    """The edit-propagation actions (read: occurrences; write: apply to all, undo the batch)."""

    def edit_occurrences(self, document_id: int, edit: PhraseEdit, *, exclude: int | None = None) -> list[Occurrence]:
        """Where the edited phrase stands in the document's other segments (their corrected text)."""
        with self._read() as session:
            rows = session.execute(
                select(Segment.id, Segment.position, Segment.corrected)
                .where(Segment.document_id == document_id)
                .order_by(Segment.position)
            ).all()
        return occurrences(edit, [(r.id, r.position, r.corrected) for r in rows], exclude=exclude)

    def apply_edit_everywhere(
        self,
        document_id: int,
        edit: PhraseEdit,
        segment_ids: Sequence[int],
        *,
        actor: Actor,
        expected_versions: dict[int, int] | None = None,
    ) -> PropagationResult:
        """Replace ``edit.before`` by ``edit.after`` in the chosen segments, all in one transaction.

        Occurrences are found again on the stored texts (what the preview showed may be stale);
        ``expected_versions`` (segment id → version the preview showed) refuses the whole batch
        when any of those segments changed since. The actor must be allowed to change the document.
        """
        batch = uuid.uuid4().hex
        changed: list[int] = []
        replaced = 0
        with self._write() as session:
            who = require_document(session, actor, document_id)
            for segment_id in dict.fromkeys(segment_ids):
                expected = (expected_versions or {}).get(segment_id)
                segment = _load(session, segment_id, expected)
                if segment.document_id != document_id:
                    raise StoreError(f"segment {segment_id} is not in document {document_id}")
                found = occurrences(edit, [(segment.id, segment.position, segment.corrected)])
                if not found:
                    continue
                before_text = segment.corrected
                segment.corrected = apply_occurrences(segment.corrected, found)
                rescore([segment])
                self._commit(
                    session,
                    segment,
                    who,
                    BATCH_KIND,
                    {"corrected": before_text},
                    {"corrected": segment.corrected, "batch": batch, "edit": [edit.before, edit.after]},
                    expected=expected,
                )
                changed.append(segment.id)
                replaced += len(found)
        message = f"replaced {edit.before!r} with {edit.after!r} {replaced} time(s) in {len(changed)} segment(s)"
        return PropagationResult(batch, changed, replaced, message)

    def undo_edit_batch(self, batch: str, *, actor: Actor) -> PropagationResult:
        """Revert every segment of a batch in one transaction (refused whole if one changed since).

        A reviewer undoes only their own batch on a document assigned to them; someone else's needs an admin.
        """
        with self._write() as session:
            events = [
                e
                for e in session.scalars(select(Event).where(Event.kind == BATCH_KIND).order_by(Event.id))
                if (e.after or {}).get("batch") == batch
            ]
            if not events:
                raise StoreError("no such batch of edits")
            undone = set(session.scalars(select(Event.undoes).where(Event.undoes.in_([e.id for e in events]))))
            todo = [e for e in events if e.id not in undone]
            if not todo:
                raise StoreError("this batch was already undone")
            assert todo[0].document_id is not None
            who = require_document(session, actor, todo[0].document_id)
            for event in todo:
                theirs = event.user_id != who.user_id if event.user_id is not None else event.actor != who.name
                if theirs and not who.is_admin:
                    raise PermissionDenied(f"this batch is {event.actor}'s: undoing someone else's change "
                                           "needs an admin")
                segment = _load(session, event.segment_id, None)  # type: ignore[arg-type]
                if segment.corrected != event.after["corrected"]:
                    raise StoreError(
                        f"segment {segment.position + 1} was changed after the batch: undo that change first, "
                        "or undo segment by segment"
                    )
                segment.corrected = event.before["corrected"]
                rescore([segment])
                self._commit(session, segment, who, "undo", dict(event.after), dict(event.before), undoes=event.id)
        return PropagationResult(
            batch,
            [e.segment_id for e in todo if e.segment_id is not None],
            len(todo),
            f"undid the edit in {len(todo)} segment(s)",
        )
