"""The Review page's list: one row per segment with its number (a button that opens it), status, open
findings, chrF, and what was done to it: the MT with its correction as a word diff, or struck out when
the segment was deleted in the correction.

Rows are HTML (escaped) beside a button rather than a dataframe: a dataframe's canvas cells cannot
strike text out or show a diff, and a struck-out row must still read as "deleted" to a screen reader.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import streamlit as st

from review_app.store import SegmentRow
from review_app.text.diff import DEL_STYLE, diff_html
from review_app.vocab import STATUS_COLORS, STATUS_LABELS, shown

ROW = "reviewrow"  # key prefix of a row's container; the current segment's row is ROW-cur-ID
MT_CHARS = 160  # an unchanged or deleted MT shown per row: enough to recognise a segment
CONTEXT = 20  # unchanged characters kept beside each change in a row's diff
WIDTHS = [0.45, 5]  # the number button, the rest of the row
GRID = "display:grid;grid-template-columns:5.2rem 1.9rem 1.9rem minmax(0,1fr);gap:.4rem;align-items:start"
STYLE = (
    f"<style>[class*='st-key-{ROW}-']{{border-bottom:1px solid rgba(128,128,128,.25);padding:.1rem 0 .2rem;gap:0}}"
    f"[class*='st-key-{ROW}-cur-']{{background:rgba(37,99,235,.09);box-shadow:inset 3px 0 #2563eb}}"
    f"[class*='st-key-{ROW}-'] button{{min-height:1.5rem;padding:0 .2rem}}"
    f"[class*='st-key-{ROW}-'] button p{{font-weight:600;color:#1d4ed8;text-decoration:underline}}"
    ".list-row{font-size:.85rem;line-height:1.35}"
    ".list-meta{font-size:.78rem}.list-num{text-align:right;font-variant-numeric:tabular-nums}"
    ".list-text{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;"
    "overflow-wrap:anywhere}"
    ".list-row.changed .list-text{-webkit-line-clamp:3}"  # room for the changes: what was done
    ".list-deleted{color:#82071e;font-weight:600}</style>"
)


def _short(text: str) -> str:
    return text[:MT_CHARS] + ("…" if len(text) > MT_CHARS else "")


def change_html(row: SegmentRow) -> str:
    """What was done to the segment, as escaped HTML: its MT struck out when deleted, unchanged, or the
    MT → corrected word diff (long unchanged stretches cut, so every change shows)."""
    if row.deleted:
        return f'<del style="{DEL_STYLE}">{html.escape(_short(row.mt))}</del>'
    if row.corrected == row.mt:
        return html.escape(_short(row.mt))
    return diff_html(row.mt, row.corrected, context=CONTEXT)


def row_html(row: SegmentRow, lang: str) -> str:
    """The row beside the number: status, open findings and chrF, then the text."""
    colour = STATUS_COLORS.get(row.status, "#94a3b8")
    status = html.escape(STATUS_LABELS.get(row.status, row.status))
    deleted = '<br><span class="list-deleted">deleted</span>' if row.deleted else ""
    chrf = shown(row.scores.get("chrf"), ".0f")
    kind = " deleted" if row.deleted else " changed" if row.corrected != row.mt else ""
    return (f'<div class="list-row{kind}" style="{GRID}">'
            f'<div class="list-meta"><span style="color:{colour}" aria-hidden="true">●</span> {status}{deleted}</div>'
            f'<div class="list-num" title="open QA findings">{row.open_findings}</div>'
            f'<div class="list-num" title="sentence chrF of the MT">{chrf}</div>'
            f'<div class="list-text" lang="{html.escape(lang, quote=True)}">{change_html(row)}</div></div>')


def header_html() -> str:
    """The column titles, laid out as the rows are."""
    return (f'<div class="list-row" style="{GRID};font-weight:600">'
            '<div>status</div><div class="list-num">open</div><div class="list-num">chrF</div>'
            "<div>MT → corrected text</div></div>")


def segment_list(rows: Sequence[SegmentRow], current: int | None, first_index: int, lang: str,
                 on_open: Callable[[int, int], None]) -> None:
    """The rows of one page of the list (``first_index``: the list index of the first); the current
    segment's row is highlighted; a row's number opens its segment (``on_open(id, list index)``)."""
    st.html(STYLE)
    rows_box = st.container(gap=None)  # rows touch: the rule under each separates them
    head = rows_box.columns(WIDTHS, gap="small")
    head[0].html('<div class="list-row" style="font-weight:600">#</div>')
    head[1].html(header_html())
    for i, row in enumerate(rows):
        number = row.position + 1
        is_current = row.id == current
        with rows_box.container(key=f"{ROW}-{'cur-' if is_current else ''}{row.id}"):
            cells = st.columns(WIDTHS, gap="small", vertical_alignment="top")
            cells[0].button(str(number), key=f"list-open-{row.id}", type="tertiary",
                            help=f"Segment {number}" + (" (shown)" if is_current else ": open it"),
                            on_click=on_open, args=(row.id, first_index + i))
            cells[1].html(row_html(row, lang))

