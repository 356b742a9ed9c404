"""Inline markup in a format-neutral form: codes at character offsets of a unit's plain text.

TMX (``<bpt>/<ept>/<ph>/<it>/<ut>/<hi>``), XLIFF 1.2 (``<g>/<x/>/<bx/>/<ex/>/<ph>/<bpt>/<ept>/<it>/<mrk>``)
and XLIFF 2.0 (``<pc>/<ph/>/<sc/>/<ec/>/<mrk>/<sm/>/<em/>``) all say the same few things: a
paired code opens and closes around some text, a standalone code sits between two characters,
and a code may carry the native markup it stands for (``<b>``, ``<br/>``). :class:`InlineCode`
says exactly that, so a reader of one format and a writer of another carry the tags through.

For review, :func:`placeholder_text` shows the codes as placeholders (``⟦1⟧bold⟦/1⟧``, ``⟦2/⟧``)
inside the text, and :func:`check_placeholders` refuses an edit that loses, adds or breaks one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

KINDS: tuple[str, ...] = ("open", "close", "standalone")


@dataclass(frozen=True, slots=True)
class InlineCode:
    """One inline code at character offset ``pos`` of a text.

    ``open``/``close`` codes of one pair share ``id``; ``isolated`` marks a code whose partner lies
    outside the segment (TMX ``<it>``, XLIFF ``isolated="yes"``). ``native`` is the original markup
    the code stands for where the format records it; ``type`` its kind (``bold``, ``link``, ``fmt``,
    ``mrk`` for annotation markers …).
    """

    kind: str
    id: str
    pos: int
    native: str | None = None
    type: str | None = None
    isolated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON object with the fields that are set."""
        data: dict[str, Any] = {"kind": self.kind, "id": self.id, "pos": self.pos}
        for name in ("native", "type"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.isolated:
            data["isolated"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InlineCode:
        """Build from a JSON object; ``ValueError`` names the first bad field."""
        if not isinstance(data, Mapping):
            raise ValueError("an inline code must be a JSON object")
        if data.get("kind") not in KINDS:
            raise ValueError(f"inline code kind must be one of {', '.join(KINDS)}")
        if not isinstance(data.get("id"), str):
            raise ValueError("inline code field 'id' must be a string")
        pos = data.get("pos")
        if not isinstance(pos, int) or isinstance(pos, bool) or pos < 0:
            raise ValueError("inline code field 'pos' must be a non-negative integer")
        for name in ("native", "type"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise ValueError(f"inline code field {name!r} must be a string")
        unknown = set(data) - {"kind", "id", "pos", "native", "type", "isolated"}
        if unknown:
            raise ValueError(f"unknown inline code field(s): {', '.join(sorted(unknown))}")
        return cls(data["kind"], data["id"], pos, data.get("native"), data.get("type"), bool(data.get("isolated")))


def codes_from_json(value: Any) -> dict[str, list[InlineCode]]:
    """``{"mt": [{…}, …]}`` as codes per field; ``ValueError`` on a bad shape."""
    if not isinstance(value, Mapping):
        raise ValueError("field 'inline' must be an object of lists")
    result: dict[str, list[InlineCode]] = {}
    for name, codes in value.items():
        if not isinstance(codes, list):
            raise ValueError("field 'inline' must be an object of lists")
        result[name] = [InlineCode.from_dict(code) for code in codes]
    return result


def codes_to_json(inline: Mapping[str, list[InlineCode]]) -> dict[str, list[dict[str, Any]]]:
    """Inverse of :func:`codes_from_json`."""
    return {name: [code.to_dict() for code in codes] for name, codes in inline.items() if codes}


def fits(codes: Iterable[InlineCode], text: str) -> bool:
    """Whether every code lies within ``text`` (codes of an edited text may not)."""
    return all(code.pos <= len(text) for code in codes)


def numbered(codes: list[InlineCode]) -> dict[str, int]:
    """A number (1, 2, …) per code id, in order of first appearance: TMX ``i``/``x`` and placeholders."""
    numbers: dict[str, int] = {}
    for code in codes:
        numbers.setdefault(code.id, len(numbers) + 1)
    return numbers


# --- Placeholders for review ----------------------------------------------------------------------

OPEN_MARK, CLOSE_MARK = "\u27e6", "\u27e7"  # ⟦ ⟧: rare in real text, so a placeholder is never ambiguous
PLACEHOLDER = re.compile(f"{OPEN_MARK}(/?)(\\d+)(/?){CLOSE_MARK}")


def placeholder_text(text: str, codes: list[InlineCode]) -> str:
    """``text`` with each code shown as a placeholder: ``⟦n⟧`` opens, ``⟦/n⟧`` closes, ``⟦n/⟧`` stands alone."""
    numbers = numbered(codes)
    parts: list[str] = []
    last = 0
    for code in sorted(enumerate(codes), key=lambda pair: (pair[1].pos, pair[0])):
        inline = code[1]
        parts.append(text[last : inline.pos])
        n = numbers[inline.id]
        parts.append(f"{OPEN_MARK}{'/' if inline.kind == 'close' else ''}{n}"
                     f"{'/' if inline.kind == 'standalone' else ''}{CLOSE_MARK}")
        last = inline.pos
    parts.append(text[last:])
    return "".join(parts)


def placeholders(text: str) -> list[tuple[str, int]]:
    """The placeholders of a text in order, as (kind, number)."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        closing, number, alone = match.groups()
        kind = "close" if closing else "standalone" if alone else "open"
        found.append((kind, int(number)))
    return found


def check_placeholders(original: str, edited: str) -> None:
    """Refuse (``ValueError``) an edit of ``original`` that loses, adds or breaks a placeholder.

    Every placeholder must be kept exactly once (text around them may change freely and they
    may move), and each pair must still open before it closes.
    """
    before, after = placeholders(original), placeholders(edited)
    if not before and not after:
        return
    lost = Counter(before) - Counter(after)
    added = Counter(after) - Counter(before)
    if lost or added:
        problems = []
        if lost:
            problems.append("removes " + ", ".join(_show(p) for p in sorted(lost, key=_order)))
        if added:
            problems.append("adds " + ", ".join(_show(p) for p in sorted(added, key=_order)))
        raise ValueError(f"the edit {' and '.join(problems)}: inline tags must be kept (move them, do not delete "
                         "or copy them)")
    opened: set[int] = set()
    for kind, number in after:
        if kind == "open":
            opened.add(number)
        elif kind == "close" and number not in opened and ("open", number) in before:
            raise ValueError(f"the edit puts {_show(('close', number))} before {_show(('open', number))}: "
                             "a tag pair must open before it closes")


def _show(placeholder: tuple[str, int]) -> str:
    kind, number = placeholder
    return f"{OPEN_MARK}{'/' if kind == 'close' else ''}{number}{'/' if kind == 'standalone' else ''}{CLOSE_MARK}"


def _order(placeholder: tuple[str, int]) -> tuple[int, int]:
    """Placeholders by number, an opening one before its closing one."""
    return placeholder[1], KINDS.index(placeholder[0])
