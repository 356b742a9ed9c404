"""Corpus formats: one reader/writer interface over txt, TSV/CSV, JSONL, TMX, XLIFF and MQM TSV.

``read_units(path)`` yields :class:`Unit` objects lazily; ``write_units(path, units)`` writes
them incrementally and atomically (a failed export leaves no file behind). The format is
chosen by ``format=`` or detected from the file name (and, for ``.tsv``, the MQM header).
Options that a format does not take are refused, so a misplaced option never passes silently.
"""

from __future__ import annotations

import inspect
import operator
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import (
    META_FIELDS,
    TARGET_CHOICES,
    TEXT_FIELDS,
    Annotation,
    Export,
    FormatSpec,
    Unit,
    Variant,
)
from review_app.formats.inline_xml import unit_codes
from review_app.formats.jsonl import read_jsonl, write_jsonl
from review_app.formats.mqm import COLUMNS as MQM_COLUMNS
from review_app.formats.mqm import read_mqm_units, write_mqm
from review_app.formats.tabular import read_csv, read_tsv, write_csv, write_tsv
from review_app.formats.tmx import read_tmx, write_tmx
from review_app.formats.txt import read_txt, write_txt
from review_app.formats.xliff import read_xliff, write_xliff

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "TARGET_CHOICES",
    "TEXT_FIELDS",
    "Annotation",
    "Export",
    "FormatSpec",
    "Unit",
    "Variant",
    "detect_format",
    "export_format_of",
    "format_options",
    "read_units",
    "write_units",
]

FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("txt", "plain text, one segment per line (one side per file)", (".txt",), read_txt, write_txt,
                   Export("Plain text (corrected text, one segment per line)", ".txt", "text/plain",
                          {"side": "corrected"})),
        FormatSpec("tsv", "tab-separated values with a header row naming the columns", (".tsv",), read_tsv, write_tsv,
                   Export("TSV (every field, one row per segment)", ".tsv", "text/tab-separated-values")),
        FormatSpec("csv", "comma-separated values with a header row naming the columns", (".csv",), read_csv,
                   write_csv),
        FormatSpec("jsonl", "JSON Lines, one object per unit with every field", (".jsonl", ".ndjson"), read_jsonl,
                   write_jsonl,
                   Export("JSON Lines (every field, review provenance included)", ".jsonl", "application/x-ndjson")),
        FormatSpec("tmx", "TMX 1.4b translation memory", (".tmx",), read_tmx, write_tmx,
                   Export("TMX 1.4b (target: corrected text)", ".tmx", "application/x-tmx+xml",
                          {"target": "corrected"})),
        FormatSpec("xliff", "XLIFF 1.2 or 2.0 (detected on read; 2.0 written unless xliff_version='1.2')",
                   (".xlf", ".xliff"), read_xliff, write_xliff,
                   Export("XLIFF 2.0 (target: corrected text)", ".xlf", "application/xliff+xml",
                          {"target": "corrected"})),
        FormatSpec("mqm", "Google's WMT MQM TSV (error annotations, <v>…</v> spans, quoting off)", (), read_mqm_units,
                   write_mqm,
                   Export("MQM TSV (the reviewers' error annotations, Google's WMT layout)", ".mqm.tsv",
                          "text/tab-separated-values")),
    )
}
# The formats a review is exported in, in the order they are offered (the first is the app's default).
EXPORT_FORMATS: dict[str, Export] = {
    name: export for name in ("tsv", "jsonl", "tmx", "xliff", "txt", "mqm") if (export := FORMATS[name].export)
}


def export_format_of(path: str) -> str | None:
    """The export format a file name asks for by its ending (``.mqm.tsv`` before ``.tsv``), if any."""
    lower = path.lower()
    endings = [(ending, name) for name, export in EXPORT_FORMATS.items()
               for ending in (export.suffix, *FORMATS[name].extensions)]
    return next((name for ending, name in sorted(endings, key=lambda e: -len(e[0])) if lower.endswith(ending)), None)


def detect_format(path: str | Path) -> str:
    """The format name for ``path`` from its ending; an existing ``.tsv`` with an MQM header is ``mqm``."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".tsv" and target.is_file() and _has_mqm_header(target):
        return "mqm"
    for spec in FORMATS.values():
        if suffix in spec.extensions:
            return spec.name
    known = ", ".join(ext for spec in FORMATS.values() for ext in spec.extensions)
    raise InputError(
        path, f"cannot tell the format from the file name (known endings: {known}); give the format explicitly"
    )


def _has_mqm_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            first = handle.readline(4096).decode("utf-8-sig", errors="replace").rstrip("\r\n").split("\t")
    except OSError:
        return False
    return all(name in first for name in MQM_COLUMNS)


def format_options(name: str, mode: str) -> tuple[str, ...]:
    """Keyword options the reader (``mode="read"``) or writer (``"write"``) of format ``name`` takes."""
    spec = _spec(name)
    function = spec.read if mode == "read" else spec.write
    return tuple(
        p.name for p in inspect.signature(function).parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY
    )


def _spec(name: str) -> FormatSpec:
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(None, f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def _check_options(name: str, mode: str, options: dict[str, Any]) -> dict[str, Any]:
    given = {key: value for key, value in options.items() if value is not None}
    accepted = format_options(name, mode)
    wrong = [key for key in given if key not in accepted]
    if wrong:
        raise InputError(None, f"option(s) {', '.join(wrong)} do not apply when {mode}ing {name} "
                         f"(it takes: {', '.join(accepted) or 'none'})")
    return given


def read_units(path: str | Path, format: str | None = None, **options: Any) -> Iterator[Unit]:
    """Yield the units of ``path`` lazily (``format`` defaults to :func:`detect_format`)."""
    name = format or detect_format(path)
    return _spec(name).read(Path(path), **_check_options(name, "read", options))


def write_units(path: str | Path, units: Iterable[Unit], format: str | None = None, **options: Any) -> int:
    """Write ``units`` to ``path`` atomically; returns how many were written.

    A unit holding text the format cannot give back (a lone surrogate anywhere; a NUL in a plain
    text format, whose reader refuses binary data) is refused with an :class:`InputError` naming
    it, and nothing is written.
    """
    name = format or detect_format(path)
    given = _check_options(name, "write", options)
    checked = _writable(units, Path(path), name, given.get("side", "mt"))
    return _spec(name).write(Path(path), checked, **given)


# Formats written as plain text lines: a NUL would make the file unreadable (binary) to our readers.
_NUL_REFUSED = frozenset({"txt", "tsv", "csv", "mqm"})
_strings_of = operator.attrgetter("id", *TEXT_FIELDS, *META_FIELDS, "markup_format")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_OR_NUL = re.compile("[\ud800-\udfff\x00]")


# Formats with no place for inline tags: a unit that has some is refused, never written without them.
_NO_INLINE = frozenset({"txt", "mqm"})
# Formats with no place for a text in a further language (a multilingual TMX's third <tuv>): likewise.
_NO_VARIANTS = frozenset({"txt", "mqm", "xliff"})
LANGUAGE_FORMATS: tuple[str, ...] = tuple(name for name in FORMATS if name not in _NO_VARIANTS)


def _writable(units: Iterable[Unit], path: Path, name: str, side: str) -> Iterator[Unit]:
    pattern = _SURROGATE_OR_NUL if name in _NUL_REFUSED else _SURROGATE
    for unit in units:
        if name in _NO_INLINE:
            # txt writes one side; MQM TSV the source and the MT.
            written = ("source", "mt") if name == "mqm" else (unit.target_field() if side == "auto" else side,)
            tagged = [field for field in written if unit_codes(unit, field)]
            if tagged:
                raise InputError(path, f"unit {unit.id!r}: the {' and '.join(tagged)} text has inline tags, "
                                 f"which {name} cannot hold; write tmx, xliff, jsonl, tsv or csv, or drop the tags "
                                 "explicitly (convert --drop-inline)")
        if unit.variants and name in _NO_VARIANTS:
            langs = ", ".join(dict.fromkeys(variant.lang for variant in unit.variants))
            raise InputError(path, f"unit {unit.id!r}: holds text in {len(unit.variants)} more language(s) ({langs}) "
                             f"besides the source and target, which {name} cannot hold; write "
                             f"{', '.join(LANGUAGE_FORMATS[:-1])} or {LANGUAGE_FORMATS[-1]}, or drop them explicitly "
                             "(convert --drop-languages)")
        bad = _first_bad(unit, pattern)
        if bad is not None:
            what = "a NUL character" if bad == "\x00" else f"a lone surrogate U+{ord(bad):04X} (not a character)"
            raise InputError(path, f"unit {unit.id!r}: holds {what}, which {name} cannot hold")
        yield unit


def _first_bad(unit: Unit, pattern: re.Pattern[str]) -> str | None:
    """The first character of ``unit`` matching ``pattern`` (one search over its strings: writing stays fast)."""
    parts = [value for value in _strings_of(unit) if value]
    if unit.reviewers or unit.notes or unit.props or unit.markup:
        parts += [*unit.reviewers, *unit.notes, *unit.props, *unit.props.values(), *unit.markup,
                  *unit.markup.values()]
    for variant in unit.variants:
        parts += [variant.lang, variant.text, variant.markup or ""]
    found = pattern.search("\x01".join(parts))
    if found:
        return found.group()
    if unit.fixes or unit.annotations or unit.inline:
        structured = unit.to_dict()
        return _first_match([structured.get(name) for name in ("fixes", "annotations", "inline")], pattern)
    return None


def _first_match(value: Any, pattern: re.Pattern[str]) -> str | None:
    if isinstance(value, str):
        found = pattern.search(value)
        return found.group() if found else None
    items = value.items() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        for part in item if isinstance(value, dict) else (item,):
            found_in = _first_match(part, pattern)
            if found_in is not None:
                return found_in
    return None
