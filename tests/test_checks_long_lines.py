"""Checks and fixes stay linear in a line's length, and ``check``/``fix`` refuse a line over the limit
(issue 28: a 50 MB single line ran for over 300 s).

Linear is checked without a clock: the line is a ``str`` that counts the characters copied out of it
(slices, strips), which a check reading "the text before this match" for every match multiplies.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, SupportsIndex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import review_app.checks.fixer as fixer
from review_app.checks import CHECKS, Context, DocumentContext, Finding, build_checks
from review_app.checks.fixer import apply_fixes, choose
from review_app.checks.numbers import Mention, compare, mentions
from review_app.cli import main
from review_app.text.acronyms import ACRONYM_DEF_RE, NAME_RE, WORD_RE, Definition, definitions
from review_app.text.ingest import MAX_LINE_CHARS


class CountingStr(str):
    """A line that counts the characters of every copy taken from it."""

    copied = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        part = super().__getitem__(key)
        CountingStr.copied += len(part)
        return part

    def _strip(self, name: str, *args: Any) -> str:
        part: str = getattr(super(), name)(*args)
        CountingStr.copied += len(part)
        return part

    def strip(self, chars: str | None = None) -> str:
        return self._strip("strip", chars)

    def rstrip(self, chars: str | None = None) -> str:
        return self._strip("rstrip", chars)

    def lstrip(self, chars: str | None = None) -> str:
        return self._strip("lstrip", chars)


# Repeated units that make one check or another find something at every step of a long line.
UNITS = ["word ", "time—tested ", "a —b ", "a— b ", ") ", "( ", '" x ', "12,345 ", "Привет hello ", "Ã© x ",
         "a , ", "NEW WORLD ", "... ", "http://a.b/c ", "a — b ", "Ab Cd (AC) ", "One Road (OR) and the One Belt Road ",
         "(AB) ", "e-mail email ", "the the "]


@pytest.mark.parametrize("unit", UNITS)
def test_every_check_copies_a_line_a_bounded_number_of_times(unit: str) -> None:
    size = 40_000
    line = CountingStr((unit * (size // len(unit) + 1))[:size])
    checks = build_checks()
    context = Context(target_lang="en", reference_lines=[line])
    cache: dict[str, object] = {}
    for check in checks:
        CountingStr.copied = 0
        check.find(line, DocumentContext([line], 0, context, cache))
        # A few whole copies (a normalised form, a sample) are fine; one per match is not.
        assert CountingStr.copied <= 8 * size, (check.id, unit, CountingStr.copied // size)


def test_choosing_fixes_compares_each_with_a_few_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overlap tests per finding do not grow with the findings already taken on the line."""
    calls = 0
    real = fixer._overlaps

    def counting(a: Finding, b: Finding) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(fixer, "_overlaps", counting)
    findings = [Finding(1, k * 3, k * 3 + 2, "spacing", "c", "minor", "m", "x") for k in range(20_000)]
    taken, skipped = choose(findings)
    assert len(taken) == 20_000 and not skipped
    assert calls <= 3 * len(findings)


# --- The same results as before ---------------------------------------------------------------------------

def old_definitions(text: str) -> list[Definition]:
    """``definitions`` as it was: the names searched again in the text before each acronym."""
    found = []
    for m in ACRONYM_DEF_RE.finditer(text):
        before = text[: m.start()].rstrip()
        names = NAME_RE.findall(before)
        if names and before.endswith(names[-1]):
            name = names[-1]
            first = next((w.start() for w in WORD_RE.finditer(name) if w.group()[0] == m.group(1)[0]), 0)
            name = name[first:]
            found.append(Definition(name, m.group(1), len(before) - len(name), len(before), m.start(1), m.end(1)))
    return found


TOKENS = ["One", "Belt", "Road", "and", "of", "the", "x", "(OBOR)", "(BR)", "(Ab)", "—", "-", " ", "  ", "\t", "\x1c",
          "(", ")", "Initiative", "И", "по", "Мир", "(МИР)", "AB", "xOne"]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=16).map(" ".join) | st.lists(st.sampled_from(TOKENS)).map("".join))
def test_definitions_as_before(text: str) -> None:
    assert definitions(text) == old_definitions(text)


def old_apply(text: str, chosen: list[Finding]) -> str:
    parts = text.split("\n")
    out = []
    for index, body in enumerate(parts):
        ending = "\n" if index < len(parts) - 1 else ""
        line_edits = [f for f in chosen if f.line == index + 1]
        if any(f.start == 0 and f.end == len(body) and f.suggestion == "" and body for f in line_edits):
            continue
        for f in sorted(line_edits, key=lambda f: f.start, reverse=True):
            body = body[: f.start] + (f.suggestion or "") + body[f.end :]
        out.append(body + ending)
    return "".join(out)


def old_choose(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    candidates = sorted((f for f in findings if f.suggestion is not None),
                        key=lambda f: (f.line, f.start, -(f.end - f.start), f.check, f.suggestion))
    taken: list[Finding] = []
    skipped: list[Finding] = []
    by_line: dict[int, list[Finding]] = {}
    for f in candidates:
        same_line = by_line.setdefault(f.line, [])
        if any((g.start, g.end, g.suggestion) == (f.start, f.end, f.suggestion) for g in same_line):
            continue
        if any(fixer._overlaps(f, g) for g in same_line):
            skipped.append(f)
            continue
        same_line.append(f)
        taken.append(f)
    return taken, skipped


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 12), st.integers(0, 4), st.sampled_from(["", "x", "yy"]),
                          st.sampled_from(["a", "b"])), max_size=25))
def test_fixes_chosen_and_applied_as_before(spec: list[tuple[int, int, int, str, str]]) -> None:
    text = "abcdefghijkl\nmnopqrstuvwx\nABCDEFGHIJKL"
    findings = [Finding(line, start, min(start + width, 12), check, "c", "minor", "m", suggestion)
                for line, start, width, suggestion, check in spec]
    assert choose(findings) == old_choose(findings)
    result = apply_fixes(text, findings)
    assert result.text == old_apply(text, result.applied)


# --- The limit ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_line_over_the_limit_is_refused_in_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.txt"
    rng = random.Random(2)
    long_line = " ".join(rng.choice(["word", "time—tested", "(AB)", "Ab Cd"]) for _ in range(MAX_LINE_CHARS // 4))
    path.write_text("A short first paragraph.\n" + long_line + "\nA last one.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main([command, str(path), "--lang", "en", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "line 2:" in err and f"{MAX_LINE_CHARS:,}" in err, err
    assert not out.exists()
    # Raised, it runs (and the checks are linear, above).
    assert main([command, str(path), "--lang", "en", "-o", str(out),
                 "--max-line-chars", str(len(long_line))]) in (0, 1)
    assert out.exists()


def test_the_limit_applies_to_reference_and_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("Fine.\nFine.\n", encoding="utf-8")
    ref.write_text("Fine.\n" + "x" * 200 + "\n", encoding="utf-8")
    assert main(["check", str(mt), "--ref", str(ref), "--max-line-chars", "100", "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(ref) in err and "line 2:" in err and "100" in err


def test_every_check_is_covered() -> None:
    assert len(build_checks()) == len(CHECKS)


def old_compare(mt: str, other: str) -> tuple[list[Mention], list[Mention]]:
    """``numbers.compare`` as it was: every MT number scanned every mention on the other side."""
    mt_all, other_all = mentions(mt), mentions(other)
    used: set[int] = set()
    extra = []
    for m in sorted((m for m in mt_all if not m.word), key=lambda m: m.start):
        partner = next((j for j, o in sorted(enumerate(other_all), key=lambda p: p[1].word)
                        if j not in used and o.values & m.values), None)
        if partner is None:
            extra.append(m)
        else:
            used.add(partner)
    mt_values = [m.values for m in mt_all if m.word]
    missing = [o for j, o in enumerate(other_all)
               if j not in used and not o.word and not any(o.values & v for v in mt_values)]
    return extra, missing


NUMBER_TOKENS = ["2", "two", "3", "three", "1,000", "1 000", "1.5", "1,5", "2023", "15%", "5", "five", "thousand",
                 "3 млн", "два", "x", "1990s", "12"]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(NUMBER_TOKENS), max_size=10).map(" ".join),
       st.lists(st.sampled_from(NUMBER_TOKENS), max_size=10).map(" ".join))
def test_numbers_paired_as_before(mt: str, other: str) -> None:
    assert compare(mt, other) == old_compare(mt, other)
