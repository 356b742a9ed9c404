"""Learned phrases are matched without a pattern per phrase, exactly where their whole-word pattern would match.

``reference-term`` mines thousands of candidate phrases per document; compiling one regular expression per
phrase (and comparing every pair of proposals) made a repetitive 5,000-segment import run for minutes
(issue 26). The matcher and the index in ``checks/learned.py`` must give the pattern's matches, no more, no
fewer: compared here with the pattern itself on generated text (word characters, joiners, Unicode spaces and
underscores around and inside phrases).
"""

from __future__ import annotations

import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.checks import Context, DocumentContext, learned
from review_app.checks.learned import ReferenceDifference, _PhraseIndex, _spans, _tokens, mine_differences
from review_app.text.phrases import whole_words


def _pattern_spans(phrase: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """The definition: the whole-word pattern of the tokens with any whitespace (or none) between them."""
    return [m.span() for m in whole_words(r"\s*".join(regex.escape(t) for t in phrase)).finditer(text)]


# Pieces that make word boundaries hard: letters of several scripts, digits, underscores, joiners inside
# words (' ’ -), punctuation, and spaces regex's \s knows (no-break, thin, information separators).
PIECES = ["OBOR", "BRI", "ob", "OB", "OR", "Road", "road", "Belt", "Пояс", "путь", "ß", "İ", "7", "42", "_", "'",
          "’", "-", "(", ")", ".", ",", " ", " ", "  ", "\u00a0", "\u2009", "\x1c", "\n", "s", "x"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts, texts)
def test_spans_are_the_patterns_matches(source: str, text: str) -> None:
    for phrase in {tuple(_tokens(source)[i : i + n]) for i in range(len(_tokens(source))) for n in (1, 2, 3)}:
        assert _spans(phrase, text) == _pattern_spans(phrase, text), phrase
        assert learned._occurs(phrase, text) == bool(_pattern_spans(phrase, text))


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6), texts)
def test_the_index_finds_what_each_pattern_finds(sources: list[str], text: str) -> None:
    phrases = [tuple(_tokens(s)[:3]) for s in sources if _tokens(s)]
    index = _PhraseIndex(phrases)
    want = {n: spans for n, p in enumerate(phrases) if (spans := _pattern_spans(p, text))}
    assert index.spans(text) == want


def test_no_pattern_is_compiled_per_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repetitive document with hundreds of consistent differences: mining and finding them compiles
    nothing (the old way compiled two patterns per candidate and one per pair of proposals)."""
    rng = random.Random(26)
    words = [f"{a}{b}{c}" for a in "bdgkmnprst" for b in "aeiou" for c in "lnrsx"]
    pairs = []
    for k in range(600):  # 300 distinct lines, each twice: every difference holds twice
        r = random.Random(k % 300)
        mt = [r.choice(words) for _ in range(12)]
        ref, at = list(mt), r.randrange(12)
        mt[at], ref[at] = f"Obor{k % 300}", f"Bri{k % 300}"
        pairs.append((" ".join(mt), " ".join(ref)))
    rng.shuffle(pairs)
    mine_differences(pairs[:4])  # one-time imports (wordfreq compiles its own patterns on import): not per phrase
    compiled: list[str] = []
    real = regex.compile
    monkeypatch.setattr(regex, "compile", lambda pattern, *a, **k: compiled.append(pattern) or real(pattern, *a, **k))
    found = mine_differences(pairs)
    assert len(found) > 200
    check = ReferenceDifference()
    lines, refs = [m for m, _ in pairs], [r for _, r in pairs]
    context, cache = Context(target_lang="en", reference_lines=refs), dict[str, object]()
    hits = sum(len(check.find(line, DocumentContext(lines, k, context, cache))) for k, line in enumerate(lines))
    assert hits >= 2 * len(found)
    assert compiled == []
