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
    ask_to_accept,
    asking_to_accept,
    cancel_accept,
    confirm_and_next,
    conflict_key,
    discard_edit,
    editor_key,
    init_editor,
    keep_mine,
    leave,
    restore_draft,
    save_editor,
)
from review_app.app.components.context import acting_account, get_store, guarded, show_flash
from review_app.app.components.cursor import Cursor, move_to
from review_app.app.components.findings_panel import annotations_section, findings_section
from review_app.app.components.held_text import expander_key, held, restore_typed, sent, text_box
from review_app.app.components.history_panel import segment_history
from review_app.app.components.leave_guard import draft_offer, forget_draft, leave_guard, scope, typed_at
from review_app.app.components.propagate_panel import propagate_offer
from review_app.app.components.realign_panel import SHORTCUTS as ALIGNMENT_SHORTCUTS
from review_app.app.components.realign_panel import Tools, alignment_section, neighbourhood, uncertain_ids
from review_app.app.components.safe import md
from review_app.scoring.registry import METRICS
from review_app.store import SegmentDetail, SegmentRow, Store, User
from review_app.text.diff import diff_html, highlight_html
from review_app.vocab import NO_VALUE, STATUS_LABELS

TEXT_BOX = ("border:1px solid rgba(128,128,128,.35);border-radius:.4rem;padding:.5rem .7rem;"
            "min-height:3rem;white-space:pre-wrap;line-height:1.5;")
# Status buttons and their keys. Alt+Shift+letter: Alt+letter opens browser menus on Windows and
# Linux (Alt+F, Alt+E), Streamlit reserves C and R, Chrome takes Alt+Shift+A, B, I and T.
STATUS_BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("accepted", "Accept as is", "Alt+Shift+K"),
    ("corrected", "Corrected", "Alt+Shift+E"),
    ("needs_work", "Needs work", "Alt+Shift+W"),
    ("todo", "To review", "Alt+Shift+U"),
)


def _box(body_html: str, lang: str | None = None) -> str:
    lang_attr = f' lang="{html.escape(lang, quote=True)}"' if lang else ""
    return f'<div class="segment-text"{lang_attr} style="{TEXT_BOX}">{body_html or "&nbsp;"}</div>'


def _fmt(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.1f}"


SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Enter", "confirm and go to the next segment: saves the text; corrected if it differs from the MT, "
                   "else accepted as is (asks first over open findings: Ctrl+Enter again says yes)"),
    ("Alt+Down", "next segment (saves what you typed)"),
    ("Alt+Up", "previous segment (saves what you typed)"),
    ("Alt+N", "next problem: the next segment with an open finding"),
    ("Alt+Shift+F", "apply the first open fix"),
    ("Alt+Shift+D", "dismiss the first open finding"),
    *((keys, f"status: {label.lower()}") for _status, label, keys in STATUS_BUTTONS),
    ("Alt+Shift+Z", "undo the last change of the segment"),
    *ALIGNMENT_SHORTCUTS,
)


def segment_panel(store: Store, cursor: Cursor, reviewer: User | None, langs: tuple[str, str], ref_label: str) -> None:
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
    restore_typed(segment.id, segment.mt)
    _navigation(store, segment, cursor, reviewer)
    if cursor.index is None:
        st.info(f"Segment {segment.position + 1} no longer matches the filter; it stays here until you move on.")
    _texts(detail, langs, ref_label)
    _editor(store, detail, reviewer, cursor)
    _status(store, segment, reviewer, detail.can_undo)
    propagate_offer(store, segment, reviewer)
    _alignment(store, segment, cursor, reviewer, langs[1], ref_label)
    findings_section(store, detail, reviewer)
    _diffs(detail, langs, ref_label)
    _scores(segment)
    annotations_section(store, detail, reviewer)
    _comments(store, segment, reviewer)
    segment_history(store, segment.id)


def _navigation(store: Store, segment: SegmentRow, cursor: Cursor, reviewer: User | None) -> None:
    changed = (f" · last change by {md(segment.updated_by)} at {segment.updated_at:%Y-%m-%d %H:%M} UTC"
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

    def move(target: int | None) -> tuple[object, ...]:  # every move saves the typed text first
        return (store, segment.id, reviewer, target, cursor.index_of(target) if target else 0)

    left.button("◀ Previous", key="prev_segment", disabled=previous_id is None, width="stretch",
                shortcut="Alt+Up", on_click=leave, args=move(previous_id))
    problem.button("Next problem", key="next_problem", disabled=problem_id is None, width="stretch",
                   shortcut="Alt+N", help="The next segment in this list with an open QA finding.",
                   on_click=leave, args=move(problem_id))
    right.button("Next ▶", key="next_segment", disabled=next_id is None, width="stretch",
                 shortcut="Alt+Down", on_click=leave, args=move(next_id))


def _alignment(store: Store, segment: SegmentRow, cursor: Cursor, reviewer: User | None, lang: str,
               ref_label: str) -> None:
    """The link and the operations that correct it; after one, the panel shows the segment carrying it (the list
    place stays where the reviewer works)."""
    def show(target: int) -> None:
        move_to(target, cursor.anchor)

    def go_to(target: int | None) -> None:  # every move saves the typed text first
        leave(store, segment.id, reviewer, target, cursor.index_of(target) if target else 0)

    near = neighbourhood(store, segment, uncertain_ids(store, segment.document_id))
    alignment_section(Tools(store, reviewer, show, go_to), near, lang, ref_label)


def _texts(detail: SegmentDetail, langs: tuple[str, str], ref_label: str) -> None:
    segment = detail.segment
    marks = [(f.start, f.end, f.severity, f"{f.check}: {f.message}") for f in detail.findings
             if f.state == "open" and f.span_on == "mt"]  # a problem an edit brought in is on the corrected text
    tags = [(a.start, a.end, a.severity, f"MQM {a.severity} {a.category}") for a in detail.annotations
            if a.start is not None and a.end is not None]  # the reviewers' tags: underlined, colour per severity
    src_col, mt_col, ref_col = st.columns(3)
    with src_col:
        st.caption(f"Source ({md(langs[0])})")
        st.html(_box(html.escape(segment.src or ""), langs[0]))
    with mt_col:
        st.caption("MT (open QA findings highlighted, MQM tags underlined)")
        st.html(_box(highlight_html(segment.mt, marks, tags=tags), langs[1]))
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


def _editor(store: Store, detail: SegmentDetail, reviewer: User | None, cursor: Cursor) -> None:
    segment = detail.segment
    init_editor(segment.id, segment.corrected, segment.version)
    shown = text_box(
        "Corrected text", key=editor_key(segment.id), height=90, disabled=not reviewer,
        on_change=save_editor, args=(store, segment.id, reviewer),
        help="Starts as the MT. Saved when you leave the box or the segment (any way: keys, buttons, the list, "
             "another page); Ctrl+Enter confirms it and opens the next segment.",
    )
    with st.sidebar:  # the guard draws nothing; the sidebar keeps it out of the panel's layout
        leave_guard(segment.id, segment.corrected, segment.version, shown,
                    scope(get_store().url, reviewer.name if reviewer else ""), readonly=not reviewer)
    if reviewer:
        _draft_offer(store, segment, reviewer)
    if st.session_state.get(conflict_key(segment.id)):
        _conflict(store, segment, reviewer)
    save, confirm = st.columns(2)
    save.button("Save correction", key=f"save-{segment.id}", disabled=not reviewer, on_click=save_editor,
                args=(store, segment.id, reviewer), kwargs={"button": True}, width="stretch")
    next_id = cursor.next_id
    confirm.button("Confirm & next", key=f"confirm-next-{segment.id}", disabled=not reviewer, width="stretch",
                   shortcut="Ctrl+Enter", type="primary", on_click=confirm_and_next,
                   args=(store, segment.id, reviewer, next_id, cursor.index_of(next_id) if next_id else 0),
                   help="Save the text and set its status (corrected if it differs from the MT, else accepted "
                        "as is), then open the next segment of the list.")


def _conflict(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    """Both texts when the reviewer's save was refused, with the word diff and the two ways out."""
    mine = held(editor_key(segment.id)) or ""
    when = f" at {segment.updated_at:%H:%M:%S} UTC" if segment.updated_at else ""
    with st.container(border=True, key=f"conflict-{segment.id}"):
        st.error(f"Not saved: {md(segment.updated_by or 'another session')} saved segment "
                 f"{segment.position + 1}{when} after you opened it (version {segment.version}). Your text is "
                 "kept in the box until you choose.", icon=":material/call_split:")
        theirs_col, mine_col = st.columns(2)
        theirs_col.caption(f"Theirs (saved by {md(segment.updated_by or 'another session')})")
        theirs_col.html(_box(html.escape(segment.corrected)))
        mine_col.caption("Yours (not saved)")
        mine_col.html(_box(html.escape(mine)))
        st.caption("Word diff (red: only in theirs, green: only in yours)")
        st.html(_box(diff_html(segment.corrected, mine)))
        keep, take, _rest = st.columns([1, 1, 1])
        keep.button("Keep mine", key=f"keep-mine-{segment.id}", type="primary", width="stretch",
                    disabled=not reviewer, on_click=keep_mine, args=(store, segment.id, reviewer),
                    help="Save your text over theirs (theirs stays in the history: undo brings it back).")
        take.button("Take theirs", key=f"discard-{segment.id}", width="stretch", on_click=discard_edit,
                    args=(store, segment.id), help="Drop your text and load theirs into the editor.")


def _draft_offer(store: Store, segment: SegmentRow, reviewer: User) -> None:
    """Text typed here earlier that never reached the store (a reload, a closed tab, an expired session)."""
    draft = draft_offer(segment.id, segment.corrected)
    if draft is None:
        return
    st.warning(f"Segment {segment.position + 1}: text you typed here ({typed_at(draft)}) was never saved — the "
               "page was reloaded or closed first. It differs from the saved text like this (red: saved, green: "
               "yours):")
    st.html(_box(diff_html(segment.corrected, draft["text"])))
    keep, drop, _rest = st.columns([1.2, 1, 1.5])
    keep.button("Restore my text", key=f"draft-restore-{segment.id}", type="primary", width="stretch",
                on_click=restore_draft, args=(store, segment.id, reviewer, draft))
    drop.button("Discard it", key=f"draft-discard-{segment.id}", width="stretch", on_click=forget_draft,
                args=(segment.id, draft))


def _status(store: Store, segment: SegmentRow, reviewer: User | None, can_undo: bool) -> None:
    # The row is too narrow for Streamlit's key hints beside the labels: the hints go into the tooltips.
    st.html("<style>.st-key-status-row kbd{display:none}</style>")
    row = st.container(key="status-row", horizontal=True)

    def set_to(status: str) -> Callable[[User, int], object]:
        return lambda who, v: store.set_status(segment.id, status, actor=who, expected_version=v)

    set_status = {status: set_to(status) for status, _label, _keys in STATUS_BUTTONS}
    for status, label, keys in STATUS_BUTTONS:
        asks = status == "accepted" and segment.open_findings > 0  # accepting over open findings needs a yes
        row.button(
            label, key=f"status-{status}-{segment.id}", disabled=not reviewer, width="stretch",
            type="primary" if segment.status == status and status != "todo" else "secondary",
            shortcut=keys if reviewer else None, help=f"{keys.replace('+', ' + ')}",
            on_click=ask_to_accept if asks else act,
            args=(segment.id,) if asks else (store, segment, reviewer, set_status[status]),
        )
    row.button(
        "↶ Undo last", key=f"undo-{segment.id}", disabled=not reviewer or not can_undo, width="stretch",
        shortcut="Alt+Shift+Z" if reviewer and can_undo else None,
        help="Reverts the newest change to this segment (repeat to go further back). Alt + Shift + Z",
        on_click=act, args=(store, segment, reviewer,
                            lambda who, v: store.undo_last(segment.id, actor=who, expected_version=v)),
    )
    if asking_to_accept(segment.id) and segment.open_findings > 0:
        plural = "s" if segment.open_findings != 1 else ""
        st.warning(f"Segment {segment.position + 1} still has {segment.open_findings} open finding{plural}. "
                   "Accept it as is anyway? (Ctrl+Enter: yes, and on to the next segment)")
        yes, no, _rest = st.columns([1.2, 1, 2])
        yes.button("Accept anyway", key=f"accept-anyway-{segment.id}", type="primary", width="stretch",
                   on_click=_accept_anyway, args=(store, segment, reviewer, set_status["accepted"]))
        no.button("Cancel", key=f"accept-cancel-{segment.id}", width="stretch",
                  on_click=cancel_accept, args=(segment.id,))


def _accept_anyway(store: Store, segment: SegmentRow, reviewer: User | None,
                   action: Callable[[User, int], object]) -> None:
    cancel_accept(segment.id)
    act(store, segment, reviewer, action)


def _comment_key(segment_id: int) -> str:
    return f"comment-{segment_id}"


def _add_comment(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    """Callback: leave the typed comment on the segment, then clear the box."""
    key = _comment_key(segment.id)
    text = held(key) or ""
    who = acting_account(reviewer)
    if who is not None and guarded(lambda: store.add_comment(segment.id, text, actor=who),
               success=f"Segment {segment.position + 1}: comment added") is not None:
        st.session_state[key] = ""
        sent(key, text)


def _comments(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    comments = store.comments([segment.id]).get(segment.id, [])
    opened = expander_key(_comment_key(segment.id))
    st.session_state.setdefault(opened, bool(comments))  # then as the reviewer leaves it (see annotations_section)
    with st.expander(f"Comments ({len(comments)})", key=opened, on_change="rerun"):
        for c in comments:
            st.caption(f"{md(c.author)} · {c.created_at:%Y-%m-%d %H:%M} UTC")
            st.text(c.text)  # as typed: never rendered as Markdown
        text_box("Comment for your colleagues", key=_comment_key(segment.id), height=68, disabled=not reviewer,
                 placeholder="A question or a note on this segment")
        st.button("Add comment", key=f"comment-add-{segment.id}", disabled=not reviewer, on_click=_add_comment,
                  args=(store, segment, reviewer))
