"""Applying fixes: only chosen checks, byte-for-byte elsewhere, whole lines go with their newline."""

from __future__ import annotations

import pytest

from review_app.checks import DEFAULT_FIX_IDS, Context, Finding, parse_glossary, run_checks
from review_app.checks.fixer import apply_fixes, choose, describe


def edit(line: int, start: int, end: int, suggestion: str | None, check: str = "x") -> Finding:
    return Finding(line, start, end, check, "Fluency/Punctuation", "minor", "m", suggestion)


@pytest.mark.parametrize(
    ("text", "findings", "expected"),
    [
        ("a time—tested friend\n", [edit(1, 6, 7, "-")], "a time-tested friend\n"),
        ("keep\nAdvertisement\nkeep too\n", [edit(2, 0, 13, "")], "keep\nkeep too\n"),
        ("keep\nlast line", [edit(2, 0, 9, "")], "keep\n"),
        ("x\n\nAds\n\ny", [edit(3, 0, 3, "")], "x\n\n\ny"),
        ("the the cat", [edit(1, 3, 7, "")], "the cat"),
        ("abc", [edit(1, 1, 1, "X")], "aXbc"),
        ("one two three", [edit(1, 0, 3, "1"), edit(1, 8, 13, "3")], "1 two 3"),
        ("tail stays  \r unchanged", [edit(1, 0, 4, "TAIL")], "TAIL stays  \r unchanged"),
        ("no suggestion", [edit(1, 0, 2, None)], "no suggestion"),
    ],
)
def test_apply_fixes(text: str, findings: list[Finding], expected: str) -> None:
    assert apply_fixes(text, findings).text == expected


def test_overlaps_are_resolved_deterministically() -> None:
    whole = edit(1, 0, 9, "", "chrome")
    inner = edit(1, 2, 4, "zz", "spacing")
    same_a, same_b = edit(1, 5, 6, "-", "a"), edit(1, 5, 6, "-", "b")
    for order in ([whole, inner, same_a, same_b], [same_b, inner, same_a, whole]):
        taken, skipped = choose(order)
        assert taken == [whole]
        assert skipped == [inner, same_a, same_b]
    taken, skipped = choose([edit(1, 0, 3, "A", "b"), edit(1, 2, 5, "B", "a"), edit(1, 5, 6, "C", "c")])
    assert [f.suggestion for f in taken] == ["A", "C"] and [f.suggestion for f in skipped] == ["B"]


def test_identical_edits_from_two_checks_apply_once() -> None:
    text = "ООН Эмблема\nBody text here."
    findings = run_checks(text, Context(target_lang="en"))
    result = apply_fixes(text, findings, DEFAULT_FIX_IDS)
    assert result.text == "Body text here."
    assert len(result.applied) == 1 and not result.skipped


def test_only_chosen_checks_are_applied_and_reported() -> None:
    text = "Skip to main content\n\nThey are time—tested friends of the OBOR.\n"
    glossary = parse_glossary("OBOR\tBRI\n")
    findings = run_checks(text, Context(target_lang="en", glossary=glossary))
    assert apply_fixes(text, findings, ["dash-in-compound"]).text == (
        "Skip to main content\n\nThey are time-tested friends of the OBOR.\n"
    )
    result = apply_fixes(text, findings, DEFAULT_FIX_IDS)
    assert result.text == "\nThey are time-tested friends of the BRI.\n"
    lines = text.split("\n")
    assert [describe(f, lines) for f in result.applied] == [
        "1:0-20 chrome: 'Skip to main content' -> (line deleted)",
        "3:13-14 dash-in-compound: '—' -> '-'",
        "3:36-40 glossary: 'OBOR' -> 'BRI'",
    ]


def test_a_fix_that_would_split_an_acronym_definition_is_held_back() -> None:
    # The same class as the app's mass changes: "One Belt— One Road Initiative (OBOR)" must not become "… (BRI)".
    text = "They built the One Belt— One Road Initiative (OBOR) together.\nTrade grew along the OBOR.\n"
    findings = run_checks(text, Context(target_lang="en", glossary=parse_glossary("OBOR\tBRI\n")))
    result = apply_fixes(text, findings, ["glossary"])
    assert result.text == "They built the One Belt— One Road Initiative (OBOR) together.\nTrade grew along the BRI.\n"
    assert [(f.line, f.suggestion) for f in result.held] == [(1, "BRI")]
    assert [(f.line, f.suggestion) for f in result.applied] == [(2, "BRI")]
