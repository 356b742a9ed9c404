"""Faster forms of the checks' inner steps give what the plain forms give (never how long they take)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.checks import numbers
from review_app.checks.learned import _letters, _PhraseIndex, _spans, _tokens

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _stem_value(word: str) -> float | None:
    """The number check's word value as first written: a number word, else the stem ``STEM_RE`` matches."""
    if word in numbers.NUMBER_WORDS:
        return numbers.NUMBER_WORDS[word]
    m = numbers.STEM_RE.match(word)
    return numbers.STEMS[m.group()] if m else None


def _corpus_words() -> set[str]:
    words: set[str] = set()
    for path in SHARED.rglob("*"):
        if path.is_file() and path.suffix != ".md" and not path.name.startswith(("LICENSE", "SHA256")):
            words |= {w.lower() for w in numbers.WORD_RE.findall(path.read_text(encoding="utf-8", errors="replace"))}
    return words


def test_number_words_by_stem_as_the_stem_pattern_finds_them() -> None:
    around = {stem[:k] + tail for stem in numbers.STEMS for k in range(len(stem) + 1)
              for tail in ("", "s", "ieth", "ый", "надцать", "x")}
    words = _corpus_words() | around | set(numbers.NUMBER_WORDS)
    assert [w for w in words if numbers._word_value(w) != _stem_value(w)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted({s[:3] for s in numbers.STEMS} | set(numbers.STEMS) | {"a", "ы", "e", "ть"})),
                min_size=1, max_size=4).map("".join))
def test_generated_words_get_the_stem_patterns_value(word: str) -> None:
    assert numbers._word_value(word) == _stem_value(word)


_WORDS = ["OBOR", "BRI", "the", "The", "e", "e-mail", "mail", "Friends", "of", "World", "1,000", "OBORs", "s", "(",
          ")", ".", "Санкт-Петербург", "Санкт", "ΟΔΟΣ", "Α"]


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join), max_size=6),
       text=st.lists(st.sampled_from([*_WORDS, " ", "", "-"]), max_size=25).map("".join))
def test_the_phrase_index_finds_each_phrases_own_matches(phrases: list[str], text: str) -> None:
    tokens = [tuple(_tokens(p)) for p in phrases if _tokens(p)]
    found = _PhraseIndex(tokens).spans(text)
    for n, phrase in enumerate(tokens):
        assert found.get(n, []) == _spans(phrase, text), (phrase, text)


def test_letters_lower_each_token_as_a_word() -> None:
    assert _letters(["ΟΔΟΣ", "Α"]) == "οδοςα"  # the final sigma of the first word stays final
    assert _letters(["Don't", "e-mail", "1,000"]) == "dontemail1000"
