"""Apply a reviewer's edit to the other occurrences of the phrase in a document, as one undoable batch.

``apply_edit_everywhere`` writes the changed segments as a batch (:mod:`review_app.store.batch`):
one transaction, one event per segment (so each segment's history stays complete and each can
still be undone on its own), all sharing a batch id that :meth:`~review_app.store.batch.Batches.undo_batch`
reverts in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from review_app.store.actions import _load
from review_app.store.auth import Actor, require_document
from review_app.store.batch import Batches, BatchResult, SegmentChange
from review_app.store.models import Segment
from review_app.store.records import StoreError
from review_app.text.propagate import Occurrence, PhraseEdit, apply_occurrences, occurrences

BATCH_KIND = "apply-edit-all"


class PropagationActions(Batches):
    """The edit-propagation actions (read: occurrences; write: apply to all, as one batch)."""

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
    ) -> BatchResult:
        """Replace ``edit.before`` by ``edit.after`` in the chosen segments, as one batch.

        Occurrences are found again on the stored texts (what the preview showed may be stale);
        ``expected_versions`` (segment id → version the preview showed) refuses the whole batch
        when any of those segments changed since. The actor must be allowed to change the document.
        """
        replaced = 0
        with self._write() as session:
            require_document(session, actor, document_id)
            changes: list[SegmentChange] = []
            for segment_id in dict.fromkeys(segment_ids):
                expected = (expected_versions or {}).get(segment_id)
                segment = _load(session, segment_id, expected)
                if segment.document_id != document_id:
                    raise StoreError(f"segment {segment_id} is not in document {document_id}")
                found = occurrences(edit, [(segment.id, segment.position, segment.corrected)])
                if found:
                    changes.append(SegmentChange(segment.id, corrected=apply_occurrences(segment.corrected, found),
                                                 expected_version=expected))
                    replaced += len(found)
            batch_id, changed = self._record_batch(session, changes, actor=actor, kind=BATCH_KIND,
                                                   details={"edit": [edit.before, edit.after]})
        message = f"replaced {edit.before!r} with {edit.after!r} {replaced} time(s) in {len(changed)} segment(s)"
        return BatchResult(batch_id, changed, message)
