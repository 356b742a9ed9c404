"""The press guard: a click on a button acts exactly once, whatever rerun it overlaps.

A browser sends a click only when the mouse button goes down and up on the same element at the same
place. A rerun drawn while the button is held (the "saved" message a text box's own rerun puts above
the buttons, the message of an action clicked a moment before, a header that wraps) moves the pressed
button or replaces its element, and the click is lost: the server never hears of it. The browser half
(``js/press_guard.js``) keeps a text box's focus until the click, so its text and the click reach the
server in one rerun, and makes up, once, for a click a rerun took from under the pointer. Mounted on
every page (:mod:`review_app.app.main`); it draws nothing and never reruns the page itself.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_JS = (Path(__file__).resolve().parent / "js" / "press_guard.js").read_text(encoding="utf-8")
_GUARD = st.components.v2.component("review_app.press_guard", js=_JS)
KEY = "press-guard"


def press_guard() -> None:
    """Mount the guard in the sidebar, taking no room there (it draws nothing)."""
    with st.sidebar:
        st.html(f"<style>.st-key-{KEY}{{display:none}}</style>")
        _GUARD(key=KEY, height=0)
