"""XLIFF: the version (1.2 or 2.0) is detected from the document on read, chosen on write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from review_app.errors import InputError
from review_app.formats import xliff12, xliff20
from review_app.formats.base import TARGET_CHOICES, Unit
from review_app.formats.xmlsafe import root_of

VERSIONS: tuple[str, ...] = ("1.2", "2.0")


def read_xliff(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Yield the units of an XLIFF 1.x or 2.x document (see ``xliff12`` and ``xliff20``).

    ``src_lang``/``tgt_lang`` fill in languages the document does not state.
    """
    ns, name, attrs = root_of(path)
    if name != "xliff":
        raise InputError(path, f"line 1: not an XLIFF file (document element <{name}>)")
    if ns == xliff20.NS:
        yield from xliff20.read_xliff20(path, src_lang=src_lang, tgt_lang=tgt_lang)
    elif ns in xliff12.NAMESPACES and (ns is not None or attrs.get("version", "").startswith("1.")):
        yield from xliff12.read_xliff12(path, ns, src_lang=src_lang, tgt_lang=tgt_lang)
    else:
        raise InputError(
            path, f"unsupported XLIFF (version {attrs.get('version')!r}, namespace {ns!r}); expected 1.2 or 2.0"
        )


def write_xliff(
    path: Path,
    units: Iterable[Unit],
    *,
    xliff_version: str = "2.0",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    target: str = "auto",
) -> int:
    """Write XLIFF ``xliff_version`` (``"1.2"`` or ``"2.0"``); ``target`` picks the target text."""
    if xliff_version not in VERSIONS:
        raise InputError(None, f"unknown XLIFF version {xliff_version!r} (choose from {', '.join(VERSIONS)})")
    if target not in TARGET_CHOICES:
        raise InputError(None, f"unknown target {target!r} (choose from {', '.join(TARGET_CHOICES)})")
    writer = xliff20.write_xliff20 if xliff_version == "2.0" else xliff12.write_xliff12
    return writer(path, units, src_lang=src_lang, tgt_lang=tgt_lang, target=target)
