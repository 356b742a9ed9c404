"""BLEU's 13a tokenization through ``scoring.tokenize13a``: sacrebleu's tokens, line for line.

Both paths are compared with sacrebleu's ``Tokenizer13a``: the compiled ``_fast._tok13a`` (the one
:func:`fast_13a` hands out; the tests require it built) and :func:`python_13a` (where it is not).
``REVIEW_APP_EQUALITY=full`` compares every Unicode code point (about 6 s), not a selection of them.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from review_app.scoring import _fast
from review_app.scoring.accel import _bleu_preprocess
from review_app.scoring.tokenize13a import (
    RULES,
    SPACED_CHARACTERS,
    _after_non_digit,
    _before_non_digit,
    _dash_after_digit,
    fast_13a,
    python_13a,
)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
FULL = os.environ.get("REVIEW_APP_EQUALITY", "") == "full"


def _compiled() -> ModuleType:
    """The compiled tokenizer, loaded afresh: the tests must compare it, never the Python path against itself."""
    _fast.reset()
    compiled = _fast.module("_tok13a")
    assert compiled is not None, "extensions not built"
    return compiled


@pytest.fixture(scope="module")
def compiled() -> ModuleType:
    return _compiled()


_sacrebleu = Tokenizer13a()  # what every path must equal


def _corpus_lines() -> list[str]:
    files = [p for p in sorted(SHARED.rglob("*")) if p.is_file() and p.suffix not in {".md", ".tsv"}
             and not p.name.startswith(("LICENSE", "SHA256"))]
    return [line for path in files for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def test_the_first_rule_is_the_translated_characters() -> None:
    """The rule's class holds exactly the characters the translation table spaces out (all of Unicode)."""
    rule = re.compile(RULES[0][0])
    matched = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and rule.fullmatch(chr(c))]
    assert sorted(matched) == sorted(SPACED_CHARACTERS)


def test_fast_13a_hands_out_the_compiled_tokenizer(compiled: ModuleType) -> None:
    assert fast_13a(Tokenizer13a()) is compiled.tokenize
    assert _bleu_preprocess(BLEU())("A test.") == "A test ."


def test_a_str_subclass_gets_sacrebleus_tokens(compiled: ModuleType) -> None:
    class Text(str):
        pass

    line = Text("x1.5,a-<skipped>b&amp;")
    assert compiled.tokenize(line) == python_13a(line) == _sacrebleu(line) == "x1.5 , a-b &"
    assert type(compiled.tokenize(line)) is str


def test_without_compiled_code_fast_13a_is_the_python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_APP_NO_COMPILED", "1")
    _fast.reset()
    try:
        assert fast_13a(Tokenizer13a()) is python_13a
    finally:
        monkeypatch.delenv("REVIEW_APP_NO_COMPILED")
        _fast.reset()


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpora not present")
def test_every_line_of_the_shared_corpora_gets_sacrebleus_tokens(compiled: ModuleType) -> None:
    lines = _corpus_lines()
    assert len(lines) > 30_000
    expected = [_sacrebleu(line) for line in lines]
    for tokenize in (compiled.tokenize, python_13a):
        different = [line for line, theirs in zip(lines, expected, strict=True) if tokenize(line) != theirs]
        assert different == [], tokenize


def _code_points() -> Iterator[int]:
    """Every code point (``FULL``), else those the rules or ``str.split`` could treat apart: below U+3100 (ASCII,
    Latin-1's controls and no-break space, Arabic-Indic and other digits, U+2028…), every whitespace, digit or
    numeric character, the surrogates' ends, and one in 31 of the rest (astral planes included)."""
    for c in range(sys.maxunicode + 1):
        char = chr(c)
        if (FULL or c < 0x3100 or c % 31 == 0 or c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF, sys.maxunicode)
                or char.isspace() or char.isnumeric() or unicodedata.category(char) in ("Nd", "Zs", "Zl", "Zp")):
            yield c


def test_every_code_point_gets_sacrebleus_tokens(compiled: ModuleType) -> None:
    """Each code point c in ``x1.c.c-``: split at or not (whitespace), a digit or not for each later rule (rule
    2 before the second period, rule 3 after the first, rule 4 before the dash), passed through unchanged."""
    points = list(_code_points())
    assert len(points) > (sys.maxunicode if FULL else 40_000)
    for start in range(0, len(points), 4096):
        line = "".join(f"x1.{chr(c)}.{chr(c)}-" for c in points[start:start + 4096])
        assert compiled.tokenize(line) == _sacrebleu(line), (hex(points[start]), hex(points[start + 4095]))
        assert python_13a(line) == _sacrebleu(line)


_TEXT = st.lists(st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t", "\u00a0", "é", "ж", "—", "’", "«", "。", "１",
                                          "&quot;", "&amp;", "&lt;", "&gt;", "&amp;quot;", "<skipped>", "-\n", "1.5",
                                          "3,000", "4-5"]), max_size=60).map("".join)
# What the compiled path could get wrong beyond the above: non-ASCII digits (not [0-9]), Unicode whitespace
# (str.split splits there), astral characters and a lone surrogate (4-byte strings), entities and "<skipped>"
# whose removal makes new ones, CR and the other ASCII whitespace.
_HARD = st.lists(st.sampled_from(
    ["1", "0", "9", ".", ",", "-", "&", ";", "a", "ж", " ", "\n", "\r", "\t", "\v", "\f", "٣", "߂", "１", "²",
     "\u2028", "\u2029", "\x1c", "\x1f", "\x85", "\xa0", "\u3000", "\u200b", "\U0001f600", "\U00020000", "\ud800",
     "&quot;", "&amp;", "&lt;", "&gt;", "amp;", "<skipped>", "<skip", "ped>", "-\n", "-<skipped>\n", "/", "'", "`"]),
    max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@example(line="")
@example(line=".5")  # the line's ends: TokenizerRegexp pads it with a space, a non-digit before the period
@example(line="5,")
@example(line="5-")
@example(line="x1.٣.٣-\u2028\x1c\xa0\u3000\U0001f600")
@example(line="a&amp;quot;b-<skipped>\nc")
@given(line=_TEXT | _HARD | st.text(max_size=40))
def test_generated_text_gets_sacrebleus_tokens_on_both_paths(compiled: ModuleType, line: str) -> None:
    expected = _sacrebleu(line)
    assert compiled.tokenize(line) == expected
    assert python_13a(line) == expected


@settings(max_examples=500, deadline=None)
@given(line=_TEXT, lowercase=st.booleans())
def test_generated_text_gets_sacrebleus_tokens(line: str, lowercase: bool) -> None:
    metric = BLEU(lowercase=lowercase)
    assert _bleu_preprocess(metric)(line) == metric._preprocess_segment(line)


def test_other_tokenizers_and_changed_rules_stay_sacrebleus() -> None:
    for tokenize in ("intl", "none", "char", "zh"):
        metric = BLEU(tokenize=tokenize)
        assert fast_13a(metric.tokenizer) is None
        assert _bleu_preprocess(metric) == metric._preprocess_segment
    changed = Tokenizer13a()
    changed._post_tokenizer._re = changed._post_tokenizer._re[:-1]  # a sacrebleu with other rules
    assert fast_13a(changed) is None


@settings(max_examples=1000, deadline=None)
@given(line=st.lists(st.sampled_from(["1", "0", "9", ".", ",", "-", "a", "ж", " ", "\n", "٣"]), max_size=30)
       .map("".join))
def test_each_later_rule_matches_where_its_pattern_does(line: str) -> None:
    for (pattern, template), scan in zip(RULES[1:], (_after_non_digit, _before_non_digit, _dash_after_digit),
                                         strict=True):
        assert scan(line) == re.sub(pattern, template, line), (pattern, line)


_RULE_TEXT = st.lists(st.sampled_from(["1", "0", "9", ".", ",", "-", "a", "ж", " ", "\n", "٣", "\u2028", "/", "&",
                                       "{", "~", "[", "`", "'", "(", "+", ":", "@", "\U0001f600"]),
                      max_size=30).map("".join)


@settings(max_examples=1000, deadline=None)
@given(line=_RULE_TEXT)
def test_each_compiled_rule_matches_where_its_pattern_does(compiled: ModuleType, line: str) -> None:
    for index, (pattern, template) in enumerate(RULES):
        assert compiled.apply_rule(index, line) == re.sub(pattern, template, line), (pattern, line)


def test_each_compiled_rule_alone_on_every_ascii_pair(compiled: ModuleType) -> None:
    """Every two-character ASCII string through each rule: each character of each class, next to each other."""
    pairs = [chr(a) + chr(b) for a in range(128) for b in range(128)]
    for index, (pattern, template) in enumerate(RULES):
        for pair in pairs:
            assert compiled.apply_rule(index, pair) == re.sub(pattern, template, pair), (pattern, pair)
    with pytest.raises(ValueError, match="no rule 4"):
        compiled.apply_rule(4, "a")
