"""The evaluation of lines in another language of the target's script (scripts/eval_languages.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scripts_module import load_script
from shared_data import shared_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_languages.py"


def test_replaced_lines_are_counted_found_short_or_missed() -> None:
    harness = load_script("eval_languages")
    english = [f"Line {i} of the story says what the council decided on the new budget." for i in range(6)]
    pool = ["Die Stadtverwaltung hat den neuen Haushalt am Dienstag genehmigt."]
    case = harness.Case("German in English", "en", "de", [harness.Doc("d", english, [], [])] * 3, pool)
    tally = harness.run(case, seed=1, source_lang=False)
    assert (tally.injected, tally.found, tally.short, tally.clean) == (6, 6, 0, 12)
    assert tally.alarms == [] and tally.misses == []
    short = harness.Case("short", "en", "de", [harness.Doc("d", english, [], [])], ["Danke schön."])
    tally = harness.run(short, seed=1, source_lang=False)
    assert (tally.injected, tally.short, tally.short_found) == (0, 2, 0)


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_other_language_lines_meet_the_targets(split: str) -> None:
    """German and Slovak lines in English MT (dev), English source lines in German MT and French lines in English MT
    (held out): at least 0.8 of the lines over three words found, at most 0.5% of the MT's own lines flagged."""
    for folder in ("textberg-de-fr-dev", "google-mqm-wmt", "compare-mt-ted-sk-en"):
        shared_corpus(folder)
    run = subprocess.run([sys.executable, str(SCRIPT), "--split", split, "--min-recall", "0.8"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("| ") >= 4
