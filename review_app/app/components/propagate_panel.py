"""Learn from an edit: after a reviewer changes a phrase, offer the same change for its other occurrences.

The offer comes from the store, not from the button that saved: it is the reviewer's newest hand edit
in this document that was neither applied elsewhere nor undone (:meth:`Store.pending_edit`), so it
appears however the text was saved (the button, leaving the box, Ctrl+Enter "Confirm & next", an action
that saved pending text first) and stays on the next segments' panels until the reviewer applies or
declines it (declining is remembered for the session). Each proposed phrase
(:func:`review_app.text.propagate.phrase_edits`) can be widened or narrowed before the search; the
changes are previewed and applied through the one batch preview, with one undo.
"""

from __future__ import annotations

import streamlit as st

from review_app.app.components.batch_preview import batch_preview, batch_undo
from review_app.app.components.context import get_store
from review_app.app.components.held_text import held, recover, text_box
from review_app.app.components.safe import md
from review_app.store import EditOffer, Plan, SegmentRow, Store, StoreError, User
from review_app.text.propagate import PhraseEdit, phrase_edits

MAX_EDITS = 3
DECLINED = "declined_edits"  # session key: ids of the edit events the reviewer chose not to apply elsewhere
OPEN = "edit_preview"  # session key: (edit event id, proposal number) whose preview is open


def _place(segment: SegmentRow) -> str:
    """Keys of the preview and of the Undo on this segment's panel (the Undo stays where the batch was applied)."""
    return f"propagate-{segment.id}"


def _phrase_keys(offer: EditOffer, number: int) -> tuple[str, str]:
    return f"edit-{offer.event_id}-{number}-before", f"edit-{offer.event_id}-{number}-after"


def _decline(event_id: int) -> None:
    st.session_state.setdefault(DECLINED, set()).add(event_id)
    st.session_state.pop(OPEN, None)


def _open(event_id: int, number: int) -> None:
    st.session_state[OPEN] = (event_id, number)


def _close() -> None:
    st.session_state.pop(OPEN, None)


def _plans(store: Store, segment: SegmentRow, offer: EditOffer, proposals: list[PhraseEdit]
           ) -> list[tuple[PhraseEdit, Plan | None]]:
    """Each proposal as the reviewer adjusted it, with its plan (None: the phrase is not one to look for)."""
    out: list[tuple[PhraseEdit, Plan | None]] = []
    version = store.project_version(store.document(segment.document_id).project_id)
    for number, proposal in enumerate(proposals):
        before_key, after_key = _phrase_keys(offer, number)
        for key, text in ((before_key, proposal.before), (after_key, proposal.after)):
            recover(key)
            st.session_state.setdefault(key, text)
        edit = PhraseEdit(held(before_key) or "", held(after_key) or "")
        out.append((edit, _plan(store.url, version, segment.document_id, edit.before, edit.after,
                                offer.segment_id, offer.event_id)))
    return out


@st.cache_data(max_entries=64, show_spinner=False)
def _plan(url: str, data_version: int, document_id: int, before: str, after: str, exclude: int,
          source: int) -> Plan | None:
    """The edit's plan, cached per database and the project's data version (the offer is drawn on every run while it
    stands, and each plan reads the whole document); None when the phrase is not one to look for."""
    del data_version  # part of the cache key only: any write to the project makes a new plan
    try:
        return get_store().plan_edit(  # the process's one store: never a second one on the file
            document_id, PhraseEdit(before, after), exclude=exclude, source=source)
    except StoreError:
        return None


def propagate_offer(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    """The offer for the reviewer's newest edit in this document (on any segment's panel), and the Undo of
    the last edit applied elsewhere."""
    batch_undo(store, _place(segment), reviewer)
    if not reviewer:
        return
    offer = store.pending_edit(segment.document_id, reviewer)
    if offer is None or offer.event_id in st.session_state.get(DECLINED, set()):
        return
    lang = store.project(store.document(segment.document_id).project_id).tgt_lang
    proposals = phrase_edits(offer.before, offer.after, lang)[:MAX_EDITS]
    plans = _plans(store, segment, offer, proposals)
    adjusted = any(edit != proposal for (edit, _p), proposal in zip(plans, proposals, strict=True))
    if not adjusted and not any(plan is not None and plan.changes for _e, plan in plans):
        return  # the phrases changed are nowhere else: nothing to offer
    where = "this segment" if offer.segment_id == segment.id else f"segment {offer.position + 1}"
    with st.container(border=True):
        st.markdown(f"**You edited {where}.** Make the same change elsewhere in the document? Adjust the phrase "
                    "first if it should be longer or shorter.")
        for number, (edit, plan) in enumerate(plans):
            before_key, after_key = _phrase_keys(offer, number)
            left, right, count, button = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
            text_box("Phrase", before_key, draw=left.text_input, help="The words to look for (whole words, any case).")
            text_box("becomes", after_key, draw=right.text_input)
            if plan is None:
                count.caption("Type a word to look for.")
                continue
            found = sum(p.count for p in plan.changes)
            count.caption(f"{found} other occurrence{'' if found == 1 else 's'} in {len(plan.changes)} "
                          f"segment{'' if len(plan.changes) == 1 else 's'}")
            button.button("Preview…", key=f"edit-{offer.event_id}-{number}-preview", disabled=not plan.changes,
                          on_click=_open, args=(offer.event_id, number), width="stretch",
                          help=f"Show every segment “{md(edit.before)}” → “{md(edit.after)}” would change.")
            if st.session_state.get(OPEN) == (offer.event_id, number) and plan.changes:
                batch_preview(store, plan, key=_place(segment), reviewer=reviewer, on_close=_close, segment=segment)
        st.button(f"No, only {where}", key=f"decline-edit-{offer.event_id}", on_click=_decline,
                  args=(offer.event_id,), help="Keep the edit where it is; the offer does not come back.")
