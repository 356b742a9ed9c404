"""Text boxes whose text the server sets and keeps: the corrected-text editor, the comment box, the phrases offered
for the other occurrences of an edit.

Streamlit's browser loads the code of a kind of box the first time a page draws one. Should the page run again
before that code arrives (a starved machine; a leftover draft's offer asks for a run at once), the box is drawn from
the later run, which no longer carries the text the server set: it shows its default and reports it at the next
run. With the default "" that report reads as the reviewer's emptied box, and an empty text was once saved over a
segment that way. Drawn here with the default None, such a box reports None, which no reviewer can type (an emptied
box reports ""): the server puts back the text it drew (:func:`recover`), and the leave guard's script asks for a
run when the editor shows nothing where text was drawn, so the text is back on screen at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def _drawn_key(key: str) -> str:
    return f"drawn-{key}"


def recover(key: str) -> None:
    """Put back the text last drawn in box ``key`` when the browser reported None for it. Only before the box is
    drawn in this run (in a callback or at the page's start): Streamlit refuses a widget's value set after it."""
    state = st.session_state
    if key in state and state[key] is None:
        state[key] = state.get(_drawn_key(key), "")


def held(key: str) -> str | None:
    """The text box ``key`` holds: what the reviewer typed or the server set, the text drawn when the browser
    lost it; None when the box has no state."""
    state = st.session_state
    if key not in state:
        return None
    value = state[key]
    return state.get(_drawn_key(key), "") if value is None else str(value)


# Boxes of a segment whose typed text outlives them: Streamlit drops a box's state in the first run that does not
# draw it (the reviewer left the segment), so :func:`keep_typed` copies it before every page, and the box, drawn
# again empty, gets it back. Each key is the prefix and the segment's id.
KEPT_BOXES = ("comment-", "ann-comment-")


def _kept_key(key: str) -> str:
    return f"kept-{key}"


def keep_typed() -> None:
    """Copy the text of every box of :data:`KEPT_BOXES` to a key that outlives the box (before every page, so
    leaving the segment any way and coming back finds it still typed); an emptied box (sent or cleared) forgets it."""
    state = st.session_state
    for key in [k for k in state if isinstance(k, str) and k.startswith(KEPT_BOXES)]:
        if not key.rpartition("-")[2].isdigit():
            continue
        text = held(key)
        if text:
            state[_kept_key(key)] = text
        else:
            state.pop(_kept_key(key), None)


def typed(key: str) -> str:
    """The text box ``key`` shows when drawn now: its own, or the text kept for it."""
    return held(key) or st.session_state.get(_kept_key(key)) or ""


def text_box(label: str, key: str, *, draw: Callable[..., object] = st.text_area, **options: Any) -> str:
    """Draw a text box (``draw``: ``st.text_area`` or a container's ``text_input``) holding ``st.session_state[key]``
    ("" when unset; the text kept for a box of :data:`KEPT_BOXES` drawn empty); returns the text drawn."""
    state = st.session_state
    recover(key)
    kept = state.pop(_kept_key(key), None)
    if kept and not state.get(key):  # typed here before the reviewer left the segment
        state[key] = kept
    drawn = str(state.setdefault(key, ""))
    state[_drawn_key(key)] = drawn
    draw(label, key=key, value=None, **options)
    return drawn
