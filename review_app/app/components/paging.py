"""Long lists a page at a time: the store reads one page (LIMIT/OFFSET) and counts the whole list in SQL; this
draws Streamlit's pager for it and says which rows show. Every list that can grow with the data goes through
:func:`pager` (the Review and Document pages' segment lists page by segment position on their own)."""

from __future__ import annotations

import streamlit as st

PAGE_ROWS = 100  # table rows a page
PAGE_ITEMS = 20  # list items a page where each is a block of its own (a document with its button)


def pager(total: int, key: str, noun: str, *, size: int = PAGE_ROWS) -> int:
    """The offset of the page of ``total`` rows to show, ``size`` a page: 0 when they fit on one page; otherwise
    a pager (its page kept under ``key``, the first page again when the list shrinks below it) and a caption
    "rows 101–200 of 1,234 {noun}"."""
    pages = -(-total // size)
    if pages <= 1:
        return 0
    number = st.pagination(pages, key=key)
    offset = (number - 1) * size
    st.caption(f"{noun[:1].upper()}{noun[1:]} {offset + 1:,}–{min(offset + size, total):,} of {total:,}")
    return offset
