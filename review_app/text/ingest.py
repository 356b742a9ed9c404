"""Read text files: detect the encoding, normalise line ends, refuse binary or undecodable input.

Accepted: UTF-8 with or without BOM, UTF-16/UTF-32 with BOM; CRLF, CR and LF line ends.
Everything else raises :class:`InputError` naming the file and the byte offset.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from review_app.errors import InputError

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def open_binary(path: str | Path) -> BinaryIO:
    """Open ``path`` for reading bytes; every problem becomes an :class:`InputError` naming it."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def decode_body(body: bytes, encoding: str, label: str | Path, *, offset: int = 0, where: str = "") -> str:
    """Decode ``body`` (which starts at byte ``offset`` of the file); ``where`` prefixes messages, e.g. a line."""
    if encoding == "utf-8":
        nul = body.find(b"\x00")
        if nul != -1:
            raise InputError(
                label, f"{where}binary data (NUL byte) at byte offset {nul + offset}; expected a text file"
            )
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = body[exc.start : exc.start + 1].hex()
        raise InputError(
            label,
            f"{where}cannot decode as {encoding.upper()}: invalid byte 0x{bad} at byte offset {exc.start + offset} "
            "(save the file as UTF-8)",
        ) from None
    if "\x00" in text:
        raise InputError(label, f"{where}binary data (NUL character) in the text; expected a text file")
    return text


def decode_bytes(data: bytes, label: str | Path) -> str:
    """Decode ``data`` (named ``label`` in errors) and normalise line ends to ``\\n``."""
    encoding, offset = "utf-8", 0
    for bom, name in BOMS:
        if data.startswith(bom):
            encoding, offset = name, len(bom)
            break
    text = decode_body(data[offset:], encoding, label, offset=offset)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(label, "empty input: the file holds no text")
    return text


_NEWLINE_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


@dataclass(frozen=True, slots=True)
class TextLayout:
    """How a text file was written: encoding, BOM and line ends (``mixed`` when it used several kinds)."""

    encoding: str
    bom: bytes
    newline: str
    counts: dict[str, int]

    @property
    def mixed(self) -> bool:
        """Whether the file used more than one kind of line end."""
        return sum(1 for n in self.counts.values() if n) > 1

    @property
    def newline_name(self) -> str:
        """``LF``, ``CRLF`` or ``CR``."""
        return _NEWLINE_NAMES[self.newline]

    def describe(self) -> str:
        """E.g. ``"3 CRLF, 1 LF"``."""
        return ", ".join(f"{n} {_NEWLINE_NAMES[end]}" for end, n in self.counts.items() if n)

    def encode(self, text: str) -> bytes:
        """``text`` (with ``\\n`` line ends) in this layout: same encoding, BOM and line end."""
        return self.bom + text.replace("\n", self.newline).encode(self.encoding)


def text_layout(path: str | Path) -> TextLayout:
    """The layout of a text file (see :class:`TextLayout`); the most frequent line end wins, LF on a tie."""
    with open_binary(path) as handle:
        data = handle.read()
    encoding, bom = "utf-8", b""
    for mark, name in BOMS:
        if data.startswith(mark):
            encoding, bom = name, mark
            break
    text = decode_body(data[len(bom) :], encoding, path, offset=len(bom))
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    newline = max(counts, key=lambda end: counts[end])  # dict order: LF first, so it wins ties
    return TextLayout(encoding, bom, newline, counts)


def physical_lines(text: str) -> list[str]:
    """The lines of a decoded text; a final newline does not make an extra line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_text(path: str | Path) -> str:
    """Read and decode a text file; every problem becomes an :class:`InputError` naming the file."""
    with open_binary(path) as handle:
        data = handle.read()
    return decode_bytes(data, path)


# --- Segment length -------------------------------------------------------------------------------
# Scoring a segment (TER above all) and aligning it take time and memory that grow with the square
# of its length: a 100,000-character line took minutes and gigabytes. Segments (sentences, or
# lines in line-parallel mode) are therefore limited; ``--max-segment-chars`` raises the limit.
MAX_SEGMENT_CHARS = 10_000


def check_segment_length(text: str, label: str | Path, where: str, limit: int = MAX_SEGMENT_CHARS) -> None:
    """Refuse a segment longer than ``limit`` characters (``0``: no limit); ``where`` locates it, e.g. "line 3"."""
    if limit and len(text) > limit:
        raise InputError(
            label,
            f"{where}: a segment of {len(text):,} characters is over the limit of {limit:,} (scoring cost grows "
            "with the square of the length); split it, or raise the limit with --max-segment-chars",
        )


# --- Line length (check, fix) ----------------------------------------------------------------------
# ``check`` and ``fix`` read documents, one paragraph per line; a paragraph of 100,000 characters is
# some 15,000 words, longer than any real one. A longer "line" is a file without line ends (a dump,
# minified markup, a whole book on one line), where findings would mean nothing and every check
# would still run over it; it is refused, and ``--max-line-chars`` raises the limit.
MAX_LINE_CHARS = 100_000


def check_line_lengths(text: str, label: str | Path, limit: int = MAX_LINE_CHARS) -> None:
    """Refuse the first line of ``text`` longer than ``limit`` characters (``0``: no limit), naming it."""
    if not limit or len(text) <= limit:
        return
    start, number = 0, 1
    while start <= len(text):  # line by line without a copy of the text
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > limit:
            raise InputError(
                label,
                f"line {number}: {end - start:,} characters, over the limit of {limit:,} for one line (a paragraph); "
                "is the file missing its line ends? Raise the limit with --max-line-chars",
            )
        start, number = end + 1, number + 1


# --- Reading text files lazily -----------------------------------------------------------------

# UTF-16/32 files are decoded whole; UTF-8 ones line by line.
_WIDE_BOMS = tuple((bom, name) for bom, name in BOMS if name != "utf-8")
_LINE_END = re.compile(r"\r\n|\r|\n")


def iter_text_lines(path: Path, *, keep_ends: bool = False) -> Iterator[str]:
    """Yield the lines of a text file with ``"\\n"`` line ends, decoding as they are read.

    ``keep_ends=True`` keeps each line's own end (CRLF, CR or LF), for readers that must tell
    them apart (a CR inside a quoted CSV cell is text, not a line end).

    UTF-8 (with or without BOM) is streamed line by line; UTF-16/32 files (with BOM) are
    decoded whole. Bad bytes and NULs raise :class:`InputError` with the line and byte offset,
    in the same words as :func:`decode_bytes`.
    """
    with open_binary(path) as handle:
        head = handle.read(4)
        for bom, encoding in _WIDE_BOMS:
            # The UTF-32-LE BOM starts with the UTF-16-LE one, so the longer ones come first.
            if head.startswith(bom):
                body = decode_body(head[len(bom) :] + handle.read(), encoding, path, offset=len(bom))
                yield from _split_lines(body, keep_ends)
                return
        handle.seek(3 if head.startswith(codecs.BOM_UTF8) else 0)
        offset = handle.tell()
        for number, raw in enumerate(handle, start=1):
            yield from _split_lines(decode_body(raw, "utf-8", path, offset=offset, where=f"line {number}: "), keep_ends)
            offset += len(raw)


def _split_lines(text: str, keep_ends: bool = False) -> Iterator[str]:
    """Split on CRLF, CR or LF (only those: ``str.splitlines`` also splits on U+2028 and others)."""
    if not text:
        return
    if "\r" not in text and text.find("\n") in (-1, len(text) - 1):
        yield text  # the common case: one line read from a file, LF-terminated
        return
    start = 0
    for match in _LINE_END.finditer(text):
        yield text[start : match.end()] if keep_ends else text[start : match.start()] + "\n"
        start = match.end()
    if start < len(text):
        yield text[start:]
