"""Phrases as whole words: the tokens a phrase is made of, and patterns that find it in a text.

Shared by the glossary and learned-terms checks and by edit propagation, so that the three agree
on what a word boundary and a phrase token are.
"""

from __future__ import annotations

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
