"""Plain text: one segment per line, one file per side (the side is chosen by an option)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from review_app.errors import InputError
from review_app.formats.base import TEXT_FIELDS, Unit
from review_app.output import atomic_write
from review_app.text.ingest import iter_text_lines

SIDES: tuple[str, ...] = (*TEXT_FIELDS, "auto")


def _check_side(side: str) -> None:
    if side not in SIDES:
        raise InputError(None, f"unknown side {side!r} for plain text (choose from {', '.join(SIDES)})")


def read_txt(
    path: Path, *, side: str = "mt", src_lang: str | None = None, tgt_lang: str | None = None
) -> Iterator[Unit]:
    """Yield one unit per line, the line's text in field ``side``; ids are 1-based line numbers.

    Empty lines give units with empty text, so that files of different sides stay aligned.
    """
    _check_side(side)
    if side == "auto":
        side = "mt"
    for number, line in enumerate(iter_text_lines(path), start=1):
        unit = Unit(id=str(number), src_lang=src_lang, tgt_lang=tgt_lang)
        setattr(unit, side, line[:-1] if line.endswith("\n") else line)
        yield unit


def write_txt(path: Path, units: Iterable[Unit], *, side: str = "mt") -> int:
    """Write field ``side`` of each unit on its own line (``auto``: corrected, else MT).

    A missing text becomes an empty line; a text with a line break cannot be written.
    """
    _check_side(side)
    count = 0
    with atomic_write(path) as out:
        for unit in units:
            name = unit.target_field() if side == "auto" else side
            text = getattr(unit, name) or ""
            if "\n" in text or "\r" in text:
                raise InputError(path, f"unit {unit.id!r}: the {name} text has a line break; plain text holds one "
                                 "segment per line (use TSV, JSONL, TMX or XLIFF)")
            if count == 0 and text.startswith("\ufeff"):
                out.write("\ufeff")  # a BOM, so that reading strips it and not the text's own U+FEFF
            out.write(text + "\n")
            count += 1
    return count
