"""Document: the whole document in context, a page of segments at a time: full MT, corrected text,
status and comments; deleted segments struck out; open any segment in Review."""

from __future__ import annotations

import html
import math

import streamlit as st

from review_app.app.components.context import listing_start, open_in_review
from review_app.app.components.safe import md
from review_app.store import CommentInfo, SegmentRow
from review_app.text.diff import DEL_STYLE
from review_app.vocab import STATUS_COLORS, STATUS_LABELS

PAGE_SIZE = 20
ROW = "docrow"  # key prefix of a segment's row container (styled as a table row below)
WIDTHS = [0.45, 1.05, 4, 4]  # number, status, MT, corrected text
# CSS for the rows: a rule under each, tight spacing, the number button drawn as a link.
STYLE = (f"<style>[class*='st-key-{ROW}-']{{border-bottom:1px solid rgba(128,128,128,.25);padding:.1rem 0 .3rem;"
         f"gap:.2rem}}[class*='st-key-{ROW}-'] button{{min-height:1.6rem;padding:0 .2rem}}"
         f"[class*='st-key-{ROW}-'] button p{{font-weight:600;color:#1d4ed8;text-decoration:underline}}"
         ".document-cell{line-height:1.5;white-space:pre-wrap}</style>")


def _corrected_html(segment: SegmentRow) -> str:
    if segment.deleted:  # deleted in the correction: shown struck out (as in the Review list), not hidden
        return f'<del style="{DEL_STYLE}">{html.escape(segment.mt)}</del> <em>(deleted)</em>'
    if segment.corrected == segment.mt:
        return '<span style="color:#64748b">(unchanged)</span>'
    return html.escape(segment.corrected)


def _comments_html(comments: list[CommentInfo]) -> str:
    return "".join(f'<div style="margin-top:.3rem;font-size:.85em;color:#475569">💬 '
                   f"<b>{html.escape(c.author)}</b> ({c.created_at:%Y-%m-%d %H:%M} UTC): {html.escape(c.text)}</div>"
                   for c in comments)


def _status_html(segment: SegmentRow) -> str:
    colour = STATUS_COLORS.get(segment.status, "#94a3b8")
    label = html.escape(STATUS_LABELS.get(segment.status, segment.status))
    findings = f"<br>{segment.open_findings} open" if segment.open_findings else ""
    return f'<div class="document-cell"><span style="color:{colour}">●</span> {label}{findings}</div>'


def _row(segment: SegmentRow, lang: str, comments: list[CommentInfo]) -> None:
    """One segment as a row: its number opens it in Review; the texts are escaped HTML, never Markdown."""
    number = segment.position + 1
    lang_attr = html.escape(lang, quote=True)
    with st.container(key=f"{ROW}-{segment.id}"):
        cells = st.columns(WIDTHS, gap="small")
        cells[0].button(str(number), key=f"document_open-{segment.id}", type="tertiary",
                        help=f"Work on segment {number} in Review", on_click=open_in_review, args=(segment.id,))
        cells[1].html(_status_html(segment))
        cells[2].html(f'<div class="document-cell document-mt" lang="{lang_attr}">{html.escape(segment.mt)}</div>')
        cells[3].html(f'<div class="document-cell document-corrected" lang="{lang_attr}">'
                      f"{_corrected_html(segment)}{_comments_html(comments)}</div>")


def main() -> None:
    """Draw the page."""
    started = listing_start("Document")
    if started is None:
        return
    store, _reviewer, project, document = started
    pages = max(math.ceil(document.segments / PAGE_SIZE), 1)
    st.caption(f"{md(project.name)} / {md(document.name)}: {document.segments} segments, {PAGE_SIZE} a page. "
               "Deleted segments are struck out. Click a segment's number to work on it in Review.")
    number = st.pagination(pages, key="document_page") if pages > 1 else 1
    page = store.segment_page(document.id, None, "position", (int(number) - 1) * PAGE_SIZE, PAGE_SIZE)
    comments = store.comments([s.id for s in page.rows])
    st.html(STYLE)
    head = st.columns(WIDTHS, gap="small")
    for cell, title in zip(head, ("#", "status", "MT", "corrected text"), strict=True):
        cell.markdown(f"**{title}**")
    for segment in page.rows:
        _row(segment, project.tgt_lang, comments.get(segment.id, []))


main()
