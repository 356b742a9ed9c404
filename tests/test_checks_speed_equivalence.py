"""Faster forms of the checks' inner steps give what the plain forms give (never how long they take)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.checks import glossary, numbers, repetition, termlike
from review_app.checks.base import Context, DocumentContext, Finding
from review_app.checks.learned import _letters, _PhraseIndex, _spans, _tokens
from review_app.text.names import is_word

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


def _names_as_first_written(lines: list[list[str]]) -> set[str]:
    """termlike.Names' words as first written: one token at a time, the previous token carried along."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for line in lines:
        previous = ""
        for token in line:
            if is_word(token):
                if token[:1].isupper():
                    if (previous and is_word(previous)) or previous in {",", "&"}:
                        capitalised.add(token)
                elif token[:1].islower():
                    lower.add(token.casefold())
            previous = token if not (len(token) == 1 and token in termlike._SENTENCE_END) else ""
    return {t for t in capitalised if t.casefold() not in lower}


# Words, sentence ends, the comma and ampersand, cased symbols that are no word (Ⓐ, ⓐ), an empty token.
_NAME_TOKENS = ["Moscow", "moscow", "MOSCOW", "The", "the", "OBOR", "Санкт-Петербург", "санкт", "1990", "ΟΔΟΣ",
                "οδος", ",", "&", ".", "—", "«", "(", "Ⓐ", "ⓐ", "Ⅷ", "x", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_TOKENS), max_size=12), max_size=6))
def test_names_are_the_words_the_token_loop_finds(lines: list[list[str]]) -> None:
    names = termlike.Names(lines, "en")
    assert names._names == _names_as_first_written(lines)


def test_names_of_real_pairs_as_the_token_loop_finds_them() -> None:
    path = SHARED / "compare-mt-ted-sk-en" / "ted.ref.detok.eng"
    if not path.exists():
        pytest.skip("no shared corpora")
    lines = [_tokens(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert termlike.Names(lines, "en")._names == _names_as_first_written(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["two", "3", "1,000", "٣", "²", "½", "five", "тысяч", " ", "14.02.2019", "x", "."]),
                max_size=8).map("".join),
       st.lists(st.sampled_from(["two", "3", "three", "٣", "²", "½", " ", "1000", "y"]), max_size=8).map("".join))
def test_numbers_compare_as_the_mentions_give_it(mt: str, other: str) -> None:
    """The digit pre-test leaves out only pairs where neither side has a digit mention."""
    digit_mentions = [m for m in numbers.mentions(mt) + numbers.mentions(other) if not m.word]
    extra, missing = numbers.compare(mt, other)
    if not digit_mentions:
        assert (extra, missing) == ([], [])
    assert numbers.compare(mt, other) == _compare_without_pretest(mt, other)


def _compare_without_pretest(mt: str, other: str) -> tuple[list[numbers.Mention], list[numbers.Mention]]:
    saved = numbers._DIGIT_RE
    try:
        numbers._DIGIT_RE = _ALWAYS
        return numbers.compare(mt, other)
    finally:
        numbers._DIGIT_RE = saved


_ALWAYS = regex.compile(r"")  # matches every text: compare() runs in full


_SPELLINGS = ["e-mail", "email", "Email", "COVID", "Covid", "covid", "the", "The", "US", "us", "One Belt", "(OBOR)",
              "One Belt, One Road Initiative (OBOR)", "Belt and Road Initiative", " ", ".", "\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SPELLINGS), max_size=8).map(" ".join), min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(_SPELLINGS), max_size=8).map(" ".join)),
                max_size=4))
def test_term_forms_edited_line_by_line_are_the_forms_of_the_edited_document(
        lines: list[str], edits: list[tuple[int, str]]) -> None:
    """The spellings filed line by line only at a first edit follow the edits as if filed from the start."""
    forms = glossary.TermForms(lines)
    now = list(lines)
    for index, text in edits:
        forms.replace(index % len(lines), text)
        now[index % len(lines)] = text
    if not forms._by_line:  # no line changed: filed now, to compare
        forms._file_by_line()
    fresh = glossary.TermForms(now)
    fresh._file_by_line()
    assert forms._forms == fresh._forms
    assert forms.defined == fresh.defined
    for key in fresh._forms:
        assert forms.top(key) == fresh.top(key)


def test_lower_casing_keeps_letters_letters_and_one_character_one() -> None:
    """What repetition.may_double rests on, for every character: lower-casing maps a letter to one letter and
    anything else to one non-letter (İ, two characters, aside) and never makes or unmakes a space."""
    letter = regex.compile(r"\p{L}")
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if char == "İ":
            assert len(low) == 2
            continue
        assert len(low) == 1, hex(code)
        assert bool(letter.match(char)) == bool(letter.match(low)), hex(code)
        assert (char in " \u00a0") == (low in " \u00a0"), hex(code)


_DOUBLING = ["the", "The", "THE", "Σ", "σ", "ς", "ΟΔΟΣ", "οδος", "İ", "i̇", "i", "в", "В", "Moscow", "moscow", " ",
             "\u00a0", "-", "'", "’", "1", "²", ".", ",", "(", "ß", "SS", "ǅ", "ǆ", "Ⅷ", "ⅷ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DOUBLING), max_size=12).map("".join))
def test_lines_the_pre_test_passes_over_hold_no_doubled_word(text: str) -> None:
    doubled = repetition.DoubledWord()
    if not repetition.may_double(text):
        for m in repetition.DOUBLED_RE.finditer(text, overlapped=True):
            assert m["w"].lower() != m["again"].lower(), text
    assert doubled.find(text, _doc(text)) == _doubled_without_pre_test(doubled, text)


def _doc(text: str) -> DocumentContext:
    return DocumentContext([text], 0, Context(), {})


def _doubled_without_pre_test(check: repetition.DoubledWord, text: str) -> list[Finding]:
    saved = repetition.may_double
    try:
        repetition.may_double = lambda _text: True  # type: ignore[assignment]
        return check.find(text, _doc(text))
    finally:
        repetition.may_double = saved
