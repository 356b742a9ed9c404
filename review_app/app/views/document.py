"""Document: the whole document in context, a page of segments at a time: each link's type and confidence, full
MT, corrected text, status and comments; deleted segments struck out; open any segment in Review, or select its
link and correct the alignment here (the same operations and keys as on Review)."""

from __future__ import annotations

import html
import math

import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.context import listing_start, open_in_review, show_flash
from review_app.app.components.realign_panel import STYLE as ALIGNMENT_STYLE
from review_app.app.components.realign_panel import (
    Tools,
    alignment_section,
    link_note_html,
    neighbourhood,
    uncertain_ids,
)
from review_app.app.components.safe import md
from review_app.store import CommentInfo, DocumentInfo, SegmentRow, Store, StoreError, User
from review_app.text.diff import DEL_STYLE
from review_app.vocab import STATUS_COLORS, STATUS_LABELS

PAGE_SIZE = 20
ROW = "docrow"  # key prefix of a segment's row container (styled as a table row below); the selected one ROW-cur-ID
PAGE_KEY = "document_page"
WIDTHS = [0.45, 1.1, 1.05, 4, 4]  # number, link, status, MT, corrected text
# CSS for the rows: a rule under each, tight spacing, the number button drawn as a link.
STYLE = (f"<style>[class*='st-key-{ROW}-']{{border-bottom:1px solid rgba(128,128,128,.25);padding:.1rem 0 .3rem;"
         f"gap:.2rem}}[class*='st-key-{ROW}-'] button{{min-height:1.6rem;padding:0 .2rem}}"
         f"[class*='st-key-{ROW}-'] button p{{font-weight:600;color:#1d4ed8;text-decoration:underline}}"
         f"[class*='st-key-{ROW}-cur-']{{background:rgba(37,99,235,.09);box-shadow:inset 3px 0 #2563eb}}"
         ".document-cell{line-height:1.5;white-space:pre-wrap}.document-link{font-size:.8rem;line-height:1.3}"
         ".st-key-document-nav kbd{display:none}</style>")


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


def select(store: Store, segment_id: int | None) -> None:
    """Callback: select a segment's link (the page turns to it); the same segment is current on Review."""
    if segment_id is None:
        return
    try:
        segment = store.segment_detail(segment_id).segment
    except StoreError:
        return
    viewstate.open_segment(segment.id, segment.position + 1)
    st.session_state[PAGE_KEY] = segment.position // PAGE_SIZE + 1


def _row(store: Store, segment: SegmentRow, lang: str, comments: list[CommentInfo], uncertain: bool,
         selected: bool) -> None:
    """One segment as a row: its number opens it in Review, its link selects it; the texts are escaped HTML,
    never Markdown."""
    number = segment.position + 1
    lang_attr = html.escape(lang, quote=True)
    with st.container(key=f"{ROW}-{'cur-' if selected else ''}{segment.id}"):
        cells = st.columns(WIDTHS, gap="small")
        cells[0].button(str(number), key=f"document_open-{segment.id}", type="tertiary",
                        help=f"Work on segment {number} in Review", on_click=open_in_review, args=(segment.id,))
        cells[1].button(segment.link, key=f"document_link-{segment.id}", type="tertiary",
                        help=f"Select segment {number}'s link to correct it here", on_click=select,
                        args=(store, segment.id))
        cells[1].html(f'<div class="document-link">{link_note_html(segment, uncertain)}</div>')
        cells[2].html(_status_html(segment))
        cells[3].html(f'<div class="document-cell document-mt" lang="{lang_attr}">{html.escape(segment.mt)}</div>')
        cells[4].html(f'<div class="document-cell document-corrected" lang="{lang_attr}">'
                      f"{_corrected_html(segment)}{_comments_html(comments)}</div>")


def _selected(store: Store, document: DocumentInfo) -> SegmentRow | None:
    """The selected segment (the one current on Review), when it is this document's."""
    segment_id = viewstate.segment_id()
    if segment_id is None:
        return None
    try:
        segment = store.segment_detail(segment_id).segment
    except StoreError:
        return None
    return segment if segment.document_id == document.id else None


def _tools(store: Store, reviewer: User | None, segment: SegmentRow, uncertain: frozenset[int], lang: str,
           ref_label: str) -> None:
    """The selected link's tools, under its row: move the selection, open it in Review, correct the link."""
    near = neighbourhood(store, segment, uncertain)
    with st.container(border=True, key="document-align"):
        show_flash()  # what an operation did, where the reviewer is looking
        nav = st.container(key="document-nav").columns(3, gap="small")
        nav[0].button("◀ Previous segment", key="document_prev", width="stretch", disabled=near.previous is None,
                      shortcut="Alt+Up", on_click=select, args=(store, near.previous.id if near.previous else None))
        nav[1].button("Next segment ▶", key="document_next", width="stretch", disabled=near.next is None,
                      shortcut="Alt+Down", on_click=select, args=(store, near.next.id if near.next else None))
        nav[2].button(f"Open segment {segment.position + 1} in Review", key="document_review", width="stretch",
                      on_click=open_in_review, args=(segment.id,))
        alignment_section(Tools(store, reviewer, lambda target: select(store, target),
                                lambda target: select(store, target)), near, lang, ref_label)


def main() -> None:
    """Draw the page."""
    started = listing_start("Document")
    if started is None:
        return
    store, reviewer, project, document = started
    pages = max(math.ceil(document.segments / PAGE_SIZE), 1)
    uncertain = uncertain_ids(store, document.id)
    selected = _selected(store, document)
    st.caption(f"{md(project.name)} / {md(document.name)}: {document.segments} segments, {PAGE_SIZE} a page; "
               f"{len(uncertain)} uncertain link{'s' if len(uncertain) != 1 else ''} open. Deleted segments are "
               "struck out. Click a segment's number to work on it in Review, its link to correct the alignment here.")
    if st.session_state.get(PAGE_KEY, 1) > pages:  # the document got shorter (segments merged)
        st.session_state[PAGE_KEY] = pages
    number = st.pagination(pages, key=PAGE_KEY) if pages > 1 else 1
    page = store.segment_page(document.id, None, "position", (int(number) - 1) * PAGE_SIZE, PAGE_SIZE)
    if selected is None or all(segment.id != selected.id for segment in page.rows):
        show_flash()  # no tools under a row on this page to show them in
    comments = store.comments([s.id for s in page.rows])
    st.html(STYLE + ALIGNMENT_STYLE)
    head = st.columns(WIDTHS, gap="small")
    for cell, title in zip(head, ("#", "link", "status", "MT", "corrected text"), strict=True):
        cell.markdown(f"**{title}**")
    ref_label = "post-edit" if document.ref_kind == "post-edit" else "reference"
    for segment in page.rows:
        is_selected = selected is not None and segment.id == selected.id
        _row(store, segment, project.tgt_lang, comments.get(segment.id, []), segment.id in uncertain, is_selected)
        if is_selected and selected is not None:
            _tools(store, reviewer, selected, uncertain, project.tgt_lang, ref_label)
    if selected is not None and all(segment.id != selected.id for segment in page.rows):
        st.caption(f"Segment {selected.position + 1} is selected, on page {selected.position // PAGE_SIZE + 1}.")


main()
