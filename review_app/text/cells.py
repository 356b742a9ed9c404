"""The spreadsheet cell rule: a cell a spreadsheet would run as a formula gets a leading ``'`` (and reading
strips exactly that quote again). Shared by the spreadsheet-safe writer (``formats/sheet``) and the glossary
TSV (``checks/glossary``), which both sit above this layer."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def neutralize_cell(value: str) -> str:
    """``value`` made safe to open in a spreadsheet (a leading ``'`` where needed).

    A cell that already starts with a quote followed by a trigger (or another quote) is quoted
    too, so that :func:`unneutralize_cell` strips exactly one quote and the round trip is exact.
    """
    if value[:1] in FORMULA_TRIGGERS or (value[:1] == "'" and (value[1:2] in FORMULA_TRIGGERS or value[1:2] == "'")):
        return "'" + value
    return value


def unneutralize_cell(value: str) -> str:
    """Inverse of :func:`neutralize_cell`."""
    if value[:1] == "'" and (value[1:2] in FORMULA_TRIGGERS or value[1:2] == "'"):
        return value[1:]
    return value
