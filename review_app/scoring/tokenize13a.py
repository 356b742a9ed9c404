"""sacrebleu's ``13a`` tokenizer (BLEU's default) without Python template expansion: the same tokens.

sacrebleu 2.6.0's ``Tokenizer13a`` strips ``<skipped>`` and line breaks, replaces four HTML entities and
hands `` line `` to ``TokenizerRegexp``, which applies four ``re.sub`` rules with template replacements and
joins the words with single spaces. On Python 3.11 every match of a template replacement is expanded by
Python code, and the first rule (a space on each side of every character of an ASCII class: punctuation,
symbols and the space itself) matches at every space of a line: most of BLEU's time. Here a translation
table does the first rule's replacement (each such character becomes itself between two spaces; the rule's
matches are single characters and never overlap) in one C pass, and the other three rules (a period, comma
or dash next to digits) are sacrebleu's own compiled patterns with their templates (group references only)
written as functions that build the same strings (1.8x faster). :func:`fast_13a` hands out this path only
for sacrebleu's ``Tokenizer13a`` whose rules are exactly the ones this module was written for; otherwise
sacrebleu's. ``tests/test_tokenize13a.py`` compares every line of the shared corpora and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

# TokenizerRegexp's rules in sacrebleu 2.6.0: (pattern, replacement template).
RULES: tuple[tuple[str, str], ...] = (
    (r"([\{-\~\[-\` -\&\(-\+\:-\@\/])", r" \1 "),
    (r"([^0-9])([\.,])", r"\1 \2 "),
    (r"([\.,])([^0-9])", r" \1 \2"),
    (r"([0-9])(-)", r"\1 \2 "),
)
# The first rule's class, as code points: {-~ [-` space-& (-+ :-@ /
SPACED_CHARACTERS: tuple[int, ...] = (*range(0x7B, 0x7F), *range(0x5B, 0x61), *range(0x20, 0x27),
                                      *range(0x28, 0x2C), *range(0x3A, 0x41), 0x2F)
_SPACED = str.maketrans({chr(c): f" {chr(c)} " for c in SPACED_CHARACTERS})


def fast_13a(tokenizer: object) -> Callable[[str], str] | None:
    """An equivalent of ``tokenizer`` (a sacrebleu ``Tokenizer13a``) that expands no template in Python, or
    None when it is another tokenizer or its rules are not the ones this module knows."""
    if type(tokenizer) is not Tokenizer13a:
        return None
    rules: list[tuple[re.Pattern[str], str]] = getattr(getattr(tokenizer, "_post_tokenizer", None), "_re", [])
    if tuple((pattern.pattern, replacement) for pattern, replacement in rules) != RULES:
        return None
    # The other rules' templates as functions: the same strings, built without expanding a template in Python.
    after_non_digit, before_non_digit, dash_after_digit = (pattern.sub for pattern, _ in rules[1:])

    def two_spaces(match: re.Match[str]) -> str:  # r"\1 \2 "
        return f"{match[1]} {match[2]} "

    def space_first(match: re.Match[str]) -> str:  # r" \1 \2"
        return f" {match[1]} {match[2]}"

    def tokenize(line: str) -> str:
        """``Tokenizer13a.__call__(line)``."""
        line = line.replace("<skipped>", "")
        line = line.replace("-\n", "")
        line = line.replace("\n", " ")
        if "&" in line:
            line = line.replace("&quot;", '"')
            line = line.replace("&amp;", "&")
            line = line.replace("&lt;", "<")
            line = line.replace("&gt;", ">")
        line = f" {line} ".translate(_SPACED)  # the first rule: r" \1 " round each character of its class
        line = after_non_digit(two_spaces, line)  # a period or comma after a non-digit
        line = before_non_digit(space_first, line)  # ... before a non-digit
        line = dash_after_digit(two_spaces, line)  # a dash after a digit
        return " ".join(line.split())

    return tokenize
