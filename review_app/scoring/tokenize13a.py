"""sacrebleu's ``13a`` tokenizer (BLEU's default) without Python template expansion: the same tokens.

sacrebleu 2.6.0's ``Tokenizer13a`` strips ``<skipped>`` and line breaks, replaces four HTML entities and
hands `` line `` to ``TokenizerRegexp``, which applies four ``re.sub`` rules with template replacements and
joins the words with single spaces. On Python 3.11 every match of a template replacement is expanded by
Python code, and the first rule (a space on each side of every character of an ASCII class: punctuation,
symbols and the space itself) matches at every space of a line: most of BLEU's time.

:func:`fast_13a` hands out, only for sacrebleu's ``Tokenizer13a`` whose rules are exactly the ones written for
here (otherwise None: sacrebleu's own), the compiled ``_fast/_tok13a.pyx`` (one C pass per rule over the line's
code points, ~1 µs a line: 10x :func:`python_13a`, 25x sacrebleu's), or :func:`python_13a` where it is not
built or ``REVIEW_APP_NO_COMPILED=1``. In :func:`python_13a` a translation table does the first rule's
replacement (each such character becomes itself between two spaces; the rule's matches are single characters
and never overlap) in one C pass, and each of the other three rules (a period, comma or dash next to a digit or
not) is a scan from one of its marks to the next, matching where and as the rule's pattern would (2.5x faster
than sacrebleu's on real text). ``tests/test_tokenize13a.py`` compares both with sacrebleu on every line of the
shared corpora, generated text, every code point and each rule alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from review_app.scoring import _fast

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


# The other three rules, each a scan from one of its marks to the next (a few a line), where ``re.sub`` tries
# every position: a match starts where the rule's pattern matches, left to right, never inside the previous
# match, and is replaced by the template's string. ``[0-9]`` is ASCII only, ``[^0-9]`` any other character.
_DIGITS = frozenset("0123456789")
_PERIODS = re.compile(r"[.,]")
_DASHES = re.compile(r"-")


def _after_non_digit(line: str) -> str:
    r"""``re.sub(r"([^0-9])([\.,])", r"\1 \2 ", line)``."""
    parts: list[str] = []
    done = 0
    for mark in _PERIODS.finditer(line):
        at = mark.start() - 1
        if at >= done and line[at] not in _DIGITS:
            parts += (line[done:at], line[at], " ", line[at + 1], " ")
            done = at + 2
    return "".join((*parts, line[done:])) if parts else line


def _before_non_digit(line: str) -> str:
    r"""``re.sub(r"([\.,])([^0-9])", r" \1 \2", line)``."""
    parts: list[str] = []
    done = 0
    for mark in _PERIODS.finditer(line):
        at = mark.start()
        if at >= done and at + 1 < len(line) and line[at + 1] not in _DIGITS:
            parts += (line[done:at], " ", line[at], " ", line[at + 1])
            done = at + 2
    return "".join((*parts, line[done:])) if parts else line


def _dash_after_digit(line: str) -> str:
    r"""``re.sub(r"([0-9])(-)", r"\1 \2 ", line)``."""
    parts: list[str] = []
    done = 0
    for mark in _DASHES.finditer(line):
        at = mark.start() - 1
        if at >= done and line[at] in _DIGITS:
            parts += (line[done:at], line[at], " - ")
            done = at + 2
    return "".join((*parts, line[done:])) if parts else line


def python_13a(line: str) -> str:
    """``Tokenizer13a()(line)`` in Python: the path where the compiled module is not built."""
    line = line.replace("<skipped>", "")
    line = line.replace("-\n", "")
    line = line.replace("\n", " ")
    if "&" in line:
        line = line.replace("&quot;", '"')
        line = line.replace("&amp;", "&")
        line = line.replace("&lt;", "<")
        line = line.replace("&gt;", ">")
    line = f" {line} ".translate(_SPACED)  # the first rule: r" \1 " round each character of its class
    if "." in line or "," in line:
        line = _after_non_digit(line)
        line = _before_non_digit(line)
    if "-" in line:
        line = _dash_after_digit(line)
    return " ".join(line.split())


def fast_13a(tokenizer: object) -> Callable[[str], str] | None:
    """An equivalent of ``tokenizer`` (a sacrebleu ``Tokenizer13a``) that expands no template in Python: the
    compiled ``_fast._tok13a.tokenize`` where it is built, else :func:`python_13a`; None when ``tokenizer`` is
    another tokenizer or its rules are not the ones this module knows."""
    if type(tokenizer) is not Tokenizer13a:
        return None
    rules: list[tuple[re.Pattern[str], str]] = getattr(getattr(tokenizer, "_post_tokenizer", None), "_re", [])
    if tuple((pattern.pattern, replacement) for pattern, replacement in rules) != RULES:
        return None
    compiled = _fast.module("_tok13a")
    if compiled is None:
        return python_13a
    tokenize: Callable[[str], str] = compiled.tokenize
    return tokenize
