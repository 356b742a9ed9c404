"""The one spreadsheet-safe writer (and its reader) behind every CSV/TSV the project writes.

Corpus exports (``tsv``/``csv``/``mqm``), the QA report (``export --report tsv`` and the app's
report download) all go through here, so they get the same two guarantees:

* **No formulas.** A cell that a spreadsheet would run (``=HYPERLINK(…)``, DDE such as
  ``=cmd|' /C calc'!A0``, ``@SUM(…)``, ``+``/``-`` prefixed, a leading tab or CR, and the
  full-width ``＝＋－＠`` that some spreadsheets also take as formula starts) gets a leading
  ``'``; reading strips exactly that quote again, so the round trip is exact.
* **Exact round trip.** A cell holding a delimiter, a quote, a CR or an LF is quoted (Python's
  ``csv`` module leaves a lone CR unquoted, which splits the row on reading); reading keeps the
  line ends inside quoted cells as they were (a CRLF stays a CRLF) and accepts cells of any size.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from review_app.errors import InputError
from review_app.text.cells import neutralize_cell

# The csv module refuses fields over 131,072 characters by default; a segment may be longer
# (the size of a whole input is bounded where it is read).
csv.field_size_limit(2**31 - 1)


def format_row(cells: Sequence[str], delimiter: str) -> str:
    """One delimited line (LF-terminated): cells holding the delimiter, a quote, CR or LF are quoted."""
    specials = (delimiter, '"', "\r", "\n")
    quoted = (f'"{c.replace(chr(34), chr(34) * 2)}"' if any(s in c for s in specials) else c for c in cells)
    return delimiter.join(quoted) + "\n"


class SheetWriter:
    """Rows into a text handle: formula-like cells neutralised (unless ``raw``), quoting that round-trips."""

    def __init__(self, handle: IO[str], delimiter: str = "\t", *, raw: bool = False) -> None:
        self.handle = handle
        self.delimiter = delimiter
        self.raw = raw

    def writerow(self, cells: Iterable[object]) -> None:
        """Write one row; ``None`` is an empty cell, other values are written as ``str()``."""
        texts = ["" if cell is None else str(cell) for cell in cells]
        if not self.raw:
            texts = [neutralize_cell(text) for text in texts]
        self.handle.write(format_row(texts, self.delimiter))


def sheet_text(header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = "\t") -> str:
    """A whole spreadsheet-safe table (header row first) as a string, for downloads."""
    parts: list[str] = []

    class _Collect:
        def write(self, text: str) -> None:
            parts.append(text)

    writer = SheetWriter(_Collect(), delimiter)  # type: ignore[arg-type]
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return "".join(parts)


def read_rows(lines: Iterable[str], path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each row; ``lines`` keep their own line ends (see ``iter_text_lines``)."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        kind = "TSV" if delimiter == "\t" else "CSV"
        raise InputError(path, f"line {reader.line_num}: malformed {kind}: {exc}") from None
