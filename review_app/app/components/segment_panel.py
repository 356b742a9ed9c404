"""The review panel of one segment: texts, diff, scores, findings, editor, status, MQM, history.

Not a fragment: an action reruns the whole page, so the segment list beside the panel is never
stale. Everything shown is read from the store on each run.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from review_app.app.components.actions import (
    act,
    conflict_key,
    discard_edit,
    editor_key,
    init_editor,
    save_and_next,
    save_editor,
)
from review_app.app.components.context import guarded, md_escape, show_flash
from review_app.app.components.cursor import Cursor, move_to
from review_app.app.components.findings_panel import annotations_section, findings_section
from review_app.app.components.history_panel import segment_history
from review_app.app.components.propagate_panel import propagate_offer
from review_app.scoring.registry import METRICS
from review_app.store import SegmentDetail, SegmentRow, Store
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


SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Alt+Down", "next segment"),
    ("Alt+Up", "previous segment"),
    ("Alt+N", "next problem (segment with an open finding)"),
    ("Alt+F", "apply the first open fix"),
    ("Ctrl+Enter", "save the corrected text and go to the next segment"),
)


def segment_panel(store: Store, cursor: Cursor, reviewer: str | None, langs: tuple[str, str], ref_label: str) -> None:
    """The current segment: stays on screen after an action even when it leaves the filtered list.

    Laid out so that at 1280×720 the texts, the findings with their fix buttons and the editor come
    first; diffs, scores, annotations and history follow.
    """
    show_flash()
    if cursor.segment_id is None:
        st.info("No segment matches the filters.")
        return
    detail = store.segment_detail(cursor.segment_id)
    segment = detail.segment
    _navigation(store, segment, cursor)
    if cursor.index is None:
        st.info(f"Segment {segment.position + 1} no longer matches the filter; it stays here until you move on.")
    _texts(detail, langs, ref_label)
    findings_section(store, detail, reviewer)
    _editor(store, detail, reviewer, cursor)
    propagate_offer(store, segment, reviewer)
    _status(store, segment, reviewer, detail.can_undo)
    _diffs(detail, langs, ref_label)
    _scores(segment)
    annotations_section(store, detail, reviewer)
    _comments(store, segment, reviewer)
    segment_history(store, segment.id)


def _navigation(store: Store, segment: SegmentRow, cursor: Cursor) -> None:
    changed = (f" · last change by {md_escape(segment.updated_by)} at {segment.updated_at:%Y-%m-%d %H:%M} UTC"
               if segment.updated_by and segment.updated_at else "")
    where = f"{cursor.index + 1} of {cursor.total} in this list" if cursor.index is not None else "not in this list"
    st.markdown(
        f"**Segment {segment.position + 1}** &nbsp;({where}) · "
        f"link {segment.link} · status **{STATUS_LABELS.get(segment.status, segment.status)}** · "
        f"version {segment.version}{changed}",
        help="Keyboard: " + " · ".join(f"{keys}: {what}" for keys, what in SHORTCUTS),
    )
    previous_id, next_id = cursor.previous_id, cursor.next_id
    problem_id = cursor.next_among(store.segments_with_open_findings(segment.document_id))
    left, problem, right = st.columns(3)
    left.button("◀ Previous", key="prev_segment", disabled=previous_id is None, width="stretch",
                shortcut="Alt+Up", on_click=move_to,
                args=(previous_id, cursor.index_of(previous_id) if previous_id else 0))
    problem.button("Next problem", key="next_problem", disabled=problem_id is None, width="stretch",
                   shortcut="Alt+N", help="The next segment in this list with an open QA finding.",
                   on_click=move_to, args=(problem_id, cursor.index_of(problem_id) if problem_id else 0))
    right.button("Next ▶", key="next_segment", disabled=next_id is None, width="stretch",
                 shortcut="Alt+Down", on_click=move_to, args=(next_id, cursor.index_of(next_id) if next_id else 0))


def _texts(detail: SegmentDetail, langs: tuple[str, str], ref_label: str) -> None:
    segment = detail.segment
    marks = [(f.start, f.end, f.severity, f"{f.check}: {f.message}") for f in detail.findings if f.state == "open"]
    marks += [(a.start, a.end, a.severity, f"MQM {a.severity} {a.category}") for a in detail.annotations
              if a.start is not None and a.end is not None]  # the reviewers' tags, in their severity colour
    src_col, mt_col, ref_col = st.columns(3)
    with src_col:
        st.caption(f"Source ({md_escape(langs[0])})")
        st.html(_box(html.escape(segment.src or ""), langs[0]))
    with mt_col:
        st.caption("MT (open findings and MQM tags highlighted)")
        st.html(_box(highlight_html(segment.mt, marks), langs[1]))
    with ref_col:
        st.caption(ref_label.capitalize())
        st.html(_box(html.escape(segment.ref), langs[1]))


def _diffs(detail: SegmentDetail, langs: tuple[str, str], ref_label: str) -> None:
    segment = detail.segment
    st.caption(f"MT → {ref_label}: word diff (red: only in the MT, green: only in the {ref_label})")
    st.html(_box(diff_html(segment.mt, segment.ref), langs[1]))
    if segment.corrected != segment.mt:
        st.caption("MT → corrected text")
        st.html(_box(diff_html(segment.mt, segment.corrected), langs[1]))


def _scores(segment: SegmentRow) -> None:
    per_row = 2  # two to a row: "MT → corrected" needs the width in the review panel
    names = list(segment.scores)
    cols = [col for k in range(0, len(names), per_row) for col in st.columns(per_row)][: len(names)]
    for col, (name, mt_value) in zip(cols, segment.scores.items(), strict=True):
        spec, corrected_value = METRICS[name], segment.corrected_scores.get(name)
        delta = None if mt_value is None or corrected_value is None else round(corrected_value - mt_value, 1)
        col.metric(f"{spec.label}: MT → corrected", f"{_fmt(mt_value)} → {_fmt(corrected_value)}",
                   delta=delta if delta else None, delta_color="normal" if spec.higher_is_better else "inverse",
                   help=f"sacrebleu sentence {spec.display} against the reference")


def _editor(store: Store, detail: SegmentDetail, reviewer: str | None, cursor: Cursor) -> None:
    segment = detail.segment
    init_editor(segment.id, segment.corrected, segment.version)
    st.text_area(
        "Corrected text", key=editor_key(segment.id), height=90, disabled=not reviewer,
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
    save, save_next = st.columns(2)
    save.button("Save correction", key=f"save-{segment.id}", disabled=not reviewer, on_click=save_editor,
                args=(store, segment.id, reviewer), kwargs={"button": True}, width="stretch")
    next_id = cursor.next_id
    save_next.button("Save & next", key=f"save-next-{segment.id}", disabled=not reviewer, width="stretch",
                     shortcut="Ctrl+Enter", on_click=save_and_next,
                     args=(store, segment.id, reviewer, next_id, cursor.index_of(next_id) if next_id else 0),
                     help="Save the corrected text and open the next segment of the list.")


def _confirm_key(segment_id: int) -> str:
    return f"confirm-accept-{segment_id}"


def _status(store: Store, segment: SegmentRow, reviewer: str | None, can_undo: bool) -> None:
    st.caption("Status (the current one is highlighted)")
    cols = st.columns([1, 1, 1, 1, 1.3])
    set_status = {status: (lambda v, s=status: store.set_status(segment.id, s, actor=reviewer or "",
                                                                 expected_version=v)) for status, _ in STATUS_BUTTONS}
    for col, (status, label) in zip(cols, STATUS_BUTTONS, strict=False):
        asks = status == "accepted" and segment.open_findings > 0  # accepting over open findings needs a yes
        col.button(
            label, key=f"status-{status}-{segment.id}", disabled=not reviewer, width="stretch",
            type="primary" if segment.status == status and status != "todo" else "secondary",
            on_click=_ask_to_accept if asks else act,
            args=(segment.id,) if asks else (store, segment, reviewer, set_status[status]),
        )
    cols[-1].button(
        "↶ Undo last", key=f"undo-{segment.id}", disabled=not reviewer or not can_undo, width="stretch",
        help="Reverts the newest change to this segment (repeat to go further back).",
        on_click=act, args=(store, segment, reviewer,
                            lambda v: store.undo_last(segment.id, actor=reviewer or "", expected_version=v)),
    )
    if st.session_state.get(_confirm_key(segment.id)) and segment.open_findings > 0:
        plural = "s" if segment.open_findings != 1 else ""
        st.warning(f"Segment {segment.position + 1} still has {segment.open_findings} open finding{plural}. "
                   "Accept it as is anyway?")
        yes, no, _rest = st.columns([1.2, 1, 2])
        yes.button("Accept anyway", key=f"accept-anyway-{segment.id}", type="primary", width="stretch",
                   on_click=_accept_anyway, args=(store, segment, reviewer, set_status["accepted"]))
        no.button("Cancel", key=f"accept-cancel-{segment.id}", width="stretch",
                  on_click=_cancel_accept, args=(segment.id,))


def _ask_to_accept(segment_id: int) -> None:
    st.session_state[_confirm_key(segment_id)] = True


def _cancel_accept(segment_id: int) -> None:
    st.session_state.pop(_confirm_key(segment_id), None)


def _accept_anyway(store: Store, segment: SegmentRow, reviewer: str | None, action: Callable[[int], object]) -> None:
    st.session_state.pop(_confirm_key(segment.id), None)
    act(store, segment, reviewer, action)


def _comment_key(segment_id: int) -> str:
    return f"comment-{segment_id}"


def _add_comment(store: Store, segment: SegmentRow, reviewer: str | None) -> None:
    """Callback: leave the typed comment on the segment, then clear the box."""
    key = _comment_key(segment.id)
    text = st.session_state.get(key) or ""
    if guarded(lambda: store.add_comment(segment.id, text, actor=reviewer or ""),
               success=f"Segment {segment.position + 1}: comment added") is not None:
        st.session_state[key] = ""


def _comments(store: Store, segment: SegmentRow, reviewer: str | None) -> None:
    comments = store.comments([segment.id]).get(segment.id, [])
    with st.expander(f"Comments ({len(comments)})", expanded=bool(comments)):
        for c in comments:
            st.caption(f"{md_escape(c.author)} · {c.created_at:%Y-%m-%d %H:%M} UTC")
            st.text(c.text)  # as typed: never rendered as Markdown
        st.text_area("Comment for your colleagues", key=_comment_key(segment.id), height=68, disabled=not reviewer,
                     placeholder="A question or a note on this segment")
        st.button("Add comment", key=f"comment-add-{segment.id}", disabled=not reviewer, on_click=_add_comment,
                  args=(store, segment, reviewer))
