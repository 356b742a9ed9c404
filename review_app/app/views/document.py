"""Document: the whole document in context, a page of segments at a time: full MT, corrected text,
status and comments; deleted segments struck out; open any segment in Review."""

from __future__ import annotations

import html
import math

import streamlit as st

from review_app.app.components.context import page_start
from review_app.app.components.cursor import open_segment
from review_app.app.components.safe import md
from review_app.store import CommentInfo, SegmentRow
from review_app.vocab import STATUS_COLORS, STATUS_LABELS

PAGE_SIZE = 20
JUMP = "document_jump"  # session key: a segment was chosen; switch to Review
CELL = "padding:.35rem .5rem;vertical-align:top;border-bottom:1px solid rgba(128,128,128,.25);"


def _open(segment_id: int) -> None:
    """Callback: work on this segment in Review."""
    open_segment(segment_id)
    st.session_state[JUMP] = True


def _corrected_html(segment: SegmentRow) -> str:
    if not segment.corrected.strip():  # deleted in the correction: shown struck out, not hidden
        return f'<del style="color:#82071e">{html.escape(segment.mt)}</del> <em>(deleted)</em>'
    if segment.corrected == segment.mt:
        return '<span style="color:#64748b">(unchanged)</span>'
    return html.escape(segment.corrected)


def _comments_html(comments: list[CommentInfo]) -> str:
    return "".join(f'<div style="margin-top:.3rem;font-size:.85em;color:#475569">💬 '
                   f"<b>{html.escape(c.author)}</b> ({c.created_at:%Y-%m-%d %H:%M} UTC): {html.escape(c.text)}</div>"
                   for c in comments)


def _row_html(segment: SegmentRow, lang: str, comments: list[CommentInfo]) -> str:
    colour = STATUS_COLORS.get(segment.status, "#94a3b8")
    label = html.escape(STATUS_LABELS.get(segment.status, segment.status))
    findings = f"<br>{segment.open_findings} open" if segment.open_findings else ""
    return (f'<tr><td style="{CELL}width:3.5rem"><b>{segment.position + 1}</b></td>'
            f'<td style="{CELL}width:7rem"><span style="color:{colour}">●</span> {label}{findings}</td>'
            f'<td style="{CELL}" lang="{html.escape(lang, quote=True)}">{html.escape(segment.mt)}</td>'
            f'<td style="{CELL}" lang="{html.escape(lang, quote=True)}">{_corrected_html(segment)}'
            f"{_comments_html(comments)}</td></tr>")


def main() -> None:
    """Draw the page."""
    started = page_start("Document")
    if started is None:
        return
    store, _reviewer, project, document = started
    if st.session_state.pop(JUMP, False):
        st.switch_page("views/review.py")
    pages = max(math.ceil(document.segments / PAGE_SIZE), 1)
    st.caption(f"{md(project.name)} / {md(document.name)}: {document.segments} segments, {PAGE_SIZE} a page. "
               "Deleted segments are struck out. Pick a segment below to work on it in Review.")
    number = st.pagination(pages, key="document_page") if pages > 1 else 1
    page = store.segment_page(document.id, None, "position", (int(number) - 1) * PAGE_SIZE, PAGE_SIZE)
    head = "".join(f'<th style="{CELL}text-align:left">{h}</th>' for h in ("#", "status", "MT", "corrected text"))
    comments = store.comments([s.id for s in page.rows])
    st.html(f'<table class="document-view" style="width:100%;border-collapse:collapse"><tr>{head}</tr>'
            + "".join(_row_html(s, project.tgt_lang, comments.get(s.id, [])) for s in page.rows) + "</table>")
    options = {s.id: md(f"{s.position + 1}: {s.mt[:80]}") for s in page.rows}  # labels are Markdown
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Segment", list(options), format_func=options.get, key=f"document_pick-{number}")
    right.button("Open in Review", key="document_open", on_click=_open, args=(chosen,), type="primary",
                 width="stretch", disabled=chosen is None)


main()
