"""Phrases as whole words: the tokens a phrase is made of, and patterns that find it in a text.

Shared by the glossary and learned-terms checks and by edit propagation, so that the three agree
on what a word boundary and a phrase token are.
"""

from __future__ import annotations

import regex

# A word (letters and digits, inner apostrophes and hyphens kept) or one punctuation mark.
TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]")
# Longer replacements are rephrased sentences rather than terms.
MAX_TOKENS = 6
_START = r"(?<![\p{L}\p{N}_])"
_END = r"(?![\p{L}\p{N}_])"


def whole_words(body: str, flags: int = 0) -> regex.Pattern[str]:
    """``body`` (a regular expression) where it neither starts nor ends inside a word."""
    return regex.compile(_START + body + _END, flags)


def phrase_pattern(phrase: str) -> regex.Pattern[str]:
    """Whole-word, whitespace-tolerant, case-insensitive pattern for ``phrase``."""
    return whole_words(r"\s+".join(regex.escape(part) for part in phrase.split()), regex.IGNORECASE)
