"""Widget callbacks that change a segment, and the corrected-text editor's state.

Every action first saves text typed in the editor but not yet saved (so a click on another
button never loses it), then runs the store action with the version the page showed, then
reloads the editor from the database. The editor remembers the text and version it was loaded
with: untouched, it follows changes other sessions save; edited, its save is checked against
that version, and a refused save (another session saved first) keeps the reviewer's text.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from review_app.app.components.context import flash, guarded
from review_app.app.components.cursor import is_current, move_to
from review_app.store import ActionResult, ConflictError, SegmentRow, Store, StoreError


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


def init_editor(segment_id: int, corrected: str, version: int) -> None:
    """Load the editor with the saved text, unless it holds the reviewer's own unsaved text."""
    state = st.session_state
    key = editor_key(segment_id)
    untouched = key in state and state[key] == state.get(_base_text_key(segment_id))
    if key not in state or (untouched and state.get(_base_key(segment_id)) != version):
        _load(segment_id, corrected, version)


def reload_editor(store: Store, segment_id: int) -> None:
    """Put the saved text and version into the editor (after an action, or to discard a refused edit)."""
    segment = store.segment_detail(segment_id).segment
    _load(segment_id, segment.corrected, segment.version)
    st.session_state.pop(conflict_key(segment_id), None)


def flush_editor(store: Store, segment_id: int, reviewer: str | None) -> ActionResult | bool | None:
    """Save the editor's text if it differs from the saved one.

    Returns the save's result, None when there was nothing to save, False when the save was
    refused (the message is queued and the text stays in the editor).
    """
    key = editor_key(segment_id)
    if key not in st.session_state:
        return None
    text = st.session_state[key]
    base = st.session_state.get(_base_key(segment_id))
    if text == st.session_state.get(_base_text_key(segment_id)) and not st.session_state.get(conflict_key(segment_id)):
        return None  # nothing typed since the editor was loaded
    saved = store.segment_detail(segment_id).segment
    label = segment_label(saved)
    if text == saved.corrected:  # typed what is saved already: nothing to write, nothing to conflict with
        _load(segment_id, saved.corrected, saved.version)
        return None
    try:
        result = store.edit_corrected(segment_id, text, actor=reviewer or "", expected_version=base)
    except ConflictError as exc:
        st.session_state[conflict_key(segment_id)] = True
        flash("error", f"{label}: not saved: {exc}")
        return False
    except StoreError as exc:
        flash("error", f"{label}: {exc}")
        return False
    st.session_state[_base_key(segment_id)] = result.version
    st.session_state[_base_text_key(segment_id)] = text
    st.session_state.pop(conflict_key(segment_id), None)
    return result


def save_editor(store: Store, segment_id: int, reviewer: str | None, *, button: bool = False) -> None:
    """Callback of the editor (when it loses focus) and of the Save button."""
    result = flush_editor(store, segment_id, reviewer)
    label = segment_label(store.segment_detail(segment_id).segment)
    if isinstance(result, ActionResult):
        flash("success", f"{label}: saved the corrected text")
    elif result is None and button and not any("saved the" in m for _k, m in st.session_state.get("flash", [])):
        # Leaving the box for the button already saved it (in this rerun, or in one of its own).
        flash("success", f"{label}: saved the corrected text (no change since the last save)")


def save_and_next(store: Store, segment_id: int, reviewer: str | None, next_id: int | None, next_index: int) -> None:
    """Callback of "Save & next" (Ctrl+Enter): save the text; move on only when it was saved."""
    before = len(st.session_state.get("flash", []))
    save_editor(store, segment_id, reviewer, button=True)
    if any(kind == "error" for kind, _m in st.session_state.get("flash", [])[before:]):
        return  # refused: the reviewer's text stays on screen with the message
    move_to(next_id, next_index)


def segment_label(segment: SegmentRow) -> str:
    """How messages name a segment: its number in the document."""
    return f"Segment {segment.position + 1}"


def act(store: Store, segment: SegmentRow, reviewer: str | None, action: Callable[[int], object]) -> None:
    """Callback of an action button drawn for ``segment``: save pending text, run ``action(expected_version)``,
    reload the editor.

    A click on a button drawn for a segment the session no longer shows (the page moved on while
    the click was under way) changes nothing: the reviewer did not mean that segment any more.
    """
    label = segment_label(segment)
    saved = flush_editor(store, segment.id, reviewer)  # the typed text belongs to this segment in any case
    if saved is False:
        return
    if not is_current(segment.id):
        flash("warning", f"{label}: nothing changed — the page had moved on to another segment; click again")
        return
    expected = saved.version if isinstance(saved, ActionResult) else segment.version
    if guarded(lambda: action(expected), prefix=f"{label}: ") is not None:
        reload_editor(store, segment.id)


def discard_edit(store: Store, segment_id: int) -> None:
    """Callback: drop the refused text and show the saved one."""
    reload_editor(store, segment_id)
    flash("info", "Loaded the saved text; your refused edit was discarded")
