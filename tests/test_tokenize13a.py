"""BLEU's 13a tokenization through ``scoring.tokenize13a``: sacrebleu's tokens, line for line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from review_app.scoring.accel import _bleu_preprocess
from review_app.scoring.tokenize13a import (
    RULES,
    SPACED_CHARACTERS,
    _after_non_digit,
    _before_non_digit,
    _dash_after_digit,
    fast_13a,
)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _corpus_lines() -> list[str]:
    files = [p for p in sorted(SHARED.rglob("*")) if p.is_file() and p.suffix not in {".md", ".tsv"}
             and not p.name.startswith(("LICENSE", "SHA256"))]
    return [line for path in files for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def test_the_first_rule_is_the_translated_characters() -> None:
    """The rule's class holds exactly the characters the translation table spaces out (all of Unicode)."""
    rule = re.compile(RULES[0][0])
    matched = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and rule.fullmatch(chr(c))]
    assert sorted(matched) == sorted(SPACED_CHARACTERS)


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpora not present")
def test_every_line_of_the_shared_corpora_gets_sacrebleus_tokens() -> None:
    lines = _corpus_lines()
    assert len(lines) > 30_000
    ours = fast_13a(Tokenizer13a())
    assert ours is not None
    theirs = Tokenizer13a()
    different = [line for line in lines if ours(line) != theirs(line)]
    assert different == []


_TEXT = st.lists(st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t", "\u00a0", "é", "ж", "—", "’", "«", "。", "１",
                                          "&quot;", "&amp;", "&lt;", "&gt;", "&amp;quot;", "<skipped>", "-\n", "1.5",
                                          "3,000", "4-5"]), max_size=60).map("".join)


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
