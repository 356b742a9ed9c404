"""Consistent MT↔reference differences, mined from aligned pairs with no glossary."""

from __future__ import annotations

import pytest
from shared_data import shared_corpus

from review_app.checks import Context, check_segments
from review_app.checks.learned import Difference, mine_differences
from review_app.review.importer import build_segments
from review_app.text.ingest import read_text


@pytest.fixture(scope="module")
def izvestia_segments():
    folder = shared_corpus("izvestia-2025")
    return build_segments(read_text(folder / "mt.yandex.en.txt"), read_text(folder / "postedit.en.txt"), lang="en")


def test_founding_page_terms_are_proposed_from_the_post_edit(izvestia_segments) -> None:
    found = {(d.mt, d.ref): d for d in mine_differences([(s.mt, s.ref or "") for s in izvestia_segments])}
    assert found[("OBOR", "BRI")] == Difference("OBOR", "BRI", 6, 6)
    assert found[("Friends of the World", "Friends of Peace")].held == 2
    assert all(d.share >= 0.75 and d.held >= 2 for d in found.values())


def test_founding_page_findings_without_glossary(izvestia_segments) -> None:
    per_segment = check_segments(izvestia_segments, Context(target_lang="en"))
    hits = [
        (seg.mt[f.start : f.end], f.suggestion)
        for seg, findings in zip(izvestia_segments, per_segment, strict=True)
        for f in findings
        if f.check == "reference-term"
    ]
    assert hits.count(("OBOR", "BRI")) == 6
    assert hits.count(("Friends of the World", "Friends of Peace")) == 2


def test_precision_first() -> None:
    pairs = [
        ("The OBOR grows.", "The BRI grows."),
        ("The OBOR rose.", "The OBOR rose."),
        ("The OBOR met.", "The BRI met."),
        ("The OBOR is old.", "The OBOR is old."),
    ]
    assert mine_differences(pairs) == []  # holds in 2 of 4
    assert mine_differences(pairs[:1]) == []  # once is no evidence
    assert mine_differences([("The Group met.", "The group met."), ("Group A won.", "group A won.")]) == []


def test_merged_changes_and_names() -> None:
    pairs = [
        ("Trade along the OBOR rose.", "Trade along the BRI went up."),
        ("The OBOR and the EAEU met.", "The BRI and the EAEU met."),
        ("He met the Friends of the World group.", "He met the Friends of Peace group."),
        ("The Friends of the World met.", "The Friends of Peace met."),
    ]
    assert [(d.mt, d.ref) for d in mine_differences(pairs)] == [
        ("Friends of the World", "Friends of Peace"),
        ("OBOR", "BRI"),
    ]
