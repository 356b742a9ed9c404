"""Widget callbacks that change a segment, and the corrected-text editor's state.

Every action first saves text typed in the editor but not yet saved (so a click on another
button never loses it), then runs the store action with the version the page showed, then
reloads the editor from the database. The editor remembers the text and version it was loaded
with: untouched, it follows changes other sessions save; edited, its save is checked against
that version, and a refused save (another session saved first) keeps the reviewer's text.

Leaving a segment saves it, as in Matecat: every move (:func:`leave`), a page switch or any other
run that drops the editor (:func:`flush_pending`, called before every page) saves the typed text
as an ordinary edit, and a refused save keeps the reviewer on the segment (or keeps the text for
when they come back). The browser half is :mod:`review_app.app.components.leave_guard`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from review_app.app.components.context import acting_account, flash, guarded
from review_app.app.components.cursor import is_current, move_to
from review_app.app.components.held_text import held, keep_typed, recover
from review_app.app.components.leave_guard import Draft, forget_draft, settled
from review_app.store import ActionResult, ConflictError, SegmentRow, Store, StoreError, User
from review_app.vocab import STATUS_LABELS


def editor_key(segment_id: int) -> str:
    """Session key of the corrected-text editor of a segment."""
    return f"editor-{segment_id}"


def _base_key(segment_id: int) -> str:
    return f"editor-base-{segment_id}"


def _base_text_key(segment_id: int) -> str:
    return f"editor-base-text-{segment_id}"


def _load(segment_id: int, corrected: str, version: int) -> None:
    st.session_state[editor_key(segment_id)] = corrected
    st.session_state[_base_key(segment_id)] = version
    st.session_state[_base_text_key(segment_id)] = corrected


def conflict_key(segment_id: int) -> str:
    """Session key set while the editor holds text that could not be saved."""
    return f"editor-conflict-{segment_id}"


def _kept_key(segment_id: int) -> str:
    """Session key (not a widget's, so it outlives the editor) of refused text kept for a later visit."""
    return f"editor-kept-{segment_id}"


def init_editor(segment_id: int, corrected: str, version: int) -> None:
    """Load the editor with the saved text, unless it holds the reviewer's own unsaved text (typed now,
    or refused when they left the segment and kept for their return)."""
    state = st.session_state
    key = editor_key(segment_id)
    recover(key)
    kept = state.pop(_kept_key(segment_id), None)
    if kept is not None:
        text, base_version, base_text, conflict = kept
        state[key], state[_base_key(segment_id)], state[_base_text_key(segment_id)] = text, base_version, base_text
        if conflict:  # else (the database was busy, say) the text is back as typed: the next save tries again
            state[conflict_key(segment_id)] = True
        return
    untouched = key in state and state[key] == state.get(_base_text_key(segment_id))
    if key not in state or (untouched and state.get(_base_key(segment_id)) != version):
        _load(segment_id, corrected, version)


def reload_editor(store: Store, segment_id: int) -> None:
    """Put the saved text and version into the editor (after an action, or to discard a refused edit)."""
    segment = store.segment_detail(segment_id).segment
    _load(segment_id, segment.corrected, segment.version)
    st.session_state.pop(conflict_key(segment_id), None)


def flush_editor(store: Store, segment_id: int, reviewer: User | None) -> ActionResult | bool | None:
    """Save the editor's text if it differs from the saved one.

    Returns the save's result, None when there was nothing to save, False when the save was
    refused (the message is queued and the text stays in the editor).
    """
    key = editor_key(segment_id)
    if key not in st.session_state:
        return None
    recover(key)  # a box the browser drew without its text reports None: nothing was typed
    text = st.session_state[key]
    base = st.session_state.get(_base_key(segment_id))
    if text == st.session_state.get(_base_text_key(segment_id)) and not st.session_state.get(conflict_key(segment_id)):
        return None  # nothing typed since the editor was loaded
    saved = store.segment_detail(segment_id).segment
    label = segment_label(saved)
    if text == saved.corrected:  # typed what is saved already: nothing to write, nothing to conflict with
        _load(segment_id, saved.corrected, saved.version)
        return None
    who = acting_account(reviewer, f"{label}: ")
    if who is None:
        return False
    try:
        result = store.edit_corrected(segment_id, text, actor=who, expected_version=base)
    except ConflictError:
        # The conflict view under the editor says who saved what and offers the choices: no second banner.
        st.session_state[conflict_key(segment_id)] = True
        return False
    except StoreError as exc:
        flash("error", f"{label}: {exc}")
        return False
    st.session_state[_base_key(segment_id)] = result.version
    st.session_state[_base_text_key(segment_id)] = text
    st.session_state.pop(conflict_key(segment_id), None)
    settled(segment_id, text)
    return result


def save_editor(store: Store, segment_id: int, reviewer: User | None, *, button: bool = False) -> None:
    """Callback of the editor (when it loses focus) and of the Save button."""
    result = flush_editor(store, segment_id, reviewer)
    label = segment_label(store.segment_detail(segment_id).segment)
    if isinstance(result, ActionResult):
        flash("success", f"{label}: saved the corrected text")
    elif result is None and button and not any("saved the" in m for _k, m in st.session_state.get("flash", [])):
        # Leaving the box for the button already saved it (in this rerun, or in one of its own).
        flash("success", f"{label}: saved the corrected text (no change since the last save)")


def has_typed_text(segment_id: int) -> bool:
    """Whether the editor of ``segment_id`` holds text that differs from what it was loaded with."""
    text = held(editor_key(segment_id))
    return text is not None and text != st.session_state.get(_base_text_key(segment_id))


def holds_unsaved_text(segment_id: int) -> bool:
    """Whether this session holds text typed on ``segment_id`` that is not saved: in its editor, or kept from a
    refused save for the reviewer's return."""
    state = st.session_state
    return has_typed_text(segment_id) or _kept_key(segment_id) in state or bool(state.get(conflict_key(segment_id)))


def forget_editor(segment_id: int) -> None:
    """Drop the editor's state of a segment whose text an alignment change rewrote (or removed): the next render
    loads the saved text afresh. Only for an editor without unsaved text (see :func:`holds_unsaved_text`)."""
    for key in (editor_key(segment_id), _base_key(segment_id), _base_text_key(segment_id), conflict_key(segment_id),
                _kept_key(segment_id)):
        st.session_state.pop(key, None)


def leave(store: Store, segment_id: int, reviewer: User | None, target_id: int | None, index: int) -> None:
    """Callback of every move away from ``segment_id`` (buttons, keys, the list, go to): save the typed
    text first, as Matecat does; a refused save keeps the reviewer on the segment with the message."""
    if target_id is None:
        return
    if reviewer is not None and has_typed_text(segment_id) and flush_editor(store, segment_id, reviewer) is False:
        return
    move_to(target_id, index)


def flush_pending(store: Store, reviewer: User | None) -> None:
    """Save every editor of this session that holds typed text, before a page is drawn.

    The safety net for every way of leaving a segment that no callback of the editor sees: a page
    switch, a click on the Document or Findings page, a pasted link, a filter. A refused save keeps
    the text (and the conflict view) for the reviewer's return to that segment.
    """
    keep_typed()
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("editor-")]:
        tail = key.removeprefix("editor-")
        if not tail.isdigit():
            continue
        segment_id = int(tail)
        if not has_typed_text(segment_id) or st.session_state.get(conflict_key(segment_id)):
            continue
        if reviewer is None:
            flash("error", "Segment text typed in the editor was not saved: you are not signed in "
                           "(it is kept in this browser and offered back when you open the segment again)")
            continue
        if flush_editor(store, segment_id, reviewer) is False:
            state = st.session_state
            conflict = bool(state.get(conflict_key(segment_id)))
            state[_kept_key(segment_id)] = (state[key], state.get(_base_key(segment_id)),
                                            state.get(_base_text_key(segment_id)), conflict)
            if conflict:  # any other refusal (a busy database) was flashed by flush_editor, with its reason
                label = segment_label(store.segment_detail(segment_id).segment)
                flash("warning", f"{label}: your text was not saved (someone saved the segment after you opened "
                                 f"it); it is kept: open {label.lower()} to keep yours or take theirs")


def _confirm_key(segment_id: int) -> str:
    return f"confirm-accept-{segment_id}"


def asking_to_accept(segment_id: int) -> bool:
    """Whether the panel asks the reviewer to confirm accepting a segment with open findings."""
    return bool(st.session_state.get(_confirm_key(segment_id)))


def ask_to_accept(segment_id: int) -> None:
    """Callback: ask before accepting a segment with open findings."""
    st.session_state[_confirm_key(segment_id)] = True


def cancel_accept(segment_id: int) -> None:
    """Callback: the reviewer does not accept after all."""
    st.session_state.pop(_confirm_key(segment_id), None)


def confirm_and_next(store: Store, segment_id: int, reviewer: User | None, next_id: int | None, next_index: int,
                     *, anyway: bool = False) -> None:
    """Callback of "Confirm & next" (Ctrl+Enter), as in Matecat: save the typed text, set the status it
    implies (a text that differs from the MT is "corrected", the MT kept is "accepted as is"), open the
    next segment. Accepting over open findings asks first; Ctrl+Enter again (or "Accept anyway") says yes.
    A refused save or status change keeps the reviewer on the segment with the message."""
    saved = flush_editor(store, segment_id, reviewer)
    if saved is False:
        return
    segment = store.segment_detail(segment_id).segment
    label = segment_label(segment)
    status = "corrected" if segment.corrected != segment.mt else "accepted"
    anyway = anyway or asking_to_accept(segment_id)
    if status == "accepted" and segment.open_findings > 0 and not anyway:
        ask_to_accept(segment_id)
        return
    cancel_accept(segment_id)
    if segment.status != status:
        who = acting_account(reviewer, f"{label}: ")
        if who is None:
            return
        result = guarded(lambda: store.set_status(segment_id, status, actor=who,
                                                  expected_version=segment.version), prefix=f"{label}: ")
        if result is None:
            return
        reload_editor(store, segment_id)
    else:
        flash("success", f"{label}: confirmed ({STATUS_LABELS[status]})")
    move_to(next_id, next_index)


def seen_version(segment: SegmentRow) -> int:
    """The version of the segment this session last saw: the one the page showed, or the newer one its own save
    of the editor made since. A click that takes the focus out of the editor runs after the editor's save, as
    a callback of the page drawn before it: the version that page showed is already one behind, by the
    reviewer's own save, not by anyone else's."""
    base = st.session_state.get(_base_key(segment.id))
    return max(segment.version, base) if isinstance(base, int) else segment.version


def segment_label(segment: SegmentRow) -> str:
    """How messages name a segment: its number in the document."""
    return f"Segment {segment.position + 1}"


def act(store: Store, segment: SegmentRow, reviewer: User | None, action: Callable[[User, int], object]) -> None:
    """Callback of an action button drawn for ``segment``: save pending text, run
    ``action(account, expected_version)``, reload the editor.

    A click on a button drawn for a segment the session no longer shows (the page moved on while
    the click was under way) changes nothing: the reviewer did not mean that segment any more.
    """
    prefix = f"{segment_label(segment)}: "
    expected = save_before_acting(store, segment, reviewer, prefix)
    if expected is None:
        return
    who = acting_account(reviewer, prefix)
    if who is None:
        return
    if guarded(lambda: action(who, expected), prefix=prefix) is not None:
        reload_editor(store, segment.id)


def save_before_acting(store: Store, segment: SegmentRow, reviewer: User | None, prefix: str) -> int | None:
    """What every action on ``segment`` does first: save its typed text (it belongs to this segment in any case),
    then check the session still shows the segment. The version the action must expect (the one the save made, or
    the one last seen); None when it must not run: the save was refused (its message queued, the text kept in the
    editor) or the page had moved on to another segment (said under ``prefix``)."""
    saved = flush_editor(store, segment.id, reviewer)
    if saved is False:
        return None
    if not is_current(segment.id):
        flash("warning", f"{prefix}nothing changed — the page had moved on to another segment; click again")
        return None
    return saved.version if isinstance(saved, ActionResult) else seen_version(segment)


def restore_draft(store: Store, segment_id: int, reviewer: User | None, draft: Draft) -> None:
    """Callback of "Restore my text": put a leftover draft back in the editor and save it. The save is
    checked against the version the draft was typed on, unless the saved text is still the one the
    typing started from (then nobody's text is overwritten)."""
    state = st.session_state
    current = store.segment_detail(segment_id).segment
    base = current.version if current.corrected == draft["saved"] else draft["base"]
    state[editor_key(segment_id)], state[_base_key(segment_id)] = draft["text"], base
    state[_base_text_key(segment_id)] = draft["saved"]
    forget_draft(segment_id, draft)
    if isinstance(flush_editor(store, segment_id, reviewer), ActionResult):
        flash("success", f"{segment_label(current)}: restored and saved your text")


def discard_edit(store: Store, segment_id: int) -> None:
    """Callback of "Take theirs": drop the refused text and show the saved one."""
    reload_editor(store, segment_id)
    label = segment_label(store.segment_detail(segment_id).segment)
    flash("info", f"{label}: took the saved text; yours was dropped")


def keep_mine(store: Store, segment_id: int, reviewer: User | None) -> None:
    """Callback of "Keep mine": save the refused text over the one saved meanwhile. The reviewer has seen
    both, so the save is checked against the version shown now; their text stays in the history (undo)."""
    current = store.segment_detail(segment_id).segment
    st.session_state[_base_key(segment_id)] = current.version
    st.session_state[_base_text_key(segment_id)] = current.corrected
    st.session_state.pop(conflict_key(segment_id), None)
    result = flush_editor(store, segment_id, reviewer)
    if isinstance(result, ActionResult):
        by = f" (over {current.updated_by}'s)" if current.updated_by else ""
        flash("success", f"{segment_label(current)}: kept and saved your text{by}")
