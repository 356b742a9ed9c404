"""The Review page's "Search text": case-insensitive in every script, and the same on SQLite and PostgreSQL.

SQLite's ``LIKE`` and ``lower()`` fold ASCII letters only ("МОСКВА" does not find "Москва"), and
PostgreSQL's depend on the database's locale. So each segment keeps ``search``: its four texts (MT,
reference, corrected, source) folded by Python and joined by U+001F, a control character no review
text holds (XML cannot carry it; a text's own is read as a space). A search folds its words the same way
and matches with a plain ``LIKE``, so both databases give the same answer. Folding is Unicode caseless
matching (full case folding of the canonical decomposition, ``ß`` = ``ss``, final ``ς`` = ``σ``),
stored composed (NFC). The column is written with the segment: by :func:`search_text` in the bulk
insert of a new document and by a mapper event (``models``) on every other insert and update.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

SEPARATOR = "\x1f"


def fold(text: str) -> str:
    """``text`` for caseless comparison: NFC of the full case folding of its canonical decomposition."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
    return folded.replace(SEPARATOR, " ")


def search_text(mt: str, ref: str, corrected: str, src: str | None) -> str:
    """The ``search`` column of a segment with these texts."""
    return SEPARATOR.join(fold(text or "") for text in (mt, ref, corrected, src))


def matches(column: InstrumentedAttribute[str], needle: str) -> ColumnElement[bool]:
    """SQL: the folded texts in ``column`` contain the folded ``needle`` (``%`` and ``_`` match themselves)."""
    return column.contains(fold(needle), autoescape=True)
