"""Line-parallel sources: line *i* of every side (MT, references, source) is segment *i*.

The one loader of line-parallel text for every path that reads it (``align``/``score --segmented``,
``qa --segmented`` here and on a cluster, ``compare``, the app's import): the same line ends, the same
length limit per line, the same refusal when the sides' line counts differ, and the same segment for a
blank line. A side is a label (a file path, or a name such as ``reference`` for a text already read)
and its lines, read lazily from a file (:func:`file_side`) or split from a text (:func:`text_side`).

A blank line is no sentence: a line that is blank on the MT side and not on the reference is a 0-1
link (the MT left it out), the other way round 1-0, both blank 0-0; its side has no sentence id. A
reviewer then sees an omission as one, in the app as in ``qa``'s report.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.text.ingest import MAX_SEGMENT_CHARS, check_segment_length, iter_text_lines, physical_lines


@dataclass(frozen=True, slots=True)
class Side:
    """One side of line-parallel input: what errors call it, and its lines (``"\\n"`` line ends or none)."""

    label: str | Path
    lines: Iterable[str]


def file_side(path: str | Path) -> Side:
    """A file's lines, decoded as they are read (named by the path as given)."""
    return Side(path, iter_text_lines(Path(path)))


def text_side(label: str, text: str) -> Side:
    """A text already read (an upload, a stored document), named ``label``."""
    return Side(label, physical_lines(text))


def parallel_rows(sides: Sequence[Side], max_chars: int = MAX_SEGMENT_CHARS, *, first: int = 0
                  ) -> Iterator[tuple[str, ...]]:
    """Row *i*: line *i* of every side, line end removed, each at most ``max_chars`` characters (0: no limit).

    A side with another number of lines than the first is refused (:class:`InputError` naming it, with
    both counts) when the shorter side ends; the rows before it have been yielded. ``first``: the line
    number (0-based) of the sides' first line, for a part of longer files (errors name the file's line).
    """
    streams = [iter(side.lines) for side in sides]
    for index, row in enumerate(zip_longest(*streams)):
        if None in row:
            _mismatch(sides, streams, row, index)
        texts = tuple(line.removesuffix("\n") for line in row if line is not None)
        for side, text in zip(sides, texts, strict=True):
            check_segment_length(text, side.label, f"line {first + index + 1}", max_chars)
        yield texts


def parallel_columns(sides: Sequence[Side], max_chars: int = MAX_SEGMENT_CHARS) -> list[list[str]]:
    """Every side's lines as a list (``parallel_rows`` read whole)."""
    columns: list[list[str]] = [[] for _ in sides]
    for row in parallel_rows(sides, max_chars):
        for column, text in zip(columns, row, strict=True):
            column.append(text)
    return columns


def parallel_chunks(sides: Sequence[Side], size: int, max_chars: int = MAX_SEGMENT_CHARS
                    ) -> Iterator[list[tuple[str, ...]]]:
    """``parallel_rows`` ``size`` rows at a time (bounded memory for long files)."""
    rows = parallel_rows(sides, max_chars)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _mismatch(sides: Sequence[Side], streams: list[Iterator[str]], row: tuple[str | None, ...], index: int) -> None:
    """Count the rest of every side and name the first whose count differs from the first side's."""
    counts = [index + (line is not None) + sum(1 for _ in stream) for line, stream in zip(row, streams, strict=True)]
    check_line_counts([side.label for side in sides], counts)


def check_line_counts(labels: Sequence[str | Path], counts: Sequence[int]) -> None:
    """Refuse sides whose line counts differ from the first side's (the one message of every path)."""
    bad = next((k for k, n in enumerate(counts) if n != counts[0]), None)
    if bad is not None:
        raise InputError(labels[bad], f"has {counts[bad]} lines but {labels[0]} has {counts[0]}; "
                         "line-parallel files must have the same number of lines")


def _ids(text: str, index: int) -> list[int]:
    return [index] if text.strip() else []


def line_segment(index: int, mt: str, ref: str, src: str | None = None) -> AlignedSegment:
    """Segment ``index`` of line-parallel input: a blank side has no sentence (links 0-1, 1-0, 0-0)."""
    link = f"{int(bool(mt.strip()))}-{int(bool(ref.strip()))}"
    return AlignedSegment(mt, ref, src, _ids(mt, index), _ids(ref, index),
                          _ids(src, index) if src is not None else [], link, 1.0)
