"""Review: the aligned segments of a document, filtered and sorted in SQL and paged, and the
review panel of the current segment."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
import streamlit as st

from review_app.app.components.context import page_start, read_only_note, signed_in
from review_app.app.components.safe import md
from review_app.app.components.segment_panel import segment_panel
from review_app.store import SORTS, SegmentFilter, SegmentPage
from review_app.vocab import SEVERITIES, STATUS_LABELS, STATUSES

PAGE_SIZE = 15  # rows per list page: all visible at once, so the current segment always shows


def _reset_index() -> None:
    st.session_state["seg_index"] = 0


def _filters(check_ids: list[str]) -> tuple[SegmentFilter, str]:
    with st.sidebar.expander("Filter and sort", expanded=True):
        sort = st.selectbox("Sort", list(SORTS), format_func=SORTS.get, key="f_sort", on_change=_reset_index)
        text = st.text_input("Search text", key="f_text", on_change=_reset_index,
                             help="In the MT, reference, source and corrected text (case-insensitive).")
        checks = st.multiselect("Check", check_ids, key="f_checks", on_change=_reset_index)
        severities = st.multiselect("Severity", tuple(reversed(SEVERITIES)), key="f_severities", on_change=_reset_index)
        open_only = st.toggle("Only open findings", key="f_open", on_change=_reset_index)
        statuses = st.multiselect("Status", STATUSES, format_func=STATUS_LABELS.get, key="f_statuses",
                                  on_change=_reset_index)
        low, high = st.slider("MT chrF", 0.0, 100.0, (0.0, 100.0), step=1.0, key="f_chrf", on_change=_reset_index)
    full_range = low <= 0.0 and high >= 100.0
    return SegmentFilter(
        checks=tuple(checks), severities=tuple(severities), open_only=open_only, statuses=tuple(statuses),
        chrf_min=None if full_range else low, chrf_max=None if full_range else high, text=text,
    ), sort


def _picked(key: str, offset: int) -> None:
    """Callback of the list: the clicked row becomes the current segment."""
    rows = st.session_state[key].selection.rows
    if rows:
        st.session_state["seg_index"] = offset + rows[0]


def _segment_list(page: SegmentPage, index: int) -> None:
    """The current page of the list, the current segment selected; clicking a row opens it."""
    frame = pd.DataFrame([
        {"#": r.position + 1, "status": STATUS_LABELS.get(r.status, r.status), "open": r.open_findings,
         "chrF": r.scores.get("chrf"), "MT": r.mt[:90] + ("…" if len(r.mt) > 90 else "")}
        for r in page.rows
    ])
    selected = index - page.offset
    key = f"list-{page.offset}-{index}"  # a new widget per current segment, so its selection follows Next/Previous
    st.dataframe(
        frame, hide_index=True, width="stretch", height=38 + 35 * len(frame), key=key,
        on_select=partial(_picked, key, page.offset), selection_mode="single-row",
        column_config={"chrF": st.column_config.NumberColumn(format="%.1f", help="sentence chrF of the MT"),
                       "open": st.column_config.NumberColumn(help="open QA findings"),
                       "status": st.column_config.TextColumn(width="small")},
        selection_default={"selection": {"rows": [selected]}} if 0 <= selected < len(frame) else None,
    )


def _go_to(key: str) -> None:
    """Callback of the "go to" box (1-based list position)."""
    st.session_state["seg_index"] = int(st.session_state[key]) - 1


def _go_to_page(key: str) -> None:
    """Callback of the pager: the first segment of the chosen page."""
    st.session_state["seg_index"] = (int(st.session_state[key]) - 1) * PAGE_SIZE


def main() -> None:
    """Draw the page."""
    started = page_start("Review")
    if started is None:
        return
    store, reviewer, project, document = started
    filters, sort = _filters(store.check_ids([document.id]))
    total = store.segment_page(document.id, filters, sort, 0, 0).total
    index = min(max(int(st.session_state.get("seg_index", 0)), 0), max(total - 1, 0))
    if not reviewer:
        st.warning(read_only_note(signed_in()))
    list_col, panel_col = st.columns([5, 8], gap="medium")
    with list_col:
        st.caption(f"{total} of {document.segments} segments match · {md(project.name)} / {md(document.name)}")
        pages = max(math.ceil(total / PAGE_SIZE), 1)
        page_number = index // PAGE_SIZE + 1
        if pages > 1:
            pager = f"pager-{page_number}"
            st.pagination(pages, default=page_number, key=pager, on_change=_go_to_page, args=(pager,))
        page = store.segment_page(document.id, filters, sort, (page_number - 1) * PAGE_SIZE, PAGE_SIZE)
        if page.rows:
            _segment_list(page, index)
        goto = f"goto-{index}"
        st.number_input("Go to list item", 1, max(total, 1), index + 1, key=goto, on_change=_go_to, args=(goto,))
    with panel_col:
        ref_label = "post-edit" if document.ref_kind == "post-edit" else "reference"
        segment_panel(store, document.id, filters, sort, reviewer, (project.src_lang, project.tgt_lang), ref_label)


main()
