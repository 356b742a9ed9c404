"""Number words of a language and how it joins them (``thirty-one``, ``тридцать один``), from num2words.

num2words spells every number in some sixty languages; the cardinals and ordinals up to a hundred
give a language's number words and, for each pair of neighbouring words, the mark it writes between
them: English and French a hyphen (thirty-first, quatre-vingt-dix), Russian and Polish a space
(тридцать первый), Italian nothing (trentadue). A dash between such a pair is a number written
wrong, whatever the document's dash style; the fix is the language's own joiner.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from num2words import CONVERTER_CLASSES, num2words

from review_app.text import wordstats

# The numbers spelt to learn the words and their joiners: every cardinal and ordinal to a hundred.
LIMIT = 100
_PART_RE = regex.compile(r"([\p{L}\p{M}'’]+)([\s\-]*)")


def _base(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


def _spellings(lang: str) -> list[str]:
    out = []
    for n in range(LIMIT + 1):
        for kind in ("cardinal", "ordinal"):
            try:
                out.append(num2words(n, lang=lang, to=kind).lower())
            except (NotImplementedError, ValueError, TypeError, AttributeError, KeyError, IndexError):
                continue  # a language without ordinals (or without that number)
    return out


@lru_cache(maxsize=64)
def _tables(lang: str) -> tuple[frozenset[str], dict[tuple[str, str], str]]:
    """The language's number words and, per neighbouring pair, its joiner (``-`` or `` ``)."""
    code = _base(lang)
    if code not in CONVERTER_CLASSES:
        return frozenset(), {}
    spellings = _spellings(code)
    whole = {s for s in spellings if _PART_RE.fullmatch(s) and not _PART_RE.fullmatch(s)[2]}  # type: ignore[index]
    words: set[str] = set()
    joiners: dict[tuple[str, str], str] = {}
    for spelling in spellings:
        parts = [(m[1], m[2]) for m in _PART_RE.finditer(spelling)]
        for k, (word, joiner) in enumerate(parts):
            # "and", "et", "y" join numbers but are no number: only words that are numbers or not function words
            if word in whole or not wordstats.is_function_word(word, code):
                words.add(word)
            if k + 1 < len(parts) and joiner:
                joiners.setdefault((word, parts[k + 1][0]), "-" if "-" in joiner else " ")
    return frozenset(words), joiners


def is_number_word(word: str, lang: str | None) -> bool:
    """``word`` is one of the language's number words (cardinal or ordinal, up to a hundred)."""
    return bool(lang) and word.casefold() in _tables(lang or "")[0]


def joiner(left: str, right: str, lang: str | None) -> str | None:
    """How the language writes the number words ``left`` and ``right`` next to each other: ``-``, `` `` or ``""``
    (one word: Italian ``trentadue``); None when they are no such pair."""
    if not lang:
        return None
    words, joiners = _tables(lang)
    pair = (left.casefold(), right.casefold())
    if pair[0] + pair[1] in words and pair[0] in words:
        return ""  # one word: trentadue, veintiuno
    return joiners.get(pair)
