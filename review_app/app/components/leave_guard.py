"""The editor's guard: nothing a reviewer types is lost, whatever way they leave a segment.

Two halves. In the browser (``js/leave_guard.js``): a shortcut pressed inside the editor first
takes the focus out of it, so Streamlit sends the typed text before the shortcut's button runs
(the text is then saved like any save: see :func:`review_app.app.components.actions.flush_editor`);
and every keystroke is kept as a draft in the browser's localStorage until the store holds that
text. A reload, a closed tab, an expired session or a crashed browser leaves the draft behind;
the next time the segment is shown the draft is offered back (:func:`draft_offer`) with the
choice to restore it (saved at once, checked against the version it was typed on) or discard it.
The browser loads the guard's script after drawing the page; until it is installed the editor takes no
click (:data:`EDITOR_GATE_CSS`), so no key is typed that the guard cannot keep. An editor drawn empty
where the page drew text (its code arrived after the page ran again: see
:mod:`review_app.app.components.held_text`) gets one more run, which puts the text back on screen.

Why a local draft rather than a save per keystroke: Streamlit only learns a text area's value when
it loses focus, and a rerun per keystroke would fight the reviewer's typing. Matecat behaves the
same way: moving to another segment saves it, and an unsaved target survives a reload.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypedDict

import streamlit as st

from review_app.app.components.held_text import browser_copies, take_back

_JS = (Path(__file__).resolve().parent / "js" / "leave_guard.js").read_text(encoding="utf-8")
_GUARD = st.components.v2.component("review_app.leave_guard", js=_JS)
KEY = "leave-guard"  # one guard per page, whichever segment is shown
# The browser loads the guard's script after it has drawn the page (milliseconds; seconds on a starved
# machine): until the script marks the page guarded, the editor takes no click, so no key is typed that a
# reload in that moment would lose. Drawn with the page's first style, before any editor. Should the script
# never arrive, the editor takes clicks after GATE_SECONDS all the same (unguarded beats unusable).
GUARDED_CLASS = "review-app-guarded"
GATE_SECONDS = 10
EDITOR_GATE_CSS = (
    "@keyframes review-app-ungate{to{pointer-events:auto}}"
    f"html:not(.{GUARDED_CLASS}) [class*='st-key-editor-'] textarea"
    f"{{pointer-events:none;animation:review-app-ungate 0s {GATE_SECONDS}s forwards}}"
)


class Draft(TypedDict):
    """A draft the browser kept: the text, the version and saved text it was typed on, when."""

    text: str
    base: int
    saved: str
    at: str


def _offer_key(segment_id: int) -> str:
    return f"draft-offer-{segment_id}"


def _discard_key(segment_id: int) -> str:
    return f"draft-discarded-{segment_id}"


def _settled_key(segment_id: int) -> str:
    return f"draft-settled-{segment_id}"


def settled(segment_id: int, text: str) -> None:
    """Tell the browser the store holds ``text`` for the segment (this session saved it): its draft of that text
    is dropped even when no page shows it saved, as when an action saved the typed text and changed the segment
    again in the same run (a merge with its neighbour)."""
    st.session_state[_settled_key(segment_id)] = text


def scope(db_url: str, user_name: str) -> str:
    """The drafts' namespace in the browser: one per database and account (a hash: no URL or password
    is written to the browser's storage)."""
    return hashlib.sha256(f"{db_url}\0{user_name}".encode()).hexdigest()[:16]


def _reported(segment_id: int) -> None:
    """Callback: the browser found a leftover draft of this segment."""
    result: Any = st.session_state.get(KEY)
    draft = result.get("draft") if result is not None else None
    if isinstance(draft, dict) and isinstance(draft.get("text"), str) and isinstance(draft.get("base"), int):
        st.session_state[_offer_key(segment_id)] = Draft(text=draft["text"], base=draft["base"],
                                                         saved=str(draft.get("saved", "")), at=str(draft.get("at", "")))


def _boxes_reported() -> None:
    """Callback: the browser kept the text typed in comment boxes that never reached the store."""
    result: Any = st.session_state.get(KEY)
    boxes = result.get("boxes") if result is not None else None
    for box in boxes if isinstance(boxes, list) else []:
        if isinstance(box, dict) and isinstance(box.get("key"), str) and isinstance(box.get("text"), str):
            take_back(box["key"], box["text"])


def _redraw() -> None:
    """Callback: the editor shows nothing where the page drew text (its code arrived late, see held_text): this run
    puts the text back."""


def leave_guard(segment_id: int, saved: str, version: int, shown: str, draft_scope: str, *, readonly: bool) -> None:
    """Mount the guard for the segment shown (after its editor, which shows ``shown``)."""
    offered = st.session_state.get(_offer_key(segment_id))
    _GUARD(
        key=KEY,
        data={"segment": segment_id, "saved": saved, "version": version, "shown": shown, "scope": draft_scope,
              "readonly": readonly, "offered": offered["at"] if offered else None,
              "discard": st.session_state.get(_discard_key(segment_id)),
              "settled": st.session_state.get(_settled_key(segment_id)), **browser_copies(segment_id)},
        on_draft_change=partial(_reported, segment_id),
        on_boxes_change=_boxes_reported,
        on_redraw_change=_redraw,
        height=0,
    )


def draft_offer(segment_id: int, saved: str) -> Draft | None:
    """The leftover draft to offer for this segment (None when there is none or it holds the saved text)."""
    draft: Draft | None = st.session_state.get(_offer_key(segment_id))
    if draft is None or draft["text"] == saved:
        st.session_state.pop(_offer_key(segment_id), None)
        return None
    return draft


def forget_draft(segment_id: int, draft: Draft) -> None:
    """Drop the offer; the browser deletes its copy on the next render."""
    st.session_state.pop(_offer_key(segment_id), None)
    st.session_state[_discard_key(segment_id)] = draft["at"]


def typed_at(draft: Draft) -> str:
    """When the draft was last typed, for the offer (UTC)."""
    try:
        return datetime.fromisoformat(draft["at"].replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return "an earlier visit"
