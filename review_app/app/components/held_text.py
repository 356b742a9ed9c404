"""Text boxes whose text the server sets and keeps: the corrected-text editor, the comment box, the phrases offered
for the other occurrences of an edit.

Streamlit's browser loads the code of a kind of box the first time a page draws one. Should the page run again
before that code arrives (a starved machine; a leftover draft's offer asks for a run at once), the box is drawn from
the later run, which no longer carries the text the server set: it shows its default and reports it at the next
run. With the default "" that report reads as the reviewer's emptied box, and an empty text was once saved over a
segment that way. Drawn here with the default None, such a box reports None, which no reviewer can type (an emptied
box reports ""): the server puts back the text it drew (:func:`recover`) at the next run, and the leave guard's
script asks for one when the editor still shows nothing where text was drawn once the page is quiet.

A comment typed but not added yet outlives its box twice over: in the session when the reviewer leaves the
segment or the page (:func:`keep_typed`; the annotation form's words, category and severity too:
:data:`KEPT_CHOICES`), and in the browser across a reload, a closed tab or an expired session (the leave guard's
script keeps a copy until the store has it: :func:`browser_copies`, :func:`take_back`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from review_app.vocab import MQM_CATEGORIES


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


# Boxes of a segment whose typed text outlives them, each in a keyed expander (box prefix -> expander prefix; each
# key is the prefix and the segment's id). Streamlit drops a box's state in the first run that does not draw it (the
# reviewer left the segment), so :func:`keep_typed` copies it before every page, and :func:`restore_typed` gives it
# back, with its expander open, before the segment is drawn again.
KEPT_BOXES = {"comment-": "comments-", "ann-comment-": "ann-form-"}


# The annotation form's other widgets, kept with its comment (key prefix -> the value nothing was chosen with). The
# words are positions in the MT, which a realignment may change: they are kept with the MT they were chosen in
# (``ann-mt-<id>``, set by the form) and given back only to that MT.
KEPT_CHOICES: dict[str, object] = {"ann-words-": [], "ann-cat-": MQM_CATEGORIES[0], "ann-sev-": "minor"}
CHOICES_EXPANDER = KEPT_BOXES["ann-comment-"]  # the form's expander, as its comment's
WORDS_PREFIX, WORDS_MT_PREFIX = "ann-words-", "ann-mt-"


def _kept_key(key: str) -> str:
    return f"kept-{key}"


def _of_segment(key: object, prefixes: dict[str, Any]) -> bool:
    """``key`` is one of ``prefixes`` followed by a segment's id."""
    if not isinstance(key, str):
        return False
    prefix, _, tail = key.rpartition("-")
    return f"{prefix}-" in prefixes and tail.isdigit()


def reset_choices(segment_id: int) -> None:
    """The annotation form's choices back to nothing chosen (the form starts afresh). In a callback."""
    for prefix, nothing in KEPT_CHOICES.items():
        st.session_state[f"{prefix}{segment_id}"] = list(nothing) if isinstance(nothing, list) else nothing


def _keep_choice(key: str) -> None:
    """Copy a choice of the annotation form that differs from nothing chosen; forget one that does not."""
    state = st.session_state
    prefix, _, tail = key.rpartition("-")
    value = state[key]
    if value is None or value == KEPT_CHOICES[f"{prefix}-"]:
        state.pop(_kept_key(key), None)
    elif key.startswith(WORDS_PREFIX):
        state[_kept_key(key)] = (state.get(f"{WORDS_MT_PREFIX}{tail}"), list(value))
    else:
        state[_kept_key(key)] = value


def kept_boxes(segment_id: int) -> list[str]:
    """The keys of the segment's boxes whose typed text outlives them."""
    return [f"{prefix}{segment_id}" for prefix in KEPT_BOXES]


def expander_key(key: str) -> str:
    """The key of the expander holding kept box ``key``."""
    prefix, _, tail = key.rpartition("-")
    return f"{KEPT_BOXES[f'{prefix}-']}{tail}"


def keep_typed() -> None:
    """Copy the text of every box of :data:`KEPT_BOXES`, and every choice of :data:`KEPT_CHOICES`, to a key that
    outlives the widget (before every page, so leaving the segment any way and coming back finds it still typed); an
    emptied box (sent or cleared) or a choice back to nothing chosen forgets it."""
    state = st.session_state
    for key in [k for k in state if _of_segment(k, KEPT_CHOICES)]:
        _keep_choice(key)
    for key in [k for k in state if _of_segment(k, KEPT_BOXES)]:
        text = held(key)
        if text:
            state[_kept_key(key)] = text
        else:
            state.pop(_kept_key(key), None)


def _give(key: str, text: str) -> None:
    """Put ``text`` in kept box ``key`` and open its expander (before either is drawn)."""
    st.session_state[key] = text
    st.session_state[expander_key(key)] = True


def restore_typed(segment_id: int, mt: str) -> None:
    """Before the segment (its MT ``mt``) is drawn: its kept boxes get back the text typed when the reviewer left it,
    its annotation form the choices made in it."""
    state = st.session_state
    # The copies stay while their widgets are drawn: should a page switch drop the widgets' state before the next
    # page's run starts (it did for the Glossary page's fields), the copy of an earlier run is what comes back.
    for key in kept_boxes(segment_id):
        recover(key)
        kept = state.get(_kept_key(key))
        if kept and not state.get(key):
            _give(key, kept)
    for prefix in KEPT_CHOICES:
        key = f"{prefix}{segment_id}"
        kept = state.get(_kept_key(key))
        if kept is None or key in state:
            continue  # nothing kept, or the widget still holds its own
        if prefix == WORDS_PREFIX:
            chosen_in, kept = kept
            if chosen_in != mt:
                continue  # the MT changed: the positions would pick other words
        state[key] = kept
        state[f"{CHOICES_EXPANDER}{segment_id}"] = True


def _sent_key(key: str) -> str:
    return f"sent-{key}"


def sent(key: str, text: str) -> None:
    """The text of box ``key`` reached the store (the comment was added): the browser drops its copy of it."""
    st.session_state[_sent_key(key)] = text


def browser_copies(segment_id: int) -> dict[str, dict[str, str]]:
    """For the leave guard's script, which keeps a copy of what is typed in the segment's kept boxes until the
    store has it: what each box shows now (a copy is given back only to an empty box) and what each one sent."""
    state = st.session_state
    boxes = kept_boxes(segment_id)
    return {"boxes": {key: typed(key) for key in boxes},
            "sent": {key: state[_sent_key(key)] for key in boxes if _sent_key(key) in state}}


def take_back(key: str, text: str) -> None:
    """Callback: give a kept box the text the browser kept for it (typed before a reload, a closed tab or an
    expired session), unless the box holds some."""
    if _of_segment(key, KEPT_BOXES) and not typed(key):
        _give(key, text)


def typed(key: str) -> str:
    """The text box ``key`` shows when drawn now: its own, or the text kept for it."""
    return held(key) or st.session_state.get(_kept_key(key)) or ""


def text_box(label: str, key: str, *, draw: Callable[..., object] = st.text_area, **options: Any) -> str:
    """Draw a text box (``draw``: ``st.text_area`` or a container's ``text_input``) holding ``st.session_state[key]``
    ("" when unset); returns the text drawn."""
    state = st.session_state
    recover(key)
    drawn = str(state.setdefault(key, ""))
    state[_drawn_key(key)] = drawn
    draw(label, key=key, value=None, **options)
    return drawn
