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


def text_box(label: str, key: str, *, draw: Callable[..., object] = st.text_area, **options: Any) -> str:
    """Draw a text box (``draw``: ``st.text_area`` or a container's ``text_input``) holding ``st.session_state[key]``
    ("" when unset); returns the text drawn."""
    state = st.session_state
    recover(key)
    drawn = str(state.setdefault(key, ""))
    state[_drawn_key(key)] = drawn
    draw(label, key=key, value=None, **options)
    return drawn
