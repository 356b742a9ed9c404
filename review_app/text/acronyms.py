"""Acronyms defined in place: "One Belt— One Road Initiative (OBOR)".

Shared by the term-consistency check (a name defined with an acronym and named otherwise elsewhere)
and by mass changes: replacing one side of a definition and not the other ("OBOR" → "BRI" gives
"One Belt— One Road Initiative (BRI)") leaves a name and an acronym that disagree, so a mass change
holds such a segment back for the reviewer to decide.
"""

from __future__ import annotations

import bisect
import functools
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
    return list(_definitions(text))


@functools.lru_cache(maxsize=64)  # a fix plan asks once per finding of a line
def _definitions(text: str) -> tuple[Definition, ...]:
    found: list[Definition] = []
    acronyms = list(ACRONYM_DEF_RE.finditer(text))
    if not acronyms:
        return ()
    # The names are found once in the whole text, not once in the text before each acronym: a name
    # cannot run on over a "(", so the matches before an acronym are the same either way.
    names = [(m.end(), m.group()) for m in NAME_RE.finditer(text)]
    ends = [end for end, _ in names]
    for m in acronyms:
        before = m.start()
        while before and text[before - 1].isspace():  # the text before the acronym, trailing spaces stripped
            before -= 1
        last = bisect.bisect_right(ends, before)  # the names that end inside that text
        if last and text.endswith(name := names[last - 1][1], 0, before):
            first = next((w.start() for w in WORD_RE.finditer(name) if w.group()[0] == m.group(1)[0]), 0)
            name = name[first:]
            found.append(Definition(name, m.group(1), before - len(name), before, m.start(1), m.end(1)))
    return tuple(found)


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
