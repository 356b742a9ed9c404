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


@lru_cache(maxsize=64)
def _spelled(lang: str) -> tuple[tuple[int, str], ...]:
    """(number, spelling) of every cardinal and ordinal to a hundred the language has."""
    out = []
    for n in range(LIMIT + 1):
        for kind in ("cardinal", "ordinal"):
            try:
                out.append((n, num2words(n, lang=lang, to=kind).lower()))
            except (NotImplementedError, ValueError, TypeError, AttributeError, KeyError, IndexError):
                continue  # a language without ordinals (or without that number)
    return tuple(out)


def _spellings(lang: str) -> list[str]:
    return [spelling for _, spelling in _spelled(lang)]


def key(words: list[str]) -> str:
    """A spelling's words as one key, whatever joined them (thirty-first = thirty first)."""
    return " ".join(words).lower()


@lru_cache(maxsize=64)
def values(lang: str | None) -> dict[str, int]:
    """The language's spelt numbers to a hundred, each written as its words (:func:`key`), with its value:
    ``twenty first`` 21, ``тридцать пять`` 35, ``einundzwanzig`` 21."""
    code = _base(lang)
    if code not in CONVERTER_CLASSES:
        return {}
    return {key([m[1] for m in _PART_RE.finditer(spelling)]): n for n, spelling in reversed(_spelled(code))}


@lru_cache(maxsize=64)
def first_words(lang: str | None) -> frozenset[str]:
    """The words a spelt number of the language opens with."""
    return frozenset(key.split(" ", 1)[0] for key in values(lang))


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


@lru_cache(maxsize=64)
def heads(lang: str | None) -> frozenset[str]:
    """The first four letters of the language's one-word spelt numbers of four letters or more (a word opening with
    none of them opens with no such number)."""
    return frozenset(key[:4] for key in values(lang) if len(key) >= 4 and " " not in key)

