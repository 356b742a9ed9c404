"""The names and codes a user types that the store keeps: checked before they reach a column.

A value longer than its column is refused with one line on every database (PostgreSQL would
raise a driver error, SQLite would keep it silently), and so is one that is not a single line of
printable characters (a name is shown in pickers, tables and file names).
"""

from __future__ import annotations

from review_app.store.records import StoreError

# The columns' lengths (models.py).
NAME_LIMITS = {"project": 200, "document": 300}
LANGUAGE_LIMIT = 20
SYSTEM_LIMIT = 200


def _one_line(what: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise StoreError(f"{what} has at most {limit} characters ({len(value)} given)")
    if not value.isprintable():
        raise StoreError(f"{what} must be one line of printable characters")
    return value


def clean_name(kind: str, name: str) -> str:
    """A project's or document's name: stripped, not empty, on one line, within the column's length."""
    name = (name or "").strip()
    if not name:
        raise StoreError(f"the {kind} needs a name")
    return _one_line(f"a {kind} name", name, NAME_LIMITS[kind])


def clean_language(code: str) -> str:
    """A language code (``ru``, ``en-GB``): stripped, not empty, short."""
    code = (code or "").strip()
    if not code:
        raise StoreError("give the source and the target language (e.g. ru, en)")
    return _one_line("a language code", code, LANGUAGE_LIMIT)


def clean_system(system: str | None) -> str | None:
    """The MT system's name, or None when not given."""
    system = (system or "").strip()
    return _one_line("an MT system name", system, SYSTEM_LIMIT) if system else None
