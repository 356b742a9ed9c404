"""Phrases as whole words: the tokens a phrase is made of, and patterns that find it in a text.

Shared by the glossary and learned-terms checks and by edit propagation, so that the three agree
on what a word boundary and a phrase token are.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import regex

# A word (letters and digits, inner apostrophes and hyphens kept) or one punctuation mark.
TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]")
# What a reviewer tags in the MT: a word (letters, marks and digits; inner apostrophes and hyphens kept:
# don't, l'homme, well-known, Санкт-Петербург; digits keep their separators: 1,000.50, 1 000) or one
# punctuation mark or symbol (a run of the same one: "...", "——"), so "(OBOR)." is "(", "OBOR", ")", ".";
# control and format characters (invisible) are no tokens.
_TAG_WORD = r"[\p{L}\p{M}\p{N}]"
TAG_TOKEN_RE = regex.compile(
    rf"{_TAG_WORD}+(?:(?:['’\-\u2010\u2011]|(?<=\p{{N}})[.,\u00a0\u202f\u2009](?=\p{{N}})){_TAG_WORD}+)*"
    r"|([^\s\p{L}\p{M}\p{N}\p{Cc}\p{Cf}])\1*"
)
# Longer replacements are rephrased sentences rather than terms.
MAX_TOKENS = 6
_START = r"(?<![\p{L}\p{N}_])"
_END = r"(?![\p{L}\p{N}_])"


def tag_tokens(text: str) -> list[tuple[int, int, str]]:
    """The words and punctuation marks of ``text`` a reviewer can tag, as (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in TAG_TOKEN_RE.finditer(text)]


def whole_words(body: str, flags: int = 0) -> regex.Pattern[str]:
    """``body`` (a regular expression) where it neither starts nor ends inside a word."""
    return regex.compile(_START + body + _END, flags)


def phrase_pattern(phrase: str) -> regex.Pattern[str]:
    """Whole-word, whitespace-tolerant, case-insensitive pattern for ``phrase``."""
    return whole_words(r"\s+".join(regex.escape(part) for part in phrase.split()), regex.IGNORECASE)



# --- Many phrases at once -----------------------------------------------------------------------------

# ``regex``'s case-insensitive matching (simple case folding) relates characters that are not one
# class: "i" matches "I" and "İ", yet "I" does not match "İ". Two phrase characters can match one
# text character only inside a connected group of that relation, so the index below keys characters
# by their group and leaves the last word to each phrase's own pattern.
_CASE_FLAGS = regex.IGNORECASE | regex.UNICODE
_ENDS_HERE = ""  # the trie key under which a node lists the phrases that end there


@functools.cache
def case_groups() -> dict[str, str] | None:
    """Each character that has other cases → one representative of its connected case group.

    Built from the ``regex`` module's own case table (the one its IGNORECASE matching reads), once
    per process (about a quarter of a second); None where that table is not available.
    """
    all_cases = getattr(getattr(regex, "_regex", None), "get_all_cases", None)
    if all_cases is None:
        return None
    parent: dict[int, int] = {}

    def root(code: int) -> int:
        while code in parent:
            code = parent[code]
        return code

    for code in range(0x110000):
        cases = all_cases(_CASE_FLAGS, code)
        if len(cases) > 1:
            for other in cases:
                a, b = root(code), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members = set(parent) | {root(c) for c in parent}
    return {chr(c): chr(root(c)) for c in members}


class PhraseMatcher:
    """Where each of many phrases occurs, exactly as ``phrase_pattern(phrase).finditer(text)`` finds it.

    Built once per list of phrases (a glossary): a trie over the phrases' characters (case groups
    merged, a whitespace run as one edge) proposes (phrase, start) candidates in one pass over a
    text, however many phrases there are; the phrase's own pattern, compiled once here, confirms
    each. A phrase matches at most one way at a given start (literal words, whitespace runs taken
    whole), so its non-overlapping matches are its confirmed starts taken left to right.
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        keys = [tuple(p.split()) for p in phrases]
        distinct = list(dict.fromkeys(keys))
        index = {key: n for n, key in enumerate(distinct)}
        self._slot = [index[key] for key in keys]
        self.patterns = [phrase_pattern(" ".join(key)) for key in distinct]
        self._groups = case_groups()
        self._trie: dict[str, Any] = {}
        firsts: set[str] = set()
        self._direct = [n for n, key in enumerate(distinct) if not key or self._groups is None]
        for slot, key in enumerate(distinct):
            if not key or self._groups is None:
                continue
            node = self._trie
            text = self._fold(" ".join(key))
            firsts.add(text[0])
            for char in text:
                node = node.setdefault(char, {})
            node.setdefault(_ENDS_HERE, []).append(slot)
        # Candidate starts: a character of some phrase's first case group, where no word goes on.
        members = sorted({c for c, g in (self._groups or {}).items() if g in firsts} | firsts)
        self._starts = regex.compile(_START + "[" + "".join(regex.escape(c) for c in members) + "]") \
            if members else None

    def _fold(self, text: str) -> str:
        groups = self._groups or {}
        return "".join(groups.get(c, c) for c in text)

    def spans(self, text: str) -> list[list[tuple[int, int]]]:
        """Per phrase, in the order given, the spans of its non-overlapping matches in ``text``."""
        found: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        for slot in self._direct:  # an empty phrase, or no case table: the phrase's own pattern
            found[slot] = [m.span() for m in self.patterns[slot].finditer(text)]
        if self._starts is not None:
            for start in self._starts.finditer(text):
                self._walk(text, start.start(), found)
        return [found[slot] for slot in self._slot]

    def _walk(self, text: str, start: int, found: list[list[tuple[int, int]]]) -> None:
        """Follow the trie from ``start``; confirm every phrase ending on the way."""
        groups, size = self._groups or {}, len(text)
        node: dict[str, Any] | None = self._trie
        k = start
        while node is not None:
            for slot in node.get(_ENDS_HERE, ()):
                spans = found[slot]
                if (not spans or spans[-1][1] <= start) and (m := self.patterns[slot].match(text, start)):
                    spans.append(m.span())
            if k >= size:
                return
            char = text[k]
            if char.isspace():  # regex's \s is a subset of str.isspace: the pattern has the last word
                node = node.get(" ")
                while k < size and text[k].isspace():
                    k += 1
            else:
                node = node.get(groups.get(char, char))
                k += 1
