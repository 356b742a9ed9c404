"""The review panel of one segment: texts, diff, scores, findings, editor, status, MQM, history.

It is a fragment: its buttons rerun only the panel, not the page with its segment list.
Everything shown is read from the store on each run, so the panel never shows stale state.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from review_app.app.components.actions import (
    act,
    conflict_key,
    discard_edit,
    editor_key,
    init_editor,
    save_editor,
)
from review_app.app.components.context import md_escape, show_flash
from review_app.app.components.findings_panel import annotations_section, findings_section
from review_app.scoring.registry import METRICS
from review_app.store import SegmentDetail, SegmentFilter, SegmentRow, Store
from review_app.text.diff import diff_html, highlight_html
from review_app.vocab import STATUS_LABELS

TEXT_BOX = ("border:1px solid rgba(128,128,128,.35);border-radius:.4rem;padding:.5rem .7rem;"
            "min-height:3rem;white-space:pre-wrap;line-height:1.5;")
STATUS_BUTTONS: tuple[tuple[str, str], ...] = (
    ("accepted", "Accept as is"),
    ("corrected", "Corrected"),
    ("needs_work", "Needs work"),
    ("todo", "To review"),
)


def _box(body_html: str, lang: str | None = None) -> str:
    lang_attr = f' lang="{html.escape(lang, quote=True)}"' if lang else ""
    return f'<div class="segment-text"{lang_attr} style="{TEXT_BOX}">{body_html or "&nbsp;"}</div>'


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@st.fragment
def segment_panel(
    store: Store, document_id: int, filters: SegmentFilter, sort: str, reviewer: str | None,
    langs: tuple[str, str], ref_label: str,
) -> None:
    """The current segment of the filtered list (index in ``st.session_state.seg_index``)."""
    show_flash()
    total = store.segment_page(document_id, filters, sort, 0, 0).total
    if total == 0:
        st.info("No segment matches the filters.")
        return
    index = min(max(int(st.session_state.get("seg_index", 0)), 0), total - 1)
    st.session_state["seg_index"] = index
    row = store.segment_at(document_id, index, filters, sort)
    assert row is not None
    detail = store.segment_detail(row.id)
    segment = detail.segment
    _navigation(segment, index, total)
    _texts(detail, langs, ref_label)
    _scores(segment)
    findings_section(store, detail, reviewer)
    _editor(store, detail, reviewer)
    _status(store, segment, reviewer, detail.can_undo)
    annotations_section(store, detail, reviewer)
    _history(store, segment.id)


def _navigation(segment: SegmentRow, index: int, total: int) -> None:
    left, middle, right = st.columns([1.4, 4, 1.2], vertical_alignment="center")
    if left.button("◀ Previous", key="prev_segment", disabled=index == 0, width="stretch"):
        st.session_state["seg_index"] = index - 1
        st.rerun(scope="app")
    if right.button("Next ▶", key="next_segment", disabled=index >= total - 1, width="stretch"):
        st.session_state["seg_index"] = index + 1
        st.rerun(scope="app")
    changed = (f" · last change by {md_escape(segment.updated_by)} at {segment.updated_at:%Y-%m-%d %H:%M} UTC"
               if segment.updated_by and segment.updated_at else "")
    middle.markdown(
        f"**Segment {segment.position + 1}** &nbsp;({index + 1} of {total} in this list) · "
        f"link {segment.link} · status **{STATUS_LABELS.get(segment.status, segment.status)}** · "
        f"version {segment.version}{changed}"
    )


def _texts(detail: SegmentDetail, langs: tuple[str, str], ref_label: str) -> None:
    segment = detail.segment
    marks = [(f.start, f.end, f.severity, f"{f.check}: {f.message}") for f in detail.findings if f.state == "open"]
    src_col, mt_col, ref_col = st.columns(3)
    with src_col:
        st.caption(f"Source ({md_escape(langs[0])})")
        st.html(_box(html.escape(segment.src or ""), langs[0]))
    with mt_col:
        st.caption("MT (open findings highlighted)")
        st.html(_box(highlight_html(segment.mt, marks), langs[1]))
    with ref_col:
        st.caption(ref_label.capitalize())
        st.html(_box(html.escape(segment.ref), langs[1]))
    st.caption(f"MT → {ref_label}: word diff (red: only in the MT, green: only in the {ref_label})")
    st.html(_box(diff_html(segment.mt, segment.ref), langs[1]))
    if segment.corrected != segment.mt:
        st.caption("MT → corrected text")
        st.html(_box(diff_html(segment.mt, segment.corrected), langs[1]))


def _scores(segment: SegmentRow) -> None:
    cols = st.columns(len(segment.scores))
    for col, (name, mt_value) in zip(cols, segment.scores.items(), strict=True):
        spec, corrected_value = METRICS[name], segment.corrected_scores.get(name)
        delta = None if mt_value is None or corrected_value is None else round(corrected_value - mt_value, 1)
        col.metric(f"{spec.label}: MT → corrected", f"{_fmt(mt_value)} → {_fmt(corrected_value)}",
                   delta=delta if delta else None, delta_color="normal" if spec.higher_is_better else "inverse",
                   help=f"sacrebleu sentence {spec.display} against the reference")


def _editor(store: Store, detail: SegmentDetail, reviewer: str | None) -> None:
    segment = detail.segment
    init_editor(segment.id, segment.corrected, segment.version)
    st.text_area(
        "Corrected text", key=editor_key(segment.id), height=110, disabled=not reviewer,
        on_change=save_editor, args=(store, segment.id, reviewer),
        help="Starts as the MT. Saved when you leave the box, or with the button below.",
    )
    if st.session_state.get(conflict_key(segment.id)):
        mine = st.session_state[editor_key(segment.id)]
        st.warning("Another reviewer saved this segment after you opened it. Your text is kept in the box; "
                   "the saved text differs from yours like this (red: saved, green: yours):")
        st.html(_box(diff_html(segment.corrected, mine)))
        st.button("Discard my text and load the saved one", key=f"discard-{segment.id}", on_click=discard_edit,
                  args=(store, segment.id))
    st.button("Save correction", key=f"save-{segment.id}", disabled=not reviewer, on_click=save_editor,
              args=(store, segment.id, reviewer), kwargs={"button": True})


def _status(store: Store, segment: SegmentRow, reviewer: str | None, can_undo: bool) -> None:
    st.caption("Status (the current one is highlighted)")
    cols = st.columns([1, 1, 1, 1, 1.3])
    for col, (status, label) in zip(cols, STATUS_BUTTONS, strict=False):
        col.button(
            label, key=f"status-{status}-{segment.id}", disabled=not reviewer, width="stretch",
            type="primary" if segment.status == status and status != "todo" else "secondary",
            on_click=act, args=(store, segment.id, segment.version, reviewer,
                                lambda v, s=status: store.set_status(segment.id, s, actor=reviewer or "",
                                                                     expected_version=v)),
        )
    cols[-1].button(
        "↶ Undo last", key=f"undo-{segment.id}", disabled=not reviewer or not can_undo, width="stretch",
        help="Reverts the newest change to this segment (repeat to go further back).",
        on_click=act, args=(store, segment.id, segment.version, reviewer,
                            lambda v: store.undo_last(segment.id, actor=reviewer or "", expected_version=v)),
    )


def _history(store: Store, segment_id: int) -> None:
    with st.expander("History of this segment"):
        events = store.events(segment_id=segment_id, limit=50)
        if not events:
            st.caption("No changes yet.")
            return
        st.dataframe(
            pd.DataFrame([{"when (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.actor, "what": e.kind,
                           "undoes": e.undoes or ""} for e in events]),
            hide_index=True, width="stretch",
        )
