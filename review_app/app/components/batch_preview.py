"""The one preview of every mass change (a check's fixes, one fix on all similar findings, an edit on its
other occurrences): each segment's word diff before → after, the segments held back and why, which
to leave out, then Apply — exactly what was shown, as one batch — and the Undo of that batch.

A caller names the place (``key``): the widgets' keys start with it (``KEY-apply``, ``KEY-cancel``,
``KEY-leave``, ``KEY-undo``), and the batch applied there is offered for undo there.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from review_app.app.components.actions import act, segment_label
from review_app.app.components.context import flash, guarded
from review_app.app.components.safe import md
from review_app.store import BatchResult, PartialBatchError, Plan, SegmentRow, Store, User
from review_app.text.diff import diff_html

UNDO = "batch_undo"  # session key: place -> (batch id, what was applied, segments changed)
ROW_STYLE = "border-top:1px solid rgba(128,128,128,.25);padding:.3rem .5rem;vertical-align:top;"
HELD_STYLE = "color:#9a6700;font-size:.85em;"


def _segments(n: int) -> str:
    return f"{n} segment{'' if n == 1 else 's'}"


def diff_table(plan: Plan) -> str:
    """Every planned segment as one table row: its number and the word diff of its text (all text escaped)."""
    rows = []
    for p in plan.changes:
        emptied = ' <i>(the segment becomes empty)</i>' if p.before and not p.after else ""
        held = f'<div style="{HELD_STYLE}">Held back: {html.escape(p.held)}</div>' if p.held else ""
        diff = diff_html(p.before, p.after)
        rows.append(f'<tr><td style="{ROW_STYLE}width:3.5rem">{p.position + 1}</td>'
                    f'<td style="{ROW_STYLE}white-space:pre-wrap">{diff}{emptied}{held}</td></tr>')
    return ('<div class="batch-preview" style="max-height:22rem;overflow:auto;border:1px solid rgba(128,128,128,.35);'
            'border-radius:.4rem"><table style="width:100%;border-collapse:collapse">'
            f'<tr><th style="{ROW_STYLE}text-align:left">#</th><th style="{ROW_STYLE}text-align:left">'
            'before → after (red: removed, green: added)</th></tr>' + "".join(rows) + "</table></div>")


def _leave_key(key: str) -> str:
    return f"{key}-leave"


def _apply(store: Store, plan: Plan, key: str, reviewer: User, segment: SegmentRow | None,
           on_close: Callable[[], None]) -> None:
    """Callback of Apply: the plan as previewed, less the segments left out, as one batch."""
    leave_out = st.session_state.get(_leave_key(key), plan.held)
    done: list[BatchResult] = []

    def apply() -> BatchResult:
        try:
            done.append(store.apply_plan(plan, actor=reviewer, leave_out=leave_out))
        except PartialBatchError as exc:  # the chunks written before the failure stay one batch: offer its undo
            done.append(exc.result)
            raise
        if done[-1].changed_meanwhile:  # not all as previewed: a warning, not a success
            text = f"{segment_label(segment)}: {done[-1].message}" if segment is not None else done[-1].message
            flash("warning", text[:1].upper() + text[1:])
            return replace(done[-1], message="")
        return done[-1]

    if segment is not None:  # drawn in the review panel: pending text saved first, a stale click refused
        act(store, segment, reviewer, lambda _who, _version: apply())
    else:
        guarded(apply)
    if done:  # a refused batch (changed since the preview) keeps the preview open, drawn afresh
        if done[0].segments:
            st.session_state.setdefault(UNDO, {})[key] = (done[0].batch_id, plan.label, len(done[0].segments))
        st.session_state.pop(_leave_key(key), None)
        on_close()


def _cancel(key: str, on_close: Callable[[], None]) -> None:
    st.session_state.pop(_leave_key(key), None)  # the next preview starts from its own held-back segments
    on_close()


def batch_preview(store: Store, plan: Plan, *, key: str, reviewer: User | None, on_close: Callable[[], None],
                  segment: SegmentRow | None = None) -> None:
    """The preview of ``plan`` with Apply and Cancel (``segment``: the review panel's segment, when drawn there)."""
    with st.container(border=True):
        replaced = sum(p.count for p in plan.changes)
        times = f" ({replaced} replacements)" if replaced > len(plan.changes) else ""
        closes = f", {plan.findings} findings close" if plan.findings else ""
        st.markdown(f"**Preview: {md(plan.label)}** — {_segments(len(plan.changes))} change{times}{closes}")
        if plan.skipped:
            st.caption("Left out: " + "; ".join(f"segment {p + 1} ({md(why)})" for p, why in plan.skipped))
        if plan.changes:
            st.html(diff_table(plan))
            ids = [p.change.segment_id for p in plan.changes]
            number = {p.change.segment_id: p.position + 1 for p in plan.changes}
            leave = _leave_key(key)
            if leave in st.session_state:  # the plan is drawn afresh on each run: keep only its segments
                st.session_state[leave] = [i for i in st.session_state[leave] if i in number]
            else:
                st.session_state[leave] = plan.held
            st.multiselect("Leave out", ids, format_func=lambda i: f"segment {number[i]}", key=leave,
                           placeholder="none: every segment above changes",
                           help="Segments not to change. Held-back segments start here: keep one by removing it.")
            count = len(ids) - len(st.session_state[leave])
        else:
            st.info("Nothing to change.")
            count = 0
        left, right = st.columns(2)
        left.button(f"Apply to {_segments(count)} (one undo)", key=f"{key}-apply", type="primary",
                    disabled=not reviewer or count == 0, width="stretch",
                    on_click=_apply, args=(store, plan, key, reviewer, segment, on_close))
        right.button("Cancel", key=f"{key}-cancel", on_click=_cancel, args=(key, on_close), width="stretch")


def _undo(store: Store, key: str, reviewer: User) -> None:
    batch_id, label, _n = st.session_state[UNDO][key]

    def undo() -> BatchResult:
        result = store.undo_batch(batch_id, actor=reviewer)
        if result.changed_meanwhile:  # the rest stays offered: undo those changes, then this again
            flash("warning", f"Undid {label} in part: {result.message}")
            return replace(result, message="")
        return replace(result, message=f"Undid {label}")

    result = guarded(undo)
    if result is not None and not result.changed_meanwhile:
        st.session_state[UNDO].pop(key, None)


def batch_undo(store: Store, key: str, reviewer: User | None) -> None:
    """The Undo of the batch last applied at ``key``, while there is one."""
    applied = st.session_state.get(UNDO, {}).get(key)
    if applied is None or not reviewer:
        return
    _batch, label, n = applied
    text, button = st.columns([3, 2], vertical_alignment="center")
    text.caption(f"Applied {md(label)} in {_segments(n)} (one batch).")
    button.button(f"↶ Undo it in all {_segments(n)}", key=f"{key}-undo", on_click=_undo, args=(store, key, reviewer),
                  width="stretch")
