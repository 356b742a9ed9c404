"""What a reviewer tags in the MT: words without the punctuation around them, punctuation on its own."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.text.phrases import tag_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One Belt and One Road (OBOR).", ["One", "Belt", "and", "One", "Road", "(", "OBOR", ")", "."]),
        ("Don't go, l'homme! It’s well-known.", ["Don't", "go", ",", "l'homme", "!", "It’s", "well-known", "."]),
        ("Санкт-Петербург — «Речной вокзал».", ["Санкт-Петербург", "—", "«", "Речной", "вокзал", "»", "."]),
        ("1,000.50 rubles, 1\u00a0000 km, 3.5% in 2024.Next", ["1,000.50", "rubles", ",", "1\u00a0000", "km", ",",
                                                              "3.5", "%", "in", "2024", ".", "Next"]),
        ("e\u0301cole?! Wait...", ["e\u0301cole", "?", "!", "Wait", "..."]),  # a combining accent stays in its word
        ("COVID-19 'quoted' -5", ["COVID-19", "'", "quoted", "'", "-", "5"]),
    ],
)
def test_tag_tokens(text: str, expected: list[str]) -> None:
    tokens = tag_tokens(text)
    assert [t for _start, _end, t in tokens] == expected
    assert all(text[start:end] == t for start, end, t in tokens)  # offsets into the text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_tag_tokens_cover_every_visible_character_once_in_order(text: str) -> None:
    tokens = tag_tokens(text)
    assert all(a[1] <= b[0] for a, b in pairwise(tokens))
    covered = {i for start, end, _t in tokens for i in range(start, end)}
    leftover = "".join(c for i, c in enumerate(text) if i not in covered)
    # Only what cannot be seen (and marks with no base character before them) stays untaggable.
    assert all(c.isspace() or unicodedata.category(c) in ("Mn", "Mc", "Me", "Cc", "Cf") for c in leftover)
    assert all(t and not any(c.isspace() and c not in "\u00a0\u202f\u2009" for c in t) for _s, _e, t in tokens)
