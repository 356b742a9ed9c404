"""One unit's side in TMX and XLIFF: read into a :class:`Unit` field and written back as element content.

Builds on :mod:`xmlsafe` (parsing, escaping) and :mod:`inline_xml` (inline codes); the three XML
formats share it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import Unit
from review_app.formats.inline import fits
from review_app.formats.inline_xml import read_codes, render, unit_codes
from review_app.formats.xmlsafe import UnwritableText, escape_text, fragment_text, inner_xml, plain_text


def read_side(
    path: Path, elem: Any, unit: Unit, name: str, fmt: str, home_ns: str | None, skip: frozenset[str],
    data: dict[str, str] | None = None,
) -> None:
    """Set field ``name`` of ``unit`` from ``elem``: plain text, plus its tags (verbatim and neutral).

    ``data`` is the XLIFF 2.0 unit's ``<originalData>`` (id → native code).
    """
    try:
        setattr(unit, name, plain_text(elem, skip))
    except ValueError as exc:
        raise InputError(path, f"line {elem.sourceline}: {exc}") from None
    if len(elem):
        unit.markup[name] = inner_xml(elem, home_ns)
        unit.markup_format = fmt
        codes = read_codes(elem, fmt, data)
        if codes:
            unit.inline[name] = codes


def unit_xml(path: Path, unit: Unit, render: Callable[..., str], *args: Any) -> str:
    """``render(path, unit, *args)``: one unit's XML, text XML cannot hold an InputError naming the unit."""
    try:
        return render(path, unit, *args)
    except UnwritableText as exc:
        raise InputError(path, f"unit {unit.id!r}: {exc}") from None


def side_xml(
    unit: Unit, name: str, fmt: str, home_ns: str | None, skip: frozenset[str], *, cp: bool = False,
    numbers: dict[str, int] | None = None, data: dict[str, str] | None = None,
) -> str:
    """Field ``name`` of ``unit`` as element content: kept markup, else its inline codes, else escaped text.

    Kept markup is reused verbatim only by the format it came from and only while its plain text
    still equals the field. Otherwise the unit's format-neutral inline codes are written in this
    format's elements (``numbers`` and ``data`` are shared by a unit's sides, see
    :func:`review_app.formats.inline_xml.render`); codes that no longer fit the text are refused
    (:class:`UnwritableText`) rather than dropped.
    """
    text = getattr(unit, name) or ""
    markup = unit.markup.get(name) if unit.markup_format == fmt else None
    if markup is not None and fragment_text(markup, home_ns, skip) == text:
        return markup
    codes = unit_codes(unit, name)
    if codes:
        if not fits(codes, text):
            raise UnwritableText(f"the inline tags of {name!r} lie beyond the end of its text")
        return render(text, codes, fmt, numbers, cp=cp, data=data)
    return escape_text(text, cp=cp)
