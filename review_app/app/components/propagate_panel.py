"""Learn from an edit: after a reviewer changes a phrase, offer the same change for its other occurrences.

Reads the segment's newest hand edit from the event log, shows each changed phrase that the
document has elsewhere with a preview of every changed segment, applies them all as one batch,
and offers to undo that batch in one click.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from review_app.app.components.context import guarded, md_escape
from review_app.store import BatchResult, SegmentRow, Store, User
from review_app.text.propagate import PhraseEdit, phrase_edits

MAX_EDITS = 3
BATCHES = "edit_batches"  # session key: segment id → (batch key, description) of the last batch applied


def _last_edit(store: Store, segment: SegmentRow) -> list[PhraseEdit]:
    """The phrase edits of the segment's newest action, when it is a hand edit of the corrected text."""
    events = store.events(segment_id=segment.id, limit=1)
    if not events or events[0].kind != "edit" or "corrected" not in events[0].before:
        return []
    return phrase_edits(str(events[0].before["corrected"]), str(events[0].after.get("corrected", "")))[:MAX_EDITS]


def _apply(store: Store, document_id: int, segment_id: int, edit: PhraseEdit, versions: dict[int, int],
           reviewer: User) -> None:
    result = guarded(lambda: store.apply_edit_everywhere(document_id, edit, list(versions), actor=reviewer,
                                                         expected_versions=versions))
    if result is not None:
        described = f"“{edit.before}” → “{edit.after}”"
        st.session_state.setdefault(BATCHES, {})[segment_id] = (result.batch_id, described)


def _undo_edit(store: Store, batch: str, reviewer: User) -> BatchResult:
    """Undo the batch, reported as the edit it was."""
    result = store.undo_batch(batch, actor=reviewer)
    return replace(result, message=f"undid the edit in {len(result.segments)} segment(s)")


def _undo(store: Store, segment_id: int, batch: str, reviewer: User) -> None:
    if guarded(lambda: _undo_edit(store, batch, reviewer)) is not None:
        st.session_state.get(BATCHES, {}).pop(segment_id, None)


def propagate_offer(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    """The offer (preview, Apply to all) for the segment's newest edit, and Undo for a batch just applied."""
    batch = st.session_state.get(BATCHES, {}).get(segment.id)
    if batch is not None and reviewer:
        with st.container(border=True):
            st.markdown(f"Applied {md_escape(batch[1])} to the other occurrences in the document.")
            st.button("Undo the change in all those segments", key=f"undo-batch-{segment.id}",
                      on_click=_undo, args=(store, segment.id, batch[0], reviewer))
    for number, edit in enumerate(_last_edit(store, segment)):
        found = store.edit_occurrences(segment.document_id, edit, exclude=segment.id)
        if not found:
            continue
        segments = sorted({o.segment_id for o in found})
        versions = {sid: store.segment_detail(sid).segment.version for sid in segments}
        with st.container(border=True):
            st.markdown(
                f"You changed “{md_escape(edit.before)}” → “{md_escape(edit.after) or '(deleted)'}”. "
                f"The document has it {len(found)} more time(s) in {len(segments)} segment(s):"
            )
            st.dataframe(
                pd.DataFrame([{"#": o.position + 1, "now": o.found, "becomes": o.replacement, "text after": o.preview}
                              for o in found]),
                hide_index=True, width="stretch",
            )
            st.button(
                f"Apply to all {len(found)} occurrences", key=f"propagate-{segment.id}-{number}",
                disabled=not reviewer, type="primary",
                on_click=_apply, args=(store, segment.document_id, segment.id, edit, versions, reviewer or ""),
            )

