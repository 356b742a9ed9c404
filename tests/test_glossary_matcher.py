"""The glossary check matches every term of a glossary with one index built once, with the findings
of the per-term patterns it replaced (issue 28: 1,000 terms took 31 s on 50 lines)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import review_app.text.phrases as phrases
from review_app.checks import CHECKS, Context, DocumentContext, GlossaryEntry, load_glossary
from review_app.checks.glossary import GlossaryCheck, glossary_matcher
from review_app.text.phrases import PhraseMatcher, case_groups, phrase_pattern

REPO = Path(__file__).resolve().parent.parent
Row = tuple[int, int, str, str | None]


def per_term(text: str, glossary: list[GlossaryEntry]) -> list[Row]:
    """The glossary check as it was: each entry's patterns compiled and run on each line."""
    found: list[Row] = []
    for entry in glossary:
        right_spans = [m.span() for m in GlossaryEntry(entry.right, "x").pattern().finditer(text)]
        for m in entry.pattern().finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in right_spans):
                continue
            suggestion = entry.suggestion_for(m.group())
            if suggestion is None:
                continue
            note = f" ({entry.note})" if entry.note else ""
            found.append((m.start(), m.end(), f"glossary: use {entry.right!r}, not {entry.wrong!r}{note}", suggestion))
    return found


def indexed(text: str, glossary: list[GlossaryEntry]) -> list[Row]:
    doc = DocumentContext([text], 0, Context(glossary=glossary), {})
    return [(f.start, f.end, f.message, f.suggestion) for f in GlossaryCheck().find(text, doc)]


# --- Generated glossaries: overlaps, prefixes, case, Cyrillic, punctuation inside terms ------------------

# Characters whose case-insensitive matching is irregular (i/I/İ/ı, ß/ẞ, K/k/Kelvin sign, s/ſ, σ/ς/Σ,
# ǅ) beside Latin, Cyrillic, digits and punctuation that may stand inside a term.
ALPHABET = "abcikosIKSßẞKſσςΣİıǅǆǄабвгдеёжАБВЁЖ019-.'’()&/:"
SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\x1c", " \n "]
word = st.text(alphabet=ALPHABET, min_size=1, max_size=5)
term = st.lists(word, min_size=1, max_size=3).map(" ".join)


@st.composite
def glossary_and_text(draw: st.DrawFn) -> tuple[list[GlossaryEntry], str]:
    bases = draw(st.lists(term, min_size=1, max_size=6))
    terms = list(bases)
    for base in bases:  # prefixes and extensions of terms, and case variants
        cut = draw(st.integers(1, len(base)))
        terms += [base[:cut].strip() or base, base + " " + draw(word), draw(st.sampled_from(
            [base.upper(), base.lower(), base.swapcase(), base.title(), base]))]
    terms = [t for t in terms if t.strip()]
    entries = [GlossaryEntry(t, draw(st.sampled_from([t + "x", "ok", bases[0], t.upper() + "!"])),
                             draw(st.sampled_from(["", "note"])))
               for t in draw(st.permutations(terms))]
    entries = [e for e in entries if e.wrong != e.right]
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(terms),
        st.sampled_from(terms).map(str.upper),
        st.sampled_from(terms).map(str.lower),
        st.sampled_from(terms).map(str.swapcase),
        st.sampled_from([e.right for e in entries] or ["x"]),
        word,
        st.sampled_from(SPACES),
    ), max_size=12))
    glue = draw(st.lists(st.sampled_from(["", *SPACES, "-", "_", "x"]), min_size=len(pieces), max_size=len(pieces)))
    text = "".join(p + g for p, g in zip(pieces, glue, strict=True))
    return entries, text


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=glossary_and_text())
def test_same_findings_as_per_term_patterns(case: tuple[list[GlossaryEntry], str]) -> None:
    entries, text = case
    assert indexed(text, entries) == per_term(text, entries)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(phrase_list=st.lists(term, min_size=1, max_size=8), text=st.text(alphabet=ALPHABET + " \t\u00a0", max_size=40))
def test_phrase_spans_equal_finditer(phrase_list: list[str], text: str) -> None:
    """Also on texts with no relation to the phrases (random letters of the same alphabet)."""
    spans = PhraseMatcher(phrase_list).spans(text)
    assert spans == [[m.span() for m in phrase_pattern(p).finditer(text)] for p in phrase_list]


def test_case_groups_cover_regex_case_matching() -> None:
    """Every pair of characters regex matches case-insensitively is in one group (the index's soundness)."""
    groups = case_groups()
    assert groups is not None, "the pinned regex has its case table"
    for char in "iIİıßẞkKKsſσςΣǅǆǄ":
        for other in "iIİıßẞkKKsſσςΣǅǆǄ":
            if regex.fullmatch(regex.escape(char), other, regex.IGNORECASE):
                assert groups.get(char, char) == groups.get(other, other), (char, other)
    assert groups["İ"] == groups["I"], "İ and I never match each other, but both match i"


def test_regex_whitespace_is_python_whitespace() -> None:
    """The index walks whitespace runs by str.isspace; regex's \\s must be no wider."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert set(regex.findall(r"\s", every)) <= {c for c in every if c.isspace()}


# --- The project's glossaries --------------------------------------------------------------------------

def _project_cases() -> Iterator[tuple[list[GlossaryEntry], str]]:
    demo = load_glossary(REPO / "corpora" / "demo" / "glossary.tsv")
    example = load_glossary(REPO / "corpora" / "glossary-example.tsv")
    texts = (REPO / "corpora" / "demo" / "mt.en.txt").read_text(encoding="utf-8").split("\n")
    texts += ["the Friends of the World platform, OBOR and One Belt One Road; EAEC, obor, ONE BELT ONE ROAD",
              "River Station, RIVER STATION, river  station, the river stations, Box office"]
    for glossary in (demo, example, demo + example):
        for text in texts:
            yield glossary, text
    for cls in CHECKS.values():  # the checks' own examples with a glossary
        for example_case in (*cls.examples_flag, *cls.examples_pass):
            if example_case.glossary:
                entries = [GlossaryEntry(*e) for e in example_case.glossary]
                for text in example_case.text.split("\n"):
                    yield entries, text


def test_same_findings_on_the_project_glossaries() -> None:
    cases = list(_project_cases())
    assert any(per_term(text, glossary) for glossary, text in cases), "the demo text has glossary findings"
    for glossary, text in cases:
        assert indexed(text, glossary) == per_term(text, glossary), text


# --- 1,000 terms × 2,000 lines ---------------------------------------------------------------------------

def test_thousand_terms_two_thousand_lines_compile_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patterns are compiled per glossary, never per line; the run ends with the expected findings."""
    rng = random.Random(5)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfgklmnprstvz" for b in "aeiou" for c in "bdgklmnprstxz"]
    terms = list(dict.fromkeys(" ".join(rng.sample(vocabulary, rng.choice([1, 2, 2, 3]))) for _ in range(1200)))[:1000]
    glossary = [GlossaryEntry(t, f"right {n}") for n, t in enumerate(terms)]
    lines = [" ".join(rng.choice([*vocabulary, *terms[:50]]) for _ in range(25)) for _ in range(2000)]
    # The per-term findings of a few lines, computed before counting (the old way compiles per line).
    expected = {k: per_term(lines[k], glossary) for k in (0, 1, 2)}
    assert any(expected.values())
    compiled = 0
    real = phrases.whole_words

    def counting(body: str, flags: int = 0) -> regex.Pattern[str]:
        nonlocal compiled
        compiled += 1
        # Two patterns per entry at most (wrong, and right on first need): more means per-line work.
        assert compiled <= 2 * len(glossary), "a glossary pattern was compiled again"
        return real(body, flags)

    monkeypatch.setattr(phrases, "whole_words", counting)
    glossary_matcher.cache_clear()
    check, cache = GlossaryCheck(), dict[str, object]()
    context = Context(glossary=glossary)
    found = [check.find(line, DocumentContext(lines, k, context, cache)) for k, line in enumerate(lines)]
    assert compiled <= 2 * len(glossary)
    for k, rows in expected.items():
        assert [(f.start, f.end, f.message, f.suggestion) for f in found[k]] == rows
    assert sum(map(len, found)) > 2000
