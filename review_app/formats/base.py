"""The unit model every corpus format reads and writes, and helpers the formats share.

A :class:`Unit` is one translation unit: the source, the MT output, a reference, the reviewer's
corrected text, and the review provenance (status, the last reviewer and every reviewer, time,
applied fixes, MQM annotations, notes, properties). Readers are generators of units; writers consume any iterable
of units and write incrementally, so a corpus is never held whole in memory.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from itertools import chain
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.inline import InlineCode, codes_from_json, codes_to_json

# The four texts a unit can carry, in the order formats list them.
TEXT_FIELDS: tuple[str, ...] = ("source", "mt", "reference", "corrected")
# Single-valued provenance fields (strings or None).
META_FIELDS: tuple[str, ...] = (
    "src_lang",
    "tgt_lang",
    "status",
    "state_qualifier",
    "reviewer",
    "updated_at",
    "system",
    "doc",
)
_STRING_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *META_FIELDS, "markup_format")
# Which text goes into the target of a bilingual format (TMX, XLIFF): "auto" is the corrected
# text when there is one, else the MT.
TARGET_CHOICES: tuple[str, ...] = ("auto", "mt", "corrected")


@dataclass(frozen=True, slots=True)
class Annotation:
    """One MQM annotation: category and severity, and a character span in the target or source.

    ``start``/``end`` are offsets into the unit's ``mt`` (``side="target"``) or ``source``
    (``side="source"``); both are ``None`` for annotations without a span (e.g. ``No-error``).
    """

    category: str
    severity: str
    start: int | None = None
    end: int | None = None
    side: str = "target"
    comment: str | None = None
    rater: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON object with the fields that are set."""
        data: dict[str, Any] = {"category": self.category, "severity": self.severity}
        for name in ("start", "end", "comment", "rater"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.side != "target":
            data["side"] = self.side
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Annotation:
        """Build from a JSON object; raises ``ValueError`` on missing or mistyped fields."""
        if not isinstance(data, Mapping):
            raise ValueError("an annotation must be a JSON object")
        for name in ("category", "severity"):
            if not isinstance(data.get(name), str):
                raise ValueError(f"annotation field {name!r} must be a string")
        for name in ("start", "end"):
            value = data.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"annotation field {name!r} must be a non-negative integer")
        for name in ("comment", "rater"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise ValueError(f"annotation field {name!r} must be a string")
        side = data.get("side", "target")
        if side not in ("target", "source"):
            raise ValueError(f"annotation side must be 'target' or 'source', not {side!r}")
        unknown = set(data) - {"category", "severity", "start", "end", "side", "comment", "rater"}
        if unknown:
            raise ValueError(f"unknown annotation field(s): {', '.join(sorted(unknown))}")
        return cls(
            category=data["category"],
            severity=data["severity"],
            start=data.get("start"),
            end=data.get("end"),
            side=side,
            comment=data.get("comment"),
            rater=data.get("rater"),
        )


@dataclass(frozen=True, slots=True)
class Variant:
    """The unit's text in a further language: a multilingual TMX's ``<tuv>`` beside the source and target.

    ``markup`` is the ``<seg>``'s inner XML as read (inline tags included), reused by the TMX writer
    while ``text`` is unchanged.
    """

    lang: str
    text: str
    markup: str | None = None

    def to_dict(self) -> dict[str, str]:
        """A JSON object with the fields that are set."""
        data = {"lang": self.lang, "text": self.text}
        if self.markup is not None:
            data["markup"] = self.markup
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Variant:
        """Build from a JSON object; raises ``ValueError`` on missing, mistyped or unknown fields."""
        if not isinstance(data, Mapping):
            raise ValueError("a variant must be a JSON object")
        for name in ("lang", "text"):
            if not isinstance(data.get(name), str):
                raise ValueError(f"variant field {name!r} must be a string")
        if data.get("markup") is not None and not isinstance(data["markup"], str):
            raise ValueError("variant field 'markup' must be a string")
        unknown = set(data) - {"lang", "text", "markup"}
        if unknown:
            raise ValueError(f"unknown variant field(s): {', '.join(sorted(unknown))}")
        return cls(data["lang"], data["text"], data.get("markup"))


@dataclass(slots=True)
class Unit:
    """One translation unit with its review provenance.

    ``markup`` keeps the inner XML of a side exactly as read (inline tags included), keyed by
    field name (``"source"``, ``"mt"``, …), for the format named by ``markup_format``; a writer of
    that format reuses it verbatim as long as the field's plain text is unchanged. ``inline``
    holds the same tags format-neutrally (:class:`~review_app.formats.inline.InlineCode` at
    offsets of the plain text), so that a writer of another format carries them over.
    ``variants`` holds the texts in further languages (see :class:`Variant`).
    """

    id: str
    source: str | None = None
    mt: str | None = None
    reference: str | None = None
    corrected: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    status: str | None = None
    state_qualifier: str | None = None
    reviewer: str | None = None
    updated_at: str | None = None
    system: str | None = None
    doc: str | None = None
    # Everyone who changed the unit, in the order of their first change (``reviewer`` is the last one).
    reviewers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)
    fixes: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    markup: dict[str, str] = field(default_factory=dict)
    markup_format: str | None = None
    inline: dict[str, list[InlineCode]] = field(default_factory=dict)

    def target_field(self, target: str = "auto") -> str:
        """Name of the field a bilingual format writes as the target (see ``TARGET_CHOICES``)."""
        if target == "auto":
            return "corrected" if self.corrected is not None else "mt"
        return target

    def to_dict(self) -> dict[str, Any]:
        """A JSON object holding every field that is set (``id`` always)."""
        data: dict[str, Any] = {"id": self.id}
        for name in UNIT_FIELDS[1:]:
            value = getattr(self, name)
            if value is not None and value != [] and value != {}:
                data[name] = value
        if self.annotations:
            data["annotations"] = [a.to_dict() for a in self.annotations]
        if self.variants:
            data["variants"] = [v.to_dict() for v in self.variants]
        if self.inline:
            data["inline"] = codes_to_json(self.inline)
            if not data["inline"]:
                del data["inline"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unit:
        """Build from a JSON object; raises ``ValueError`` naming the first bad field."""
        unknown = data.keys() - _UNIT_FIELD_SET
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
        unit_id = data.get("id")
        if not isinstance(unit_id, str | int) or isinstance(unit_id, bool):
            raise ValueError("field 'id' must be a string")
        kwargs: dict[str, Any] = {"id": str(unit_id)}
        for name in _STRING_FIELDS:
            value = data.get(name)
            if value is not None:
                if not isinstance(value, str):
                    raise ValueError(f"field {name!r} must be a string or null")
                kwargs[name] = value
        for name, container, item in (("reviewers", list, str), ("notes", list, str), ("props", dict, str),
                                      ("markup", dict, str), ("fixes", list, dict)):
            if name in data:
                kwargs[name] = _typed(data, name, container, item)
        if "annotations" in data:
            kwargs["annotations"] = [Annotation.from_dict(a) for a in _typed(data, "annotations", list, dict)]
        if "variants" in data:
            kwargs["variants"] = [Variant.from_dict(v) for v in _typed(data, "variants", list, dict)]
        if data.get("inline") is not None:
            kwargs["inline"] = codes_from_json(data["inline"])
        return cls(**kwargs)


UNIT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Unit))
_UNIT_FIELD_SET = frozenset(UNIT_FIELDS)


def _typed(data: Mapping[str, Any], name: str, container: type, item: type) -> Any:
    """``data[name]`` checked to be a ``container`` of ``item`` values (empty when absent)."""
    value = data.get(name)
    if value is None:
        return container()
    values = value.values() if isinstance(value, dict) else value
    if not isinstance(value, container) or not all(isinstance(v, item) for v in values):
        raise ValueError(f"field {name!r} must be a {container.__name__} of {item.__name__} values")
    return value


@dataclass(frozen=True, slots=True)
class Export:
    """How reviewed work is exported in a format: the app's label, the file's ending and MIME type, and the
    writer's options that make the corrected text the target."""

    label: str
    suffix: str
    mime: str
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One registered corpus format: its reader, its writer, the file name endings it owns, and how a
    review is exported in it (``None``: not offered as an export)."""

    name: str
    description: str
    extensions: tuple[str, ...]
    read: Callable[..., Iterator[Unit]]
    write: Callable[..., int]
    export: Export | None = None


# --- Review provenance as (key, value) pairs: TMX <prop>, XLIFF <note> -------------------------
# Keys name Unit fields; structured values are JSON. Readers of bilingual formats put the target
# text into ``mt`` unless the "target" key says it holds the corrected text.

PROVENANCE_PREFIX = "review_app:"


def provenance_pairs(unit: Unit, target_field: str, *, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The fields of ``unit`` that a bilingual format has no native place for, as (key, value)."""
    skipped = set(skip)
    pairs: list[tuple[str, str]] = []
    if unit.source is None:
        pairs.append(("absent", "source"))  # the format writes an empty source; this says it was none
    if target_field != "mt":
        pairs.append(("target", target_field))
    for name in ("mt", "corrected", "reference"):
        value = getattr(unit, name)
        if name != target_field and value is not None:
            pairs.append((name, value))
    for name in META_FIELDS:
        value = getattr(unit, name)
        if value is not None and name not in skipped:
            pairs.append((name, value))
    if unit.reviewers:
        pairs.append(("reviewers", json.dumps(unit.reviewers, ensure_ascii=False)))
    for fix in unit.fixes:
        pairs.append(("fix", json.dumps(fix, ensure_ascii=False, sort_keys=True)))
    for annotation in unit.annotations:
        pairs.append(("annotation", json.dumps(annotation.to_dict(), ensure_ascii=False, sort_keys=True)))
    return pairs


def apply_provenance(unit: Unit, key: str, value: str) -> None:
    """Set the field named by a provenance ``key`` (inverse of :func:`provenance_pairs`).

    Raises ``ValueError`` for unknown keys or bad JSON; the ``target`` key is handled by callers.
    """
    if key in ("mt", "corrected", "reference", *META_FIELDS):
        setattr(unit, key, value)
    elif key == "reviewers":
        reviewers = json.loads(value)
        if not isinstance(reviewers, list) or not all(isinstance(r, str) for r in reviewers):
            raise ValueError("reviewers must be a JSON list of names")
        unit.reviewers = reviewers
    elif key == "fix":
        fix = json.loads(value)
        if not isinstance(fix, dict):
            raise ValueError("a fix must be a JSON object")
        unit.fixes.append(fix)
    elif key == "annotation":
        unit.annotations.append(Annotation.from_dict(json.loads(value)))
    else:
        raise ValueError(f"unknown review_app property {key!r}")


def peek(units: Iterable[Unit]) -> tuple[Unit | None, Iterator[Unit]]:
    """The first unit (``None``: there is none) and an iterator over all the units, the first included.

    Writers that take their header from the first unit read it before writing a byte.
    """
    stream = iter(units)
    first = next(stream, None)
    return first, (chain([first], stream) if first is not None else stream)


def finish_unit(unit: Unit, pairs: Iterable[tuple[str, str]], path: Path, where: str) -> Unit:
    """Apply the provenance read for ``unit`` (a bad value is an InputError at ``where``); drop empty markup."""
    try:
        apply_provenance_pairs(unit, pairs)
    except ValueError as exc:
        raise InputError(path, f"{where}: {exc}") from None
    if not unit.markup:
        unit.markup_format = None
    return unit


def apply_provenance_pairs(unit: Unit, pairs: Iterable[tuple[str, str]]) -> None:
    """Apply all provenance read from a bilingual format to a unit whose target text is in ``mt``.

    Raises ``ValueError`` on an unknown key or a bad value.
    """
    ordered = sorted(pairs, key=lambda pair: pair[0] != "target")  # move the target text first
    for key, value in ordered:
        if key == "target":
            if value not in ("mt", "corrected"):
                raise ValueError(f"review_app target must be 'mt' or 'corrected', not {value!r}")
            if value == "corrected":
                unit.corrected, unit.mt = unit.mt, None
                if "mt" in unit.markup:
                    unit.markup["corrected"] = unit.markup.pop("mt")
                if "mt" in unit.inline:
                    unit.inline["corrected"] = unit.inline.pop("mt")
        elif key == "absent":
            if value != "source":
                raise ValueError(f"review_app absent must be 'source', not {value!r}")
            unit.source = None
            unit.markup.pop("source", None)
            unit.inline.pop("source", None)
        elif key == "id":
            unit.id = value
        else:
            apply_provenance(unit, key, value)


# What a reader met in its input that has no place in a Unit (an XLIFF <alt-trans>, a TMX header's <prop>): counted
# here while a caller collects (``convert`` reports it), so nothing is dropped without a word.
_NOT_CARRIED: ContextVar[Counter[str] | None] = ContextVar("not_carried", default=None)


@contextmanager
def collect_not_carried() -> Iterator[Counter[str]]:
    """Count, by a short description such as ``<alt-trans>``, what the readers run inside the block leave out."""
    counter: Counter[str] = Counter()
    token = _NOT_CARRIED.set(counter)
    try:
        yield counter
    finally:
        _NOT_CARRIED.reset(token)


def not_carried(what: str, count: int = 1) -> None:
    """A reader met ``what`` (``count`` times) and has no place for it."""
    counter = _NOT_CARRIED.get()
    if counter is not None and count:
        counter[what] += count


def local_name(tag: object) -> str:
    """An element's name without its namespace (a comment or processing instruction: empty)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
