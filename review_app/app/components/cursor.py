"""The current segment of the Review page, held by id (never by its place in a filtered list).

A segment stays current until the reviewer moves: an action that takes it out of the filtered
list (its last open finding fixed, its status changed) leaves it on screen with a note, and the
next move continues from the place in the list where the reviewer was (the *anchor*). Holding an
index instead would silently show another segment after such an action, and the reviewer's next
click would change that other segment.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from review_app.app.components import viewstate

CURRENT = viewstate.SEGMENT  # session key: id of the segment shown
ANCHOR = viewstate.ANCHOR  # session key: its index in the list when the reviewer moved to it


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the reviewer is: the shown segment, its index in the list (None: no longer in it), the list."""

    segment_id: int | None
    index: int | None
    anchor: int
    ids: list[int]

    @property
    def total(self) -> int:
        """Length of the filtered list."""
        return len(self.ids)

    @property
    def place(self) -> int:
        """The list index the reviewer works at (the anchor, clamped to the list)."""
        return min(max(self.anchor, 0), max(len(self.ids) - 1, 0))

    def _at(self, index: int) -> int | None:
        return self.ids[index] if 0 <= index < len(self.ids) else None

    @property
    def next_id(self) -> int | None:
        """The segment after the reviewer's place; when the current one moved or left the list, the
        segment that took its place is the next one."""
        if self.index is None or self.index > self.anchor:
            return self._at(self.anchor)
        return self._at(self.anchor + 1)

    @property
    def previous_id(self) -> int | None:
        """The segment before the reviewer's place."""
        if self.index is not None and self.index < self.anchor:
            return self._at(self.anchor)
        return self._at(self.anchor - 1)

    def next_among(self, wanted: set[int]) -> int | None:
        """The first listed segment in ``wanted`` after the reviewer's place, wrapping round to the top
        (never the current segment)."""
        start = self.anchor + (0 if self.index is None or self.index > self.anchor else 1)
        order = list(range(start, len(self.ids))) + list(range(0, min(start, len(self.ids))))
        return next((self.ids[i] for i in order if self.ids[i] in wanted and self.ids[i] != self.segment_id), None)

    def index_of(self, segment_id: int) -> int:
        """Index of a listed segment (the anchor for a segment outside the list)."""
        try:
            return self.ids.index(segment_id)
        except ValueError:
            return self.place


def locate(ids: list[int], is_valid: bool) -> Cursor:
    """The cursor over the list ``ids``; ``is_valid`` tells whether the remembered segment still exists
    in this document. Without a valid one, the segment at the anchor becomes current."""
    state = st.session_state
    current = state.get(CURRENT) if is_valid else None
    anchor = int(state.get(ANCHOR, 0) or 0)
    if current is None:
        anchor = min(max(anchor, 0), max(len(ids) - 1, 0))
        current = ids[anchor] if ids else None
    index = ids.index(current) if current in ids else None
    if index is not None and ANCHOR not in state:
        anchor = index  # opened from a link: the list place is where the segment is
    state[CURRENT], state[ANCHOR] = current, anchor
    return Cursor(current, index, anchor, ids)


def move_to(segment_id: int | None, index: int) -> None:
    """Callback: make ``segment_id`` (at list ``index``) the current segment."""
    if segment_id is not None:
        st.session_state[CURRENT] = segment_id
        st.session_state[ANCHOR] = index


def reset() -> None:
    """Callback of the filters and pickers: start at the top of the new list."""
    st.session_state.pop(CURRENT, None)
    st.session_state[ANCHOR] = 0


def is_current(segment_id: int) -> bool:
    """Whether ``segment_id`` is the segment the session shows now (a click on a button drawn for
    another segment comes from a page that has moved on since, and must not act)."""
    return st.session_state.get(CURRENT) == segment_id


def open_segment(segment_id: int) -> None:
    """Callback: show ``segment_id`` (from a link, the document view or the findings list); its list
    place is found on the next run."""
    viewstate.open_segment(segment_id)
