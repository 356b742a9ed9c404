"""The chrome analysis's and the term-consistency check's faster steps give what their plain forms give (never how
long they take): the patterns' word tests, the model's features counted by map, the spellings counted over whole
lines."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.checks import chrome, chromemodel, glossary, lexicon
from review_app.checks.textutil import mask_protected, words
from review_app.text import wordstats
from review_app.text.acronyms import definitions

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"
# Every character but the surrogates, for a pattern to search once.
ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
TRICKY = ["We use COOKİES on this site", "Переведено сервисом «Яндекс Переводчик»", "Machine Tranſlated by Google",
          "Home › World › Europe", "Home / News / World", "a joke / story / song", "Read more ›", "Jan 5, 2024",
          "5 minutes ago", "Powered by Yandex", "Click here to subscribe", "ВСЕ ПРАВА ЗАЩИЩЕНЫ", "٣ minutes ago",
          "Photo: TASS/Valery Sharifulin", "Translated by Jane Doe", "Yandex Translate", "SIGN UP for our newsletter",
          "Follow us on Telegram", "e-mail: info@example.com", "Visit www.example.com today", "USA vs. A B C", ""]


def _lines() -> list[str]:
    found: list[str] = [*TRICKY]
    for path in sorted([*SHARED.rglob("*"), *DEMO.rglob("*.txt")]):
        if path.is_file() and path.suffix != ".md" and not path.name.startswith(("LICENSE", "SHA256")):
            found.extend(path.read_text(encoding="utf-8", errors="replace").split("\n")[:3000])
    return list(dict.fromkeys(found))


LINES = _lines()


@pytest.mark.parametrize("needed", [*lexicon.MT_CREDIT_WORDS, *lexicon.BANNER_WORDS, *lexicon.FORM_MESSAGE_WORDS,
                                    *lexicon.SIGN_OFF_WORDS])
def test_every_character_a_pattern_reads_as_a_needed_letter_folds_to_it(needed: str) -> None:
    """The patterns read case-insensitively (one character for one); :func:`lexicon.folded` makes any character they
    take for a letter of a needed word that letter, so a line without the word has no match."""
    for letter in set(needed) - {" "}:
        for char in regex.findall(regex.escape(letter), ALL_CHARS, regex.IGNORECASE):
            assert lexicon.folded(char) == letter, (letter, char)
    assert lexicon.folded("We use COOKİES") == "we use cookies"


def _mt_credit_plain(stripped: str) -> bool:
    return bool(lexicon.MT_CREDIT_RE.search(stripped) or lexicon.MT_ENGINE_LINE_RE.match(stripped)
                or lexicon.TRANSLATOR_LINE_RE.match(stripped)
                or ((len(stripped.split()) <= 12 or bool(lexicon.MT_CREDIT_OPENER_RE.match(stripped)))
                    and bool(lexicon.MT_CREDIT_SHAPE_RE.search(stripped))))


def test_pattern_tests_with_their_word_tests_find_what_the_patterns_find() -> None:
    for line in LINES:
        stripped = line.strip()
        separated = not chromemodel._SEPARATOR_CHARS.isdisjoint(stripped)
        assert separated or chromemodel.SEPARATOR_RE.search(stripped) is None, line
        assert chrome._banner(stripped) == bool(lexicon.BANNER_RE.search(stripped)), line
        assert chrome._form_message(stripped) == bool(lexicon.FORM_MESSAGE_RE.search(stripped)), line
        assert chrome._sign_off(stripped) == bool(lexicon.SIGN_OFF_RE.search(stripped)), line
        assert chromemodel.has_date(stripped) == bool(chromemodel.DATE_RE.search(stripped)), line
        if stripped and len(stripped.split()) <= 15:
            assert chrome.is_mt_credit(stripped) == _mt_credit_plain(stripped), line
        with_separator = not chrome._PATH_SEPARATORS.isdisjoint(stripped)
        assert with_separator or not lexicon.BREADCRUMB_RE.match(stripped), line


def _vector_plain(line: str, lang: str) -> tuple[float, ...]:
    """The model's shape features as first written: a generator for each count."""
    stripped = line.strip()
    masked = mask_protected(stripped)
    tokens = words(masked)
    lower = [w.lower() for w in tokens]
    n = len(tokens)
    function = wordstats.function_words(lang) or frozenset(lexicon.STOPWORDS)
    n_function = sum(w in function for w in lower)
    content = [w for w in lower if w not in lexicon.STOPWORDS]
    kinds = [lexicon.ui_word_kind(w) for w in content]
    n_chars = len(stripped) - sum(c.isspace() for c in stripped)
    return (
        1.0, math.log1p(n), float(1 <= n <= 2),
        float(bool(stripped) and stripped[-1] in ".!?…»”\"" and stripped.rstrip("»”\"")[-1:] in ".!?…"),
        float(stripped.endswith(":")),
        sum(w[0].isupper() for w in tokens) / n if n else 0.0,
        sum(w.isupper() and len(w) > 1 for w in tokens) / n if n else 0.0,
        n_function / n if n else 0.0, float(n >= 3 and n_function == 0),
        float(bool(chromemodel.SEPARATOR_RE.search(masked))),
        sum(c.isdigit() for c in stripped) / n_chars if n_chars else 0.0,
        float(bool(chromemodel.DATE_RE.search(stripped))), float(masked != stripped),
        sum(k is not None for k in kinds) / len(content) if content else 0.0, float("strong" in kinds),
        float(chromemodel.is_call_to_action(stripped, lang)), float("," in stripped),
        float(bool(tokens) and tokens[0][0].islower()),
    )


def _probability_plain(line: str, lang: str) -> float:
    from review_app.checks import chrome_weights

    features = (*_vector_plain(line, lang), chromemodel.lexical(line, chrome_weights.LEXICON))
    z = math.fsum(x * w for x, w in zip(features, chrome_weights.WEIGHTS, strict=True))
    return 1.0 / (1.0 + math.exp(-min(30.0, max(-30.0, z))))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_model_features_and_probability_to_the_bit(lang: str) -> None:
    for line in LINES:
        assert chromemodel.vector(line, lang) == _vector_plain(line, lang), line
        assert chromemodel.probability(line, lang) == _probability_plain(line, lang), line


def test_chrome_features_count_the_line_words_as_first_written() -> None:
    for line in LINES:
        stripped = line.strip()
        tokens = [w.lower() for w in words(stripped)]
        content = [w for w in tokens if w not in lexicon.STOPWORDS]
        kinds = [lexicon.ui_word_kind(w) for w in content]
        f = chrome.features(line, "en")
        assert f.n_words == len(tokens), line
        assert f.ui_share == (sum(k is not None for k in kinds) / len(content) if content else 0.0), line
        assert f.strong == ("strong" in kinds), line


_SPELLINGS = ["e-mail", "email", "Email", "EMAIL", "COVID", "Covid", "covid", "the", "The", "US", "us", "One Belt",
              "(OBOR)", "One Belt, One Road Initiative (OBOR)", "Belt and Road Initiative", "İstanbul", "istanbul",
              "co-operate", "cooperate", "don't", "dont", " ", ".", "ß", "SS"]
_LINE = st.lists(st.sampled_from(_SPELLINGS), max_size=8).map(" ".join)


def _filed(lines: list[str]) -> glossary.TermForms:
    forms = glossary.TermForms(lines)
    forms._file_by_line()  # the general way, as after a first edit
    return forms


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=8), _LINE)
def test_spellings_counted_over_whole_lines_as_filed_token_by_token(lines: list[str], other: str) -> None:
    """Before a first edit the notes, the most common forms and the counts are those the token-by-token filing
    gives, for the document's lines and for a line it does not have."""
    counted, filed = glossary.TermForms(lines), _filed(lines)
    for line in lines:
        assert glossary.term_issues(counted, line) == glossary.term_issues(filed, line), line
    for line in lines:
        for _start, token, key in glossary._line_terms(line)[0]:
            assert counted.top(key) == filed.top(key)
            assert counted.count(key, token) == filed.count(key, token)
            assert counted.count(key + "x", token) == filed.count(key + "x", token) == 0
    assert counted.defined == filed.defined
    assert glossary.term_issues(counted, other) == glossary.term_issues(_filed(lines), other)


def test_line_words_are_the_tokens_and_keys_found_one_by_one() -> None:
    for line in LINES:
        tokens, keys, defined = glossary._line_words(line)
        plain = [] if glossary._shouting(line) else [m.group() for m in glossary.TOKEN_RE.finditer(line)]
        assert list(tokens) == plain, line
        assert list(keys) == [glossary._variant_key(t) for t in plain], line
        assert defined == tuple((d.acronym, frozenset(glossary._content(glossary.NAME_WORD_RE.findall(d.name))), d.name)
                                for d in definitions(line)), line


def test_spellings_of_real_documents_as_filed_token_by_token() -> None:
    for start in range(0, len(LINES), 2000):
        lines = LINES[start:start + 2000]
        counted, filed = glossary.TermForms(lines), _filed(lines)
        assert [glossary.term_issues(counted, ln) for ln in lines] == [glossary.term_issues(filed, ln) for ln in lines]


def test_ascii_letters_counted_from_bytes_as_characters_tell_them() -> None:
    ascii_chars = [chr(c) for c in range(128)]
    for a in ascii_chars:
        for b in ("", "a", "A", " "):
            line = a + b
            plain = sum(map(str.isupper, line)) > 0.6 * max(1, sum(map(str.isalpha, line)))
            assert glossary._shouting(line) == plain, line
    for line in LINES:
        assert glossary._shouting(line) == (sum(map(str.isupper, line)) > 0.6 * max(1, sum(map(str.isalpha, line))))


def test_split_drops_exactly_the_characters_isspace_calls_spaces() -> None:
    assert [c for c in ALL_CHARS if len("".join(c.split())) != (0 if c.isspace() else 1)] == []


def test_digits_counted_from_bytes_as_isdigit_counts_them() -> None:
    assert [c for c in map(chr, range(128)) if chromemodel._digits(c) != int(c.isdigit())] == []
    for line in LINES:
        assert chromemodel._digits(line) == sum(map(str.isdigit, line)), line
