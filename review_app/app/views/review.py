"""Review: the aligned segments of a document, filtered and sorted in SQL and paged, and the
review panel of the current segment (held by id: see :mod:`review_app.app.components.cursor`)."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.context import page_start, read_only_note, signed_in
from review_app.app.components.cursor import Cursor, locate, move_to, reset
from review_app.app.components.presence import presence_bar
from review_app.app.components.safe import md
from review_app.app.components.segment_list import segment_list
from review_app.app.components.segment_panel import segment_panel
from review_app.app.components.urlstate import FILTERS
from review_app.store import DELETED_CHOICES, SORTS, SegmentFilter, SegmentPage, Store, StoreError
from review_app.vocab import SEVERITIES, STATUS_LABELS, STATUSES

PAGE_SIZE = 15  # rows per list page: all visible at once, so the current segment always shows
DELETED_LABELS = {"all": "shown", "hide": "hidden", "only": "only these"}


def _filters(check_ids: list[str]) -> tuple[SegmentFilter, str]:
    if "f_checks" in st.session_state:  # kept from another document or a link: only this document's checks
        st.session_state["f_checks"] = [c for c in st.session_state["f_checks"] if c in check_ids]
    keep: dict[str, Any] = {"on_change": reset, "persist_state": "session"}  # kept across pages, reset the cursor
    for key in ("f_deleted", "f_chrf"):  # defaults set once here, not as widget arguments the URL's value would fight
        st.session_state.setdefault(key, FILTERS[key][1])
    with st.sidebar.expander("Filter and sort", expanded=True):
        sort = st.selectbox("Sort", list(SORTS), format_func=SORTS.__getitem__, key="f_sort", **keep)
        text = st.text_input("Search text", key="f_text", **keep,
                             help="In the MT, reference, source and corrected text (case-insensitive).")
        checks = st.multiselect("Check", check_ids, key="f_checks", **keep)
        severities = st.multiselect("Severity", tuple(reversed(SEVERITIES)), key="f_severities", **keep)
        open_only = st.toggle("Only open findings", key="f_open", **keep)
        uncertain = st.toggle("Only uncertain links", key="f_uncertain", **keep,
                              help="Segments whose alignment link is still uncertain (an open \"alignment "
                                   "uncertain\" finding): confirm the link or correct it.")
        statuses = st.multiselect("Status", STATUSES, format_func=STATUS_LABELS.__getitem__, key="f_statuses", **keep)
        deleted = st.segmented_control(
            "Deleted segments", list(DELETED_CHOICES), format_func=DELETED_LABELS.__getitem__, key="f_deleted",
            required=True, **keep, help="Segments deleted in the correction (page chrome, credits): struck out "
            "in the list; hide them, or list only them.")
        low, high = st.slider("MT chrF", 0.0, 100.0, step=1.0, key="f_chrf", **keep)
    full_range = low <= 0.0 and high >= 100.0
    return SegmentFilter(
        checks=tuple(c for c in checks if c in check_ids), severities=tuple(severities), open_only=open_only,
        statuses=tuple(statuses), chrf_min=None if full_range else low, chrf_max=None if full_range else high,
        text=text, deleted=DELETED_CHOICES.get(deleted or "all"), uncertain=uncertain,
    ), sort


def _segment_list(page: SegmentPage, current: int | None, lang: str) -> None:
    """The current page of the list, the current segment highlighted; a row's number opens it."""
    segment_list(page.rows, current, page.offset, lang, move_to)


def _go_to(key: str, cursor: Cursor) -> None:
    """Callback of the "go to" box (1-based list position)."""
    index = int(st.session_state[key]) - 1
    move_to(cursor.ids[index] if 0 <= index < cursor.total else None, index)


def _go_to_page(key: str, cursor: Cursor) -> None:
    """Callback of the pager: the first segment of the chosen page."""
    index = (int(st.session_state[key]) - 1) * PAGE_SIZE
    move_to(cursor.ids[index] if 0 <= index < cursor.total else None, index)


def _document_of(store: Store, segment_id: object) -> int | None:
    if not isinstance(segment_id, int):
        return None
    try:
        return store.segment_detail(segment_id).segment.document_id
    except StoreError:
        return None


def main() -> None:
    """Draw the page."""
    started = page_start("Review")
    if started is None:
        return
    store, reviewer, project, document = started
    filters, sort = _filters(store.check_ids([document.id]))
    ids = store.segment_ids(document.id, filters, sort)
    cursor = locate(ids, _document_of(store, viewstate.segment_id()) == document.id)
    if cursor.segment_id is not None:  # for the URL
        viewstate.shown_at(store.segment_detail(cursor.segment_id).segment.position + 1)
    if not reviewer:
        st.warning(read_only_note(signed_in()))
    list_col, panel_col = st.columns([2, 3], gap="small")  # the panel gets the room: editor in view at 1280×720
    with list_col:
        st.caption(f"{cursor.total} of {document.segments} segments match · {md(project.name)} / {md(document.name)}")
        pages = max(math.ceil(cursor.total / PAGE_SIZE), 1)
        page_number = cursor.place // PAGE_SIZE + 1
        if pages > 1:
            pager = f"pager-{page_number}"
            st.pagination(pages, default=page_number, key=pager, on_change=_go_to_page, args=(pager, cursor))
        page = store.segment_page(document.id, filters, sort, (page_number - 1) * PAGE_SIZE, PAGE_SIZE)
        if page.rows:
            _segment_list(page, cursor.segment_id, project.tgt_lang)
        goto = f"goto-{cursor.place + 1}"
        st.number_input("Go to list item", 1, max(cursor.total, 1), cursor.place + 1, key=goto, on_change=_go_to,
                        args=(goto, cursor))
    with panel_col:
        presence_bar(store, signed_in(), document.id, cursor.segment_id)
        ref_label = "post-edit" if document.ref_kind == "post-edit" else "reference"
        segment_panel(store, cursor, reviewer, (project.src_lang, project.tgt_lang), ref_label)


main()
