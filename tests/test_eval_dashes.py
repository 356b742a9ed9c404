"""The evaluation of hyphens written as dashes in several languages (scripts/eval_dashes.py)."""

from __future__ import annotations

from scripts_module import load_script


def test_swapped_dashes_are_counted_fixed_asked_or_missed() -> None:
    harness = load_script("eval_dashes")
    french = ["Le vent du sud-est souffle, dit-il.", "Le col-frontière est au-dessus.", "Une phrase sans trait."]
    swapped = harness.score([french], "fr", "swapped")
    assert (swapped.dashes, swapped.fixed, swapped.asked, swapped.alarms, swapped.lines) == (4, 4, 0, 0, 3)
    single = harness.score([french], "fr", "single")
    assert (single.dashes, single.fixed) == (1, 1)
    # English closes its clause dashes up: "answer—if" is left alone, so a swapped "take-off" there is missed.
    english = harness.score([["The answer-if any-came late."]], "en", "swapped")
    assert (english.dashes, english.fixed, english.asked) == (2, 0, 0) and sum(english.misses.values()) == 2
