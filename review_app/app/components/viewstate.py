"""The session's view: the chosen project, document and segment, their session keys and URL names.

One place owns the keys and the rule that keeps them consistent: another project forgets the
document and the segment, another document forgets the segment (they are chosen afresh, at the
top of the list). The pickers (``choose_project``/``choose_document`` in
:mod:`review_app.app.components.context`), the URL (:mod:`review_app.app.components.urlstate`),
the cursor (:mod:`review_app.app.components.cursor`) and every page that opens a view go through it.
"""

from __future__ import annotations

import streamlit as st

PROJECT = "project_id"  # session key: id of the chosen project
PROJECT_PICKER = "project_select"  # the sidebar's project selectbox (its widget state)
DOCUMENT = "document_id"  # session key: id of the chosen document
DOCUMENT_PICKER = "document_select"  # the sidebar's document selectbox
SEGMENT = "seg_id"  # session key: id of the segment shown in Review
SEGMENT_POSITION = "seg_pos"  # its number in the document (1-based), for the URL
ANCHOR = "seg_anchor"  # its index in the filtered list when the reviewer moved to it (see cursor)
# The view in the URL: its query parameters, and the session key each stands for (the Review filters are urlstate's).
URL_PROJECT, URL_DOCUMENT, URL_SEGMENT = "project", "doc", "seg"
URL_KEYS: tuple[tuple[str, str], ...] = (
    (URL_PROJECT, PROJECT), (URL_DOCUMENT, DOCUMENT), (URL_SEGMENT, SEGMENT_POSITION))


def _int(key: str) -> int | None:
    value = st.session_state.get(key)
    return value if isinstance(value, int) else None


def project_id() -> int | None:
    """The chosen project's id, if any."""
    return _int(PROJECT)


def document_id() -> int | None:
    """The chosen document's id, if any."""
    return _int(DOCUMENT)


def segment_id() -> int | None:
    """The id of the segment Review shows, if any."""
    return _int(SEGMENT)


def forget_segment() -> None:
    """No current segment: Review starts at the top of its list."""
    state = st.session_state
    state.pop(SEGMENT, None)
    state.pop(SEGMENT_POSITION, None)
    state[ANCHOR] = 0


def forget_document() -> None:
    """No chosen document (the picker chooses afresh), hence no segment either."""
    st.session_state.pop(DOCUMENT, None)
    st.session_state.pop(DOCUMENT_PICKER, None)
    forget_segment()


def forget_project() -> None:
    """Nothing chosen: no project, document or segment (the pickers choose afresh)."""
    st.session_state.pop(PROJECT, None)
    st.session_state.pop(PROJECT_PICKER, None)
    forget_document()


def open_project(project: int) -> None:
    """Show ``project`` (its picker too) from its start: its document and segment are chosen afresh."""
    st.session_state[PROJECT] = st.session_state[PROJECT_PICKER] = project
    forget_document()


def open_document(document: int, project: int | None = None) -> None:
    """Show ``document`` (of ``project``, when given; its picker too); another document than the chosen
    one forgets the segment."""
    state = st.session_state
    if state.get(DOCUMENT) != document:
        forget_segment()
    if project is not None:
        state[PROJECT] = state[PROJECT_PICKER] = project
    state[DOCUMENT] = state[DOCUMENT_PICKER] = document


def picked_project(project: int) -> None:
    """The project picker chose ``project``: another one than before forgets the document and segment."""
    current = project_id()
    st.session_state[PROJECT] = project
    if current is not None and current != project:
        forget_document()


def picked_document(document: int) -> None:
    """The document picker chose ``document``: another one than before starts at the top of its list."""
    current = document_id()
    st.session_state[DOCUMENT] = document
    if current is not None and current != document:
        forget_segment()


def shown_at(position: int) -> None:
    """Record the shown segment's 1-based number in its document (for the URL)."""
    st.session_state[SEGMENT_POSITION] = position


def open_segment(segment: int, position: int | None = None) -> None:
    """Show ``segment`` (``position``: its 1-based number, when known); its list place is found on the next run."""
    state = st.session_state
    state[SEGMENT] = segment
    if position is not None:
        state[SEGMENT_POSITION] = position
    state.pop(ANCHOR, None)
