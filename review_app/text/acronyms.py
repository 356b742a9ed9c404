"""Acronyms defined in place: "One Belt— One Road Initiative (OBOR)".

Shared by the term-consistency check (a name defined with an acronym and named otherwise elsewhere)
and by mass changes: replacing one side of a definition and not the other ("OBOR" → "BRI" gives
"One Belt— One Road Initiative (BRI)") leaves a name and an acronym that disagree, so a mass change
holds such a segment back for the reviewer to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

ACRONYM_DEF_RE = regex.compile(r"\((\p{Lu}[\p{Lu}\p{N}&]{1,7})\)")
NAME_RE = regex.compile(
    r"\p{Lu}[\p{L}\p{N}]*(?:(?:\s*[-—–]\s*|\s+)(?:(?:and|of|the|for|on|in|и|по)\s+)*\p{Lu}[\p{L}\p{N}]*)+"
)
WORD_RE = regex.compile(r"\p{Lu}[\p{L}\p{N}]*")


@dataclass(frozen=True, slots=True)
class Definition:
    """A capitalised name right before its acronym in brackets, with the offsets of both."""

    name: str
    acronym: str
    name_start: int
    name_end: int
    acronym_start: int
    acronym_end: int


def definitions(text: str) -> list[Definition]:
    """Every "Name Of Several Words (ACRONYM)" in ``text``; a name starts at the word that gives the acronym
    its first letter when there is one ("Partners in the One Belt— One Road Initiative (OBOR)": "One …")."""
    found: list[Definition] = []
    for m in ACRONYM_DEF_RE.finditer(text):
        before = text[: m.start()].rstrip()
        names = NAME_RE.findall(before)
        if names and before.endswith(names[-1]):
            name = names[-1]
            first = next((w.start() for w in WORD_RE.finditer(name) if w.group()[0] == m.group(1)[0]), 0)
            name = name[first:]
            found.append(Definition(name, m.group(1), len(before) - len(name), len(before), m.start(1), m.end(1)))
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def splits_definition(text: str, start: int, end: int, replacement: str) -> Definition | None:
    """The definition that replacing ``text[start:end]`` by ``replacement`` would change on one side only.

    A change of punctuation or spacing alone ("High—level" → "High-level") changes neither side.
    """
    if _letters(text[start:end]) == _letters(replacement):
        return None
    for d in definitions(text):
        on_name = start < d.name_end and end > d.name_start
        on_acronym = start < d.acronym_end and end > d.acronym_start
        if on_name != on_acronym:
            return d
    return None
