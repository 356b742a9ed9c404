"""The evaluation of the page checks on German and French pages (scripts/eval_chrome_languages.py)."""

from __future__ import annotations

import random

from scripts_module import load_script


def test_a_sites_furniture_is_injected_at_its_places_and_counted() -> None:
    harness = load_script("eval_chrome_languages")
    site = harness.Site("example.de", ["Startseite", "Politik", "Impressum", "Datenschutz"], ["Artikel teilen"])
    text = [f"Die Regierung hat am {day} beschlossen, die Steuern im nächsten Jahr zu senken." for day in
            ("Montag", "Dienstag", "Mittwoch", "Donnerstag")]
    lines, places = harness.page(text, site, random.Random(2))
    assert [lines[i] for i in places if places[i] == "between"] == ["Artikel teilen"] * sum(
        p == "between" for p in places.values())
    assert set(places.values()) <= set(harness.PLACES) and len(lines) == len(text) + len(places)
    assert [line for i, line in enumerate(lines) if i not in places] == text
    sites = harness.load_sites("de", "heldout")
    assert sites and all(harness.heldout_site(s.name) for s in sites)
